import { TIMER_NAMES } from "../../model/types.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { replyOfTimer } from "./offer.js";

/** T-SERVING-ONLY (seed 003 line 20): the serving agent went offline: each pending serving timer stops, and `dropped` says so. */
export const stopped: Trigger = defineTrigger({
  name: "stopped",
  specs: ["T-SERVING-ONLY"],
  on: ["presence"],
  offer(step) {
    const timers = step.move.stopped;
    if (timers === null) return;
    for (const name of TIMER_NAMES) {
      if (timers[name] === null) continue;
      const kind = replyOfTimer(name);
      const reply = step.lookups.resolve(kind);
      step.output.drop(kind, "suppressed", reply?.id, reply?.messages.length ?? 0, `the serving agent went offline: ${name} due at ${timers[name]} stops; serving replies need an agent online (seed 003 line 20)`, "T-SERVING-ONLY");
    }
  },
});
