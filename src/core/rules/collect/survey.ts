import { hash64 } from "../../model/hash.js";
import { stamp, stampHash } from "../../model/state.js";
import type { SurveyEffect } from "../../model/types.js";
import { listOf } from "../../pipeline/placement.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import type { Step } from "../../pipeline/step.js";

/**
 * S-SURVEY, S-SURVEY-END, S-SURVEY-ONCE, S-SURVEY-ANSWER: the satisfaction survey follows the end
 * reply of a manual or automatic end of a session with a human (the end reply's own condition, seed
 * 003 line 27), never a batch end (line 32): once per session, as a session ends once. The
 * visitor's answer (`visitor.rated`) gives the host a `survey` effect with the score and sends the
 * thank-you; the survey takes one answer, and a click after it sends nothing. Its question, labels and
 * thanks follow the visitor's language (S-SURVEY-LOCALE: `Step.offer` picks them); the effect keeps the own labels.
 */
export const survey: Trigger = defineTrigger({
  name: "survey",
  specs: ["S-SURVEY", "S-SURVEY-END", "S-SURVEY-ONCE", "S-SURVEY-ANSWER", "S-SURVEY-LOCALE"],
  on: ["agent.ended", "timer", "visitor.rated"],
  // Always needed: a state from another config may carry a survey asked, and its answer must be remembered.
  offer(step, event) {
    if (event.type === "visitor.rated") answer(step, event.score);
    else if (step.move.end !== null) ask(step, step.move.end === "batchEnd");
  },
  moves: ["visitor.rated"],
  move(step, event) {
    if (step.draft.s.memory.rated === null) step.draft.mem().rated = event.at;
  },
  sent(step, c) {
    if (c.kind !== "survey") return;
    const m = step.draft.mem();
    m.survey = stamp(hash64(c.rule), step.at);
    m.rated = null;
  },
});

function ask(step: Step, batch: boolean): void {
  const reply = step.lookups.resolve("survey");
  if (reply?.survey == null) return;
  const s = step.draft.s;
  if (batch || listOf(s.phase, s.waitingIn) !== "serving") {
    step.output.drop("survey", "suppressed", reply.id, reply.messages.length, batch ? "no survey after a batch end (seed 003 line 32)" : `no survey for a session ended from ${s.phase === "offline" ? "the queue" : s.phase} (seed 003 line 27)`, "S-SURVEY-END");
  } else {
    step.offer("survey", reply, reply, reply.id, false, reply.survey.buttons);
  }
}

function answer(step: Step, score: number): void {
  const { survey: asked, rated } = step.draft.previous.memory;
  if (rated !== null) {
    if (step.output.trace !== null) step.output.note("event", "noRule", `the survey was answered at ${rated}: a click after the answer sends nothing`, "S-SURVEY-ONCE");
    return;
  }
  const reply = step.config.surveys.get(stampHash(asked as string));
  const label = reply?.survey?.buttons[score - 1]?.text ?? String(score);
  const of = reply?.survey?.buttons.length ?? null;
  const effect: SurveyEffect = { type: "survey", score, of, label, by: "S-SURVEY-ANSWER", rule: reply?.id ?? null, detail: `score ${score} of ${of ?? "?"}: ${label}` };
  step.output.effects.push(Object.freeze(effect));
  if (step.output.trace !== null) step.output.note("event", "survey", effect.detail, "S-SURVEY-ANSWER", reply === undefined ? {} : { rule: reply.id });
  const thanks = reply?.survey?.thanks ?? null;
  if (thanks !== null) step.offer("surveyThanks", thanks, thanks, thanks.id);
}
