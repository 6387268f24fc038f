import { TIMER_NAMES, type Timer } from "../core/index.js";
import type { DueTimer, Scheduler, SendFailure, Store, Stored } from "./types.js";

/** Earliest first; timers due at once in the order of TIMER_NAMES, as the engine lists them. */
export function byDue(a: DueTimer, b: DueTimer): number {
  return a.timer.due - b.timer.due || TIMER_NAMES.indexOf(a.timer.timer) - TIMER_NAMES.indexOf(b.timer.timer);
}

/** The default lease of a timer handed out by `due` (ms): a worker that dies with it leaves it due again after this. */
export const DEFAULT_LEASE = 30_000;

/** How many failures a message in the outbox keeps (`Outgoing.failures`): the last ones. */
export const FAILURES_KEPT = 5;

/** A scheduler in this process's memory, as `memoryScheduler` makes it: `replace` is what a store that keeps the timers calls. */
export type MemoryScheduler = Scheduler & {
  /** The conversation's pending timers (those handed out included). */
  readonly pending: (conversation: string) => readonly Timer[];
  /** Replaces the conversation's timers at once (`schedule` without the promise), for `memoryStore({ scheduler })`. */
  readonly replace: (conversation: string, timers: readonly Timer[]) => void;
};

/**
 * A store in this process's memory: for tests and for one process alone. Records go through JSON on
 * the way in and out, as they would through any real store, so a state comes back as plain data
 * that the engine checks (a state is never shared with the caller by reference). With `scheduler`,
 * a save replaces the conversation's timers in it in the same synchronous step (`keepsTimers`).
 */
export function memoryStore(options: { readonly scheduler?: MemoryScheduler } = {}): Store & { readonly size: () => number } {
  const records = new Map<string, string>();
  const scheduler = options.scheduler;
  const read = (conversation: string): Stored | undefined => {
    const text = records.get(conversation);
    return text === undefined ? undefined : (JSON.parse(text) as Stored);
  };
  return Object.freeze({
    load: async (conversation: string) => read(conversation),
    async save(conversation: string, expected: number, next: Stored, timers: readonly Timer[] = []): Promise<boolean> {
      if ((read(conversation)?.revision ?? 0) !== expected) return false;
      records.set(conversation, JSON.stringify(next));
      scheduler?.replace(conversation, timers);
      return true;
    },
    async sent(conversation: string, keys: readonly string[]): Promise<void> {
      const stored = read(conversation);
      if (stored === undefined) return;
      const done = new Set(keys);
      records.set(conversation, JSON.stringify({ ...stored, outbox: stored.outbox.filter((m) => !done.has(m.key)) }));
    },
    async failed(conversation: string, key: string, failure: SendFailure): Promise<void> {
      const stored = read(conversation);
      if (stored === undefined) return;
      const outbox = stored.outbox.map((m) => (m.key === key ? { ...m, failures: [...(m.failures ?? []), failure].slice(-FAILURES_KEPT) } : m));
      records.set(conversation, JSON.stringify({ ...stored, outbox }));
    },
    keepsTimers: scheduler !== undefined,
    size: () => records.size,
  });
}

/**
 * A scheduler in this process's memory: each conversation's pending timers, replaced on every
 * decision. `due(now)` hands a timer out for `lease` ms (it stays pending until a save replaces it).
 */
export function memoryScheduler(options: { readonly lease?: number } = {}): MemoryScheduler {
  const lease = options.lease ?? DEFAULT_LEASE;
  /** Per conversation: each timer and until when it is handed out (`-Infinity`: not handed out). */
  const timers = new Map<string, { readonly timer: Timer; until: number }[]>();
  const replace = (conversation: string, next: readonly Timer[]): void => {
    if (next.length === 0) timers.delete(conversation);
    else timers.set(conversation, next.map((timer) => ({ timer, until: -Infinity })));
  };
  return Object.freeze({
    schedule: async (conversation: string, next: readonly Timer[]) => replace(conversation, next),
    replace,
    async due(now: number): Promise<readonly DueTimer[]> {
      const due: DueTimer[] = [];
      for (const [conversation, list] of timers) {
        for (const entry of list) {
          if (entry.timer.due > now || entry.until > now) continue;
          entry.until = now + lease;
          due.push({ conversation, timer: entry.timer });
        }
      }
      return due.sort(byDue);
    },
    pending: (conversation: string) => (timers.get(conversation) ?? []).map((e) => e.timer),
  });
}
