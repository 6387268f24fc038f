import type { CompiledQueueRule, CompiledReply } from "../../config/compiled.js";
import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import type { Step } from "../../pipeline/step.js";
import { notConfigured } from "./offer.js";

/**
 * D-STATE, D-REPLY: whether the agent the visitor is with (serving, or designated in the queue) is
 * in do-not-disturb, while the visitor is with that agent's list (serving or queued, not offline:
 * the offline reply already says nobody is there).
 */
export function inDnd(step: Step): boolean {
  const s = step.draft.s;
  return s.dnd.length > 0 && s.agent !== null && (s.phase === "serving" || s.phase === "queued") && s.dnd.includes(s.agent);
}

/** The queue rule for a position: the one with the largest `over` below it (spec Q-RULES, seed 003 line 18). */
export function queueRuleFor(queued: CompiledReply, position: number): CompiledQueueRule | undefined {
  for (let i = queued.rules.length - 1; i >= 0; i--) {
    const rule = queued.rules[i] as CompiledQueueRule;
    if (position > rule.over) return rule;
  }
  return undefined;
}

/**
 * D-STATE, D-REPLY (seed 002 line 13): a visitor message while their agent is in do-not-disturb
 * gets the dnd reply; in the queue it takes the place of the queued reply (without a dnd reply,
 * the queue is answered as usual: the queued trigger's).
 */
export const dnd: Trigger = defineTrigger({
  name: "dnd",
  specs: ["D-STATE", "D-REPLY"],
  on: ["visitor.message"],
  offer(step) {
    if (!inDnd(step)) return;
    const reply = step.lookups.resolve("dnd");
    if (reply === undefined) return notConfigured(step, "dnd");
    step.offer("dnd", reply, reply, reply.id);
    const s = step.draft.s;
    if (listOf(s.phase, s.waitingIn) !== "queued") return;
    const queued = step.lookups.resolve("queued");
    const rule = queued === undefined ? undefined : queueRuleFor(queued, s.position ?? 1);
    if (rule !== undefined) step.output.drop("queued", "suppressed", rule.id, rule.messages.length, `the designated agent ${s.agent ?? ""} is in do-not-disturb: the dnd reply takes the place of the queued reply (seed 002 line 13)`, "D-REPLY");
  },
});
