// Issue 28 item 3: `simulate --json` carries each step's effects, in the shape of the API's
// `Decision.effects`; a scenario's `effects:` expectation is written in that shape too
// (`to: { agent }`), the older flat `agent:` still read.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run } from "../src/cli/main.js";
import { compile, parseConfig, parseDuration, type Effect, type EngineEvent, type Timer } from "../src/core/index.js";
import { ROOT } from "./helpers.js";

function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, { out: (t) => out.push(t), err: (t) => err.push(t), color: false, cwd: ROOT });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

interface JsonStep {
  readonly step: number;
  readonly effects: readonly Effect[];
  readonly [key: string]: unknown;
}

function simulateJson(file: string): JsonStep[] {
  const { code, out } = cli("simulate", file, "--json");
  expect(code).toBe(0);
  return JSON.parse(out) as JsonStep[];
}

/**
 * Each step's effects, found by replaying the scenario file's events through the engine API alone:
 * the due timers first (earliest first), then the step's event; no scenario runner involved.
 */
function replay(file: string): Effect[][] {
  const raw = parse(readFileSync(join(ROOT, file), "utf8")) as {
    channel: string;
    online: string[];
    config: unknown;
    start?: string;
    steps: { at: string | number; event?: Record<string, unknown> }[];
  };
  const engine = compile(parseConfig(raw.config));
  let state = engine.start({ conversation: "replay", channel: raw.channel, online: raw.online });
  let timers: readonly Timer[] = [];
  const start = raw.start === undefined ? 0 : Date.parse(raw.start);
  return raw.steps.map((step) => {
    const at = typeof step.at === "string" && step.at.includes("T") ? Date.parse(step.at) : start + (parseDuration(step.at) as number);
    const effects: Effect[] = [];
    for (;;) {
      const due = [...timers].sort((a, b) => a.due - b.due)[0];
      if (due === undefined || due.due > at) break;
      const out = engine.decide(state, { type: "timer", timer: due.timer, due: due.due, at: due.due });
      effects.push(...out.effects);
      state = out.state;
      timers = out.timers;
    }
    if (step.event !== undefined) {
      const out = engine.decide(state, { ...step.event, at } as unknown as EngineEvent);
      effects.push(...out.effects);
      state = out.state;
      timers = out.timers;
    }
    return effects;
  });
}

describe("simulate --json: each step's effects, as the API gives them", () => {
  it("every step has effects, next to step, at, event, phase, replies, dropped and timers", () => {
    const steps = simulateJson("spec/seed-003.scenario.yaml");
    expect(steps.length).toBeGreaterThan(5);
    for (const s of steps) expect(Object.keys(s)).toEqual(["step", "at", "event", "phase", "replies", "dropped", "timers", "effects"]);
  });

  it("an urgent word: the alert, and the upset word's alert and mute (spec/rules/urgent-upset.scenario.yaml)", () => {
    const file = "spec/rules/urgent-upset.scenario.yaml";
    const steps = simulateJson(file);
    const api = replay(file);
    expect(steps.map((s) => s.effects)).toEqual(api);
    // The API's shape, field by field: an alert is { type, reason, by, rule, detail }.
    const alert = steps[0]?.effects[0];
    expect(alert).toEqual(api[0]?.[0]);
    expect(alert).toMatchObject({ type: "alert", reason: "urgent", by: "E-URGENT" });
    expect(Object.keys(alert ?? {}).sort()).toEqual(["by", "detail", "reason", "rule", "type"]);
    expect(steps[2]?.effects.map((e) => e.type)).toEqual(["alert", "mute"]);
    expect(steps[2]?.effects[1]).toMatchObject({ type: "mute", until: 3_720_000, by: "E-MUTE" });
  });

  it("a tag rule: the tag effects, and a route's suggestion (spec/rules/tags.scenario.yaml)", () => {
    const file = "spec/rules/tags.scenario.yaml";
    const steps = simulateJson(file);
    const api = replay(file);
    expect(steps.map((s) => s.effects)).toEqual(api);
    expect(steps.flatMap((s) => s.effects).filter((e) => e.type === "tag").map((e) => (e.type === "tag" ? e.tag : ""))).toEqual(["短视频用户", "售后需求", "价格敏感客户"]);
    expect(steps[0]?.effects[0]).toMatchObject({ type: "tag", tag: "短视频用户", by: "G-TAG" });
    expect(Object.keys(steps[0]?.effects[0] ?? {}).sort()).toEqual(["by", "detail", "rule", "tag", "type"]);
    expect(steps[4]?.effects).toEqual([expect.objectContaining({ type: "route", group: "legal", by: "G-ROUTE" })]);
  });

  it("a transfer: its target under to, { agent } (spec/rules/dnd.scenario.yaml)", () => {
    const file = "spec/rules/dnd.scenario.yaml";
    const steps = simulateJson(file);
    const api = replay(file);
    expect(steps.map((s) => s.effects)).toEqual(api);
    const transfers = steps.flatMap((s) => s.effects).filter((e) => e.type === "transfer");
    expect(transfers.map((e) => [e.type === "transfer" ? e.to : undefined, e.type === "transfer" ? e.reason : undefined])).toEqual([
      [{ agent: "wangwu" }, "dnd"],
      [{ agent: "wangwu" }, "closed"],
    ]);
    expect(transfers[0]).not.toHaveProperty("agent");
  });
});

