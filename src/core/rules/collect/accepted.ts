import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { offerResolved } from "./offer.js";

/**
 * A-ENTER, A-FROM-QUEUE: the visitor enters serving, from another list or to another agent (a
 * message or a transfer with a route), or an agent accepts them from the queue.
 */
export const accepted: Trigger = defineTrigger({
  name: "accepted",
  specs: ["A-ENTER", "A-FROM-QUEUE"],
  on: ["visitor.message", "visitor.transfer", "agent.accepted"],
  offer(step, event) {
    if (step.draft.s.phase === "serving" && (event.type === "agent.accepted" || step.move.enteredServing)) offerResolved(step, "accepted");
  },
});
