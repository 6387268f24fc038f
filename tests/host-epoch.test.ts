/**
 * Issue 27: a store that loses a conversation's record (a redis-server without persistence
 * restarted, FLUSHALL, a key evicted, an in-memory store after a restart) must not make the runner
 * send two texts under one key, and the runner says so when an event shows the record went missing
 * (`recordMissing`). On the memory store, and on a real redis-server (tests/redis.ts).
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, memoryScheduler, memoryStore, redisScheduler, redisStore, type LogEntry, type Outgoing, type RedisEval, type Runner, type Scheduler, type Store, type Stored } from "../src/host/index.js";
import { NEEDS_EARLIER, randomEpochs } from "../src/host/runner.js";
import { compile, type EngineEvent } from "../src/core/index.js";
import { specConfig } from "./helpers.js";
import { checkRedis, hasRedis, startRedis } from "./redis.js";

const engine = compile(specConfig("seed-003.config.yaml"));
const start = (conversation: string) => ({ conversation, channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
const msg = (at: number, text: string, extra: Record<string, unknown> = {}): EngineEvent => ({ type: "visitor.message", at, text, ...extra }) as EngineEvent;

/** Epochs e1, e2, ... in the order of the saves. */
const epochs = () => {
  let n = 0;
  return () => `e${++n}`;
};

/** A runner recording what it sends and logs; the default epoch (random) unless `epoch` is given. */
function setup(store: Store, scheduler?: Scheduler, epoch?: () => string) {
  const sent: Outgoing[] = [];
  const logs: LogEntry[] = [];
  const runner = createRunner({ engine, store, ...(scheduler === undefined ? {} : { scheduler }), send: async (m) => void sent.push(m), start, log: (e) => void logs.push(e), ...(epoch === undefined ? {} : { epoch }) });
  const missing = () => logs.filter((e) => e.event === "recordMissing");
  return { runner, sent, logs, missing };
}

/** Keys sent with two different texts, and how many sends repeated a key at all. */
function reuse(sent: readonly Outgoing[]): { differentTexts: string[]; repeated: number } {
  const texts = new Map<string, Set<string>>();
  for (const m of sent) texts.set(m.key, (texts.get(m.key) ?? new Set<string>()).add(m.text));
  return { differentTexts: [...texts].filter(([, t]) => t.size > 1).map(([k]) => k), repeated: sent.length - texts.size };
}

/** Conversation `c` up to revision 3: the agent accepts (1 message), the price list (2), the agent answers (timers armed). */
async function before(runner: Runner, c = "c"): Promise<void> {
  await runner.handle(c, msg(0, "在吗", { route: { agent: "zhangsan" }, id: `${c}-p1` }));
  await runner.handle(c, msg(1000, "价格表", { id: `${c}-p2` }));
  await runner.handle(c, { type: "agent.message", at: 60_000, id: `${c}-a1` });
}

/** A legacy record, as saved before there were epochs: the first event decided, its message unsent under `c/1/0`. */
function legacy(c: string): Stored {
  const decision = engine.decide(engine.start(start(c)), msg(0, "在吗", { route: { agent: "zhangsan" }, id: "p1" }));
  const reply = decision.replies[0]!;
  return { state: decision.state, revision: 1, outbox: [{ key: `${c}/1/0`, conversation: c, channel: "miniprogram", kind: reply.kind, rule: reply.rule, text: reply.messages[0]!.text }] };
}

