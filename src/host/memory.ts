import type { Timer } from "../index.js";
import type { DueTimer, Scheduler, Store, Stored } from "./types.js";

/**
 * A store in this process's memory: for tests and for one process alone. Records go through JSON on
 * the way in and out, as they would through any real store, so a state comes back as plain data
 * that the engine checks (a state is never shared with the caller by reference).
 */
export function memoryStore(): Store & { readonly size: () => number } {
  const records = new Map<string, string>();
  const read = (conversation: string): Stored | undefined => {
    const text = records.get(conversation);
    return text === undefined ? undefined : (JSON.parse(text) as Stored);
  };
  return Object.freeze({
    load: async (conversation: string) => read(conversation),
    async save(conversation: string, expected: number, next: Stored): Promise<boolean> {
      if ((read(conversation)?.revision ?? 0) !== expected) return false;
      records.set(conversation, JSON.stringify(next));
      return true;
    },
    async sent(conversation: string, keys: readonly string[]): Promise<void> {
      const stored = read(conversation);
      if (stored === undefined) return;
      const done = new Set(keys);
      records.set(conversation, JSON.stringify({ ...stored, outbox: stored.outbox.filter((m) => !done.has(m.key)) }));
    },
    size: () => records.size,
  });
}

/** A scheduler in this process's memory: each conversation's pending timers, replaced on every decision. */
export function memoryScheduler(): Scheduler & { readonly pending: (conversation: string) => readonly Timer[] } {
  const timers = new Map<string, readonly Timer[]>();
  return Object.freeze({
    async schedule(conversation: string, next: readonly Timer[]): Promise<void> {
      if (next.length === 0) timers.delete(conversation);
      else timers.set(conversation, [...next]);
    },
    async due(now: number): Promise<readonly DueTimer[]> {
      const due: DueTimer[] = [];
      for (const [conversation, list] of timers) {
        const left = list.filter((t) => t.due > now);
        for (const timer of list) if (timer.due <= now) due.push({ conversation, timer });
        if (left.length === 0) timers.delete(conversation);
        else timers.set(conversation, left);
      }
      return due.sort((a, b) => a.timer.due - b.timer.due);
    },
    pending: (conversation: string) => timers.get(conversation) ?? [],
  });
}
