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
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createRunner, redisScheduler, redisStore, type Outgoing } from "../src/host.js";
import { deliveryOf, mixedPushes, modelOf, seeded } from "../src/host/soak.js";
import { compile, parseConfig, type EngineEvent } from "../src/index.js";
import { readDocument } from "../src/cli/files.js";
import { startRedis } from "./redis-server.js";

const CONVERSATIONS = Number(process.env["CONVERSATIONS"] ?? 100);
const EVENTS = Number(process.env["EVENTS"] ?? 60);
const WORKERS = 4;
const configPath = join(import.meta.dirname, "..", "spec", "seed-003.config.yaml");
const engine = compile(parseConfig(readDocument(configPath)));
const start = (conversation: string) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
const next = seeded(7);
const redis = await startRedis();

/** What the platform received, by conversation. */
const received = new Map<string, Outgoing[]>();
const receive = (m: Outgoing) => received.set(m.conversation, [...(received.get(m.conversation) ?? []), m]);

interface Live {
  readonly child: ChildProcess;
  readonly inFlight: Map<number, (ok: boolean) => void>;
  dead: boolean;
}
const workers: Live[] = [];
let kills = 0;

function spawnWorker(): Promise<Live> {
  const child = fork(join(import.meta.dirname, "soak-worker.mjs"), [String(redis.port), configPath], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const live: Live = { child, inFlight: new Map(), dead: false };
  child.on("message", (msg: { type: string; id?: number; m?: Outgoing; error?: string }) => {
    if (msg.type === "send" && msg.m !== undefined) receive(msg.m);
    else if (msg.type === "done" || msg.type === "failed") {
      // A refused step (STORE_CONFLICT after 8 tries) is pushed again, as a platform would.
      live.inFlight.get(msg.id as number)?.(msg.type === "done");
      live.inFlight.delete(msg.id as number);
    }
  });
  child.on("exit", () => {
    live.dead = true;
    // What the dead worker held: the platform got no answer and pushes it again.
    for (const settle of live.inFlight.values()) settle(false);
    live.inFlight.clear();
  });
  return new Promise((resolve) => child.once("message", () => resolve(live)));
}

let nextId = 0;
/** One push: to a random live worker, again until one answers. Resolves how many attempts it took. */
async function push(conversation: string, event: EngineEvent): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const alive = workers.filter((w) => !w.dead);
    const w = alive[Math.floor(next() * alive.length)];
    if (w === undefined) {
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const id = nextId++;
    const ok = await new Promise<boolean>((resolve) => {
      w.inFlight.set(id, resolve);
      w.child.send({ id, conversation, event }, (e) => e && resolve(false));
    });
    if (ok) return attempt;
  }
}

for (let i = 0; i < WORKERS; i++) workers.push(await spawnWorker());
let running = true;
const killer = (async () => {
  while (running) {
    await new Promise((r) => setTimeout(r, 50 + Math.floor(next() * 200)));
    if (!running) break;
    const alive = workers.filter((w) => !w.dead);
    const victim = alive[Math.floor(next() * alive.length)];
    if (victim === undefined) continue;
    victim.child.kill("SIGKILL");
    kills++;
    // A new worker starts beside the others (it takes a moment to boot); at most 8 alive at once.
    if (workers.filter((w) => !w.dead).length < 8) void spawnWorker().then((w) => (running ? workers.push(w) : w.child.kill("SIGKILL")));
  }
})();

const t0 = performance.now();
const scripts = Array.from({ length: CONVERSATIONS }, (_, i) => [`p-${i}`, mixedPushes(next, `p-${i}`, EVENTS, "zhangsan")] as const);
let pushes = 0;
await Promise.all(
  scripts.map(async ([conversation, events]) => {
    for (const event of events) {
      const times = next() < 0.3 ? 2 : 1;
      for (let k = 0; k < times; k++) {
        const attempts = await push(conversation, event);
        pushes += attempts;
      }
    }
  }),
);
running = false;
await killer;
const seconds = (performance.now() - t0) / 1000;
for (const w of workers) if (!w.dead) w.child.kill("SIGKILL");

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

const rows: [string, string][] = [
  ["conversations × events, worker processes", `${CONVERSATIONS} × ${EVENTS}, ${WORKERS}`],
  ["workers killed (SIGKILL, anywhere in a step)", String(kills)],
  ["pushes (duplicates and pushes again after a kill included)", pushes.toLocaleString("en-US")],
  ["messages the host's flush sent after the run (saved by a killed worker, not yet sent)", String(recovered)],
  ["state updates lost", String(lost)],
  ["messages sent twice under two keys", String(twice)],
  ["messages sent again with the same key (killed between a send and marking it sent)", String(sameKeyAgain)],
  ["messages never sent", String(never)],
  ["conversations whose messages went out in another order", String(reordered)],
  ["throughput", `${Math.round(pushes / seconds).toLocaleString("en-US")} pushes per second`],
];
console.log(["| measure | value |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n"));
process.exitCode = lost + twice + never + reordered === 0 ? 0 : 1;
