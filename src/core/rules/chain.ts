import type { CompiledReply, Switches } from "../config/compiled.js";
import { isFilter, type Filter, type Limit, type Policy } from "../pipeline/rule.js";
import { rulesOf } from "./table.js";

export type { Filter, Limit, Policy } from "../pipeline/rule.js";

/**
 * The policy chain, in precedence order: a candidate meets each policy in turn, and the first that
 * holds it back gives its verdict. The order is the precedence: a reply that a switch keeps off is
 * not reported as suppressed; a suppressed reply is not reported as held by its interval (seed 003
 * line 17 is about replies that would go out). `autoreply tables` and docs/concepts.md list it.
 * What the quota and the channel's frequency limits cut comes later, when the messages are counted
 * (`LIMITS` and `FILTERS` below, which src/core/pipeline/send.ts applies).
 */
export const POLICIES: readonly Policy[] = rulesOf("judge");

/**
 * The limits that count messages, in precedence order. Each reply, in reply order, sends as many of
 * its messages as the smallest room allows; the cut is reported by the first limit with that room.
 * A reply whose window or quota has no room at all is reported as such before the filters look at
 * it (F-DEDUPE only holds back a text that could have gone out).
 */
export const LIMITS: readonly Limit[] = Object.freeze(rulesOf("limit").filter((r): r is Limit => !isFilter(r)));

/** The filters of the quota cut (F-DEDUPE): messages held back one by one, once the platform limits left room. */
export const FILTERS: readonly Filter[] = Object.freeze(rulesOf("limit").filter(isFilter));

/** The policies of the chain that can hold `reply` back, in precedence order: `CompiledReply.chain`. */
export function chainFor(reply: CompiledReply, switches: Switches): readonly Policy[] {
  return Object.freeze(POLICIES.filter((p) => p.appliesTo(reply, switches)));
}
