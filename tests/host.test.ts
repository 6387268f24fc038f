import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createRunner, memoryScheduler, memoryStore, redisScheduler, redisStore, type Handled, type LogEntry, type MemoryScheduler, type Outgoing, type RunnerOptions, type Scheduler, type Store, SendError } from "../src/host/index.js";
import { AutoreplyError, compile, type ConversationState, type EngineEvent, type StartInput } from "../src/core/index.js";
import { deliveryOf, soak } from "../src/host/soak.js";
import { specConfig } from "./helpers.js";
import { checkRedis, hasRedis, startRedis } from "./redis.js";

const engine = compile(specConfig("seed-003.config.yaml"));
const start = () => ({ channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhangsan"] });
const msg = (at: number, text = "在吗", extra: Record<string, unknown> = {}): EngineEvent => ({ type: "visitor.message", at, text, ...extra }) as EngineEvent;

/** A store and a scheduler to run the suite on, and how to read what is scheduled without taking it. */
type Pending = Scheduler & { readonly pending: (conversation: string) => Promise<readonly string[]> };
interface Backend {
  readonly store: () => Store;
  readonly scheduler: () => Pending;
  /** A store that keeps the timers, and the scheduler that reads them (`keepsTimers`). */
  readonly keeping: (lease?: number) => { readonly store: Store; readonly scheduler: Pending };
}

let backend: Backend;

/** Epochs e1, e2, ... in the order of the saves (the runner draws one per save): keys a test can spell. */
const epochs = () => {
  let n = 0;
  return () => `e${++n}`;
};

/** A runner on the backend's store, recording what it sends. */
function setup(overrides: Partial<RunnerOptions> = {}) {
  const store = backend.store();
  const scheduler = backend.scheduler();
  const sent: Outgoing[] = [];
  const runner = createRunner({ engine, store, scheduler, send: async (m) => void sent.push(m), start: (conversation) => ({ conversation, ...start() }), epoch: epochs(), ...overrides });
  return { store, scheduler, sent, runner };
}

/** The same events applied once, in order, by decide alone: what every conversation must end as. */
function model(events: readonly EngineEvent[]): { state: ConversationState; texts: string[] } {
  let state = engine.start({ conversation: "c", ...start() });
  const texts: string[] = [];
  for (const e of events) {
    const d = engine.decide(state, e);
    state = d.state;
    for (const r of d.replies) for (const m of r.messages) texts.push(m.text);
  }
  return { state, texts };
}

function suite(name: string): void {
describe(`autoreply-engine/host: the runner, on the ${name} store`, () => {
  it("decides, saves, schedules and sends, with a key per message that never repeats", async () => {
    const { store, scheduler, sent, runner } = setup();
    const r = await runner.handle("c", msg(0, "在吗", { route: { agent: "zhangsan" } }));
    expect(r.revision).toBe(1);
    expect(sent.map((m) => [m.key, m.kind])).toEqual([["c/e1/1/0", "accepted"]]);
    expect((await store.load("c"))?.outbox).toEqual([]);
    expect(await scheduler.pending("c")).toEqual(["agentSilent"]);
    await runner.handle("c", msg(1000, "价格表"));
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e2/2/0", "c/e2/2/1"]);
  });

  it("gives a reply's buttons to its last message, through the store (a survey's, S-SURVEY)", async () => {
    const survey = compile({ agents: { a: {} }, app: { replies: { survey: { messages: ["感谢咨询", "请评价"], options: ["满意", "不满意"] } } } });
    const { sent, runner } = setup({ engine: survey, start: (conversation) => ({ conversation, channel: "web", online: ["a"] }) });
    await runner.handle("s", msg(0, "你好", { route: { agent: "a" } }));
    await runner.handle("s", { type: "agent.ended", at: 1000 });
    expect(sent.map((m) => [m.kind, m.text, m.buttons])).toEqual([
      ["survey", "感谢咨询", undefined],
      ["survey", "请评价", [{ text: "满意", answer: 1 }, { text: "不满意", answer: 2 }]],
    ]);
  });

  it("applies the events of one conversation in the order handed in, even all at once, and runs others beside them", async () => {
    const { sent, runner, store } = setup();
    const events = [msg(0, "在吗", { route: { queue: 3 } }), msg(1000, "价格表"), { type: "queue.moved", at: 2000, position: 1 } as EngineEvent, msg(3000, "人呢"), { type: "agent.accepted", at: 4000, agent: "zhangsan" } as EngineEvent, msg(5000, "你好")];
    await Promise.all([...events.map((e) => runner.handle("c", e)), ...events.map((e) => runner.handle("d", e))]);
    const expected = model(events);
    const { conversation: _a, ...want } = expected.state;
    const { conversation: _b, ...got } = (await store.load("c"))!.state;
    expect(got).toEqual(JSON.parse(JSON.stringify(want)));
    expect(sent.filter((m) => m.conversation === "c").map((m) => m.text)).toEqual(expected.texts);
    expect(sent.filter((m) => m.conversation === "d").map((m) => m.text)).toEqual(expected.texts);
  });

  it("loses no update when two workers race on one conversation: the compare-and-set makes one try again", async () => {
    const store = backend.store();
    const sent: Outgoing[] = [];
    const conflicts: number[] = [];
    const options = { engine, store, send: async (m: Outgoing) => void sent.push(m), start: (conversation: string) => ({ conversation, ...start() }), log: (e: { event: string }) => e.event === "conflict" && conflicts.push(1) };
    const a = createRunner(options);
    const b = createRunner(options);
    await a.handle("c", msg(0, "在吗", { route: { queue: 3 } }));
    // Both load revision 1 before either saves: one save must fail and that step run again.
    await Promise.all([a.handle("c", { type: "queue.moved", at: 1000, position: 2 }), b.handle("c", { type: "agent.message", at: 1000 })]);
    const stored = (await store.load("c"))!;
    expect(stored.revision).toBe(3);
    // Both events applied, whichever won the race (the two orders decide the same here).
    const both = model([msg(0, "在吗", { route: { queue: 3 } }), { type: "queue.moved", at: 1000, position: 2 }, { type: "agent.message", at: 1000 }]).state;
    expect([stored.state.position, stored.state.quotaUsed]).toEqual([both.position, both.quotaUsed]);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sent.map((m) => m.key)).size).toBe(sent.length);
  });

  it("a send that fails leaves the message in the outbox; the next run sends it first, with the same key, once", async () => {
    let failNext = false;
    const sent: Outgoing[] = [];
    const { runner, store } = setup({
      send: async (m) => {
        if (failNext) {
          failNext = false;
          throw new Error("network down");
        }
        sent.push(m);
      },
    });
    failNext = true;
    const first = await runner.handle("c", msg(0, "在吗", { route: { queue: 3 } }));
    expect(first.sent).toEqual([]);
    expect(first.pending.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
    // The failure is on the message's history in the outbox; the others have none.
    const kept = (await store.load("c"))?.outbox;
    expect(kept?.map((m) => m.failures)).toEqual([[{ attempt: 1, code: null, errcode: null, error: "network down" }], undefined, undefined]);
    // A sender's typed error keeps its code and errcode; the history keeps the last five, numbered.
    const failing = createRunner({ engine, store, send: async () => { throw new SendError("SEND_FAILED", "busy", 45009); }, start: (conversation) => ({ conversation, ...start() }) });
    for (let i = 0; i < 6; i++) await failing.flush("c");
    expect((await store.load("c"))?.outbox[0]?.failures).toEqual([3, 4, 5, 6, 7].map((attempt) => ({ attempt, code: "SEND_FAILED", errcode: 45009, error: "[autoreply] busy" })));
    await runner.handle("c", msg(1000, "价格表"));
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2", "c/e2/2/0", "c/e2/2/1"]);
    expect((await store.load("c"))?.outbox).toEqual([]);
  });

  it("a crash between saving and sending: flush sends what the outbox kept", async () => {
    const { store } = setup();
    const crashing = createRunner({ engine, store, send: async () => { throw new Error("process killed"); }, start: (conversation) => ({ conversation, ...start() }), epoch: epochs() });
    await crashing.handle("c", msg(0, "你好", { route: { agent: "zhangsan" } }));
    const sent: Outgoing[] = [];
    const restarted = createRunner({ engine, store, send: async (m) => void sent.push(m), start: (conversation) => ({ conversation, ...start() }) });
    expect(await restarted.flush("c")).toBe(1);
    expect(await restarted.flush("c")).toBe(0);
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0"]);
  });

  it("writes one event log line per event applied, once even when a conflict made the step run again; the log replays to the same state", async () => {
    const store = backend.store();
    const lines: string[] = [];
    const options = { engine, store, send: async () => {}, start: (conversation: string) => ({ conversation, ...start() }), record: (line: string) => void lines.push(line) };
    const [a, b] = [createRunner(options), createRunner(options)];
    await a.handle("c", msg(0, "在吗", { route: { queue: 3 } }));
    await Promise.all([a.handle("c", { type: "queue.moved", at: 1000, position: 2 }), b.handle("c", { type: "agent.message", at: 1000 })]);
    await expect(a.handle("c", { type: "visitor.shouted", at: 2000 } as unknown as EngineEvent)).rejects.toThrow();
    const log = lines.map((l) => JSON.parse(l) as { conversation: string; channel: string; event: EngineEvent; start?: StartInput });
    expect(log.map((l) => [l.conversation, l.channel])).toEqual([["c", "miniprogram"], ["c", "miniprogram"], ["c", "miniprogram"]]);
    // The first line of the conversation says how it was started; the others do not repeat it.
    expect(log.map((l) => l.start)).toEqual([{ conversation: "c", ...start() }, undefined, undefined]);
    let state = engine.start(log[0]?.start as StartInput);
    for (const l of log) state = engine.decide(state, l.event).state;
    expect(JSON.parse(JSON.stringify(state))).toEqual((await store.load("c"))?.state);
  });

  it("a short soak: pushes twice, workers killed before and after the save, sends failing; nothing lost, doubled or reordered", async () => {
    const report = await soak({ engine, store: backend.store(), start: (conversation) => ({ conversation, ...start() }), conversations: 20, events: 30, workers: 4, duplicates: 0.3, kills: 0.1, sendFailures: 0.1, agent: "zhangsan", seed: 3, now: () => performance.now() });
    expect(report).toMatchObject({ lostUpdates: 0, sentTwice: 0, neverSent: 0, outOfOrder: 0 });
    expect(report.pushes).toBeGreaterThan(20 * 30 * 1.2); // the duplicates and the kills made pushes again
  }, 60_000);

  it("a short soak with timers, on a store that keeps them: no timer lost, none fired for a state that moved on sends anything", async () => {
    const { store, scheduler } = backend.keeping(0);
    const report = await soak({ engine, store, scheduler, start: (conversation) => ({ conversation, ...start() }), conversations: 20, events: 30, workers: 4, duplicates: 0.3, kills: 0.1, sendFailures: 0.1, agent: "zhangsan", seed: 5, now: () => performance.now() });
    expect(report).toMatchObject({ lostUpdates: 0, sentTwice: 0, neverSent: 0, outOfOrder: 0, timersLost: 0, staleSent: 0 });
    expect(report.timersFired).toBeGreaterThan(20);
  }, 60_000);

  it("a store that keeps the timers saves them with the state: a worker killed after its save loses none (one that does not, loses them)", async () => {
    const killedAfterSave = (inner: Store): Store => ({ ...inner, load: inner.load, sent: inner.sent, save: async (c, e, n, t) => { await inner.save(c, e, n, t); throw new Error("killed"); } });
    const run = async (store: Store, scheduler: Pending, c: string) => {
      const runner = createRunner({ engine, store: killedAfterSave(store), scheduler, send: async () => {}, start: (conversation) => ({ conversation, ...start() }) });
      await expect(runner.handle(c, msg(0, "你好", { route: { agent: "zhangsan" } }))).rejects.toThrow("killed");
      return scheduler.pending(c);
    };
    const keeping = backend.keeping();
    expect(keeping.store.keepsTimers).toBe(true);
    expect(await run(keeping.store, keeping.scheduler, "c")).toEqual(["agentSilent"]);
    expect(await run(backend.store(), backend.scheduler(), "d")).toEqual([]);
  });

  it("hands a due timer out for its lease: not again within it, again after it when its worker died, never once applied", async () => {
    const { store, scheduler } = backend.keeping(30_000);
    const runner = createRunner({ engine, store, scheduler, send: async () => {}, start: (conversation) => ({ conversation, ...start() }) });
    await runner.handle("c", msg(0, "你好", { route: { agent: "zhangsan" } }));
    const due = (await store.load("c"))?.state.timers.agentSilent as number;
    expect((await scheduler.due(due)).map((d) => d.timer.timer)).toEqual(["agentSilent"]);
    expect(await scheduler.due(due + 29_999)).toEqual([]);
    // The worker that took it died: it comes back when the lease ends, and applying it removes it.
    expect(await runner.tick(due + 30_000)).toBe(1);
    expect(await scheduler.due(due + 120_000)).toEqual([]);
  });

  it("a redelivered push (the same msgid) sends nothing again", async () => {
    const { sent, runner } = setup();
    await runner.handle("c", msg(0, "在吗", { route: { queue: 3 }, id: "wx-1" }));
    const again = await runner.handle("c", msg(0, "在吗", { route: { queue: 3 }, id: "wx-1" }));
    expect(again.sent).toEqual([]);
    expect(again.decision.dropped[0]?.reason).toBe("redelivered");
    expect(sent).toHaveLength(3);
  });

  it("feeds due timers back as timer events; a replaced timer never fires", async () => {
    const { sent, runner, scheduler } = setup();
    await runner.handle("c", msg(0, "你好", { route: { agent: "zhangsan" } }));
    await runner.handle("c", { type: "agent.message", at: 60_000 }); // replaces agentSilent by visitorSilent and autoEnd
    expect(await runner.tick(120_000)).toBe(0);
    expect(await runner.tick(360_000)).toBe(1);
    expect(sent.at(-1)?.kind).toBe("visitorSilent");
    expect(await scheduler.pending("c")).toEqual(["autoEnd"]);
  });

  it("rejects a bad event, or a stored state that is not valid, with the engine's typed error; nothing is saved or sent", async () => {
    const { sent, runner, store } = setup();
    await expect(runner.handle("c", { type: "visitor.shouted", at: 0 } as unknown as EngineEvent)).rejects.toMatchObject({ code: "EVENT_INVALID" });
    expect(await store.load("c")).toBeUndefined();
    await store.save("c", 0, { state: { ...engine.start({ conversation: "c", ...start() }), phase: "flying" } as unknown as ConversationState, revision: 1, outbox: [] });
    await expect(runner.handle("c", msg(0))).rejects.toMatchObject({ code: "STATE_INVALID" });
    expect((await store.load("c"))?.revision).toBe(1);
    expect(sent).toEqual([]);
  });

  it("a store that is down rejects the step with the store's own error; nothing is sent, and the next push works", async () => {
    const inner = backend.store();
    let down = true;
    const flaky: Store = {
      load: async (c) => {
        if (down) throw new Error("ECONNREFUSED");
        return inner.load(c);
      },
      save: (c, e, n) => inner.save(c, e, n),
      sent: (c, k) => inner.sent(c, k),
    };
    const sent: Outgoing[] = [];
    const runner = createRunner({ engine, store: flaky, send: async (m) => void sent.push(m), start: (conversation) => ({ conversation, ...start() }), epoch: epochs() });
    await expect(runner.handle("c", msg(0, "在吗", { route: { queue: 3 }, id: "p1" }))).rejects.toThrow("ECONNREFUSED");
    expect(sent).toEqual([]);
    down = false;
    const again = await runner.handle("c", msg(0, "在吗", { route: { queue: 3 }, id: "p1" }));
    expect(again.sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
  });

  it("gives up with STORE_CONFLICT when another worker saves first every time, and applies nothing", async () => {
    const inner = backend.store();
    const hostile: Store = { load: inner.load, sent: inner.sent, save: async () => false };
    const runner = createRunner({ engine, store: hostile, send: async () => {}, start: (conversation) => ({ conversation, ...start() }), attempts: 3 });
    const error = await runner.handle("c", msg(0)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AutoreplyError);
    expect(error).toMatchObject({ code: "STORE_CONFLICT" });
  });
});
}

const pendingOf = (s: MemoryScheduler): Pending => ({ schedule: s.schedule, due: s.due, pending: async (c: string) => s.pending(c).map((t) => t.timer) });
const memory: Backend = {
  store: () => memoryStore(),
  scheduler: () => pendingOf(memoryScheduler()),
  keeping: (lease) => {
    const s = memoryScheduler(lease === undefined ? {} : { lease });
    return { store: memoryStore({ scheduler: s }), scheduler: pendingOf(s) };
  },
};

describe("the soak's own detectors find what a broken host does", () => {
  const m = (key: string, text: string) => ({ key, conversation: "c", channel: "web", kind: "received", rule: "r", text });
  it("deliveryOf: a resend of one key, a message under two keys, one never sent, an order changed", () => {
    expect(deliveryOf(["a", "b"], [m("1", "a"), m("2", "b")])).toEqual({ sameKeyAgain: 0, twice: 0, never: 0, reordered: false });
    expect(deliveryOf(["a", "b"], [m("1", "a"), m("1", "a"), m("2", "b")])).toMatchObject({ sameKeyAgain: 1, twice: 0 });
    expect(deliveryOf(["a", "b"], [m("1", "a"), m("3", "a"), m("2", "b")])).toMatchObject({ twice: 1, reordered: true });
    expect(deliveryOf(["a", "b"], [m("1", "a")])).toMatchObject({ never: 1, reordered: true });
    expect(deliveryOf(["a", "b"], [m("2", "b"), m("1", "a")])).toMatchObject({ never: 0, twice: 0, reordered: true });
  });

  it("a store that forgets the outbox, or never marks a message sent, shows in the report", async () => {
    const run = (store: Store) => soak({ engine, store, start: (conversation) => ({ conversation, ...start() }), conversations: 5, events: 20, workers: 2, duplicates: 0, kills: 0, sendFailures: 0.3, agent: "zhangsan", seed: 9, now: () => 0 });
    const forgetful = memoryStore();
    const losesOutbox: Store = { load: forgetful.load, sent: forgetful.sent, save: (c, e, n, t) => forgetful.save(c, e, { ...n, outbox: [] }, t) };
    expect((await run(losesOutbox)).neverSent).toBeGreaterThan(0);
    const sticky = memoryStore();
    const neverMarks: Store = { load: sticky.load, save: sticky.save, sent: async () => undefined };
    expect((await run(neverMarks)).sentTwice).toBeGreaterThan(0);
  });

  it("a store that keeps the timers but drops them at its save shows timers lost", async () => {
    const scheduler = memoryScheduler({ lease: 0 });
    const inner = memoryStore({ scheduler });
    const dropsTimers: Store = { ...inner, load: inner.load, sent: inner.sent, save: (c, e, n) => inner.save(c, e, n, []) };
    const report = await soak({ engine, store: dropsTimers, scheduler, start: (conversation) => ({ conversation, ...start() }), conversations: 10, events: 30, workers: 2, duplicates: 0, kills: 0, sendFailures: 0, agent: "zhangsan", seed: 5, now: () => 0 });
    expect(report.timersFired).toBeGreaterThan(0);
    expect(report.timersLost).toBeGreaterThan(0);
  });
});

describe("handle's deadline (fake timers; every held store call is let go before the test ends)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Calls of a store method wait here until `open()`. */
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { wait: () => opened, open };
  };
  /** A promise's outcome, readable at any time without awaiting it. */
  const watch = (p: Promise<Handled>) => {
    const o: { done: boolean; value?: Handled; error?: unknown } = { done: false };
    p.then(
      (value) => Object.assign(o, { done: true, value }),
      (error: unknown) => Object.assign(o, { done: true, error }),
    );
    return o;
  };
  /** One turn of the real event loop: the memory store's work is promises only, so it is all done after. */
  const idle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const push = msg(0, "在吗", { route: { queue: 3 }, id: "wx-1" });

  /**
   * A memory store whose `load`, `save` (before it writes) or `send` wait at a gate while `held`
   * names them; `calls` counts the loads and saves. With `loses`, a held save then finds that another
   * worker saved first.
   */
  function held(what: "load" | "save" | "send", loses = false) {
    const inner = memoryStore();
    const g = gate();
    let holding = true;
    const calls = { load: 0, save: 0 };
    const store: Store = {
      load: async (c) => {
        calls.load++;
        if (what === "load" && holding) await g.wait();
        return inner.load(c);
      },
      save: async (c, e, n, t) => {
        calls.save++;
        if (what === "save" && holding) {
          await g.wait();
          if (loses) return false;
        }
        return inner.save(c, e, n, t);
      },
      sent: (c, k) => inner.sent(c, k),
    };
    const sent: Outgoing[] = [];
    const logs: LogEntry[] = [];
    const lines: string[] = [];
    const runner = createRunner({
      engine,
      store,
      record: (line) => void lines.push(line),
      send: async (m) => {
        if (what === "send" && holding) await g.wait();
        sent.push(m);
      },
      start: (conversation) => ({ conversation, ...start() }),
      log: (e) => void logs.push(e),
      epoch: epochs(),
    });
    const release = () => {
      holding = false;
      g.open();
    };
    return { inner, runner, sent, logs, lines, release, calls };
  }

  it("a load that hangs past the deadline rejects with DEADLINE then, saves nothing when it returns, and the push again is decided once", async () => {
    const { inner, runner, sent, logs, release } = held("load");
    const first = watch(runner.handle("c", push, { deadline: 4000 }));
    await vi.advanceTimersByTimeAsync(3999);
    expect(first.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.error).toBeInstanceOf(AutoreplyError);
    expect(first.error).toMatchObject({ code: "DEADLINE", message: expect.stringContaining("nothing was saved, and nothing will be") });
    expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 4000, stage: "loading" }]);
    // The store answers at last: the step given up goes no further.
    release();
    await idle();
    expect(await inner.load("c")).toBeUndefined();
    expect(sent).toEqual([]);
    // WeChat pushes it again: decided now, once.
    const again = await runner.handle("c", push, { deadline: 4000 });
    expect(again.sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a save that lands after the deadline: DEADLINE, and its messages wait in the outbox (the step sends nothing); the push again sends them, once, with their keys", async () => {
    const { inner, runner, sent, logs, lines, release } = held("save");
    const first = watch(runner.handle("c", push, { deadline: 4000 }));
    await vi.advanceTimersByTimeAsync(4000);
    expect(first.error).toMatchObject({ code: "DEADLINE", message: expect.stringContaining("if it lands, the event is applied and its messages wait in the outbox") });
    expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 4000, stage: "saving" }]);
    release();
    await idle();
    const stored = await inner.load("c");
    expect(stored?.revision).toBe(1);
    expect(stored?.outbox.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
    expect(sent).toEqual([]);
    // The event was applied: its event log line is written all the same.
    expect(lines.map((l) => (JSON.parse(l) as { event: EngineEvent }).event)).toEqual([push]);
    const again = await runner.handle("c", push, { deadline: 4000 });
    expect(again.decision.dropped[0]?.reason).toBe("redelivered");
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
    expect((await inner.load("c"))?.outbox).toEqual([]);
  });

  it("a save that finds after the deadline that another worker saved first is not tried again (no second load)", async () => {
    const { inner, runner, logs, release, calls } = held("save", true);
    const first = watch(runner.handle("c", push, { deadline: 4000 }));
    await vi.advanceTimersByTimeAsync(4000);
    expect(first.error).toMatchObject({ code: "DEADLINE" });
    release();
    await idle();
    expect(calls).toEqual({ load: 1, save: 1 });
    expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 4000, stage: "saving" }, { event: "conflict", conversation: "c", attempt: 1 }]);
    expect(await inner.load("c")).toBeUndefined();
  });

  it("a send that hangs past the deadline: DEADLINE (saved), the send under way finishes and is marked sent, the rest waits in the outbox for the next run", async () => {
    const { inner, runner, sent, logs, release } = held("send");
    const first = watch(runner.handle("c", push, { deadline: 4000 }));
    await vi.advanceTimersByTimeAsync(4000);
    expect(first.error).toMatchObject({ code: "DEADLINE", message: expect.stringContaining("the event was saved") });
    expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 4000, stage: "saved" }]);
    release();
    await idle();
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0"]);
    expect((await inner.load("c"))?.outbox.map((m) => m.key)).toEqual(["c/e1/1/1", "c/e1/1/2"]);
    expect(await runner.flush("c")).toBe(2);
    expect(sent.map((m) => m.key)).toEqual(["c/e1/1/0", "c/e1/1/1", "c/e1/1/2"]);
  });

  it("an event waiting behind a step that hangs rejects at its own deadline (queued), and is not applied when its turn comes", async () => {
    const { inner, runner, logs, release, calls } = held("load");
    const first = watch(runner.handle("c", push));
    const second = watch(runner.handle("c", msg(1000, "价格表", { id: "wx-2" }), { deadline: 1000 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.error).toMatchObject({ code: "DEADLINE", message: expect.stringContaining("waiting for an earlier step") });
    expect(logs).toEqual([{ event: "deadline", conversation: "c", deadline: 1000, stage: "queued" }]);
    release();
    await idle();
    expect(first.value?.revision).toBe(1);
    expect(calls).toEqual({ load: 1, save: 1 }); // the second step did not even load
    expect((await inner.load("c"))?.revision).toBe(1);
  });

  it("a step done in time resolves as without a deadline and leaves no timer behind; a deadline that is not a positive number is OPTION_INVALID", async () => {
    const { runner, release } = held("load");
    release();
    const handled = await runner.handle("c", push, { deadline: 4000 });
    expect(handled.sent).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
    for (const deadline of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "4000" as unknown as number]) {
      await expect(runner.handle("c", msg(1000), { deadline }), String(deadline)).rejects.toMatchObject({ code: "OPTION_INVALID", message: expect.stringContaining("handle: deadline must be a positive number of ms") });
    }
  });
});

