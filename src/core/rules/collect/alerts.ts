import { normalizeText } from "../../match/normalize.js";
import type { AlertEffect } from "../../model/types.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { readOf } from "./offer.js";

/** The first of `words` the folded message holds, if any. */
function firstWord(folded: string, words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) if (folded.includes(words[i] as string)) return words[i];
  return undefined;
}

/**
 * E-URGENT (seed 002 line 25: 当用户消息中包含"紧急"、"投诉"等关键词时优先调取第三类模板) and E-UPSET
 * (line 29: 遇到类似"别烦我"这种带情绪的关键词,系统会启用特殊应答策略同时给客服经理推送预警通知): a
 * visitor message holding one of the words of the `urgent` or `upset` reply the layers resolve
 * offers it, with an alert effect unless `alert: false`; an upset word also starts the mute
 * (E-MUTE) for the reply's `mute`. The urgent reply goes first in the decision (REPLY_ORDER).
 * `text` is what keyword matching read.
 */
function alertWords(step: Step, text: string): void {
  // Most configs set neither: a visitor message then resolves nothing here.
  if (!step.config.alertWords) return;
  const urgent = step.lookups.resolve("urgent");
  const upset = step.lookups.resolve("upset");
  if (urgent === undefined && upset === undefined) return;
  const folded = normalizeText(text);
  for (const reply of [urgent, upset]) {
    if (reply === undefined) continue;
    const word = firstWord(folded, reply.words);
    if (word === undefined) continue;
    const kind = reply.kind as "urgent" | "upset";
    step.offer(kind, reply, reply, reply.id);
    const by = kind === "urgent" ? "E-URGENT" : "E-UPSET";
    if (reply.alert) {
      const alert: AlertEffect = { type: "alert", reason: kind, by, rule: reply.id, detail: `the visitor wrote "${word}", an ${kind} word` };
      step.output.effects.push(Object.freeze(alert));
    }
    if (kind === "upset" && reply.mute > 0) {
      const until = step.at + reply.mute;
      const m = step.draft.s.memory;
      if (m.muted === null || m.muted < until) step.draft.mem().muted = until;
      step.output.effects.push(Object.freeze({ type: "mute", until, by: "E-MUTE", rule: reply.id, detail: `automatic replies muted for ${Math.round(reply.mute / 1000)} s: the visitor wrote "${word}"` }));
    }
  }
}

export const alerts: Trigger = defineTrigger({
  name: "alerts",
  specs: ["E-URGENT", "E-UPSET"],
  on: ["visitor.message"],
  needed: (config) => config.alertWords,
  offer(step, event) {
    if (event.type === "visitor.message") alertWords(step, readOf(step, event.text));
  },
});
