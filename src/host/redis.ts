import { AutoreplyError, type Timer, type TimerName } from "../core/index.js";
import { byDue, DEFAULT_LEASE, FAILURES_KEPT } from "./memory.js";
import { sha1Hex } from "./push-crypto.js";
import type { DueTimer, Outgoing, Scheduler, SendFailure, Store, Stored } from "./types.js";

/**
 * The one method of a Redis client the adapters use: `EVAL script numKeys ...keys ...args`, as
 * ioredis has it (`new Redis(...)`). The adapters import no client: the host passes its own, and
 * ioredis is a peer dependency of this part only (docs/host.md says why ioredis).
 */
export interface RedisEval {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** `EVALSHA`, when the client has it (ioredis does): a script's text then goes to a server once, not with every call. */
  evalsha?(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  /** Only for `redisStore`'s `replicas`: a pipeline, sent to the node of its keys, as ioredis's. */
  pipeline?(): RedisPipeline;
}

/** The pipeline of `RedisEval.pipeline`: a script, then `WAIT` on the same node, in one round trip. */
export interface RedisPipeline {
  eval(script: string, numKeys: number, ...args: (string | number)[]): RedisPipeline;
  wait(replicas: number, timeout: number): RedisPipeline;
  exec(): Promise<[Error | null, unknown][] | null>;
}

/** Where the keys go: every key starts with `prefix` (default `autoreply:`). */
export interface RedisOptions {
  readonly prefix?: string;
  /**
   * Redis Cluster: how many sorted sets of due timers (the same for the store and the scheduler, 1
   * to 16384; 16 suits three masters). A conversation's record, timers and sorted set share one hash
   * tag, so each step stays in one slot. Without it the keys are a single Redis's (docs/host.md).
   */
  readonly shards?: number;
}

/** The keys of a conversation, and every sorted set of due timers, under `options`. */
function keysOf(options: RedisOptions, caller: string): { record(conversation: string): string; zset(conversation: string): string; readonly zsets: readonly string[] } {
  const prefix = options.prefix ?? "autoreply:";
  const shards = options.shards;
  if (shards === undefined) return { record: (c) => `${prefix}{${c}}`, zset: () => `${prefix}timers`, zsets: [`${prefix}timers`] };
  if (!Number.isInteger(shards) || shards < 1 || shards > 16_384) throw new AutoreplyError("OPTION_INVALID", `${caller}: shards must be a whole number from 1 to 16384 (16 spreads well over three masters), received ${String(shards)}`);
  const tag = (c: string) => {
    // FNV-1a over the UTF-16 units: the same shard for a conversation in every worker.
    let h = 0x811c9dc5;
    for (let i = 0; i < c.length; i++) h = Math.imul(h ^ c.charCodeAt(i), 0x01000193);
    return `{s${(h >>> 0) % shards}}`;
  };
  return {
    record: (c) => `${prefix}${tag(c)}:${c}`,
    zset: (c) => `${prefix}${tag(c)}:timers`,
    zsets: Array.from({ length: shards }, (_, n) => `${prefix}{s${n}}:timers`),
  };
}

/** `redisStore`'s options: with `timers`, a save also replaces the conversation's timers in `redisScheduler`'s sorted set, in the same script. */
export interface RedisStoreOptions extends RedisOptions {
  readonly timers?: boolean;
  /**
   * How many replicas must hold a save, and what a load read, before the store answers (Redis's
   * `WAIT`, on the record's node; the client needs `pipeline`). One the replicas do not confirm
   * within `replicaTimeout` ms (1000 by default) rejects with `STORE_UNCONFIRMED`: push again. Then
   * a failover cannot drop a save the store acknowledged (docs/host.md, "Redis Cluster").
   */
  readonly replicas?: number;
  readonly replicaTimeout?: number;
}

/** `redisScheduler`'s options: how long `due` hands a timer out (ms, 30 s by default). */
export interface RedisSchedulerOptions extends RedisOptions {
  readonly lease?: number;
}

// One hash per conversation: rev, state (JSON), out (the outbox, JSON), epoch (the save's). A save
// writes them only when rev is still the one the step read: the compare-and-set, atomic in one
// script. A record saved without an epoch (ARGV[5] empty) has none.
const WRITE = `
local function write()
  redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'state', ARGV[3], 'out', ARGV[4])
  if ARGV[5] == '' then redis.call('HDEL', KEYS[1], 'epoch') else redis.call('HSET', KEYS[1], 'epoch', ARGV[5]) end
end`;

const SAVE = `${WRITE}
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 0 end
write()
return 1`;

// The outbox holds only texts and keys (no large numbers), so cjson may re-encode it.
const SENT = `
local out = redis.call('HGET', KEYS[1], 'out')
if not out then return 0 end
local done = {}
for i = 1, #ARGV do done[ARGV[i]] = true end
local kept = {}
for _, m in ipairs(cjson.decode(out)) do if not done[m.key] then table.insert(kept, m) end end
if #kept == 0 then redis.call('HSET', KEYS[1], 'out', '[]') else redis.call('HSET', KEYS[1], 'out', cjson.encode(kept)) end
return 1`;

// A failed send on its message's history (ARGV: key, the failure's JSON), the last ${FAILURES_KEPT} kept.
const FAILED = `
local out = redis.call('HGET', KEYS[1], 'out')
if not out then return 0 end
local box = cjson.decode(out)
for _, m in ipairs(box) do
  if m.key == ARGV[1] then
    local f = m.failures or {}
    table.insert(f, cjson.decode(ARGV[2]))
    while #f > ${FAILURES_KEPT} do table.remove(f, 1) end
    m.failures = f
    redis.call('HSET', KEYS[1], 'out', cjson.encode(box))
    return 1
  end
end
return 0`;

const LOAD = `return redis.call('HMGET', KEYS[1], 'rev', 'state', 'out', 'epoch')`;

// A load with `replicas`: `WAIT` counts the writes of this connection only, so the load writes
// (rev plus 0, replicated) to be confirmed after every write the record had.
const LOAD_WRITING = `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'rev', 0) end
${LOAD}`;

/**
 * Runs scripts by their SHA-1 (`EVALSHA`) where the client can, and by their text once a server
 * says it lacks one (`NOSCRIPT`: a new or restarted server, another Cluster node), which loads it.
 * The text of every script on every call was the largest write of a step (bench/host.ts).
 */
function bySha(client: RedisEval): RedisEval["eval"] {
  const evalsha = client.evalsha;
  if (typeof evalsha !== "function") return (...args) => client.eval(...args);
  const shas = new Map<string, string>();
  return async (script, numKeys, ...args) => {
    let sha = shas.get(script);
    if (sha === undefined) shas.set(script, (sha = await sha1Hex(script)));
    try {
      return await evalsha.call(client, sha, numKeys, ...args);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("NOSCRIPT")) return client.eval(script, numKeys, ...args);
      throw e;
    }
  };
}

