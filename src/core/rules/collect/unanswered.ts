import type { AlertEffect } from "../../model/types.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";

/**
 * E-UNANSWERED (seed 002 line 19: 客户连续发送3条消息未获人工响应时自动推送预约表单): the visitor's messages
 * since a human last answered, counted in the memory where a layer sets an `unanswered` reply (so the
 * memory of other configs never changes). The message that brings the count to the reply's `count`
 * offers it, once per run of messages, with an alert for the host when it asks for one. Not with the
 * robot: nobody is expected to answer there.
 */
function countUnanswered(step: Step): void {
  if (!step.config.countsUnanswered || step.draft.s.phase === "robot") return;
  const n = step.draft.s.memory.unanswered + 1;
  step.draft.mem().unanswered = n;
  const reply = step.lookups.resolve("unanswered");
  if (reply === undefined) return;
  if (reply.count !== n) {
    if (step.output.trace !== null) step.output.note("unanswered", "noRule", `${n} visitor message${n === 1 ? "" : "s"} without a human answer; the reply goes out at ${reply.count ?? 0}, once per run`, "E-UNANSWERED", { rule: reply.id });
    return;
  }
  step.offer("unanswered", reply, reply, reply.id);
  if (!reply.alert) return;
  const alert: AlertEffect = { type: "alert", reason: "unanswered", by: "E-UNANSWERED", rule: reply.id, detail: `${n} visitor messages in a row without a human answer` };
  step.output.effects.push(Object.freeze(alert));
}

/** A human answered (agent.message), or the session ended: the count starts again. */
function resetUnanswered(step: Step): void {
  if (step.draft.s.memory.unanswered !== 0) step.draft.mem().unanswered = 0;
}

export const unanswered: Trigger = defineTrigger({
  name: "unanswered",
  specs: ["E-UNANSWERED"],
  on: ["visitor.message"],
  offer: (step) => countUnanswered(step),
  moves: ["agent.message"],
  move: (step) => resetUnanswered(step),
  ended: (step) => resetUnanswered(step),
});
