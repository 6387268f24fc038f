/**
 * npm run bench:host (issue 31, item 8): the host kit's cost on a real Redis, a single node and a
 * three-master Cluster, each started on loopback. One worker applies the seed stream
 * (bench/peers.ts, `randomStream`) to many conversations at once, each conversation's events in
 * order: events a second, p99 of an event, and the engine's share of an event (the time inside
 * `decide`). Against it, a minimal host written by hand with the same guarantees: the state read,
 * decided by the checked hand-written floor (bench/handwritten.ts), and saved with a compare-and-set
 * in one Lua call with the timers and the outbox; the outbox cleared after the send in a second call.
 * The two take turns, three rounds each, on fresh keys. Not a test: nothing here asserts a time.
 */
import { join } from "node:path";
import type { Cluster, Redis } from "ioredis";
import { readDocument } from "../src/cli/files.js";
import { compile, parseConfig, type ConversationState, type Engine, type EngineEvent } from "autoreply-engine";
import { createRunner, redisStore, type RedisEval } from "autoreply-engine/host";
import { decideByHand } from "./handwritten.js";
import { randomStream } from "./peers.js";
import { startRedis } from "../scripts/redis-server.js";
import { startCluster } from "../scripts/redis-cluster.js";

const CONVERSATIONS = 100;
const EVENTS = 100;
const ROUNDS = 3;
const SHARDS = 16;

const config = parseConfig(readDocument(join(import.meta.dirname, "..", "spec", "seed-003.config.yaml")));
const engine = compile(config);
const stream = randomStream(engine, EVENTS, 42);
const start = (conversation: string) => ({ conversation, channel: "web", online: ["zhangsan"] });

/** The time inside `decide`, summed. */
let decideMs = 0;
const timed: Engine = {
  ...engine,
  decide: (state, event, options) => {
    const t0 = performance.now();
    try {
      return engine.decide(state, event, options);
    } finally {
      decideMs += performance.now() - t0;
    }
  },
};

// The hand-written host's two scripts: the compare-and-set with the outbox and the timers (one
// sorted set per shard, in the conversation's slot), and clearing the outbox after the send.
const SAVE = `
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'state', ARGV[3], 'out', ARGV[4])
local old = redis.call('HGET', KEYS[1], 'due')
if old then redis.call('ZREM', KEYS[2], unpack(cjson.decode(old))) end
local members = {}
for i = 5, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]); table.insert(members, ARGV[i + 1]) end
if #members > 0 then redis.call('HSET', KEYS[1], 'due', cjson.encode(members)) else redis.call('HDEL', KEYS[1], 'due') end
return 1`;
const CLEAR = `redis.call('HSET', KEYS[1], 'out', '[]') return 1`;
const LOAD = `return redis.call('HMGET', KEYS[1], 'rev', 'state')`;

