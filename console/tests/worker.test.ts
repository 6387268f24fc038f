import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { MAX_LISTED, type Ask, type Reply, type Request } from "../src/protocol.js";
import { handle } from "../src/worker.js";
import { ROOT } from "../../tests/helpers.js";

// The playground's worker (console/src/worker.ts) without a browser: the jobs the page hands
// it, and what it answers. tests/playground.test.ts drives it from the page in chromium.
const seedText = readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8");
const seedScenario = readFileSync(join(ROOT, "spec", "seed-003.scenario.yaml"), "utf8");
const lineWith = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

function answers(request: Ask): Reply[] {
  const out: Reply[] = [];
  handle({ ...request, id: 7 } as Request, (reply) => out.push(reply));
  expect(out.every((r) => r.id === 7)).toBe(true);
  // Each reply crosses to the page by structured clone: plain data only.
  for (const r of out) expect(structuredClone(r)).toEqual(r);
  return out;
}
function one<K extends Reply["kind"]>(request: Ask, kind: K): Extract<Reply, { kind: K }> {
  const out = answers(request);
  expect(out.map((r) => r.kind)).toEqual([kind]);
  return out[0] as Extract<Reply, { kind: K }>;
}

describe("the playground's worker: check", () => {
  it("returns a valid config as parsed, with the lint findings at their lines: at once one step deep, then three", () => {
    const out = answers({ kind: "check", text: seedText });
    expect(out.map((r) => [r.kind, r.kind === "checked" && r.final])).toEqual([
      ["checked", false],
      ["checked", true],
    ]);
    const [quick, reply] = out as [Extract<Reply, { kind: "checked" }>, Extract<Reply, { kind: "checked" }>];
    for (const r of [quick, reply]) {
      expect(r.status).toMatch(/^valid: 0 errors, \d+ warnings$/);
      expect(r.config).toEqual(expect.objectContaining({ agents: expect.any(Object) }));
      expect(r.problems.every((p) => p.severity !== "error")).toBe(true);
    }
    const budget = (r: Extract<Reply, { kind: "checked" }>) => r.problems.find((p) => p.message.startsWith("quota-budget:"))?.message;
    // The first answer's search goes one step deep, the page's final one 3 steps.
    expect(budget(quick)).toMatch(/1 step deep/);
    expect(budget(reply)).toMatch(/3 steps deep/);
    expect(reply.config).toEqual(quick.config);
  });

  it("lists compile's problems with their paths and lines, and no config", () => {
    const broken = seedText.replace("after: 2m", "after: 2 minutes");
    const reply = one({ kind: "check", text: broken }, "checked");
    expect(reply.config).toBeNull();
    expect(reply.status).toBe("1 problem");
    expect(reply.problems).toEqual([expect.objectContaining({ severity: "error", where: "app.replies.agentSilent.after", line: lineWith(broken, "after: 2 minutes") })]);
  });

  it("says where the YAML does not parse", () => {
    const reply = one({ kind: "check", text: "agents:\n  a: {}\napp: [\n" }, "checked");
    expect(reply.config).toBeNull();
    expect(reply.status).toMatch(/^the YAML does not parse: \d+ problems?$/);
    expect(reply.problems[0]).toEqual(expect.objectContaining({ where: "(YAML)", line: expect.any(Number) }));
  });

  it("refuses a 5 MB paste by its size, without parsing it", () => {
    const reply = one({ kind: "check", text: `# ${"x".repeat(5_000_000)}` }, "checked");
    expect([reply.config, reply.status]).toEqual([null, "too large"]);
    expect(reply.problems[0]?.message).toBe("the config is 5.0 MB: the playground reads up to 2.0 MB; check larger ones with autoreply check or simulate");
  });

  it("lists at most MAX_LISTED problems and counts the rest, each at its own line", () => {
    const keyword = Array.from({ length: MAX_LISTED + 100 }, (_, i) => ({ match: { any: [`词${i}`] }, messages: [`回复${i}`], after: `${i} minutes` }));
    const text = stringify({ app: { replies: { keyword } } });
    const reply = one({ kind: "check", text }, "checked");
    expect(reply.problems.length).toBe(MAX_LISTED);
    expect(reply.more).toBe(100);
    expect(reply.problems[1]).toEqual(expect.objectContaining({ where: "app.replies.keyword[1].after", line: lineWith(text, "after: 1 minutes") }));
  });
});

