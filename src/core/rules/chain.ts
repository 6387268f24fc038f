import type { CompiledReply, Switches } from "../config/compiled.js";
import type { Candidate, Step } from "../pipeline/step.js";
import type { Limit, Policy } from "./policy.js";
import { rulesOf } from "./table.js";

export type { Limit, Policy } from "./policy.js";

/**
 * The policy chain, in precedence order: a candidate meets each policy in turn, and the first that
 * holds it back gives its verdict. The order is the precedence: a reply that a switch keeps off is
 * not reported as suppressed; a suppressed reply is not reported as held by its interval (seed 003
 * line 17 is about replies that would go out). `autoreply tables` and docs/concepts.md list it.
 * What the quota and the channel's frequency limits cut comes later, when the messages are counted
 * (`LIMITS` below, which src/core/pipeline/send.ts applies).
 */
export const POLICIES: readonly Policy[] = rulesOf("judge");

/**
 * The limits that count messages, in precedence order. Each reply, in reply order, sends as many of
 * its messages as the smallest room allows; the cut is reported by the first limit with that room.
 * A reply whose window or quota has no room at all is reported as such before the dedupe rule looks
 * at it (F-DEDUPE only holds back a text that could have gone out).
 */
export const LIMITS: readonly Limit[] = rulesOf("limit");


/** The policies of the chain that can hold `reply` back, in precedence order: `CompiledReply.chain`. */
export function chainFor(reply: CompiledReply, switches: Switches): readonly Policy[] {
  return Object.freeze(POLICIES.filter((p) => p.appliesTo(reply, switches)));
}

/**
 * Step 5: every candidate, in reply order, through the chain; those that pass keep `passed`.
 * Each reply meets only the policies of `POLICIES` that concern it (its `chain`, chosen at compile
 * time), in the same order.
 */
export function judge(step: Step): void {
  const candidates = step.candidates;
  // Indexed loops: a for-of allocated an iterator per loop on every decision (docs/performance.md, "Measured choices").
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    const chain = c.reply.chain as readonly Policy[];
    for (let j = 0; j < chain.length; j++) {
      const policy = chain[j] as Policy;
      const refusal = policy.judge(c, step);
      if (refusal !== undefined) {
        step.refuse(c, refusal);
        break;
      }
    }
  }
}