/** The shard of a conversation, written again here on purpose: the hand-written host imports nothing of the kit. */
function shardOf(conversation: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < conversation.length; i++) h = Math.imul(h ^ conversation.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

/** The hand-written host's scripts as ioredis commands (`defineCommand`: EVALSHA, the text only when a server lacks it), as the kit runs its own. */
interface HandScripts {
  handLoad(key: string): Promise<unknown>;
  handSave(...args: (string | number)[]): Promise<unknown>;
  handClear(key: string): Promise<unknown>;
}
function handScripts(client: Redis | Cluster): HandScripts {
  client.defineCommand("handLoad", { numberOfKeys: 1, lua: LOAD });
  client.defineCommand("handSave", { numberOfKeys: 2, lua: SAVE });
  client.defineCommand("handClear", { numberOfKeys: 1, lua: CLEAR });
  return client as unknown as HandScripts;
}

function byHand(client: HandScripts, prefix: string) {
  const initial = new Map<string, ConversationState>();
  return async (conversation: string, event: EngineEvent): Promise<void> => {
    const tag = `{s${shardOf(conversation)}}`;
    const key = `${prefix}${tag}:${conversation}`;
    const [rev, text] = (await client.handLoad(key)) as [string | null, string | null];
    const state: unknown = text === null ? (initial.get(conversation) ?? initial.set(conversation, engine.start(start(conversation))).get(conversation)) : JSON.parse(text);
    const t0 = performance.now();
    const d = decideByHand(state, event);
    decideMs += performance.now() - t0;
    const revision = Number(rev ?? 0);
    const outbox = d.replies.flatMap((r, i) => r.messages.map((m, j) => ({ key: `${conversation}/${revision + 1}/${i}.${j}`, text: m.text })));
    const timers = d.timers.flatMap((t) => [t.due, `${conversation}|${t.timer}|${t.due}`]);
    const saved = await client.handSave(key, `${prefix}${tag}:due`, revision, revision + 1, JSON.stringify(d.state), JSON.stringify(outbox), ...timers);
    if (saved !== 1) throw new Error("conflict: one worker, none expected");
    // The send (nothing to reach here), then the outbox cleared.
    if (outbox.length > 0) await client.handClear(key);
  };
}

function withRunner(client: RedisEval, prefix: string, sharded: boolean) {
  const runner = createRunner({ engine: timed, store: redisStore(client, { prefix, timers: true, ...(sharded ? { shards: SHARDS } : {}) }), send: async () => undefined, start });
  return async (conversation: string, event: EngineEvent): Promise<void> => void (await runner.handle(conversation, event));
}

/** Every conversation's stream, conversations at once, each in order: ms per event, p99 (ms) and the share inside decide. */
async function run(handle: (conversation: string, event: EngineEvent) => Promise<void>): Promise<{ perEvent: number; p99: number; share: number }> {
  decideMs = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONVERSATIONS }, async (_, c) => {
      for (const event of stream) {
        const s = performance.now();
        await handle(`c${c}`, event);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const total = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  return { perEvent: total / (CONVERSATIONS * EVENTS), p99: latencies[Math.floor(latencies.length * 0.99)] as number, share: decideMs / total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

async function measure(name: string, client: Redis | Cluster, sharded: boolean): Promise<string[]> {
  const kit: { perEvent: number; p99: number; share: number }[] = [];
  const hand: { perEvent: number; p99: number; share: number }[] = [];
  // A warm-up of each, then the rounds in turn, each on keys of its own.
  await run(withRunner(client, `warm-kit:`, sharded));
  const scripts = handScripts(client);
  await run(byHand(scripts, `warm-hand:`));
  for (let r = 0; r < ROUNDS; r++) {
    kit.push(await run(withRunner(client, `kit${r}:`, sharded)));
    hand.push(await run(byHand(scripts, `hand${r}:`)));
  }
  const k = { perEvent: median(kit.map((x) => x.perEvent)), p99: median(kit.map((x) => x.p99)), share: median(kit.map((x) => x.share)) };
  const h = { perEvent: median(hand.map((x) => x.perEvent)), p99: median(hand.map((x) => x.p99)), share: median(hand.map((x) => x.share)) };
  const ratio = k.perEvent / h.perEvent;
  return [
    `| ${name}, the host kit (redisStore with timers${sharded ? `, ${SHARDS} shards` : ""}) | ${Math.round(1000 / k.perEvent).toLocaleString("en-US")} | ${k.p99.toFixed(2)} ms | ${(k.share * 100).toFixed(1)}% | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? "(met)" : "(not met)"} |`,
    `| ${name}, the hand-written host | ${Math.round(1000 / h.perEvent).toLocaleString("en-US")} | ${h.p99.toFixed(2)} ms | ${(h.share * 100).toFixed(1)}% | 1 |`,
  ];
}

const rows: string[] = [];
const single = await startRedis();
try {
  rows.push(...(await measure("single redis-server", single.client, false)));
} finally {
  await single.stop();
}
const cluster = await startCluster();
try {
  rows.push(...(await measure("Redis Cluster, 3 masters", cluster.client, true)));
} finally {
  await cluster.stop();
}
console.log(`## The host's cost on a real Redis (npm run bench:host)

One worker, ${CONVERSATIONS} conversations at once, ${EVENTS} events each (the seed stream), the median of ${ROUNDS} rounds taken in turn. Target (issue 31): the host kit within 1.5× of the hand-written host's time per event.

| host | events a second | p99 of an event | inside decide | time against the hand-written host |
| --- | --- | --- | --- | --- |
${rows.join("\n")}`);
