import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { REPLY_ORDER } from "../src/core/pipeline/order.js";
import { REPLY_KINDS } from "../src/core/model/types.js";
import { VERDICTS } from "../src/core/model/verdicts.js";
import { FILTERS, LIMITS, POLICIES } from "../src/core/rules/chain.js";
import type { Rule } from "../src/core/pipeline/rule.js";
import { RULES, STAGES } from "../src/core/rules/table.js";
import { SUMMARIES } from "../src/tools/docs/summaries.js";
import { MEANINGS } from "../src/tools/docs/verdicts.js";
import { SUPPRESSIONS } from "../src/core/rules/suppression-table.js";
import { failingScenarios, ROOT } from "./helpers.js";

const SPEC = join(ROOT, "spec");
const SPEC_IDS = new Set((parse(readFileSync(join(SPEC, "rules.yaml"), "utf8")) as { id: string }[]).map((r) => r.id));

describe("the pipeline's tables", () => {
  it("REPLY_ORDER lists every reply kind once", () => {
    expect([...REPLY_ORDER].sort()).toEqual([...REPLY_KINDS].sort());
  });

  it("puts every suppression winner before its loser, so the chain sees the winner first", () => {
    for (const row of SUPPRESSIONS) expect(REPLY_ORDER.indexOf(row.winner), row.id).toBeLessThan(REPLY_ORDER.indexOf(row.loser));
  });

  it("names only verdicts of the vocabulary and rules of the spec catalog", () => {
    for (const p of [...POLICIES, ...LIMITS, ...FILTERS]) {
      const verdict = p.stage === "judge" ? p.verdict : p.reason;
      expect(Object.keys(VERDICTS), p.name).toContain(verdict);
      for (const id of p.specs) expect(SPEC_IDS.has(id), `${p.name}: ${id}`).toBe(true);
    }
    for (const l of [...LIMITS, ...FILTERS]) expect(VERDICTS[l.reason].dropped, l.name).toBe(true);
    for (const r of RULES) for (const id of r.specs) expect(SPEC_IDS.has(id), `${r.name}: ${id}`).toBe(true);
  });

  it("holds every rule in one table, by stage in the pipeline's order; the chain and the limits are its views", () => {
    const order = STAGES.map((s) => s.stage);
    const stages = RULES.map((r) => order.indexOf(r.stage));
    expect(stages.every((s) => s >= 0)).toBe(true);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(POLICIES).toEqual(RULES.filter((r) => r.stage === "judge"));
    expect([...LIMITS, ...FILTERS].sort((a, b) => RULES.indexOf(a) - RULES.indexOf(b))).toEqual(RULES.filter((r) => r.stage === "limit"));
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    // Each names the spec rules it enforces.
    for (const r of RULES) expect(r.specs.length, r.name).toBeGreaterThan(0);
    // Each verdict has its meaning for the docs, and no meaning is left over.
    expect(Object.keys(MEANINGS).sort()).toEqual(Object.keys(VERDICTS).sort());
    // Each has its sentence for the docs, and no sentence is left over.
    expect(Object.keys(SUMMARIES).sort()).toEqual(RULES.map((r) => r.name).sort());
  });
});

/** Where each policy and limit of the chain lives, and its export: the module the test replaces. */
const MODULES: Record<string, { readonly path: string; readonly name: string }> = {
  autoResponder: { path: "../src/core/rules/auto-responder.js", name: "autoResponderGuard" },
  switches: { path: "../src/core/rules/switches.js", name: "switches" },
  mute: { path: "../src/core/rules/muted.js", name: "muted" },
  language: { path: "../src/core/rules/language.js", name: "language" },
  suppression: { path: "../src/core/rules/suppression.js", name: "suppression" },
  presence: { path: "../src/core/rules/presence.js", name: "presence" },
  interval: { path: "../src/core/rules/interval.js", name: "interval" },
  window: { path: "../src/core/rules/window.js", name: "windowLimit" },
  quota: { path: "../src/core/rules/quota.js", name: "quotaLimit" },
  perVisitorMessage: { path: "../src/core/rules/per-message.js", name: "perMessageLimit" },
  breaker: { path: "../src/core/rules/breaker.js", name: "breakerLimit" },
  dedupe: { path: "../src/core/rules/dedupe.js", name: "dedupe" },
  once: { path: "../src/core/rules/once.js", name: "once" },
  cooldown: { path: "../src/core/rules/cooldown.js", name: "cooldown" },
  dismissed: { path: "../src/core/rules/dismissed.js", name: "dismissed" },
  prompting: { path: "../src/core/rules/prompting.js", name: "prompting" },
};

