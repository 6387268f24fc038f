import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { offerResolved } from "./offer.js";

/** O-WHEN, O-ROBOT: a visitor message while nobody who can take the visitor is online (never with the robot). */
export const offline: Trigger = defineTrigger({
  name: "offline",
  specs: ["O-WHEN", "O-ROBOT"],
  on: ["visitor.message"],
  offer(step) {
    if (step.draft.s.phase === "offline") offerResolved(step, "offline");
  },
});
