import type { CompiledReply } from "../../config/compiled.js";
import { formatDuration } from "../../config/duration.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { transferEffect } from "../../pipeline/transfer.js";
import { firing } from "./offer.js";

/**
 * E-BACKUP (seed 002 line 39: 主通道连续10分钟未响应 … 自动导流至备用通道 … 值班经理的手机将收到 … 预警): the
 * second stage of agentSilent, `backup: { after, alert?, transfer? }`, timed from the first visitor
 * message no human answered: when its timer fires, an alert and a transfer effect, and no message.
 */
export const backup: Trigger = defineTrigger({
  name: "backup",
  specs: ["E-BACKUP"],
  on: ["timer"],
  offer(step, event) {
    if (event.type !== "timer" || event.timer !== "backup" || !firing(step)) return;
    const reply = step.lookups.resolve("agentSilent");
    const stage = reply?.backup;
    if (stage == null) return;
    const rule = (reply as CompiledReply).id;
    const waited = `no human has answered the visitor for ${formatDuration(stage.after)} (timer due at ${event.due}): the backup stage`;
    if (stage.alert) step.output.effects.push(Object.freeze({ type: "alert", reason: "unread", by: "E-BACKUP", rule, detail: waited }));
    if (stage.transfer !== null) step.output.effects.push(transferEffect(stage.transfer, "unread", "E-BACKUP", waited));
    if (step.output.trace !== null) step.output.note("agentSilent", stage.transfer !== null ? "transfer" : "alert", `${waited}: ${[stage.alert ? "an alert" : "", stage.transfer !== null ? "a transfer" : ""].filter(Boolean).join(" and ")}, no message`, "E-BACKUP", { rule });
  },
});
