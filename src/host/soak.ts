/**
 * The soak of docs/host.md, "Reliability": many conversations through several runner workers that
 * share one store, with pushes delivered twice, workers killed before and after their save, and
 * `send` failing, then every conversation checked against `decide` applied once to its events, in
 * order. Used by `npm run soak` (scripts/soak.ts, on a real Redis) and, shorter, by
 * tests/host.test.ts. Not part of any entry: it needs no network and reads no clock of its own.
 */
import { TIMER_NAMES, type ConversationState, type Engine, type EngineEvent, type StartInput, type Timer } from "../core/index.js";
import { createRunner } from "./runner.js";
import type { Outgoing, Runner, Scheduler, Store, Stored } from "./types.js";

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
  /**
   * With timers: the scheduler that reads the timers `store` keeps (`keepsTimers`), handing them out
   * with a lease of 0 so that a timer whose worker was killed is handed out again at the same tick.
   * Events then fall on a grid of `tick` ms of simulated time, the host ticks before each step of
   * the grid, and the model fires the same timers at the same ticks.
   */
  readonly scheduler?: Scheduler;
  /** The step of the grid (ms), 5000 by default. */
  readonly tick?: number;
  /**
   * Errors after which a push or a tick is made again, as the platform pushes again after a 503:
   * a store that is failing over (Redis Cluster). Each is counted in `retried`. None by default.
   */
  readonly retryable?: (error: unknown) => boolean;
}

export interface SoakReport {
  readonly conversations: number;
  readonly pushes: number;
  readonly lostUpdates: number;
  readonly sentTwice: number;
  /**
   * Of `sentTwice`, messages sent again with the same key: a send that went out while marking it sent
   * failed (a store failing over between the two), so the next run sent the outbox again. A host whose
   * platform takes the key as an idempotency key sends it once.
   */
  readonly sameKeyAgain: number;
  readonly neverSent: number;
  readonly outOfOrder: number;
  /** With timers: the timers the model fires, and those the stored states still hold past their due time at the end (must be 0). */
  readonly timersFired: number;
  readonly timersLost: number;
  /** Timers handed out for a state that had moved on (a killed worker's, handed out again): each decided stale, and how many of those sent anything (must be 0). */
  readonly staleTimers: number;
  readonly staleSent: number;
  readonly eventsPerSecond: number;
  readonly p99Ms: number;
  /** Pushes and ticks made again after a `retryable` error. */
  readonly retried: number;
}

class Killed extends Error {}

/** At most this many pushes and ticks made again after `retryable` errors in one run. */
const MAX_RETRIED = 2000;

/**
 * A conversation's pushes: a first message placing the visitor with `agent` or in the queue, then
 * visitor messages, agent messages, openings and presence changes (events valid in every phase),
 * each with a platform id, a few seconds to a minute apart, with now and then a pause of minutes.
 */
