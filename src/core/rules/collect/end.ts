import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import type { Step } from "../../pipeline/step.js";
import { notConfigured } from "./offer.js";

/**
 * E-MANUAL, E-BATCH, E-NOT-FROM-QUEUE, E-AUTO, E-IDLE: an end sends its reply only for a session
 * that was with a human (seed 003 line 27); a batch end never sends the manual-end reply (line 32);
 * the autoEnd and idle timers end the session with autoEnd (lines 30-31).
 */
export const end: Trigger = defineTrigger({
  name: "end",
  specs: ["E-MANUAL", "E-BATCH", "E-NOT-FROM-QUEUE", "E-AUTO", "E-IDLE"],
  on: ["agent.ended", "timer"],
  offer(step, event) {
    if (event.type === "agent.ended") offerEnd(step, event.batch === true ? "batchEnd" : "manualEnd");
    else if (step.move.timer !== null && step.move.end !== null) offerEnd(step, "autoEnd");
  },
});

function offerEnd(step: Step, kind: "manualEnd" | "batchEnd" | "autoEnd"): void {
  const s = step.draft.s;
  const serving = listOf(s.phase, s.waitingIn) === "serving";
  if (kind === "batchEnd" && serving) {
    const manual = step.lookups.resolve("manualEnd");
    if (manual !== undefined) step.output.drop("manualEnd", "suppressed", manual.id, manual.messages.length, "a batch end sends batchEnd, never manualEnd (seed 003 line 32)", "E-BATCH");
  }
  const reply = step.lookups.resolve(kind);
  if (serving) {
    if (reply === undefined) notConfigured(step, kind);
    else step.offer(kind, reply, reply, reply.id);
  } else if (reply !== undefined) {
    step.output.drop(kind, "suppressed", reply.id, reply.messages.length, `no end reply for a session ended from ${s.phase === "offline" ? "the queue" : s.phase} (seed 003 line 27)`, "E-NOT-FROM-QUEUE");
  }
}
