import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";

/**
 * A-ENTER, O-WHEN, O-ROBOT, Q-WHEN-ONLINE, T-SERVING-ONLY: when explaining a visitor message, the
 * placement replies it does not call for, and why (after the triggers that offer them, so the trace
 * keeps its order: what was offered first, then what was not).
 */
export const placement: Trigger = defineTrigger({
  name: "placement",
  specs: ["A-ENTER", "O-WHEN", "O-ROBOT", "Q-WHEN-ONLINE", "T-SERVING-ONLY"],
  on: ["visitor.message"],
  offer(step) {
    if (step.output.trace === null) return;
    const s = step.draft.s;
    const list = listOf(s.phase, s.waitingIn);
    if (!(s.phase === "serving" && step.move.enteredServing)) {
      const why = s.phase === "serving" ? "the visitor was already being served" : s.phase === "offline" && list === "serving" ? "the serving agent is offline" : `the visitor is ${s.phase === "offline" ? "waiting offline" : s.phase}, not entering serving`;
      step.output.note("accepted", "notInPhase", why, s.phase === "offline" && list === "serving" ? "O-WHEN" : "A-ENTER");
    }
    if (s.phase !== "offline") {
      const robot = s.phase === "robot";
      step.output.note("offline", "notInPhase", robot ? "the visitor is with the robot" : "an agent who can take the visitor is online", robot ? "O-ROBOT" : "O-WHEN");
    }
    if (list !== "queued") {
      step.output.note("queued", "notInPhase", `the visitor is not in the queue (${s.phase})`, s.phase === "robot" || s.phase === "serving" ? "T-SERVING-ONLY" : "Q-WHEN-ONLINE");
    }
  },
});
