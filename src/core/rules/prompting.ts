import { formatDuration } from "../config/duration.js";
import type { Candidate, Step } from "../pipeline/step.js";
import { hash64 } from "../model/hash.js";
import { stamp, stampHash, stampTime, type Stamp } from "../model/state.js";
import { pageKey } from "./fired.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * Proactive prompts take turns (seed 000 line 16: "不同触发规则之间要有优先级,避免用户刚关闭一个弹窗又来第二个"):
 * - P-ONE: one prompt at a time. While one shows (the memory's `prompt`), no other is shown; of the
 *   prompts one page view calls for, the first in priority order that nothing else holds back is
 *   shown and the rest are suppressed.
 * - P-GAP: after the visitor dismissed any reply (the prompt showing or another), no prompt within
 *   `prompts.gap`, 24 hours by default (seed 000 line 17: the cooldown belongs to the visitor).
 * - P-CLOSE: the prompt showing closes when the visitor dismisses it, writes, or moves to another
 *   page, and counts as closed `PROMPT_OPEN` after it was shown (a visitor who left the tab open, or
 *   came back another day to the same page).
 * Last in the chain, so a prompt held back by its own frequency settings does not take the turn.
 */
export const prompting: Policy = definePolicy({
  name: "prompting",
  verdict: "suppressed",
  specs: ["P-ONE", "P-GAP"],
  appliesTo: (reply) => reply.kind === "prompt",
  judge(c, step) {
    const m = step.draft.s.memory;
    if (m.prompt !== null && step.at - stampTime(m.prompt) < PROMPT_OPEN) {
      const same = m.prompt.startsWith(hash64(c.rule));
      return { verdict: "suppressed", by: "P-ONE", detail: same ? `this prompt is showing since ${stampTime(m.prompt)}: it is not shown twice (seed 000 line 16)` : `another prompt is showing since ${stampTime(m.prompt)}: one prompt at a time (seed 000 line 16)` };
    }
    const gap = step.config.prompts.gap;
    if (m.closed !== null && step.at - m.closed < gap) {
      return { verdict: "suppressed", by: "P-GAP", detail: `the visitor dismissed a reply ${formatDuration(step.at - m.closed)} ago; no prompt for prompts.gap, ${formatDuration(gap)} (seed 000 line 17: 给他设置一段冷却时间)`, until: m.closed + gap };
    }
    const first = shownBefore(step, c);
    if (first !== undefined) return { verdict: "suppressed", by: "P-ONE", detail: `prompt ${first.rule} comes first (priority, then layer, then the order written): one prompt at a time (seed 000 line 16)` };
    return undefined;
  },
  // P-CLOSE: the visitor writes, moves to another page, or dismisses the prompt showing; any dismissal starts P-GAP.
  moves: ["visitor.opened", "visitor.message", "visitor.page", "visitor.dismissed"],
  move(step, event) {
    if (event.type === "visitor.message") closePrompt(step);
    else if (event.type === "visitor.dismissed") dismissPrompt(step, event.rule);
    else if ((event.type === "visitor.opened" || event.type === "visitor.page") && event.page !== undefined && otherPage(step.draft.previous.memory.page, event.page)) closePrompt(step);
  },
  sent(step, c) {
    if (c.kind === "prompt") promptShown(step, c);
  },
});

/** Whether `page` is another page than the one the visitor was on (`null`: none yet, so no other). */
function otherPage(before: Stamp | null, page: string): boolean {
  return before !== null && !before.startsWith(hash64(pageKey(page)));
}

/** How long a prompt counts as showing when nothing closes it (our choice: the seed gives no figure). */
export const PROMPT_OPEN = 30 * 60_000;

/** The prompt of this decision before `c` that passed the chain, if any. */
function shownBefore(step: Step, c: Candidate): Candidate | undefined {
  const candidates = step.output.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const other = candidates[i] as Candidate;
    if (other === c) return undefined;
    if (other.kind === "prompt" && other.passed) return other;
  }
  return undefined;
}

/** A prompt went out: it shows now (P-ONE). */
function promptShown(step: Step, c: Candidate): void {
  step.draft.mem().prompt = stamp(hash64(c.rule), step.at);
}

/** P-CLOSE: the visitor wrote, or moved to another page: the prompt showing closes (no gap starts). */
function closePrompt(step: Step): void {
  if (step.draft.s.memory.prompt !== null) step.draft.mem().prompt = null;
}

/**
 * P-GAP, P-CLOSE: the visitor dismissed `rule` (a reply they were sent): the visitor's cooldown on
 * prompts starts, whichever reply it was; when it is the prompt showing, that prompt closes too.
 */
function dismissPrompt(step: Step, rule: string): void {
  const showing = step.draft.s.memory.prompt;
  const m = step.draft.mem();
  if (showing !== null && stampHash(showing) === hash64(rule)) m.prompt = null;
  m.closed = step.at;
}
