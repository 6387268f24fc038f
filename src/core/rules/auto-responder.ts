import { anyChannel } from "../config/presets.js";
import { formatDuration } from "../config/duration.js";
import { normalizeText } from "../match/normalize.js";
import { stampTime } from "../model/state.js";
import type { EngineEvent } from "../model/types.js";
import { definePolicy, defineTrigger, type Policy, type Trigger } from "../pipeline/rule.js";
import type { Refusal, Step } from "../pipeline/step.js";
import { readOf } from "./collect/offer.js";

/**
 * G-AUTO (RFC 3834: no automatic response to a message that is itself automatic; FreeScout and
 * Chatwoot's loops of two systems answering each other): with a channel's `autoResponder`, a visitor
 * message holding one of its markers, or the same text more than `repeats` times in a row within
 * `within` (and every further one of that run at that pace), is taken for an auto-responder's. Why, or `null`. `text` is what matching read.
 */
function automatic(step: Step, text: string): string | null {
  const guard = step.settings.autoResponder;
  if (guard === null) return null;
  if (guard.markers.length > 0) {
    const folded = normalizeText(text);
    for (const marker of guard.markers) if (folded.includes(marker)) return `it holds the marker "${marker}"`;
  }
  // A run of identical messages at least as fast, on average, as `repeats + 1` within `within`: the
  // run that was taken for an auto-responder's stays so while it lasts at that pace.
  const m = step.draft.s.memory;
  const n = m.repeats;
  if (m.repeat !== null && n > guard.repeats && (step.at - stampTime(m.repeat)) * guard.repeats <= guard.within * (n - 1)) return `the same text ${n} times in a row, as fast as ${guard.repeats + 1} within ${formatDuration(guard.within)}`;
  return null;
}

/**
 * G-AUTO, the trigger: after the run of identical messages is counted (E-REPEATED's count, which a
 * channel's guard turns on), a message taken for an auto-responder's trips the channel's breaker
 * (F-BREAKER: its window filled, so no automatic reply goes out until it slides), and the policy
 * below holds every reply of this decision back.
 */
export const autoResponderSeen: Trigger = defineTrigger({
  name: "automatic",
  specs: ["G-AUTO"],
  on: ["visitor.message"],
  offer(step: Step, event: EngineEvent) {
    if (event.type !== "visitor.message" || step.settings.autoResponder === null) return;
    const why = automatic(step, readOf(step, event.text));
    step.automatic = why;
    const breaker = step.settings.breaker;
    if (why !== null && breaker !== null) step.draft.mem().replies = Object.freeze(Array.from({ length: breaker.max }, () => step.at));
  },
});

/** G-AUTO, the policy: no automatic reply to a message taken for an auto-responder's, whatever its kind. */
export const autoResponderGuard: Policy = definePolicy({
  name: "autoResponder",
  verdict: "automatic",
  specs: ["G-AUTO"],
  appliesTo: () => true,
  judge(_c, step): Refusal | undefined {
    const why = step.automatic;
    return why === null ? undefined : { verdict: "automatic", by: "G-AUTO", detail: `the visitor's message looks automatic (${why}): no automatic reply to it${step.settings.breaker === null ? "" : ", and the breaker is tripped"}` };
  },
});

/** Whether any channel guards against auto-responders (the repeat count it needs is then kept). */
export const guardsAutoResponders = (channels: Parameters<typeof anyChannel>[0]): boolean => anyChannel(channels, (c) => c.autoResponder !== null);