describe("memory", () => {
  beforeAll(() => {
    backend = memory;
  });
  suite("memory");
});

checkRedis("tests/host.test.ts", "the Redis store and scheduler are");

describe.skipIf(!hasRedis)("redis", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let client: Redis;
  let prefix = 0;

  beforeAll(async () => {
    redis = await startRedis();
    client = redis.client;
    backend = {
      // A prefix per store: each test's conversations are its own, on one server.
      store: () => redisStore(client, { prefix: `t${prefix}:` }),
      scheduler: () => withPending(redisScheduler(client, { prefix: `t${prefix}:` }), `t${prefix}:`),
      keeping: (lease) => {
        const p = `t${prefix}:`;
        return { store: redisStore(client, { prefix: p, timers: true }), scheduler: withPending(redisScheduler(client, { prefix: p, ...(lease === undefined ? {} : { lease }) }), p) };
      },
    };
  }, 20_000);

  beforeEach(() => {
    prefix++;
  });

  /** What is scheduled for a conversation, read from the sorted set without handing anything out. */
  const withPending = (s: Scheduler, p: string): Pending => ({ ...s, pending: async (c: string) => ((await client.zrange(`${p}timers`, "0", "-1")) as string[]).map((m) => JSON.parse(m) as [string, string, number]).filter(([conv]) => conv === c).map(([, t]) => t) });

  afterAll(async () => {
    await redis?.stop();
  });

  suite("redis");

  it("keeps a state's numbers exactly, through the Lua scripts (times of 16 digits included)", async () => {
    const store = backend.store();
    const state = { ...engine.start({ conversation: "n", ...start() }), at: 8_639_999_999_999_999 };
    expect(await store.save("n", 0, { state, revision: 1, outbox: [] })).toBe(true);
    expect((await store.load("n"))?.state.at).toBe(8_639_999_999_999_999);
    expect(await store.save("n", 0, { state, revision: 1, outbox: [] })).toBe(false);
  });

  it("runs its scripts by SHA-1 (EVALSHA), and by their text again once the server has lost them (SCRIPT FLUSH)", async () => {
    const p = `t${prefix}:`;
    const calls: string[] = [];
    const counting = { eval: (...a: Parameters<Redis["eval"]>) => (calls.push("eval"), client.eval(...a)), evalsha: (...a: Parameters<Redis["evalsha"]>) => (calls.push("evalsha"), client.evalsha(...a)) } as unknown as Redis;
    const store = redisStore(counting, { prefix: p, timers: true });
    const state = engine.start({ conversation: "s", ...start() });
    // Whatever the tests before loaded goes: the server knows no script.
    await client.script("FLUSH");
    expect(await store.save("s", 0, { state, revision: 1, outbox: [] })).toBe(true);
    expect(await store.save("s", 1, { state, revision: 2, outbox: [] })).toBe(true);
    await client.script("FLUSH");
    expect((await store.load("s"))?.revision).toBe(2);
    expect(await store.save("s", 2, { state, revision: 3, outbox: [] })).toBe(true);
    // The first save's script was new to the server, then known; the flush made each new once more.
    expect(calls).toEqual(["evalsha", "eval", "evalsha", "evalsha", "eval", "evalsha", "eval"]);
  });

  it("with replicas, answers only what a replica confirmed (WAIT); a Redis without one rejects with STORE_UNCONFIRMED and the record stays as it was", async () => {
    const p = `t${prefix}:`;
    const state = engine.start({ conversation: "w", ...start() });
    const waiting = redisStore(client, { prefix: p, replicas: 1, replicaTimeout: 50 });
    await expect(waiting.save("w", 0, { state, revision: 1, outbox: [] })).rejects.toMatchObject({ code: "STORE_UNCONFIRMED", message: expect.stringContaining("0 of 1 replicas confirmed within 50 ms") });
    // The write itself happened on the master (WAIT cannot undo it): a push made again finds it by its revision.
    expect((await redisStore(client, { prefix: p }).load("w"))?.revision).toBe(1);
    await expect(waiting.load("w")).rejects.toMatchObject({ code: "STORE_UNCONFIRMED" });
    expect(await client.hget(`${p}{w}`, "rev")).toBe("1");
    expect(() => redisStore({ eval: client.eval.bind(client) }, { replicas: 1 })).toThrow(/give a client with pipeline\(\)/);
    expect(() => redisStore(client, { replicas: 0 })).toThrow(/replicas must be a whole number from 1/);
    expect(() => redisStore(client, { replicas: 1, replicaTimeout: 0 })).toThrow(/replicaTimeout must be a number of ms above 0/);
  });

  it("hands a due timer to one of two workers polling at once, never to both", async () => {
    const a = backend.scheduler();
    await a.schedule("c", [{ timer: "agentSilent", due: 10 }]);
    const [x, y] = await Promise.all([a.due(100), backend.scheduler().due(100)]);
    expect(x.length + y.length).toBe(1);
  });
});
