import type { CompiledConfig } from "../config/compiled.js";
import type { ChannelSettings } from "../config/presets.js";
import { SENT_LIMIT, stamp, stampTime, type Memory, type Stamp } from "../model/state.js";
import { formatDuration } from "../config/duration.js";
import type { Step } from "../pipeline/step.js";
import { defineFilter, defineLimit, type Filter, type Limit, type Sieve } from "../pipeline/rule.js";
import type { DropReason } from "../model/verdicts.js";

/**
 * F-PER-MESSAGE (seed 004 line 5: "用户发一条消息,你回复 2 - 3 条是合理的"): how many more automatic
 * messages may go out before the visitor writes again. `Infinity` when the channel sets no cap.
 */
export function capRoom(settings: ChannelSettings, sentSinceVisitor: number): number {
  return settings.perVisitorMessage === null ? Infinity : Math.max(0, settings.perVisitorMessage - sentSinceVisitor);
}

/**
 * F-DEDUPE (seed 004 line 15: the same reply 3 times in 10 minutes is harassment): the texts sent to
 * this visitor within the channel's dedupe window, as stamps of their hashes, with what this
 * decision sends added. A scan of at most `SENT_LIMIT` stamps, not a set: a set built per decision
 * cost more than the scans it saved.
 */
export class RecentTexts implements Sieve {
  /** The memory's stamps, then those of this decision. */
  private list: readonly Stamp[];
  /** Whether `entries()` must differ from the memory's list: a stamp added, or one past the window. */
  private changed = false;

  constructor(private readonly memory: Memory, private readonly window: number, private readonly at: number) {
    this.list = memory.sent;
  }

  /** Whether the text of `hash` (its `hash64`) went to the visitor within the window (or earlier in this decision). */
  has(hash: string): boolean {
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as Stamp;
      if (s.startsWith(hash) && this.at - stampTime(s) < this.window) return true;
    }
    return false;
  }

  /** Records that the text of `hash` is sent now. */
  mark(hash: string): void {
    if (this.has(hash)) return;
    this.list = [...this.list, stamp(hash, this.at)];
    this.changed = true;
  }

  /** The memory's `sent` list after this decision: pruned to the window and to `SENT_LIMIT`, frozen; the memory's own when nothing changed. */
  entries(): Memory["sent"] {
    const at = this.at;
    const live = this.list.filter((s) => at - stampTime(s) < this.window);
    if (!this.changed && live.length === this.memory.sent.length) return this.memory.sent;
    return Object.freeze(live.length > SENT_LIMIT ? live.slice(live.length - SENT_LIMIT) : live);
  }

  why(repeated: number, total: number): { readonly reason: DropReason; readonly by: string; readonly detail: string } {
    return { reason: "frequency", by: "F-DEDUPE", detail: `${repeated} of ${total} message${total === 1 ? "" : "s"} not sent: the same text went to this visitor within the last ${formatDuration(this.window)} (seed 004 line 15)` };
  }

  /** The memory keeps what went out within the window (the memory's own list when nothing changed). */
  save(step: Step): void {
    const sent = this.entries();
    if (sent !== step.draft.s.memory.sent) step.draft.mem().sent = sent;
  }
}

/** F-DEDUPE as a filter of the quota cut: with the channel's `dedupe`, a text sent within it is not sent again. */
export const dedupe: Filter = defineFilter({
  name: "dedupe",
  reason: "frequency",
  specs: ["F-DEDUPE"],
  needed: (config) => someChannel(config, (c) => c.dedupe !== null),
  sieve: (step) => (step.settings.dedupe === null ? null : new RecentTexts(step.draft.s.memory, step.settings.dedupe, step.at)),
});

/** F-PER-MESSAGE as a limit of the quota cut. */
export const perMessageLimit: Limit = defineLimit({
  name: "perVisitorMessage",
  reason: "frequency",
  specs: ["F-PER-MESSAGE"],
  gate: false,
  room: (k) => capRoom(k.settings, k.draft.s.memory.auto),
  why: (k) => ({ by: "F-PER-MESSAGE", detail: `at most ${k.settings.perVisitorMessage as number} automatic messages per visitor message (seed 004 line 5)` }),
  // The count since the visitor's last message, kept only where a cap reads it (the memory of other channels never changes).
  moves: ["visitor.message"],
  move(step) {
    if (step.draft.s.memory.auto !== 0) step.draft.mem().auto = 0;
  },
  sent(step, _c, count) {
    if (step.settings.perVisitorMessage !== null) step.draft.mem().auto = step.draft.s.memory.auto + count;
  },
});

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
  needed: (config) => someChannel(config, (c) => c.breaker !== null),
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

/** Whether a channel of `config` has settings that `has`. */
function someChannel(config: CompiledConfig, has: (settings: ChannelSettings) => boolean): boolean {
  for (const settings of config.channels.values()) if (has(settings)) return true;
  return false;
}
