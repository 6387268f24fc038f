/**
 * `npm run soak:processes`: the soak with real processes (docs/host.md, "Reliability"). Worker
 * processes (scripts/soak-worker.mjs) share one redis-server on loopback; the parent plays the
 * platform: it pushes each conversation's events to a random worker, pushes again what a dead
 * worker held (WeChat's redelivery) and 30% of the pushes twice, and receives what the workers send.
 * A killer sends SIGKILL to a random worker every 50 to 250 ms, wherever it is (deciding, in the
 * middle of a save, between its save and its send, between a send and marking it sent), and starts
 * a new one. At the end the parent flushes every outbox and compares each conversation with
 * `decide` applied once to its events, in order.
 *
 * A message handed over and then killed before the outbox learned it went out is sent again with
 * the same key when the outbox is flushed: at-least-once, as any outbox is. The report counts those
 * apart (a platform that dedupes by key shows them once); a message sent twice under two keys, or
 * never, is a failure. Exits 1 on a failure. Needs `npm run build` (the workers run the package).
 *
 * Bounded, however the machine is loaded (issue 27):
 * - at most MAX_PROCESSES worker processes exist at once, counting those still starting and those
 *   killed but not yet gone; the killer never kills the last worker that is ready;
 * - a push whose worker died, or whose IPC send failed, leaves that worker's in-flight entries and is
 *   pushed to another worker after a short backoff (a timer, never a loop that keeps the event loop);
 * - every process the run starts (the workers, the redis-server) ends with it: on a normal end, an
 *   exception, an unhandled rejection, SIGINT/SIGTERM/SIGHUP, and at the deadline (DEADLINE_SECONDS,
 *   600 by default), where it prints what it reached and exits 2. When the parent itself is killed by
 *   SIGKILL, the workers exit as their IPC channel closes and the redis-server's watchdog
 *   (scripts/redis-server.ts) kills it.
 * Progress goes to stderr every PROGRESS_SECONDS (10 by default); the report to stdout.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Worker as Thread } from "node:worker_threads";
import { createRunner, redisScheduler, redisStore, type Outgoing } from "../src/host/index.js";
import { deliveryOf, mixedPushes, modelOf, seeded } from "../src/host/soak.js";
import { compile, parseConfig, type EngineEvent } from "../src/core/index.js";
import { readDocument } from "../src/cli/files.js";
import { startRedis, type RedisServer } from "./redis-server.js";

const CONVERSATIONS = Number(process.env["CONVERSATIONS"] ?? 100);
const EVENTS = Number(process.env["EVENTS"] ?? 60);
const DEADLINE_SECONDS = Number(process.env["DEADLINE_SECONDS"] ?? 600);
const PROGRESS_SECONDS = Number(process.env["PROGRESS_SECONDS"] ?? 10);
/** Worker processes serving at once (ready or starting). */
const WORKERS = 4;
/** Worker processes that may exist at once: starting, ready, or killed and not yet gone. */
const MAX_PROCESSES = 8;
/** A worker not ready within this time is killed and replaced. */
const START_TIMEOUT_MS = 60_000;
/** Workers that died before they were ready, in a row, after which the run stops (exit 1). */
const MAX_FAILED_STARTS = 10;
for (const [name, value] of Object.entries({ CONVERSATIONS, EVENTS, DEADLINE_SECONDS, PROGRESS_SECONDS })) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${process.env[name]}`);
}

const say = (line: string) => process.stderr.write(`soak:processes: ${line}\n`);
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- Whatever happens, the run's processes end with it. ----

interface Worker {
  readonly child: ChildProcess;
  /** Resolves at the child's "close": its exit seen and its IPC channel read to the end. */
  readonly closed: Promise<void>;
  readonly inFlight: Map<number, (outcome: Outcome) => void>;
  /** starting: not ready yet; ready: takes pushes; down: killed, or its channel failed (it is being killed); gone: exited. */
  state: "starting" | "ready" | "down" | "gone";
  /** Whether it ever said it was ready. */
  wasReady: boolean;
}
type Outcome = "done" | "failed" | "lost";

/** Every worker process not yet gone (starting, ready, or down). */
const processes = new Set<Worker>();
/** Every worker started: at the end, what each sent is read to the end before the check. */
const everyWorker: Worker[] = [];
let redis: RedisServer | undefined;
let ending = false;

/** Synchronous: SIGKILL to every worker and the redis-server. Safe to call more than once. */
function killEverything(): void {
  for (const w of processes) {
    try {
      w.child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  redis?.kill();
}
process.on("exit", killEverything);
const stopOn = (why: string, code: number) => {
  if (ending) return;
  ending = true;
  say(`${why}; stopping. Reached: ${reached()}`);
  killEverything();
  process.exit(code);
};
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) process.on(sig, () => stopOn(sig, code));
process.on("uncaughtException", (e) => {
  console.error(e);
  stopOn("an exception", 1);
});
process.on("unhandledRejection", (e) => {
  console.error(e);
  stopOn("an unhandled rejection", 1);
});
setTimeout(() => stopOn(`the deadline of ${DEADLINE_SECONDS} s (DEADLINE_SECONDS) passed`, 2), DEADLINE_SECONDS * 1000).unref();
// The deadline again, from a thread of its own, for an event loop that no timer reaches any more (a
// loop of promises that never waits for I/O, as the one of issue 27): 15 s later it kills this
// process with SIGKILL; the workers exit as their channel closes, the redis-server's watchdog kills it.
new Thread(
  `const { setTimeout } = require("node:timers");
   setTimeout(() => {
     require("node:fs").writeSync(2, "soak:processes: still running 15 s past the deadline (its event loop is stuck); SIGKILL\\n");
     process.kill(process.pid, "SIGKILL");
   }, ${(DEADLINE_SECONDS + 15) * 1000});`,
  { eval: true, execArgv: [], stdout: false, stderr: false },
).unref();

// ---- The run. ----

const configPath = join(import.meta.dirname, "..", "spec", "seed-003.config.yaml");
const workerPath = join(import.meta.dirname, "soak-worker.mjs");
const engine = compile(parseConfig(readDocument(configPath)));
const start = (conversation: string) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
const next = seeded(7);

/** What the platform received, by conversation. */
const received = new Map<string, Outgoing[]>();
const receive = (m: Outgoing) => {
  const list = received.get(m.conversation);
  if (list === undefined) received.set(m.conversation, [m]);
  else list.push(m);
};

let kills = 0;
let started = 0;
let mostAtOnce = 0;
let failedStarts = 0;
let pushes = 0;
let answered = 0;
let refused = 0;
let lastRefusal = "";
let conversationsDone = 0;
let running = true;
const latencies: number[] = [];
const total = { events: 0 };

function reached(): string {
  const ready = [...processes].filter((w) => w.state === "ready").length;
  const inFlight = [...processes].reduce((n, w) => n + w.inFlight.size, 0);
  return [
    `${elapsed().toFixed(1)} s`,
    `${answered.toLocaleString("en-US")} of ${total.events.toLocaleString("en-US")} pushes answered`,
    `${conversationsDone} of ${CONVERSATIONS} conversations done`,
    `${pushes.toLocaleString("en-US")} pushes sent`,
    `${kills} kills`,
    `${started} workers started (${processes.size} alive, ${ready} ready, most at once ${mostAtOnce})`,
    `${inFlight} in flight`,
    ...(lastRefusal === "" ? [] : [`${refused} refused, the last: ${lastRefusal}`]),
  ].join(", ");
}

/** Marks a worker as taking no more pushes and kills it; its exit settles what it held. */
function down(w: Worker): void {
  if (w.state === "gone" || w.state === "down") return;
  w.state = "down";
  try {
    w.child.kill("SIGKILL");
  } catch {
    // already gone
  }
}

/** Starts workers until WORKERS are ready or starting, never more than MAX_PROCESSES processes at once. */
function replenish(): void {
  if (!running || ending) return;
  const serving = () => [...processes].filter((w) => w.state === "starting" || w.state === "ready").length;
  while (serving() < WORKERS && processes.size < MAX_PROCESSES) spawnWorker();
}

function spawnWorker(): Worker {
  // No `--import tsx` (the parent's): the worker is plain JavaScript on the built package.
  const child = fork(workerPath, [String(redis?.port), configPath], { stdio: ["ignore", "ignore", "inherit", "ipc"], execArgv: [] });
  const w: Worker = { child, closed: new Promise((resolve) => child.once("close", () => resolve())), inFlight: new Map(), state: "starting", wasReady: false };
  processes.add(w);
  everyWorker.push(w);
  started++;
  mostAtOnce = Math.max(mostAtOnce, processes.size);
  const slow = setTimeout(() => w.state === "starting" && down(w), START_TIMEOUT_MS);
  child.on("message", (msg: { type: string; id?: number; m?: Outgoing; error?: string }) => {
    if (msg.type === "ready") {
      clearTimeout(slow);
      failedStarts = 0;
      w.wasReady = true;
      if (w.state === "starting") w.state = "ready";
    } else if (msg.type === "send" && msg.m !== undefined) receive(msg.m);
    else if (msg.type === "done" || msg.type === "failed") {
      // A refused step (STORE_CONFLICT after 8 tries) is pushed again, as a platform would.
      if (msg.type === "failed") lastRefusal = String(msg.error);
      const settle = w.inFlight.get(msg.id as number);
      w.inFlight.delete(msg.id as number);
      settle?.(msg.type === "done" ? "done" : "failed");
    }
  });
  child.on("disconnect", () => down(w));
  // A fork that failed has no process and may never emit "exit".
  child.on("error", () => (child.pid === undefined ? exited() : down(w)));
  child.once("exit", () => exited());
  const exited = () => {
    if (w.state === "gone") return;
    clearTimeout(slow);
    const wasStarting = !w.wasReady;
    w.state = "gone";
    processes.delete(w);
    // What the dead worker held: the platform got no answer and pushes it again.
    const held = [...w.inFlight.values()];
    w.inFlight.clear();
    for (const settle of held) settle("lost");
    if (wasStarting && running && ++failedStarts >= MAX_FAILED_STARTS) {
      stopOn(`${failedStarts} workers in a row died before they were ready (is dist/ built? npm run build)`, 1);
      return;
    }
    // A replacement, a moment later (a worker that dies at its start does not start another at once).
    setTimeout(replenish, wasStarting ? 200 : 0);
  };
  return w;
}

/** Resolves whether one attempt was answered, refused, or lost with its worker (or its IPC send). */
function attempt(w: Worker, id: number, conversation: string, event: EngineEvent): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    w.inFlight.set(id, resolve);
    const lost = () => {
      // The send failed: the entry leaves inFlight now, and the worker takes no more pushes.
      if (w.inFlight.delete(id)) resolve("lost");
      down(w);
    };
    try {
      if (!w.child.connected) lost();
      else w.child.send({ id, conversation, event }, (e) => e && lost());
    } catch {
      lost();
    }
  });
}

let nextId = 0;
/** One push: to a random ready worker, again (after a short backoff) until one answers. */
async function push(conversation: string, event: EngineEvent): Promise<void> {
  for (let tries = 1; ; tries++) {
    const ready = [...processes].filter((w) => w.state === "ready" && w.child.connected);
    const w = ready[Math.floor(next() * ready.length)];
    if (w !== undefined) {
      pushes++;
      const t = performance.now();
      const outcome = await attempt(w, nextId++, conversation, event);
      if (outcome === "done") {
        latencies.push(performance.now() - t);
        answered++;
        return;
      }
      if (outcome === "failed") refused++;
    }
    // No worker ready, or this one died or refused: a timer, so that exits and messages are read before the next try.
    await sleep(Math.min(2 ** Math.min(tries, 6), 50));
  }
}

redis = await startRedis();
for (let i = 0; i < WORKERS; i++) spawnWorker();
while ([...processes].filter((w) => w.state === "ready").length < WORKERS) await sleep(10);
say(`redis-server pid ${redis.pid} on 127.0.0.1:${redis.port}, ${WORKERS} workers ready (pids ${[...processes].map((w) => w.child.pid).join(" ")}); pushing ${CONVERSATIONS} × ${EVENTS}`);
const progress = setInterval(() => say(reached()), PROGRESS_SECONDS * 1000);
progress.unref();

const killer = (async () => {
  while (running) {
    await sleep(50 + Math.floor(next() * 200));
    if (!running) break;
    // A random ready worker, never the last one ready (or a loaded machine that starts workers
    // slowly would have none for a while); a new one starts beside the others.
    const ready = [...processes].filter((w) => w.state === "ready");
    if (ready.length < 2) continue;
    const victim = ready[Math.floor(next() * ready.length)] as Worker;
    down(victim);
    kills++;
    replenish();
  }
})();

const pushedAt = performance.now();
const scripts = Array.from({ length: CONVERSATIONS }, (_, i) => [`p-${i}`, mixedPushes(next, `p-${i}`, EVENTS, "zhangsan")] as const);
const plan = scripts.map(([conversation, events]) => [conversation, events.flatMap((event) => (next() < 0.3 ? [event, event] : [event]))] as const);
total.events = plan.reduce((n, [, events]) => n + events.length, 0);
await Promise.all(
  plan.map(async ([conversation, events]) => {
    for (const event of events) await push(conversation, event);
    conversationsDone++;
  }),
);
running = false;
await killer;
const seconds = (performance.now() - pushedAt) / 1000;
clearInterval(progress);
for (const w of processes) down(w);
// Each gone, and its channel read to the end (a message it sent before its kill is received), within 5 s.
await Promise.race([Promise.all(everyWorker.map((w) => w.closed)), sleep(5000)]);

// The host's recovery: flush every outbox (what a killed worker saved but had not sent).
const store = redisStore(redis.client, { prefix: "psoak:", timers: true });
const host = createRunner({ engine, store, scheduler: redisScheduler(redis.client, { prefix: "psoak:" }), start, send: async (m) => void receive(m) });
let recovered = 0;
for (const [conversation] of scripts) recovered += await host.flush(conversation);

let lost = 0;
let sameKeyAgain = 0;
let twice = 0;
let never = 0;
let reordered = 0;
for (const [conversation, events] of scripts) {
  const { state, texts } = modelOf(engine, start(conversation), events, null);
  if (JSON.stringify((await store.load(conversation))?.state) !== JSON.stringify(state)) lost++;
  const d = deliveryOf(texts, received.get(conversation) ?? []);
  sameKeyAgain += d.sameKeyAgain;
  twice += d.twice;
  never += d.never;
  if (d.reordered) reordered++;
}
await redis.stop();
redis = undefined;

latencies.sort((a, b) => a - b);
const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
const rows: [string, string][] = [
  ["conversations × events, worker processes", `${CONVERSATIONS} × ${EVENTS}, ${WORKERS}`],
  ["workers killed (SIGKILL, anywhere in a step)", String(kills)],
  ["worker processes started (most alive at once, starting ones included)", `${started} (${mostAtOnce})`],
  ["pushes (duplicates and pushes again after a kill included)", pushes.toLocaleString("en-US")],
  ["messages the host's flush sent after the run (saved by a killed worker, not yet sent)", String(recovered)],
  ["state updates lost", String(lost)],
  ["messages sent twice under two keys", String(twice)],
  ["messages sent again with the same key (killed between a send and marking it sent)", String(sameKeyAgain)],
  ["messages never sent", String(never)],
  ["conversations whose messages went out in another order", String(reordered)],
  ["throughput", `${Math.round(pushes / seconds).toLocaleString("en-US")} pushes per second`],
  ["p99 latency of a push (sent to a worker until it answered)", `${p99.toFixed(1)} ms`],
  ["seconds", seconds.toFixed(1)],
];
const failures = lost + twice + never + reordered;
ending = true;
process.stdout.write(["| measure | value |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n") + "\n", () => process.exit(failures === 0 ? 0 : 1));
