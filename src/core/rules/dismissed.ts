import { formatDuration } from "../config/duration.js";
import { stampedWithin } from "../model/state.js";
import { dismiss, ruleHash } from "./fired.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * `dismiss` (seed 000 line 17: "如果用户明确关闭过触发消息、或点击过“不需要”,那就给他设置一段冷却时间(例如 24
 * 小时或更长)"): after a `visitor.dismissed` event names the reply's rule, it is not sent again within
 * its dismiss time.
 */
export const dismissed: Policy = definePolicy({
  name: "dismissed",
  verdict: "frequency",
  specs: ["F-DISMISS"],
  appliesTo: (reply) => reply.frequency?.dismiss != null,
  moves: ["visitor.dismissed"],
  move(step, event) {
    // The event was checked: the rule may be dismissed, and was sent.
    if (event.type === "visitor.dismissed") dismiss(step, event.rule);
  },
  judge(c, step) {
    const wait = c.reply.frequency?.dismiss;
    const at = wait == null ? undefined : stampedWithin(step.draft.s.memory.dismissed, ruleHash(c), wait, step.at);
    if (wait == null || at === undefined) return undefined;
    return { verdict: "frequency", by: "F-DISMISS", detail: `the visitor dismissed it ${formatDuration(step.at - at)} ago; the rule waits ${formatDuration(wait)} after a dismissal (seed 000 line 17)`, until: at + wait };
  },
});
