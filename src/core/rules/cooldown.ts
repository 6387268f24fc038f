import { formatDuration } from "../config/duration.js";
import { stampedWithin } from "../model/state.js";
import { ruleHash } from "./fired.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * `cooldown` (seed 000 line 7: "同一访客多久触发一次"): a reply is not sent to the same visitor again
 * within its cooldown after it went out. `dropped` gives the time it may go out again.
 */
export const cooldown: Policy = definePolicy({
  name: "cooldown",
  verdict: "frequency",
  specs: ["F-COOLDOWN"],
  appliesTo: (reply) => reply.frequency?.cooldown != null,
  judge(c, step) {
    const every = c.reply.frequency?.cooldown;
    const at = every == null ? undefined : stampedWithin(step.draft.s.memory.fired, ruleHash(c), every, step.at);
    if (every == null || at === undefined) return undefined;
    return { verdict: "frequency", by: "F-COOLDOWN", detail: `sent ${formatDuration(step.at - at)} ago; the cooldown is ${formatDuration(every)} (seed 000 line 7)`, until: at + every };
  },
});
