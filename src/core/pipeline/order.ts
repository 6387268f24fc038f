import type { ReplyKind } from "../model/types.js";
import type { Candidate } from "./step.js";

/**
 * The order replies go out in within one decision (spec ORDER, seed 003 line 60): opened; keyword or
 * received; the placement reply (accepted, offline, dnd, queued); then the timer and end replies. The
 * quota cuts from the end of this order. Each suppression winner comes before its loser, so the
 * policy chain sees a winner before the reply it beats (tests/pipeline.test.ts checks it).
 */
export const REPLY_ORDER: readonly ReplyKind[] = ["urgent", "opened", "prompt", "repeated", "upset", "keyword", "received", "accepted", "offline", "dnd", "queued", "unanswered", "agentSilent", "visitorSilent", "autoEnd", "manualEnd", "batchEnd", "survey", "surveyThanks"];

const RANK: Readonly<Record<ReplyKind, number>> = Object.fromEntries(REPLY_ORDER.map((kind, i) => [kind, i])) as Record<ReplyKind, number>;

/** Step 4: the candidates in reply order (stable; the triggers mostly list them so already). */
export function order(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  for (let i = 1; i < candidates.length; i++) {
    if (RANK[(candidates[i] as Candidate).kind] < RANK[(candidates[i - 1] as Candidate).kind]) {
      return candidates.slice().sort((a, b) => RANK[a.kind] - RANK[b.kind]);
    }
  }
  return candidates;
}
