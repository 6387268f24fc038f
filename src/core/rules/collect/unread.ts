import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { transferEffect } from "../../pipeline/transfer.js";
import { firing } from "./offer.js";

/**
 * E-UNREAD (seed 002 line 15: 当系统检测到超过90秒未读消息时,会主动触发深度服务预案 … 转接专属客服经理;
 * line 39: 主通道连续10分钟未响应 … 导流至备用通道 … 值班经理的手机将收到 … 预警): when the agentSilent
 * timer fires, its reply's `alert` and `transfer` become effects, whether or not its messages go out.
 */
export const unread: Trigger = defineTrigger({
  name: "unread",
  specs: ["E-UNREAD"],
  on: ["timer"],
  offer(step, event) {
    if (event.type !== "timer" || event.timer !== "agentSilent" || !firing(step)) return;
    const reply = step.lookups.resolve("agentSilent");
    if (reply === undefined || (!reply.alert && reply.transfer === null)) return;
    const waited = `the agent has not answered the visitor for ${Math.round((reply.after ?? 0) / 1000)} s (timer due at ${event.due})`;
    if (reply.alert) step.output.effects.push(Object.freeze({ type: "alert", reason: "unread", by: "E-UNREAD", rule: reply.id, detail: waited }));
    if (reply.transfer !== null) step.output.effects.push(transferEffect(reply.transfer, "unread", "E-UNREAD", waited));
  },
});