describe("the playground's worker: scenarios, batches, rewrites, tables", () => {
  it("reads the seed's scenario file, without its config (the page plays the editor's)", () => {
    const { scenario } = one({ kind: "scenario", text: seedScenario }, "scenario");
    expect(scenario.steps.length).toBe((parse(seedScenario) as { steps: unknown[] }).steps.length);
    expect([scenario.channel, scenario.online, scenario.start]).toEqual(["miniprogram", ["zhangsan"], null]);
    expect("config" in scenario).toBe(false);
    const dated = one({ kind: "scenario", text: "channel: web\nstart: 2026-10-16T20:59:00+08:00\nsteps:\n  - at: 1m\n    event: { type: visitor.message, text: hi }\n" }, "scenario");
    expect(dated.scenario.start).toEqual({ at: Date.parse("2026-10-16T12:59:00Z"), offset: 480 });
    expect(dated.scenario.steps[0]?.at).toBe(Date.parse("2026-10-16T13:00:00Z"));
  });

  it("says why a file is not a scenario: another format, a YAML that does not parse, one too large", () => {
    const foreign = one({ kind: "scenario", text: JSON.stringify({ version: 2, messages: [{ from: "user", body: "hi" }] }) }, "failed");
    expect(foreign.message).toMatch(/^not a scenario file this playground can play: .*\(docs\/scenarios\.md\)$/);
    expect(foreign.problems?.map((p) => p.where)).toEqual(expect.arrayContaining(["version", "messages", "channel"]));
    expect(one({ kind: "scenario", text: "just: [some, notes" }, "failed").message).toMatch(/^not a scenario file: the YAML does not parse/);
    expect(one({ kind: "scenario", text: "x".repeat(3_000_000) }, "failed").message).toMatch(/^the scenario file is 3\.0 MB/);
  });

  it("runs a batch in slices of 100, each with the counts so far, the last one marked", () => {
    const messages = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? "你好" : "价格表")).join("\n");
    const out = answers({ kind: "batch", text: seedText, messages, csv: false, channel: "miniprogram", online: ["zhangsan"] });
    expect(out.map((r) => (r.kind === "batch" ? [r.rows.length, r.total, r.last] : r.kind))).toEqual([[100, 250, false], [100, 250, false], [50, 250, true]]);
    const rows = out.flatMap((r) => (r.kind === "batch" ? r.rows : []));
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(rows.every((r) => r.replies.length > 0)).toBe(true);
    expect(answers({ kind: "batch", text: seedText, messages: "", csv: false, channel: "miniprogram", online: [] })).toEqual([{ id: 7, kind: "batch", rows: [], total: 0, failed: 0, noKeyword: 0, counts: [], last: true }]);
  });

  it("a job that throws answers `failed` with the message: the page always hears back", () => {
    const reply = one({ kind: "batch", text: "app: [", messages: "hi", csv: false, channel: "miniprogram", online: [] }, "failed");
    // yaml's own error, with where: the config of a batch is parsed in the worker.
    expect(reply.message).toMatch(/^Flow sequence .* at line 1, column 7/);
    expect(one({ kind: "batch", text: seedText, messages: "hi", csv: false, channel: "nowhere", online: [] }, "failed").message).toMatch(/nowhere/);
  });

  it("finds the risk words' rewrites as patches and their inverse, or none", () => {
    const risky = seedText.replace("客服会尽快回复您,请稍候。", "全网最低价,客服会尽快回复您。");
    const fixed = one({ kind: "fix", text: risky }, "fixed");
    expect(fixed.patches).toEqual([expect.objectContaining({ op: "replace", value: expect.stringContaining("实惠价") })]);
    expect(fixed.inverse).toEqual([expect.objectContaining({ op: "replace", value: expect.stringContaining("全网最低价") })]);
    expect(one({ kind: "fix", text: seedText }, "fixed")).toEqual({ id: 7, kind: "fixed", patches: null, inverse: null });
  });

  it("generates the decision tables with the state diagram's Mermaid source", () => {
    expect(one({ kind: "tables", text: seedText }, "tables").markdown).toMatch(/^# Decision tables\n[\s\S]*```mermaid\nstateDiagram-v2\n/);
  });
});
