import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { replyOfTimer } from "./offer.js";

/** T-STALE: a timer that is no longer pending (cancelled or replaced) does nothing, and `dropped` says so. */
export const stale: Trigger = defineTrigger({
  name: "stale",
  specs: ["T-STALE"],
  on: ["timer"],
  offer(step, event) {
    if (event.type !== "timer" || step.move.timer !== null) return;
    step.output.drop(replyOfTimer(event.timer), "stale", undefined, 0, `timer ${event.timer} due at ${event.due} is no longer pending (cancelled or replaced); nothing to do`, "T-STALE");
  },
});