/**
 * How the store runs a script: as it is, or with `replicas`, followed by `WAIT` on the same node. A
 * script redirected (the slot moved: MOVED, ASK) did not run: it runs again through the client,
 * which follows the redirection, and a script that does nothing is sent with the `WAIT` after it.
 */
function confirming(client: RedisEval, options: RedisStoreOptions): RedisEval["eval"] {
  const { replicas, replicaTimeout = 1000 } = options;
  if (replicas === undefined) return bySha(client);
  const fix = typeof client.pipeline !== "function" ? "give a client with pipeline() (ioredis's Redis or Cluster)" : !Number.isInteger(replicas) || replicas < 1 ? "replicas must be a whole number from 1" : !(replicaTimeout > 0) ? "replicaTimeout must be a number of ms above 0" : undefined;
  if (fix !== undefined) throw new AutoreplyError("OPTION_INVALID", `redisStore: ${fix}`);
  const waited = async (script: string, numKeys: number, args: (string | number)[]) => {
    const [[failed, answer] = [null, null], [unwaited, held] = [null, 0]] = (await client.pipeline!().eval(script, numKeys, ...args).wait(replicas, replicaTimeout).exec()) ?? [];
    return { failed, answer, held: unwaited === null ? Number(held) : 0 };
  };
  return async (script, numKeys, ...args) => {
    let { failed, answer, held } = await waited(script, numKeys, args);
    if (failed !== null && /^(MOVED|ASK) /.test(failed.message)) {
      answer = await client.eval(script, numKeys, ...args);
      ({ failed, held } = await waited("return 1", 1, [args[0] as string]));
    }
    if (failed !== null) throw failed;
    if (held < replicas) throw new AutoreplyError("STORE_UNCONFIRMED", `redisStore: ${held} of ${replicas} replicas confirmed within ${replicaTimeout} ms; it may be lost in a failover: push again (the compare-and-set keeps it from being applied twice)`);
    return answer;
  };
}

/**
 * A store on Redis: one hash per conversation (`{prefix}{conversation}`, the braces a hash tag), saved
 * with a compare-and-set in a Lua script. States are kept as JSON text, exactly as the engine wrote
 * them. On Redis Cluster give it `shards` (and the scheduler the same), so that the record, its
 * timers and their sorted set share a slot.
 */
