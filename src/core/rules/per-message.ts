import type { ChannelSettings } from "../config/presets.js";
import { defineLimit, type Limit } from "../pipeline/rule.js";

/**
 * F-PER-MESSAGE (seed 004 line 5: "用户发一条消息,你回复 2 - 3 条是合理的"): how many more automatic
 * messages may go out before the visitor writes again. `Infinity` when the channel sets no cap.
 */
export function capRoom(settings: ChannelSettings, sentSinceVisitor: number): number {
  return settings.perVisitorMessage === null ? Infinity : Math.max(0, settings.perVisitorMessage - sentSinceVisitor);
}

/** F-PER-MESSAGE as a limit of the quota cut. */
export const perMessageLimit: Limit = defineLimit({
  name: "perVisitorMessage",
  reason: "frequency",
  specs: ["F-PER-MESSAGE"],
  gate: false,
  room: (k) => capRoom(k.settings, k.draft.s.memory.auto),
  why: (k) => ({ by: "F-PER-MESSAGE", detail: `at most ${k.settings.perVisitorMessage as number} automatic messages per visitor message (seed 004 line 5)` }),
  // The count since the visitor's last message, kept only where a cap reads it (the memory of other channels never changes).
  moves: ["visitor.message", "visitor.rated"],
  move(step) {
    if (step.draft.s.memory.auto !== 0) step.draft.mem().auto = 0;
  },
  sent(step, _c, count) {
    if (step.settings.perVisitorMessage !== null) step.draft.mem().auto = step.draft.s.memory.auto + count;
  },
});
