import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadScenario } from "../src/cli/files.js";
import { run } from "../src/cli/main.js";
import { compile, type ConfigInput } from "../src/core/index.js";
import { prove, type Proof } from "../src/tools/scenario/prove.js";
import { ROOT } from "./helpers.js";

const seedConfig = parse(readFileSync(join(ROOT, "spec", "seed-003.config.yaml"), "utf8")) as ConfigInput;
const property = (p: Proof, id: string) => p.properties.find((x) => x.id === id);
const agents = { agents: { a: {} } };

describe("autoreply prove (issue 16, item 3)", () => {
  it("finds that seed 003's replies can take the agent's last slot on a mini program, and proves reserveForAgents: 1 keeps it", () => {
    const open = prove(compile(seedConfig), { channel: "miniprogram", depth: 4 });
    expect(property(open, "agent-slot")?.holds).toBe(false);
    // What the config sets off between two messages, and what the quota cut of it (Q-CUT): the quota-budget lint's question, searched.
    expect(property(open, "most-per-message")?.summary).toMatch(/^at most 6 automatic messages set off between two visitor messages on miniprogram, 1 of them cut by the quota/);
    const fixed = prove(compile({ ...seedConfig, reserveForAgents: 1 }), { channel: "miniprogram", depth: 4 });
    expect(property(fixed, "agent-slot")).toMatchObject({ holds: true });
    expect(property(fixed, "agent-slot")?.summary).toMatch(/explored [\d,]+ situations, depth 4$/);
    expect(property(fixed, "most-per-message")?.summary).toMatch(/^at most 6 automatic messages .*, 2 of them cut by the quota \(quota 5, 1 kept for agents\)/);
    // An official account has room to spare: 20.
    expect(property(prove(compile(seedConfig), { channel: "official_account", depth: 4 }), "agent-slot")?.holds).toBe(true);
  });

  it("a depth or limit that is not a whole number of at least 1 is OPTION_INVALID naming the option", () => {
    const engine = compile(seedConfig);
    for (const [option, value] of [["depth", 0], ["depth", -1], ["depth", 2.5], ["limit", 0], ["limit", Number.NaN], ["limit", "9"]] as const) {
      expect(() => prove(engine, { channel: "miniprogram", [option]: value as number }), `${option} ${value}`).toThrow(expect.objectContaining({ code: "OPTION_INVALID", message: expect.stringContaining(`prove: ${option} must be a whole number of at least 1, received`) }));
    }
    expect(prove(engine, { channel: "miniprogram", depth: 1, limit: 1 }).complete).toBe(false);
  });

  it("finds a reply sent twice without a visitor message between, and proves once: session stops it", () => {
    const config = (opened: Readonly<Record<string, unknown>>) => ({ ...agents, app: { replies: { opened: { messages: "欢迎", ...opened }, received: { messages: "收到" } } } }) as ConfigInput;
    const twice = property(prove(compile(config({})), { channel: "web", depth: 3 }), "twice-in-a-row");
    expect(twice).toMatchObject({ holds: false, summary: "rule app.replies.opened goes out twice without a visitor message between" });
    expect(twice?.path?.map((s) => s.event?.["type"])).toEqual(["visitor.opened", "visitor.opened"]);
    expect(property(prove(compile(config({ once: "session" })), { channel: "web", depth: 3 }), "twice-in-a-row")?.holds).toBe(true);
  });

  it("lists the rules no situation sends: a keyword rule shadowed by an earlier one", () => {
    const keyword = [{ id: "first", match: { any: "退款" }, messages: "a" }, { id: "shadowed", match: { any: "退款" }, messages: "b" }];
    const reachable = property(prove(compile({ ...agents, app: { replies: { keyword } } } as ConfigInput), { channel: "web", depth: 2 }), "reachable");
    expect(reachable).toMatchObject({ holds: false });
    expect(reachable?.summary).toMatch(/: shadowed$/);
  });

  it("--json gives the budget quota-budget reports, and whether the search saw everything", () => {
    const lines: string[] = [];
    const out = mkdtempSync(join(tmpdir(), "autoreply-prove-json-"));
    run(["prove", "spec/seed-003.config.yaml", "--depth", "2", "--out", out, "--json"], { out: (t) => lines.push(t), err: (t) => lines.push(t), color: false, cwd: ROOT });
    const proof = JSON.parse(lines.join("\n")) as Proof;
    // Two steps: a queued message (received 2 + queued 1), then the chat opened again (opened 1).
    expect(proof.budget).toEqual({ sent: 4, cut: 0, parts: [["received", 2], ["queued", 1], ["opened", 1]], fewestLeft: 1, growing: true });
    expect([proof.complete, proof.exhausted]).toEqual([true, false]);
    // A config with nothing to send more of runs out of situations: exhausted.
    expect(prove(compile({ app: { replies: { received: { messages: "r" } } } }), { channel: "miniprogram", depth: 5 }).exhausted).toBe(true);
  });

  it("says when the limit stopped it before the depth", () => {
    const p = prove(compile(seedConfig), { channel: "miniprogram", depth: 6, limit: 50 });
    expect([p.complete, p.situations]).toEqual([false, 50]);
  });

  it("writes each counterexample as a scenario that simulate replays to the same violation", () => {
    const out = mkdtempSync(join(tmpdir(), "autoreply-prove-"));
    const lines: string[] = [];
    const code = run(["prove", "spec/seed-003.config.yaml", "--depth", "4", "--out", out], { out: (t) => lines.push(t), err: (t) => lines.push(t), color: false, cwd: ROOT });
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("2 hold, 2 fail");
    expect(readdirSync(out).sort()).toEqual(["prove-agent-slot.scenario.yaml", "prove-most-per-message.scenario.yaml", "prove-twice-in-a-row.scenario.yaml"]);
    const slot = loadScenario(join(out, "prove-agent-slot.scenario.yaml"), { cwd: out });
    expect(slot.mismatches).toEqual([]);
    // Replayed, the path uses up the quota with automatic messages: nothing is left for the agent.
    expect([slot.state.quotaUsed, slot.state.quotaLimit]).toEqual([5, 5]);
    const worst = loadScenario(join(out, "prove-most-per-message.scenario.yaml"), { cwd: out });
    expect(worst.steps.flatMap((s) => s.replies)).toHaveLength(5);
    expect(run(["prove", "spec/seed-003.config.yaml", "--depth", "0"], { out: () => {}, err: (t) => lines.push(t), color: false, cwd: ROOT })).toBe(2);
  });
});