describe("keys across the loss of a record, on the memory store", () => {
  it("an in-memory store restarted mid-conversation: the timer that comes for it logs recordMissing, and no key is made twice", async () => {
    let inner = memoryStore();
    const store: Store = { load: (c) => inner.load(c), save: (c, e, n, t) => inner.save(c, e, n, t), sent: (c, k) => inner.sent(c, k) };
    const { runner, sent, logs, missing } = setup(store, memoryScheduler());
    await before(runner);
    expect(logs).toEqual([]);
    inner = memoryStore(); // the records are gone; the scheduler still holds c's timers
    expect(await runner.tick(360_000)).toBe(1);
    expect(missing()).toEqual([{ event: "recordMissing", conversation: "c", type: "timer", at: 360_000 }]);
    // The conversation starts again from `start`, its revisions from 1: the keys do not.
    await runner.handle("c", msg(400_000, "在吗", { id: "c-p3" }));
    await runner.handle("c", msg(401_000, "价格表", { id: "c-p4" }));
    expect((await store.load("c"))?.revision).toBe(3);
    expect(sent).toHaveLength(8);
    expect(reuse(sent)).toEqual({ differentTexts: [], repeated: 0 });
    expect(missing()).toHaveLength(1);
  });

  it("recordMissing for each event that needs an earlier one (with its id), none for an event a conversation may start with", async () => {
    const needs: EngineEvent[] = [
      { type: "timer", timer: "agentSilent", due: 5, at: 10 },
      { type: "queue.moved", at: 10, position: 1 },
      { type: "agent.accepted", at: 10, agent: "zhangsan" },
      { type: "agent.message", at: 10, id: "m-1" },
      { type: "agent.ended", at: 10 },
      { type: "visitor.transfer", at: 10, route: { queue: 1 } },
      { type: "visitor.dismissed", at: 10, rule: "welcome" },
      { type: "visitor.rated", at: 10, score: 1 },
    ];
    const starts: EngineEvent[] = [msg(10, "在吗"), { type: "visitor.opened", at: 10 }, { type: "visitor.page", at: 10, page: "/price" } as EngineEvent, { type: "visitor.menu", at: 10, key: "m" }, { type: "visitor.unsubscribed", at: 10 }, { type: "presence", at: 10, online: [] }];
    expect(new Set(needs.map((e) => e.type))).toEqual(NEEDS_EARLIER);
    for (const [i, event] of [...needs, ...starts].entries()) {
      const { runner, missing } = setup(memoryStore());
      // The engine refuses most of those from a new conversation; the warning comes first either way.
      await runner.handle(`k${i}`, event).catch(() => undefined);
      const want = NEEDS_EARLIER.has(event.type) ? [{ event: "recordMissing", conversation: `k${i}`, type: event.type, at: 10, ...(event.id === undefined ? {} : { id: event.id }) }] : [];
      expect(missing(), event.type).toEqual(want);
    }
  });

  it("a record saved before there were epochs loads; its outbox keeps its key, the next messages get the epoch's", async () => {
    const store = memoryStore();
    expect(await store.save("c", 0, legacy("c"))).toBe(true);
    const { runner, sent } = setup(store, undefined, epochs());
    await runner.handle("c", msg(1000, "价格表", { id: "p2" }));
    expect(sent.map((m) => m.key)).toEqual(["c/1/0", "c/e1/2/0", "c/e1/2/1"]);
    expect(await store.load("c")).toMatchObject({ revision: 2, epoch: "e1", outbox: [] });
  });

  it("the default epoch: 8 characters of A-Za-z0-9-_, one per save; an epoch option that returns a '/' is OPTION_INVALID and saves nothing", async () => {
    // Past one refill of the random bytes (128 epochs a refill), and from two runners' own draws.
    const [a, b] = [randomEpochs(), randomEpochs()];
    const drawn = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? a() : b()));
    for (const e of drawn) expect(e).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(new Set(drawn).size).toBe(1000);
    const { runner, sent } = setup(memoryStore());
    await runner.handle("c", msg(0, "在吗", { route: { agent: "zhangsan" } }));
    await runner.handle("c", msg(1000, "价格表"));
    const [first, second] = [sent[0]!.key.split("/"), sent[1]!.key.split("/")];
    expect([first[0], first[2], first[3], second[2], second[3]]).toEqual(["c", "1", "0", "2", "0"]);
    expect(first[1]).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(second[1]).not.toBe(first[1]);
    const store = memoryStore();
    const bad = setup(store, undefined, () => "a/b");
    await expect(bad.runner.handle("c", msg(0, "在吗"))).rejects.toMatchObject({ code: "OPTION_INVALID", message: expect.stringContaining('epoch() must return a non-empty string without "/"') });
    expect(await store.load("c")).toBeUndefined();
  });
});

checkRedis("tests/host-epoch.test.ts", "keys across a restart of Redis are");

