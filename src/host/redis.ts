import type { Timer, TimerName } from "../index.js";
import type { DueTimer, Outgoing, Scheduler, Store, Stored } from "./types.js";

/**
 * The one method of a Redis client the adapters use: `EVAL script numKeys ...keys ...args`, as
 * ioredis has it (`new Redis(...)`). The adapters import no client: the host passes its own, and
 * ioredis is a peer dependency of this part only (docs/host.md says why ioredis).
 */
export interface RedisEval {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Where the keys go: every key starts with `prefix` (default `autoreply:`). */
export interface RedisOptions {
  readonly prefix?: string;
}

// One hash per conversation: rev, state (JSON), out (the outbox, JSON). A save writes all three
// only when rev is still the one the step read: the compare-and-set, atomic in one script.
const SAVE = `
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'state', ARGV[3], 'out', ARGV[4])
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

const LOAD = `return redis.call('HMGET', KEYS[1], 'rev', 'state', 'out')`;

/**
 * A store on Redis: one hash per conversation (`{prefix}{conversation}`, the braces a hash tag, so
 * that on Redis Cluster a conversation's key has one slot), saved with a compare-and-set in a Lua
 * script. States are kept as JSON text, exactly as the engine wrote them.
 */
export function redisStore(client: RedisEval, options: RedisOptions = {}): Store {
  const prefix = options.prefix ?? "autoreply:";
  const key = (conversation: string) => `${prefix}{${conversation}}`;
  return Object.freeze({
    async load(conversation: string): Promise<Stored | undefined> {
      const [rev, state, out] = (await client.eval(LOAD, 1, key(conversation))) as [string | null, string | null, string | null];
      if (rev === null || state === null) return undefined;
      return { revision: Number(rev), state: JSON.parse(state) as Stored["state"], outbox: JSON.parse(out ?? "[]") as Outgoing[] };
    },
    async save(conversation: string, expected: number, next: Stored): Promise<boolean> {
      return (await client.eval(SAVE, 1, key(conversation), expected, next.revision, JSON.stringify(next.state), JSON.stringify(next.outbox))) === 1;
    },
    async sent(conversation: string, keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await client.eval(SENT, 1, key(conversation), ...keys);
    },
  });
}

// A sorted set of every pending timer (score: due), and per conversation the set of its members,
// so that a decision replaces them in one script. Members are the JSON of [conversation, timer, due].
const SCHEDULE = `
local old = redis.call('SMEMBERS', KEYS[2])
for _, m in ipairs(old) do redis.call('ZREM', KEYS[1], m) end
redis.call('DEL', KEYS[2])
for i = 1, #ARGV, 2 do
  redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('SADD', KEYS[2], ARGV[i + 1])
end
return #old`;

const DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, m in ipairs(due) do
  redis.call('ZREM', KEYS[1], m)
  local conversation = cjson.decode(m)[1]
  redis.call('SREM', ARGV[2] .. '{' .. conversation .. '}:timers', m)
end
return due`;

/**
 * A scheduler on Redis that survives restarts: the timers in a sorted set (`{prefix}timers`) that
 * `due(now)` takes from atomically, so two workers polling at once never both get a timer. The
 * scripts name a conversation's key besides the sorted set: on Redis Cluster, give the scheduler a
 * node of its own or one sorted set per slot (docs/host.md).
 */
export function redisScheduler(client: RedisEval, options: RedisOptions = {}): Scheduler {
  const prefix = options.prefix ?? "autoreply:";
  const zset = `${prefix}timers`;
  const own = (conversation: string) => `${prefix}{${conversation}}:timers`;
  return Object.freeze({
    async schedule(conversation: string, timers: readonly Timer[]): Promise<void> {
      const args: (string | number)[] = [];
      for (const t of timers) args.push(t.due, JSON.stringify([conversation, t.timer, t.due]));
      await client.eval(SCHEDULE, 2, zset, own(conversation), ...args);
    },
    async due(now: number): Promise<readonly DueTimer[]> {
      const members = (await client.eval(DUE, 1, zset, now, prefix)) as string[];
      return members
        .map((m) => {
          const [conversation, timer, due] = JSON.parse(m) as [string, TimerName, number];
          return { conversation, timer: { timer, due } };
        })
        .sort((a, b) => a.timer.due - b.timer.due);
    },
  });
}
