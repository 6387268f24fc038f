import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import type { Step } from "../../pipeline/step.js";
import { inDnd, queueRuleFor } from "./dnd.js";
import { notConfigured } from "./offer.js";

/**
 * Q-RULES (seed 003 line 18): a visitor message in the queue (or waiting offline for it), or a
 * transfer into it, gets the queued reply's rule for the position; not when the dnd reply takes
 * its place (D-REPLY, the dnd trigger's).
 */
export const queued: Trigger = defineTrigger({
  name: "queued",
  specs: ["Q-RULES"],
  on: ["visitor.message", "visitor.transfer"],
  offer(step, event) {
    const s = step.draft.s;
    if (event.type === "visitor.transfer") {
      if (s.phase === "queued") offerQueued(step);
    } else if (listOf(s.phase, s.waitingIn) === "queued" && !(inDnd(step) && step.lookups.resolve("dnd") !== undefined)) offerQueued(step);
  },
});

/** The queued reply for the current position. */
function offerQueued(step: Step): void {
  const reply = step.lookups.resolve("queued");
  if (reply === undefined) return notConfigured(step, "queued");
  const position = step.draft.s.position ?? 1;
  const rule = queueRuleFor(reply, position);
  if (rule !== undefined) step.offer("queued", reply, rule, rule.id);
  else if (step.output.trace !== null) step.output.note("queued", "noRule", `no queue rule is for position ${position}: the lowest sends above ${reply.rules[0]?.over ?? 0}`, "Q-RULES", { rule: reply.id });
}