describe.skipIf(!hasRedis)("keys across the loss of a record, on a real redis-server", () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  /** The stores talk to whichever server runs now: a restart is a new, empty one. */
  const client: RedisEval = { eval: (...args) => server.client.eval(...args) };
  let prefix = 0;

  beforeAll(async () => {
    server = await startRedis();
  }, 20_000);

  afterAll(async () => {
    await server?.stop();
  });

  const lose: [string, () => Promise<void>][] = [
    [
      "restarted without persistence",
      async () => {
        await server.stop();
        server = await startRedis();
      },
    ],
    ["flushed (FLUSHALL)", async () => void (await server.client.flushall())],
  ];

  for (const [how, loseAll] of lose) {
    it(`a redis-server ${how} mid-conversation: an agent's message for a lost record logs recordMissing, a push again is decided afresh, and no key is made twice`, async () => {
      const p = `e${++prefix}:`;
      const { runner, sent, missing } = setup(redisStore(client, { prefix: p, timers: true }), redisScheduler(client, { prefix: p }));
      await before(runner, "c");
      await before(runner, "d");
      expect(missing()).toEqual([]);
      await loseAll();
      // WeChat pushes c's price list again: its id was in the lost state, so it is decided again.
      const again = await runner.handle("c", msg(1000, "价格表", { id: "c-p2" }));
      expect(again.sent.map((m) => m.kind)).toEqual(["keyword", "keyword"]);
      await runner.handle("c", msg(2000, "在吗", { id: "c-p3" }));
      await runner.handle("d", { type: "agent.message", at: 70_000, id: "d-a2" });
      await runner.handle("d", msg(80_000, "在吗", { id: "d-p3" }));
      expect(missing()).toEqual([{ event: "recordMissing", conversation: "d", type: "agent.message", at: 70_000, id: "d-a2" }]);
      expect(reuse(sent)).toEqual({ differentTexts: [], repeated: 0 });
    }, 20_000);
  }

  it("a conversation's hash evicted (DEL, as maxmemory's LRU does) while its timers stay: the timer logs recordMissing, and no key is made twice", async () => {
    const p = `e${++prefix}:`;
    const { runner, sent, missing } = setup(redisStore(client, { prefix: p, timers: true }), redisScheduler(client, { prefix: p }));
    await before(runner);
    await server.client.del(`${p}{c}`);
    expect(await runner.tick(360_000)).toBe(1);
    expect(missing()).toEqual([{ event: "recordMissing", conversation: "c", type: "timer", at: 360_000 }]);
    await runner.handle("c", msg(400_000, "在吗", { id: "c-p3" }));
    expect(sent).toHaveLength(6);
    expect(reuse(sent)).toEqual({ differentTexts: [], repeated: 0 });
  });

  it("a hash written before there were epochs (rev, state, out) loads; its outbox keeps its key, and the save writes an epoch field", async () => {
    const p = `e${++prefix}:`;
    const old = legacy("c");
    await server.client.hset(`${p}{c}`, "rev", "1", "state", JSON.stringify(old.state), "out", JSON.stringify(old.outbox));
    const store = redisStore(client, { prefix: p });
    expect(await store.load("c")).not.toHaveProperty("epoch");
    const { runner, sent } = setup(store, undefined, epochs());
    await runner.handle("c", msg(1000, "价格表", { id: "p2" }));
    expect(sent.map((m) => m.key)).toEqual(["c/1/0", "c/e1/2/0", "c/e1/2/1"]);
    expect(await server.client.hget(`${p}{c}`, "epoch")).toBe("e1");
    expect(await store.load("c")).toMatchObject({ revision: 2, epoch: "e1", outbox: [] });
  });

  it("a paused redis-server (CLIENT PAUSE, 1 s): handle rejects with DEADLINE at its deadline, nothing is saved when Redis answers, and the push again works", async () => {
    const p = `e${++prefix}:`;
    // The runner's own connection: the server's client pauses it.
    const own = new Redis({ port: server.port, host: "127.0.0.1", maxRetriesPerRequest: 1 });
    try {
      const { runner, sent, logs } = setup(redisStore(own, { prefix: p }), undefined, epochs());
      const push = msg(0, "在吗", { route: { queue: 3 }, id: "wx-1" });
      await server.client.call("CLIENT", "PAUSE", "1000", "ALL");
      const started = performance.now();
      const error = await runner.handle("c", push, { deadline: 200 }).catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(900);
      expect(error).toMatchObject({ code: "DEADLINE" });
      expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 200, stage: "loading" }]);
      await server.client.ping(); // answered when the pause ends
      expect(await runner.flush("c")).toBe(0); // after the step given up, in the conversation's order
      expect(await redisStore(client, { prefix: p }).load("c")).toBeUndefined();
      const again = await runner.handle("c", push, { deadline: 2000 });
      expect(again.sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
      expect(sent).toHaveLength(3);
    } finally {
      own.disconnect();
    }
  }, 20_000);
});
