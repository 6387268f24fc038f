import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { REPLY_ORDER } from "../src/core/pipeline/order.js";
import { REPLY_KINDS } from "../src/core/model/types.js";
import { VERDICTS } from "../src/core/model/verdicts.js";
import { LIMITS, POLICIES } from "../src/core/rules/chain.js";
import { RULES, STAGES } from "../src/core/rules/table.js";
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
    for (const p of [...POLICIES, ...LIMITS]) {
      const verdict = "verdict" in p ? p.verdict : p.reason;
      expect(Object.keys(VERDICTS), p.name).toContain(verdict);
      for (const id of p.specs) expect(SPEC_IDS.has(id), `${p.name}: ${id}`).toBe(true);
    }
    for (const l of LIMITS) expect(VERDICTS[l.reason].dropped, l.name).toBe(true);
    for (const r of RULES) for (const id of r.specs) expect(SPEC_IDS.has(id), `${r.name}: ${id}`).toBe(true);
  });

  it("holds every rule in one table, by stage in the pipeline's order; the chain and the limits are its views", () => {
    const order = STAGES.map((s) => s.stage);
    const stages = RULES.map((r) => order.indexOf(r.stage));
    expect(stages.every((s) => s >= 0)).toBe(true);
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(POLICIES).toEqual(RULES.filter((r) => r.stage === "judge"));
    expect(LIMITS).toEqual(RULES.filter((r) => r.stage === "limit"));
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    // Each names the spec rules it enforces.
    for (const r of RULES) expect(r.specs.length, r.name).toBeGreaterThan(0);
  });
});

/** Where each policy and limit of the chain lives, and its export: the module the test replaces. */
const MODULES: Record<string, { readonly path: string; readonly name: string }> = {
  switches: { path: "../src/core/rules/switches.js", name: "switches" },
  mute: { path: "../src/core/rules/muted.js", name: "muted" },
  suppression: { path: "../src/core/rules/suppression.js", name: "suppression" },
  presence: { path: "../src/core/rules/presence.js", name: "presence" },
  interval: { path: "../src/core/rules/interval.js", name: "interval" },
  window: { path: "../src/core/rules/quota.js", name: "windowLimit" },
  quota: { path: "../src/core/rules/quota.js", name: "quotaLimit" },
  perVisitorMessage: { path: "../src/core/rules/frequency.js", name: "perMessageLimit" },
  breaker: { path: "../src/core/rules/frequency.js", name: "breakerLimit" },
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
    expect(Object.keys(MODULES).sort()).toEqual([...POLICIES, ...LIMITS].map((p) => p.name).sort());
  });

  for (const [name, m] of Object.entries(MODULES)) {
    it(`without ${name}`, async () => {
      vi.resetModules();
      vi.doMock(m.path, async (importOriginal) => {
        const original = (await importOriginal()) as Record<string, object>;
        // A policy that never applies; a limit that never limits.
        const off = "judge" in (original[m.name] as object) ? { appliesTo: () => false } : { room: () => Infinity };
        return { ...original, [m.name]: { ...original[m.name], ...off } };
      });
      expect((await failingScenarios()).length).toBeGreaterThan(0);
    });
  }
});
