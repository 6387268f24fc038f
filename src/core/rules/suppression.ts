import type { ReplyKind } from "../model/types.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";
import { SUPPRESSIONS, type SuppressionRule } from "./suppression-table.js";

export { SUPPRESSIONS, type SuppressionRule };

/** The rules of each loser, in table order: every offer looks its kind up here. */
const BY_LOSER: ReadonlyMap<ReplyKind, readonly SuppressionRule[]> = new Map(
  [...new Set(SUPPRESSIONS.map((r) => r.loser))].map((loser) => [loser, SUPPRESSIONS.filter((r) => r.loser === loser)]),
);

/**
 * Seed 003's "A beats B" rules (SUPPRESSIONS): a candidate is held back when a reply that beats it
 * passed the chain earlier in the same decision. The order step puts every winner before its loser
 * (tests/pipeline.test.ts checks the tables agree), so one pass in reply order is enough. A decision
 * has a few candidates at most, so a scan of those before this one beats a record keyed by kind (a
 * new keyed object per decision cost more: docs/performance.md, "Measured choices").
 */
export const suppression: Policy = definePolicy({
  name: "suppression",
  verdict: "suppressed",
  specs: SUPPRESSIONS.map((r) => r.id),
  appliesTo: (reply) => BY_LOSER.has(reply.kind),
  judge(c, step) {
    const rules = BY_LOSER.get(c.kind) ?? NO_RULES;
    const candidates = step.output.candidates;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as SuppressionRule;
      for (let j = 0; j < candidates.length; j++) {
        const winner = candidates[j] as (typeof candidates)[number];
        if (winner === c) break;
        if (!winner.passed || winner.kind !== rule.winner) continue;
        const beaten = `${rule.winner} rule ${winner.rule} beats ${rule.loser} (seed 003 line ${rule.line})`;
        return { verdict: "suppressed", by: rule.id, detail: c.arm ? `${beaten}: its timer is not armed for this message` : beaten };
      }
    }
    return undefined;
  },
});

const NO_RULES: readonly SuppressionRule[] = [];
