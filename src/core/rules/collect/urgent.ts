import { scheduleFor } from "../../config/layers.js";
import { normalizeText } from "../../match/normalize.js";
import type { TransferEffect } from "../../model/types.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { inDnd } from "./dnd.js";
import { readOf } from "./offer.js";

/**
 * D-URGENT (seed 002 line 13: 若遇紧急咨询请求,系统会通过预设的智能分流规则将其转至值班人员) and D-OFF-HOURS
 * (seed 001 line 14: 非工作时间自动转接值班人员): a visitor message holding one of the schedule's urgent
 * words, while the agent is in do-not-disturb or the time is outside the schedule's hours, asks the
 * host to transfer the conversation to the schedule's duty agent or group. The schedule is the most
 * specific one of the conversation (the agent's, else its group's, the channel's, the app's: H-LAYER).
 * An effect is data: the host routes the visitor, then sends `visitor.transfer`.
 */
function transferUrgent(step: Step, text: string, dnd: boolean): void {
  if (step.config.schedules.size === 0) return;
  const schedule = scheduleFor(step.config, "agent", step.lookups.context());
  if (schedule === null || schedule.duty === null) return;
  const duty = schedule.duty;
  // Already with the duty: nothing to transfer.
  if ("agent" in duty ? step.draft.s.agent === duty.agent : step.draft.s.group === duty.group) return;
  const closed = !dnd && step.lookups.period(schedule).period !== "open";
  if (!dnd && !closed) return;
  const folded = normalizeText(text);
  const word = schedule.urgent.find((w) => folded.includes(w));
  if (word === undefined) return;
  const to = "agent" in duty ? `agent ${duty.agent}` : `group ${duty.group}`;
  const why = dnd ? `the agent ${step.draft.s.agent ?? ""} is in do-not-disturb` : `it is outside the hours of schedule ${schedule.name}`;
  const by = dnd ? "D-URGENT" : "D-OFF-HOURS";
  const effect: TransferEffect = { type: "transfer", to: Object.freeze("agent" in duty ? { agent: duty.agent } : { group: duty.group }), reason: dnd ? "dnd" : "closed", by, detail: `"${word}" is urgent and ${why}: transfer to the duty ${to} (schedule ${schedule.name})` };
  step.output.effects.push(Object.freeze(effect));
  if (step.output.trace !== null) step.output.note("event", "transfer", effect.detail, by);
}

export const urgent: Trigger = defineTrigger({
  name: "urgent transfer",
  specs: ["D-URGENT", "D-OFF-HOURS"],
  on: ["visitor.message"],
  needed: (config) => config.schedules.size > 0,
  offer(step, event) {
    if (event.type === "visitor.message") transferUrgent(step, readOf(step, event.text), inDnd(step));
  },
});