describe("autoreply test: an effects expectation in the API's shape", () => {
  const scenario = (transfer: string, alert = "unread") => `name: the account manager
channel: web
online: [zhangsan, manager]
config:
  agents: { zhangsan: {}, manager: {} }
  app:
    replies:
      agentSilent: { after: 90s, alert: true, transfer: { agent: manager }, messages: "常见问题" }
steps:
  - at: 0s
    event: { type: visitor.message, text: 你好, route: { agent: zhangsan } }
    effects: []
  - at: 2m
    effects: [ { type: alert, reason: ${alert} }, ${transfer} ]
`;
  function test(text: string) {
    const dir = mkdtempSync(join(tmpdir(), "autoreply-effects-"));
    writeFileSync(join(dir, "t.scenario.yaml"), text);
    return cli("test", dir);
  }

  it("to: { agent } passes with the right agent, and fails with another, showing both in the API's shape", () => {
    const good = test(scenario("{ type: transfer, to: { agent: manager }, reason: unread, by: E-UNREAD }"));
    expect(good.out).toMatch(/1 passed, 0 failed$/);
    expect(good.code).toBe(0);
    const bad = test(scenario("{ type: transfer, to: { agent: lisi }, reason: unread }"));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("step 2: the effects differ from effects");
    expect(bad.out).toContain('- { type: "transfer", to: {"agent":"lisi"}, reason: "unread" }');
    expect(bad.out).toContain('+ { type: "transfer", to: {"agent":"manager"}, reason: "unread", by: "E-UNREAD" }');
    expect(bad.out).toMatch(/0 passed, 1 failed$/);
    expect(test(scenario("{ type: transfer, to: { group: manager } }")).code).toBe(1);
  });

  it("the older flat agent: is still read, and a mismatch prints it under to", () => {
    expect(test(scenario("{ type: transfer, agent: manager, reason: unread }")).code).toBe(0);
    const bad = test(scenario("{ type: transfer, agent: lisi }"));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('- { type: "transfer", to: {"agent":"lisi"} }');
  });

  it("an effect that matches is shown as it is, not as a difference, beside one that does not", () => {
    const bad = test(scenario("{ type: transfer, to: { agent: manager } }", "urgent"));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('- { type: "alert", reason: "urgent" }');
    expect(bad.out).toMatch(/\n {6}\{ type: "transfer", to: \{"agent":"manager"\}, reason: "unread", by: "E-UNREAD" \}/);
    expect(bad.out).not.toContain('+ { type: "transfer"');
  });

  it("a target both under to and flat, or a to that is not { agent } or { group }, is SCENARIO_INVALID", () => {
    const both = test(scenario("{ type: transfer, to: { agent: manager }, agent: manager }"));
    expect(both.code).toBe(1);
    expect(both.out).toContain("steps[1].effects[1]: expected a transfer's target once, under to");
    const odd = test(scenario("{ type: transfer, to: manager }"));
    expect(odd.out).toContain("steps[1].effects[1].to: expected { agent: name } or { group: name }");
  });
});
