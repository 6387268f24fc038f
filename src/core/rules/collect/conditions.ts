import type { CompiledCondition } from "../../config/conditions.js";
import { scheduleFor } from "../../config/layers.js";
import { normalizeText } from "../../match/normalize.js";
import type { Step } from "../../pipeline/step.js";
import { transferEffect } from "../../pipeline/transfer.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";

/**
 * E-CONDITION (seed 002 line 21: 把用户消息长度超过20字、连续发送三条消息、特定时段这三个条件组合触发人工介入提醒):
 * on a visitor message, each rule of `conditions` whose `all` hold, one of whose `any` holds (when
 * it has some) and none of whose `not` holds returns an alert effect, and a transfer if it says so.
 * `inARow: n` holds for the n-th visitor message without a human answer only, so a rule with it
 * alerts once per run. A condition may nest `all`, `any` and `not` of its own, with the same
 * meaning. `text` is the whole message; `facts` what the host gave with it.
 */
function checkConditions(step: Step, text: string, facts: readonly string[] | undefined): void {
  const rules = step.config.conditions;
  if (rules.length === 0) return;
  let folded: string | undefined;
  const holds = (c: CompiledCondition): boolean => {
    if (c.longer !== null && !(text.length > c.longer)) return false;
    if (c.inARow !== null && step.draft.s.memory.unanswered !== c.inARow) return false;
    if (c.words !== null) {
      folded ??= normalizeText(text);
      const f = folded;
      if (!c.words.some((w) => f.includes(w))) return false;
    }
    if (c.facts !== null && !c.facts.every((f) => facts?.includes(f) === true)) return false;
    if (c.period !== null) {
      const schedule = scheduleFor(step.config, "agent", step.lookups.context());
      if (schedule === null || !c.period.includes(step.lookups.period(schedule).period)) return false;
    }
    return group(c);
  };
  // all, any and not, at the rule and in any condition (nested at most MAX_CONDITION_DEPTH levels).
  const group = (g: { readonly all: readonly CompiledCondition[]; readonly any: readonly CompiledCondition[]; readonly not: readonly CompiledCondition[] }): boolean =>
    g.all.every(holds) && (g.any.length === 0 || g.any.some(holds)) && !g.not.some(holds);
  for (const rule of rules) {
    if (!group(rule)) continue;
    const detail = `the conditions of ${rule.id} hold on this message`;
    step.output.effects.push(Object.freeze({ type: "alert", reason: "condition", by: "E-CONDITION", rule: rule.id, detail }));
    if (rule.transfer !== null) step.output.effects.push(transferEffect(rule.transfer, "condition", "E-CONDITION", detail));
  }
}

export const conditions: Trigger = defineTrigger({
  name: "conditions",
  specs: ["E-CONDITION"],
  on: ["visitor.message"],
  needed: (config) => config.conditions.length > 0,
  offer(step, event) {
    if (event.type === "visitor.message") checkConditions(step, event.text, event.facts);
  },
});
