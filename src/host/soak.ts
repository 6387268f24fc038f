/**
 * The soak of docs/host.md, "Reliability": many conversations through several runner workers that
 * share one store, with pushes delivered twice, workers killed before and after their save, and
 * `send` failing, then every conversation checked against `decide` applied once to its events, in
 * order. Used by `npm run soak` (scripts/soak.ts, on a real Redis) and, shorter, by
 * tests/host.test.ts. Not part of any entry: it needs no network and reads no clock of its own.
 */
import type { ConversationState, Engine, EngineEvent, StartInput } from "../index.js";
import { createRunner } from "./runner.js";
import type { Outgoing, Store, Stored } from "./types.js";

export interface SoakOptions {
  readonly engine: Engine;
  /** A fresh, empty store shared by every worker. */
  readonly store: Store;
  readonly start: (conversation: string) => StartInput;
  readonly conversations: number;
  readonly events: number;
  readonly workers: number;
  /** Fraction of pushes delivered a second time (WeChat's retries), 0.3 in the issue. */
  readonly duplicates: number;
  /** Fraction of steps whose worker is killed, half before its save and half after it. */
  readonly kills: number;
  /** Fraction of `send` calls that fail. */
  readonly sendFailures: number;
  /** The events of one conversation, given a random source and how many (`mixedPushes` by default). */
  readonly script?: (random: () => number, conversation: string, count: number) => EngineEvent[];
  /** The agent the default script places visitors with. */
  readonly agent?: string;
  readonly seed?: number;
  /** The host's clock, for throughput and latency only (the runner never reads it). */
  readonly now: () => number;
}

export interface SoakReport {
  readonly conversations: number;
  readonly pushes: number;
  readonly lostUpdates: number;
  readonly sentTwice: number;
  readonly neverSent: number;
  readonly outOfOrder: number;
  readonly eventsPerSecond: number;
  readonly p99Ms: number;
}

class Killed extends Error {}

/**
 * A conversation's pushes: a first message placing the visitor with `agent` or in the queue, then
 * visitor messages, agent messages, openings and presence changes (events valid in every phase),
 * each with a platform id, a few seconds to a minute apart.
 */
export function mixedPushes(next: () => number, conversation: string, count: number, agent: string): EngineEvent[] {
  const texts = ["在吗", "价格表", "你好", "人呢"];
  const route = next() < 0.5 ? { agent } : { queue: 1 + Math.floor(next() * 9) };
  const events: EngineEvent[] = [{ type: "visitor.message", at: 0, text: "在吗", route, id: `${conversation}-0` }];
  for (let i = 1, at = 0; i < count; i++) {
    at += 1000 + Math.floor(next() * 60_000);
    const roll = next();
    const id = `${conversation}-${i}`;
    if (roll < 0.5) events.push({ type: "visitor.message", at, text: texts[Math.floor(next() * texts.length)] as string, id });
    else if (roll < 0.75) events.push({ type: "agent.message", at, id });
    else if (roll < 0.9) events.push({ type: "visitor.opened", at, id });
    else events.push({ type: "presence", at, id, online: next() < 0.7 ? [agent] : [] });
  }
  return events;
}

/** A seeded source of numbers in [0, 1) (mulberry32): the same run every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the soak and compares every conversation with `decide` alone. */
export async function soak(o: SoakOptions): Promise<SoakReport> {
  const next = seeded(o.seed ?? 1);
  const delivered = new Map<string, Outgoing[]>();
  // A store that kills the worker at the save: before it (nothing written) or after it (written).
  const killing: Store = {
    load: (c) => o.store.load(c),
    sent: (c, keys) => o.store.sent(c, keys),
    async save(c: string, expected: number, record: Stored): Promise<boolean> {
      const roll = next();
      if (roll < o.kills / 2) throw new Killed("killed before the save");
      const saved = await o.store.save(c, expected, record);
      if (saved && roll < o.kills) throw new Killed("killed after the save");
      return saved;
    },
  };
  const send = async (m: Outgoing): Promise<void> => {
    if (next() < o.sendFailures) throw new Error("send failed");
    const list = delivered.get(m.conversation) ?? [];
    list.push(m);
    delivered.set(m.conversation, list);
  };
  const workers = Array.from({ length: o.workers }, () => createRunner({ engine: o.engine, store: killing, send, start: o.start }));
  const script = o.script ?? ((r: () => number, c: string, n: number) => mixedPushes(r, c, n, o.agent ?? ""));
  const scripts = Array.from({ length: o.conversations }, (_, i) => [`soak-${i}`, script(next, `soak-${i}`, o.events)] as const);
  const latencies: number[] = [];
  let pushes = 0;
  const t0 = o.now();
  // Each conversation's pushes go to a random worker, in order; a killed or failed step is pushed
  // again, as the platform does when no answer came; some pushes come twice.
  await Promise.all(
    scripts.map(async ([conversation, events]) => {
      for (const event of events) {
        const times = next() < o.duplicates ? 2 : 1;
        for (let k = 0; k < times; k++) {
          for (;;) {
            pushes++;
            const started = o.now();
            const worker = workers[Math.floor(next() * workers.length)]!;
            try {
              await worker.handle(conversation, event);
              latencies.push(o.now() - started);
              break;
            } catch (e) {
              if (!(e instanceof Killed)) throw e;
            }
          }
        }
      }
      // At the end the host flushes what failed sends left (as its next event would).
      for (let n = 0; n < 50; n++) if ((await workers[0]!.flush(conversation)) === 0 && (await o.store.load(conversation))?.outbox.length === 0) break;
    }),
  );
  const seconds = (o.now() - t0) / 1000;
  let lostUpdates = 0;
  let sentTwice = 0;
  let neverSent = 0;
  let outOfOrder = 0;
  for (const [conversation, events] of scripts) {
    let state: ConversationState = o.engine.start(o.start(conversation));
    const texts: string[] = [];
    for (const e of events) {
      const d = o.engine.decide(state, e);
      state = d.state;
      for (const r of d.replies) for (const m of r.messages) texts.push(m.text);
    }
    const stored = await o.store.load(conversation);
    if (JSON.stringify(stored?.state) !== JSON.stringify(state)) lostUpdates++;
    const got = delivered.get(conversation) ?? [];
    const keys = new Set(got.map((m) => m.key));
    sentTwice += got.length - keys.size;
    const sentTexts = got.map((m) => m.text);
    neverSent += Math.max(0, texts.length - keys.size);
    if (JSON.stringify(sentTexts) !== JSON.stringify(texts)) outOfOrder++;
  }
  latencies.sort((a, b) => a - b);
  return {
    conversations: o.conversations,
    pushes,
    lostUpdates,
    sentTwice,
    neverSent,
    outOfOrder,
    eventsPerSecond: Math.round(pushes / Math.max(seconds, 1e-9)),
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}