describe("every policy and every limit of the chain is needed: without it a spec scenario fails", () => {
  afterEach(() => {
    for (const m of Object.values(MODULES)) vi.doUnmock(m.path);
    vi.resetModules();
  });

  it("the spec passes with the whole chain (the baseline of the cases below)", async () => {
    vi.resetModules();
    expect(await failingScenarios()).toEqual([]);
  });

  it("the test knows every policy and limit", () => {
    expect(Object.keys(MODULES).sort()).toEqual([...POLICIES, ...LIMITS, ...FILTERS].map((p) => p.name).sort());
  });

  for (const [name, m] of Object.entries(MODULES)) {
    it(`without ${name}`, async () => {
      vi.resetModules();
      vi.doMock(m.path, async (importOriginal) => {
        const original = (await importOriginal()) as Record<string, object>;
        // A policy that never applies; a limit that never limits; a filter that holds nothing back.
        const rule = original[m.name] as object;
        const has = (hook: string) => (rule as Record<string, unknown>)[hook] !== undefined;
        const off = has("judge") ? { appliesTo: () => false } : has("sieve") ? { sieve: () => null } : { room: () => Infinity };
        return { ...original, [m.name]: { ...original[m.name], ...off } };
      });
      expect((await failingScenarios()).length).toBeGreaterThan(0);
    });
  }
});

/** The hooks of a rule the kernel calls (src/core/pipeline/kernel.ts), besides the chain's and the limits' own. */
const HOOKS = ["offer", "move", "sent", "commit", "ended", "screen"] as const;

describe("every hook of every rule is needed: without it a spec scenario fails", () => {
  afterEach(() => {
    vi.doUnmock("../src/core/rules/wiring.js");
    vi.resetModules();
  });

  // The table the engine hands the kernel, with one hook of one rule doing nothing.
  const cases = RULES.flatMap((rule) => HOOKS.filter((hook) => (rule as unknown as Record<string, unknown>)[hook] !== undefined).map((hook) => [rule.name, hook] as const));

  it("knows a case for each trigger, and for each rule that keeps memory; a probe only for rules that have one", () => {
    for (const name of Object.keys(ELSEWHERE)) expect(RULES.map((r) => r.name)).toContain(name);
    for (const r of RULES.filter((r) => r.stage === "collect")) expect(cases, r.name).toContainEqual([r.name, "offer"]);
    expect(cases.length).toBeGreaterThan(RULES.filter((r) => r.stage === "collect").length);
  });

  it("the probes hold with the whole table (the baseline of the cases they check)", async () => {
    vi.resetModules();
    for (const probe of Object.values(ELSEWHERE)) expect(await probe()).toBe(true);
  });

  for (const [name, hook] of cases) {
    it(`without the ${hook} hook of ${name}`, async () => {
      vi.resetModules();
      // The engine runs the kernel's loops over the table with that one hook doing nothing.
      vi.doMock("../src/core/rules/wiring.js", async (importOriginal) => {
        const original = (await importOriginal()) as Record<string, unknown>;
        const { RULES } = await import("../src/core/rules/table.js");
        const { kernelOf } = await import("../src/core/pipeline/kernel.js");
        const off = (r: Rule): Rule => (r.name === name ? ({ ...r, [hook]: () => undefined } as Rule) : r);
        const rules = RULES.map(off);
        return { ...original, wiredKernel: (config: Parameters<typeof kernelOf>[1]) => kernelOf(rules, config) };
      });
      const probe = ELSEWHERE[name];
      if (probe === undefined) expect((await failingScenarios()).length).toBeGreaterThan(0);
      else expect(await probe()).toBe(false);
    });
  }
});

/**
 * The rules no spec scenario can show, each with a probe that holds with the rule and fails
 * without it: a scenario's timers fire by themselves, so never stale, and the scenarios do not
 * compare explain notes.
 */
const ELSEWHERE: Record<string, () => Promise<boolean>> = {
  async stale() {
    const { compile } = await import("../src/core/index.js");
    const engine = compile({ agents: { a: {} }, app: { replies: { agentSilent: { after: "1m", messages: "在的" } } } });
    const s = engine.decide(engine.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "在吗", route: { agent: "a" } }).state;
    const answered = engine.decide(s, { type: "agent.message", at: 1000, agent: "a" }).state;
    return engine.decide(answered, { type: "timer", at: 60_000, timer: "agentSilent", due: 60_000 }).dropped.some((d) => d.by === "T-STALE");
  },
  async placement() {
    const { compile } = await import("../src/core/index.js");
    const engine = compile({ agents: { a: {} }, app: { replies: { received: { messages: "收到" } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "在吗", route: { queue: 1 } }, { explain: true });
    return (d.trace ?? []).some((e) => e.kind === "offline" && e.verdict === "notInPhase");
  },
};