export function mixedPushes(next: () => number, conversation: string, count: number, agent: string): EngineEvent[] {
  const texts = ["在吗", "价格表", "你好", "人呢"];
  const route = next() < 0.5 ? { agent } : { queue: 1 + Math.floor(next() * 9) };
  const events: EngineEvent[] = [{ type: "visitor.message", at: 0, text: "在吗", route, id: `${conversation}-0` }];
  for (let i = 1, at = 0; i < count; i++) {
    // Mostly seconds to a minute apart; one gap in ten of 2 to 17 minutes, so that timers come due between pushes.
    at += next() < 0.1 ? 120_000 + Math.floor(next() * 900_000) : 1000 + Math.floor(next() * 60_000);
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

/** The timers of a state due at `now`, in the order a scheduler hands them out (due, then TIMER_NAMES). */
function dueTimers(state: ConversationState, now: number): Timer[] {
  return TIMER_NAMES.flatMap((timer) => {
    const due = state.timers[timer];
    return due !== null && due <= now ? [{ timer, due }] : [];
  }).sort((a, b) => a.due - b.due);
}

/** Runs the soak and compares every conversation with `decide` alone. */
export async function soak(o: SoakOptions): Promise<SoakReport> {
  const next = seeded(o.seed ?? 1);
  const delivered = new Map<string, Outgoing[]>();
  const grid = o.scheduler === undefined ? 1 : (o.tick ?? 5000);
  // A store that kills the worker at the save: before it (nothing written) or after it (written).
  const killing: Store = {
    load: (c) => o.store.load(c),
    sent: (c, keys) => o.store.sent(c, keys),
    ...(o.store.keepsTimers === undefined ? {} : { keepsTimers: o.store.keepsTimers }),
    async save(c: string, expected: number, record: Stored, timers?: readonly Timer[]): Promise<boolean> {
      const roll = next();
      if (roll < o.kills / 2) throw new Killed("killed before the save");
      const saved = await o.store.save(c, expected, record, timers);
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
  // The engine the workers use, counting the timers decided stale and whether any of them sent something.
  let staleTimers = 0;
  let staleSent = 0;
  const engine: Engine = {
    ...o.engine,
    decide: (state, event, options) => {
      const d = o.engine.decide(state, event, options);
      if (event.type === "timer" && d.dropped.some((x) => x.reason === "stale")) {
        staleTimers++;
        if (d.replies.length > 0) staleSent++;
      }
      return d;
    },
  };
  const workers = Array.from({ length: o.workers }, () => createRunner({ engine, store: killing, send, start: o.start, ...(o.scheduler === undefined ? {} : { scheduler: o.scheduler }) }));
  const worker = () => workers[Math.floor(next() * workers.length)] as Runner;
  const script = o.script ?? ((r: () => number, c: string, n: number) => mixedPushes(r, c, n, o.agent ?? ""));
  // With timers, every event falls on the grid, so that the host's ticks and the model's agree.
  const onGrid = (e: EngineEvent): EngineEvent => ({ ...e, at: Math.ceil(e.at / grid) * grid });
  const scripts = Array.from({ length: o.conversations }, (_, i) => [`soak-${i}`, script(next, `soak-${i}`, o.events).map(onGrid)] as const);
  const latencies: number[] = [];
  let pushes = 0;
  let retried = 0;
  /** After a kill, at once; after a `retryable` error, a little later; anything else ends the run. */
  const again = async (e: unknown): Promise<void> => {
    if (e instanceof Killed) return;
    // Bounded: an error that never clears (a store that refuses every write) ends the run.
    if (o.retryable?.(e) !== true || retried >= MAX_RETRIED) throw e;
    retried++;
    await new Promise((r) => setTimeout(r, 50));
  };
  const t0 = o.now();
  /** One push, pushed again after a kill (as the platform does when no answer came); some come twice. */
  const push = async (conversation: string, event: EngineEvent): Promise<void> => {
    const times = next() < o.duplicates ? 2 : 1;
    for (let k = 0; k < times; k++) {
      for (;;) {
        pushes++;
        const started = o.now();
        try {
          await worker().handle(conversation, event);
          latencies.push(o.now() - started);
          break;
        } catch (e) {
          await again(e);
        }
      }
    }
  };
  if (o.scheduler === undefined) {
    // Each conversation's pushes go to a random worker, in order.
    await Promise.all(scripts.map(async ([conversation, events]) => {
      for (const event of events) await push(conversation, event);
    }));
  } else {
    // One clock for all: at each step of the grid the host ticks (again, while a killed worker
    // leaves a timer due), then every conversation's pushes of that instant go in at once.
    const last = Math.max(...scripts.map(([, events]) => events.at(-1)?.at ?? 0));
    const byTime = new Map<number, [string, EngineEvent][]>();
    for (const [conversation, events] of scripts) for (const e of events) byTime.set(e.at, [...(byTime.get(e.at) ?? []), [conversation, e]]);
    for (let now = 0; now <= last + END_TICKS * grid; now += grid) {
      for (;;) {
        try {
          await worker().tick(now);
          break;
        } catch (e) {
          await again(e);
        }
      }
      const pushesNow = byTime.get(now) ?? [];
      const perConversation = new Map<string, EngineEvent[]>();
      for (const [c, e] of pushesNow) perConversation.set(c, [...(perConversation.get(c) ?? []), e]);
      await Promise.all([...perConversation].map(async ([c, events]) => {
        for (const e of events) await push(c, e);
      }));
    }
  }
  // At the end the host flushes what failed sends left (as its next event would).
  await Promise.all(scripts.map(async ([conversation]) => {
    for (let n = 0; n < 50; n++) if ((await workers[0]!.flush(conversation)) === 0 && (await o.store.load(conversation))?.outbox.length === 0) break;
  }));
  const seconds = (o.now() - t0) / 1000;
  let lostUpdates = 0;
  let sentTwice = 0;
  let sameKeyAgain = 0;
  let neverSent = 0;
  let outOfOrder = 0;
  let timersFired = 0;
  let timersLost = 0;
  for (const [conversation, events] of scripts) {
    const end = (events.at(-1)?.at ?? 0) + END_TICKS * grid;
    const { state, texts, timers } = modelOf(o.engine, o.start(conversation), events, o.scheduler === undefined ? null : { grid, end });
    timersFired += timers;
    const stored = await o.store.load(conversation);
    if (JSON.stringify(stored?.state) !== JSON.stringify(state)) lostUpdates++;
    if (o.scheduler !== undefined && stored !== undefined) timersLost += dueTimers(stored.state, end).length;
    const d = deliveryOf(texts, delivered.get(conversation) ?? []);
    // In one process a kill never falls between a send and its removal: any message twice counts.
    sentTwice += d.sameKeyAgain + d.twice;
    sameKeyAgain += d.sameKeyAgain;
    neverSent += d.never;
    if (d.reordered) outOfOrder++;
  }
  latencies.sort((a, b) => a - b);
  return {
    conversations: o.conversations,
    pushes,
    lostUpdates,
    sentTwice,
    sameKeyAgain,
    neverSent,
    outOfOrder,
    timersFired,
    timersLost,
    staleTimers,
    staleSent,
    eventsPerSecond: Math.round(pushes / Math.max(seconds, 1e-9)),
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    retried,
  };
}

/**
 * The model a soak compares each conversation with: `decide` applied once to its events, in order,
 * and, with a grid, the timers due at each step of it fired before that step's events (as the host
 * ticks), up to `end`. Resolves the final state, the texts sent, and how many timers fired.
 */
export function modelOf(engine: Engine, start: StartInput, events: readonly EngineEvent[], ticks: { readonly grid: number; readonly end: number } | null): { state: ConversationState; texts: string[]; timers: number } {
  let state: ConversationState = engine.start(start);
  const texts: string[] = [];
  let timers = 0;
  const apply = (e: EngineEvent) => {
    const d = engine.decide(state, e);
    state = d.state;
    for (const r of d.replies) for (const m of r.messages) texts.push(m.text);
  };
  let i = 0;
  for (let now = 0; ticks !== null && now <= Math.max(ticks.end, 0); now += ticks.grid) {
    for (const t of dueTimers(state, now)) {
      timers++;
      apply({ type: "timer", timer: t.timer, due: t.due, at: now });
    }
    for (; i < events.length && (events[i] as EngineEvent).at === now; i++) apply(events[i] as EngineEvent);
  }
  for (; i < events.length; i++) apply(events[i] as EngineEvent);
  return { state, texts, timers };
}

/**
 * What the platform got against what the model sends: messages that came again with a key already
 * seen (a resend of one message), more texts than the model sends (a message under two keys), fewer
 * (never sent), and whether the texts, each key once, differ from the model's in order.
 */
export function deliveryOf(texts: readonly string[], got: readonly Outgoing[]): { sameKeyAgain: number; twice: number; never: number; reordered: boolean } {
  const once = new Map<string, Outgoing>();
  for (const m of got) if (!once.has(m.key)) once.set(m.key, m);
  const sent = [...once.values()].map((m) => m.text);
  return { sameKeyAgain: got.length - once.size, twice: Math.max(0, sent.length - texts.length), never: Math.max(0, texts.length - sent.length), reordered: JSON.stringify(sent) !== JSON.stringify(texts) };
}

/** How many steps of the grid the host ticks after the last push, so that every timer comes due (an hour at 5 s). */
const END_TICKS = 720;
