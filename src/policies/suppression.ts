import type { ReplyKind } from "../model/types.js";

/** One suppression rule of seed 003: when `winner` is triggered, `loser` is not sent. */
export interface SuppressionRule {
  /** The spec id, listed in spec/rules.yaml. */
  readonly id: string;
  readonly winner: ReplyKind;
  readonly loser: ReplyKind;
  /** The seed 003 line the rule comes from. */
  readonly line: number;
}

/**
 * Every "A beats B" line of seed 003. A reply is suppressed when its winner was triggered in the same
 * decision (matched and configured), whether or not the quota then let the winner's messages out:
 * suppression is decided before the quota is applied, so the order of the two never matters.
 */
export const SUPPRESSIONS: readonly SuppressionRule[] = [
  { id: "S-KW-RECEIVED", winner: "keyword", loser: "received", line: 60 },
  { id: "S-KW-QUEUED", winner: "keyword", loser: "queued", line: 14 },
  { id: "S-KW-OFFLINE", winner: "keyword", loser: "offline", line: 38 },
  { id: "S-KW-AGENTSILENT", winner: "keyword", loser: "agentSilent", line: 22 },
  { id: "S-OFF-QUEUED", winner: "offline", loser: "queued", line: 15 },
  { id: "S-OFF-AGENTSILENT", winner: "offline", loser: "agentSilent", line: 21 },
];

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
 * decision cost ~2% of decide).
 */
export function suppressorOf(kind: ReplyKind, triggered: readonly Triggered[]): SuppressionRule | undefined {
  const rules = BY_LOSER.get(kind);
  if (rules === undefined || triggered.length === 0) return undefined;
  for (const rule of rules) for (const t of triggered) if (t.kind === rule.winner) return rule;
  return undefined;
}
