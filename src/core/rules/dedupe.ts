import { anyChannel } from "../config/presets.js";
import { formatDuration } from "../config/duration.js";
import { SENT_LIMIT, stamp, stampTime, type Memory, type Stamp } from "../model/state.js";
import type { DropReason } from "../model/verdicts.js";
import { defineFilter, type Filter, type Sieve } from "../pipeline/rule.js";
import type { Step } from "../pipeline/step.js";

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
  needed: (config) => anyChannel(config.channels, (c) => c.dedupe !== null),
  sieve: (step) => (step.settings.dedupe === null ? null : new RecentTexts(step.draft.s.memory, step.settings.dedupe, step.at)),
});
