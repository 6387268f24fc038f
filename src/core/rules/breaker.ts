import { anyChannel } from "../config/presets.js";
import { formatDuration } from "../config/duration.js";
import { defineLimit, type Limit } from "../pipeline/rule.js";
import type { Step } from "../pipeline/step.js";

/** The automatic replies of the breaker's window that `replies` remembers, at `at`. */
function inWindow(replies: readonly number[], window: number, at: number): number {
  let n = 0;
  for (let i = 0; i < replies.length; i++) if (at - (replies[i] as number) < window) n++;
  return n;
}

/**
 * F-BREAKER, a circuit breaker against reply loops (FreeScout caps automatic replies at 3 per 10
 * minutes per conversation): with a channel `breaker`, at most `max` automatic replies within its
 * sliding `window`; a reply past it is cut whole.
 */
export const breakerLimit: Limit = defineLimit({
  name: "breaker",
  reason: "frequency",
  specs: ["F-BREAKER"],
  gate: false,
  room: (k) => (k.settings.breaker === null || inWindow(k.draft.s.memory.replies, k.settings.breaker.window, k.at) < k.settings.breaker.max ? Infinity : 0),
  why: (k) => ({ by: "F-BREAKER", detail: `${k.settings.breaker?.max ?? 0} automatic replies within ${formatDuration(k.settings.breaker?.window ?? 0)} already (the channel's breaker)` }),
  sent: (step) => countReply(step),
  needed: (config) => anyChannel(config.channels, (c) => c.breaker !== null),
});

/** F-BREAKER: a reply went out now; the memory keeps the times of the window's, at most `max`. */
function countReply(step: Step): void {
  const breaker = step.settings.breaker;
  if (breaker === null) return;
  const at = step.at;
  const kept = step.draft.s.memory.replies.filter((t) => at - t < breaker.window);
  kept.push(at);
  step.draft.mem().replies = Object.freeze(kept.length > breaker.max ? kept.slice(kept.length - breaker.max) : kept);
}