export function redisStore(client: RedisEval, options: RedisStoreOptions = {}): Store {
  const keys = keysOf(options, "redisStore");
  const key = keys.record;
  const timers = options.timers === true;
  const run = confirming(client, options);
  const script = bySha(client);
  return Object.freeze({
    keepsTimers: timers,
    async load(conversation: string): Promise<Stored | undefined> {
      const [rev, state, out, epoch] = (await run(options.replicas === undefined ? LOAD : LOAD_WRITING, 1, key(conversation))) as [string | null, string | null, string | null, string | null];
      if (rev === null || state === null) return undefined;
      const stored = { revision: Number(rev), state: JSON.parse(state) as Stored["state"], outbox: JSON.parse(out ?? "[]") as Outgoing[] };
      // A record saved before there were epochs has none.
      return epoch === null || epoch === "" ? stored : { ...stored, epoch };
    },
    async save(conversation: string, expected: number, next: Stored, due: readonly Timer[] = []): Promise<boolean> {
      const record = [expected, next.revision, JSON.stringify(next.state), JSON.stringify(next.outbox), next.epoch ?? ""];
      if (!timers) return (await run(SAVE, 1, key(conversation), ...record)) === 1;
      return (await run(SAVE_WITH_TIMERS, 3, key(conversation), keys.zset(conversation), `${key(conversation)}:timers`, ...record, ...timerArgs(conversation, due))) === 1;
    },
    async sent(conversation: string, keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await script(SENT, 1, key(conversation), ...keys);
    },
    async failed(conversation: string, message: string, failure: SendFailure): Promise<void> {
      await script(FAILED, 1, key(conversation), message, JSON.stringify(failure));
    },
  });
}

// A sorted set of every pending timer (score: when it is due, or when its lease ends), and per
// conversation the set of its members, so that a decision replaces them in one script. Members are
// the JSON of [conversation, timer, due]. `replace(zset, own, first)` replaces a conversation's
// timers with the (due, member) pairs of ARGV from index `first`.
const REPLACE = `
local function replace(zset, own, first)
  local old = redis.call('SMEMBERS', own)
  for _, m in ipairs(old) do redis.call('ZREM', zset, m) end
  redis.call('DEL', own)
  for i = first, #ARGV, 2 do
    redis.call('ZADD', zset, ARGV[i], ARGV[i + 1])
    redis.call('SADD', own, ARGV[i + 1])
  end
  return #old
end`;

const SCHEDULE = `${REPLACE}
return replace(KEYS[1], KEYS[2], 1)`;

// The save of a store that keeps the timers: the compare-and-set, then the timers, in one script.
const SAVE_WITH_TIMERS = `${REPLACE}${WRITE}
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 0 end
write()
replace(KEYS[2], KEYS[3], 6)
return 1`;

// Hands the due members out: each one's score becomes the end of its lease, so no other call gets
// it until then; the save that applies it removes it (a worker that died leaves it to come back).
const DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, m in ipairs(due) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], m) end
return due`;

/** The sorted set's member of a timer, and the script arguments of a conversation's timers. */
const member = (conversation: string, t: Timer) => JSON.stringify([conversation, t.timer, t.due]);
function timerArgs(conversation: string, timers: readonly Timer[]): (string | number)[] {
  const args: (string | number)[] = [];
  for (const t of timers) args.push(t.due, member(conversation, t));
  return args;
}

/**
 * A scheduler on Redis that survives restarts: the timers in a sorted set (`{prefix}timers`) that
 * `due(now)` hands out atomically for a lease, so two workers polling at once never both get a
 * timer, and one whose worker died comes due again when the lease ends. On Redis Cluster, give it
 * and the store the same `shards`: the timers are spread over that many sorted sets, each in the
 * slot of its conversations' records (docs/host.md, "Redis Cluster").
 */
export function redisScheduler(client: RedisEval, options: RedisSchedulerOptions = {}): Scheduler {
  const keys = keysOf(options, "redisScheduler");
  const own = (conversation: string) => `${keys.record(conversation)}:timers`;
  const lease = options.lease ?? DEFAULT_LEASE;
  const script = bySha(client);
  return Object.freeze({
    async schedule(conversation: string, timers: readonly Timer[]): Promise<void> {
      await script(SCHEDULE, 2, keys.zset(conversation), own(conversation), ...timerArgs(conversation, timers));
    },
    async due(now: number): Promise<readonly DueTimer[]> {
      // Each sorted set in its own call (on a Cluster, its own slot); a lease taken is kept by whoever took it.
      const members = (await Promise.all(keys.zsets.map((zset) => script(DUE, 1, zset, now, now + lease) as Promise<string[]>))).flat();
      return members
        .map((m) => {
          const [conversation, timer, due] = JSON.parse(m) as [string, TimerName, number];
          return { conversation, timer: { timer, due } };
        })
        .sort(byDue);
    },
  });
}
