import type { ReplyKind } from "../model/types.js";
import { SUPPRESSIONS, type SuppressionRule } from "./suppression-table.js";

export { SUPPRESSIONS, type SuppressionRule };

/** The rules of each loser, in table order: every offer looks its kind up here. */
const BY_LOSER: ReadonlyMap<ReplyKind, readonly SuppressionRule[]> = new Map(
  [...new Set(SUPPRESSIONS.map((r) => r.loser))].map((loser) => [loser, SUPPRESSIONS.filter((r) => r.loser === loser)]),
);

/** A reply triggered earlier in the same decision: its kind, and the rule that triggered it. */
export interface Triggered {
  readonly kind: ReplyKind;
  readonly rule: string;
}

/**
 * The rule by which one of the `triggered` replies beats `kind`, if any. A decision triggers a few
 * replies at most, so a scan of the list beats a record keyed by kind (a new keyed object per
 * decision cost more: docs/performance.md, "Measured choices").
 */
export function suppressorOf(kind: ReplyKind, triggered: readonly Triggered[]): SuppressionRule | undefined {
  const rules = BY_LOSER.get(kind);
  if (rules === undefined || triggered.length === 0) return undefined;
  for (const rule of rules) for (const t of triggered) if (t.kind === rule.winner) return rule;
  return undefined;
}
