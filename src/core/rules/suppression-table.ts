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

// src/core/rules/suppression.ts enforces each row; src/core/rules/suppression.test.ts removes each
// row in turn and checks that the spec then fails.
/**
 * Every "A beats B" line of seed 003, as data, which `autoreply tables` and the docs read. A reply is
 * suppressed when its winner was triggered in the same decision (matched and configured), whether
 * or not the quota then let the winner's messages out: suppression is decided before the quota is
 * applied, so the order of the two never matters.
 */
export const SUPPRESSIONS: readonly SuppressionRule[] = [
  { id: "S-KW-RECEIVED", winner: "keyword", loser: "received", line: 60 },
  { id: "S-KW-QUEUED", winner: "keyword", loser: "queued", line: 14 },
  { id: "S-KW-OFFLINE", winner: "keyword", loser: "offline", line: 38 },
  { id: "S-KW-AGENTSILENT", winner: "keyword", loser: "agentSilent", line: 22 },
  { id: "S-OFF-QUEUED", winner: "offline", loser: "queued", line: 15 },
  { id: "S-OFF-AGENTSILENT", winner: "offline", loser: "agentSilent", line: 21 },
];
