import { hash64 } from "../../model/hash.js";
import { normalizeText } from "../../match/normalize.js";
import { stamp, stampHash, stampTime } from "../../model/state.js";
import { transferEffect } from "../../pipeline/transfer.js";
import type { Step } from "../../pipeline/step.js";
import { defineTrigger, type Trigger } from "../../pipeline/rule.js";
import { readOf } from "./offer.js";

/** The seed's window for a run of identical messages (seed 002 line 27: 5分钟内). */
export const REPEAT_WITHIN = 5 * 60_000;

/**
 * E-REPEATED (seed 002 line 27: 当同一客户5分钟内连续发送相同内容超过3次,系统会自动推送转人工提示并临时屏蔽自动应答):
 * the run of identical visitor messages (folded like keywords), counted in the memory where a layer
 * sets a `repeated` reply. The message that brings the run to the reply's `count`, all of it within
 * `within` of its first, offers the reply, once per run; it starts the mute (E-MUTE) and asks for a
 * transfer when the reply says so. `text` is what keyword matching read (at most `limits.text`).
 */
function countRepeats(step: Step, text: string): void {
  if (!step.config.countsRepeats) return;
  const m = step.draft.s.memory;
  const reply = step.lookups.resolve("repeated");
  const within = reply?.within ?? REPEAT_WITHIN;
  const hash = hash64(normalizeText(text).trim());
  const same = m.repeat !== null && stampHash(m.repeat) === hash && step.at - stampTime(m.repeat) <= within;
  const n = same ? m.repeats + 1 : 1;
  const d = step.draft.mem();
  d.repeat = same && m.repeat !== null ? m.repeat : stamp(hash, step.at);
  d.repeats = n;
  // A mute that is over is forgotten.
  if (m.muted !== null && step.at >= m.muted) d.muted = null;
  if (reply === undefined) return;
  if (reply.count !== n) {
    if (step.output.trace !== null) step.output.note("repeated", "noRule", `${n} identical message${n === 1 ? "" : "s"} in a row; the reply goes out at ${reply.count ?? 0}, once per run`, "E-REPEATED", { rule: reply.id });
    return;
  }
  step.offer("repeated", reply, reply, reply.id);
  if (reply.mute > 0) {
    d.muted = step.at + reply.mute;
    step.output.effects.push(Object.freeze({ type: "mute", until: d.muted, by: "E-MUTE", rule: reply.id, detail: `automatic replies muted for ${Math.round(reply.mute / 1000)} s: the same message ${n} times in a row` }));
  }
  if (reply.transfer !== null) step.output.effects.push(transferEffect(reply.transfer, "repeated", "E-REPEATED", `the same message ${n} times in a row`));
}

/** The session ended: the run and the mute are forgotten. */
function resetRepeats(step: Step): void {
  const m = step.draft.s.memory;
  if (m.repeat === null && m.muted === null) return;
  const d = step.draft.mem();
  d.repeat = null;
  d.repeats = 0;
  d.muted = null;
}

export const repeated: Trigger = defineTrigger({
  name: "repeated",
  specs: ["E-REPEATED", "E-MUTE"],
  on: ["visitor.message"],
  offer(step, event) {
    if (event.type === "visitor.message") countRepeats(step, readOf(step, event.text));
  },
  ended: (step) => resetRepeats(step),
});
