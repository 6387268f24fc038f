import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AutoreplyError, compile, type ConversationState, type Decision, type Engine, type EngineEvent, type ReplyKind, type Route, type Timer } from "../src/core/index.js";
import { AGENTS, CHANNELS, G1, PAGES, configArb, textArb } from "./arbitraries.js";
import { ROOT, deepFreeze } from "./helpers.js";

const SPEC_IDS = new Set((parse(readFileSync(join(ROOT, "spec", "rules.yaml"), "utf8")) as { id: string }[]).map((r) => r.id));
const T0 = 1_700_000_000_000; // a real epoch, so the state's numbers keep their width
const STATE_LIMIT = 2048; // bytes of JSON; CONTRACT.md: state is small and bounded (issue 10: under 2 KB with every feature)

/** Where the visitor is, kept by the test independently of the engine. */
interface Model {
  list: null | "robot" | "serving" | "queued";
  agent: string | null;
  group: string | null;
  online: Set<string>;
  used: number;
  readonly robotSwitch: boolean;
  /** The prompt showing, by the test's own account (P-ONE, P-CLOSE), the page the visitor is on, and when the visitor last dismissed a reply (P-GAP). */
  prompt: string | null;
  shownAt: number;
  page: string | null;
  closedAt: number | null;
}

interface Real {
  readonly engine: Engine;
  /** The config as written, for checks that must not ask the engine. */
  readonly config: RawConfig;
  state: ConversationState;
  timers: readonly Timer[];
  now: number;
  readonly reserve: number;
}

function modelPhase(m: Model): string {
  if (m.list === null) return "ended";
  if (m.list === "robot") return "robot";
  const up = m.list === "serving" || m.agent !== null ? m.agent !== null && m.online.has(m.agent) : m.group !== null ? G1.some((a) => m.online.has(a)) : m.online.size > 0;
  return up ? m.list : "offline";
}

const RANK: Record<ReplyKind, number> = {
  urgent: 0, opened: 0, prompt: 0, repeated: 1, upset: 1, keyword: 1, received: 1, accepted: 2, offline: 2, dnd: 2, queued: 2, unanswered: 2,
  agentSilent: 3, visitorSilent: 3, autoEnd: 3, manualEnd: 3, batchEnd: 3, survey: 3, surveyThanks: 3,
};

/** The config of configArb, as the test reads it. */
type RawConfig = {
  readonly agents: Readonly<Record<string, { readonly name?: string; readonly group?: string; readonly replies?: Readonly<Record<string, unknown>> }>>;
  readonly groups: Readonly<Record<string, { readonly replies?: Readonly<Record<string, unknown>> }>>;
  readonly app: { readonly replies: Readonly<Record<string, unknown>>; readonly channels?: Readonly<Record<string, { readonly replies?: Readonly<Record<string, unknown>> }>> };
};

/** Whether the config as written sets `kind` at this layer (read from the config, not from the engine). */
function sets(config: RawConfig, layer: string, owner: string, kind: string): boolean {
  const replies = layer === "agent" ? config.agents[owner]?.replies : layer === "group" ? config.groups[owner]?.replies : layer === "channel" ? config.app.channels?.[owner]?.replies : config.app.replies;
  return replies?.[kind] !== undefined;
}

/**
 * L-ORDER on every trace entry that names the layer it resolved from: the layers it asked are the
 * conversation's (its agent, before or after the event), each one's "sets it" agrees with the config
 * as written, and the layer that answered is the first of them that sets the kind.
 */
function checkLayers(config: RawConfig, before: ConversationState, after: ConversationState, trace: Decision["trace"]): void {
  for (const entry of trace ?? []) {
    if (entry.layer === undefined || entry.layers === undefined) continue;
    for (const step of entry.layers) {
      expect(sets(config, step.layer, step.owner, entry.kind), `${entry.kind} at ${step.layer} ${step.owner}`).toBe(step.has);
      if (step.layer === "agent") expect([before.agent, after.agent]).toContain(step.owner);
    }
    expect(entry.layer, `${entry.kind}: the first layer that sets it`).toBe(entry.layers.find((step) => step.has)?.layer);
  }
}

/** seed 003 line 8, the quotas of configArb's configs (no preset, no override): the test's own table, not the engine's. */
const QUOTA: Readonly<Record<string, number | null>> = { miniprogram: 5, minigame: 5, official_account: 20, web: null };

/**
 * Every invariant one decision must keep, whatever the config and the history. `used` is the
 * count of messages since the window opened as the caller counted them, when it keeps one (the
 * model does): the quota is then checked against that count and the channel's quota, never against
 * what the state says of itself (a state that lies about its count, such as a negative one a host
 * wrote, would otherwise let the engine send past the quota unseen).
 */
function checkDecision(before: ConversationState, event: Readonly<Record<string, unknown>>, d: Decision, reserve: number, used = before.quotaUsed): number {
  const kinds = d.replies.map((r) => r.kind);
  const has = (k: ReplyKind) => kinds.includes(k);
  const auto = d.replies.reduce((n, r) => n + r.messages.length, 0);
  const after = d.state;
  const beforeList = before.phase === "offline" ? before.waitingIn : before.phase;

  // Quota: automatic messages never push the count past the quota minus the reserve, and the count is exact.
  // A small window that opens (entering the chat, a follow, a menu click: W-OPENED, W-FOLLOW, W-MENU-WECHAT) counts from 0.
  const reopened = (event["type"] === "visitor.opened" || event["type"] === "visitor.menu" || event["type"] === "visitor.paid") && (after.quotaLimit !== before.quotaLimit || after.quotaUntil !== before.quotaUntil) && after.quotaUsed === auto;
  const usedBefore = event["type"] === "visitor.message" || event["type"] === "visitor.unsubscribed" || reopened ? 0 : used + (event["type"] === "agent.message" ? 1 : 0);
  expect(after.quotaUsed).toBe(usedBefore + auto);
  if (auto > 0 && after.quotaLimit !== null) expect(after.quotaUsed).toBeLessThanOrEqual(after.quotaLimit - reserve);
  const quota = QUOTA[before.channel];
  if (auto > 0 && quota !== null && quota !== undefined && event["type"] !== "visitor.unsubscribed") expect(usedBefore + auto, "sent past the quota less the reserve").toBeLessThanOrEqual(quota - reserve);
  for (const r of d.replies) expect(r.messages.length).toBeGreaterThan(0);

  // E-MUTE: inside a mute nothing automatic goes out but the replies that start one (repeated, upset) and an urgent reply.
  const mutedUntil = before.memory.muted;
  if (mutedUntil !== null && typeof event["at"] === "number" && event["at"] < mutedUntil) expect(kinds.filter((k) => k !== "repeated" && k !== "upset" && k !== "urgent")).toEqual([]);

  // F-NOT-TO-AGENTS: an agent's own message never sets off an automatic reply.
  if (event["type"] === "agent.message") expect(d.replies).toEqual([]);

  // No serving reply outside serving; they come only from a timer.
  if (has("agentSilent") || has("visitorSilent")) {
    expect(before.phase).toBe("serving");
    expect(event["type"]).toBe("timer");
  }
  // No end reply for a session ended from the queue or the robot; a batch end never sends manualEnd.
  if (has("manualEnd") || has("batchEnd") || has("autoEnd")) {
    expect(beforeList).toBe("serving");
    expect(after.phase).toBe("ended");
  }
  if (event["batch"] === true) expect(has("manualEnd")).toBe(false);
  // Keyword and offline suppression. A keyword reply its own frequency rule held back in the policy
  // chain (once, cooldown, dismiss, a mute) did not fire, and beats nothing; one the quota cut still does.
  const heldInChain = new Set(["F-ONCE-SESSION", "F-ONCE-VISITOR", "F-ONCE-PAGE", "F-COOLDOWN", "F-DISMISS", "E-MUTE"]);
  const keywordTriggered = has("keyword") || d.dropped.some((x) => x.kind === "keyword" && !heldInChain.has(x.by ?? ""));
  if (keywordTriggered) {
    expect(kinds.filter((k) => k === "received" || k === "queued" || k === "offline")).toEqual([]);
    expect(after.timers.agentSilent).toBeNull();
  }
  expect(has("offline") && has("queued")).toBe(false);
  // The robot list gets only keyword, received and opened, the repeated, urgent and upset replies (E-REPEATED, E-URGENT, E-UPSET: in any phase), and prompts (P-PHASE).
  if (after.phase === "robot") expect(kinds.filter((k) => !["keyword", "received", "opened", "repeated", "urgent", "upset", "prompt"].includes(k))).toEqual([]);
  // The order within a decision is total.
  for (let i = 1; i < kinds.length; i++) expect(RANK[kinds[i] as ReplyKind]).toBeGreaterThanOrEqual(RANK[kinds[i - 1] as ReplyKind]);
  // Timers are the state's, and serving timers exist only while serving.
  expect(d.timers.map((t) => [t.timer, t.due])).toEqual(
    Object.entries(after.timers).filter(([, due]) => due !== null).sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
  if (after.phase !== "serving") expect(d.timers).toEqual([]);
  // Every reason names a rule of the catalog; the state stays small.
  for (const x of d.dropped) if (x.by !== undefined) expect(SPEC_IDS.has(x.by), x.by).toBe(true);
  expect(JSON.stringify(after).length).toBeLessThan(STATE_LIMIT);
  return usedBefore + auto;
}

/** Applies an event to the real system, checking determinism, purity and the invariants. */
function apply(m: Model, r: Real, raw: Record<string, unknown>): Decision {
  // Events built from random data, as they would come off the wire.
  const event = deepFreeze({ ...raw, at: r.now }) as unknown as EngineEvent;
  const before = r.state;
  const snapshot = JSON.stringify(before);
  const d = r.engine.decide(before, event);
  expect(JSON.stringify(before)).toBe(snapshot);
  // Deterministic, and the state survives a JSON round trip: a stored state decides the same.
  expect(r.engine.decide(deepFreeze(JSON.parse(snapshot) as ConversationState), event)).toEqual(d);
  const used = checkDecision(before, event, d, r.reserve, m.used);
  // Explaining never changes the decision, and its trace accounts for every reply and every drop.
  const { trace, ...explained } = r.engine.decide(before, event, { explain: true });
  expect(explained).toEqual(d);
  for (const reply of d.replies) expect(trace?.some((t) => t.kind === reply.kind && t.verdict === "sent" && t.rule === reply.rule), reply.rule).toBe(true);
  for (const x of d.dropped) expect(trace?.some((t) => t.kind === x.kind && (t.verdict === x.reason || (x.reason === "quota" && t.cut === x.messages))), x.detail).toBe(true);
  checkLayers(r.config, before, d.state, trace);
  checkPrompts(m, before, event, d, r.now);
  m.used = used;
  r.state = d.state;
  r.timers = d.timers;
  return d;
}

/**
 * One prompt at a time (P-ONE), never within the gap after any dismissal (P-GAP, the default 24h), only
 * before a human conversation (P-PHASE); the model keeps which prompt shows by the closing rules of
 * P-CLOSE alone, and the engine's memory must agree with it.
 */
function checkPrompts(m: Model, before: ConversationState, event: EngineEvent, d: Decision, now: number): void {
  // P-CLOSE: a message closes it; so does half an hour.
  if (event.type === "visitor.message" || now - m.shownAt >= 30 * 60_000) m.prompt = null;
  if (event.type === "visitor.dismissed") {
    if (event.rule === m.prompt) m.prompt = null;
    m.closedAt = now;
  }
  const page = "page" in event && event.page !== undefined ? event.page : null;
  if (page !== null && m.page !== null && page !== m.page) m.prompt = null;
  if (page !== null) m.page = page;
  const prompts = d.replies.filter((x) => x.kind === "prompt");
  expect(prompts.length).toBeLessThanOrEqual(1);
  if (prompts.length > 0) {
    expect(m.prompt, "a prompt while another shows").toBeNull();
    if (m.closedAt !== null) expect(now - m.closedAt, "a prompt within the gap").toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(["ended", "robot"]).toContain(before.phase);
    m.prompt = prompts[0]?.rule ?? null;
    m.shownAt = now;
  }
  // The engine keeps the stamp of the last prompt shown until something closes it; past half an hour it no longer counts.
  if (m.prompt !== null) expect(d.state.memory.prompt, `prompt showing: model ${m.prompt}`).not.toBeNull();
}

function place(m: Model, route: Route): void {
  if ("robot" in route) Object.assign(m, { list: "robot", agent: null, group: null });
  else if ("queue" in route) Object.assign(m, { list: "queued", agent: route.agent ?? null, group: route.group ?? null });
  else Object.assign(m, { list: "serving", agent: route.agent, group: null });
}

type Cmd = fc.Command<Model, Real>;
const cmd = (name: string, check: (m: Readonly<Model>) => boolean, run: (m: Model, r: Real) => void): Cmd => ({
  check,
  run(m, r) {
    run(m, r);
    expect(r.state.phase, name).toBe(modelPhase(m));
  },
  toString: () => name,
});

const routeArb: fc.Arbitrary<Route> = fc.oneof(
  fc.constantFrom(...AGENTS).map((agent) => ({ agent })),
  fc.record({ queue: fc.integer({ min: 1, max: 6000 }) }),
  fc.record({ queue: fc.integer({ min: 1, max: 50 }), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ queue: fc.integer({ min: 1, max: 50 }), group: fc.constant("g1") }),
  fc.constant({ robot: true as const }),
);

const commands: fc.Arbitrary<Cmd>[] = [
  fc.tuple(textArb, fc.option(routeArb, { nil: undefined })).map(([text, route]) =>
    cmd(
      `message ${JSON.stringify(text)} ${JSON.stringify(route)}`,
      () => true,
      (m, r) => {
        apply(m, r, route === undefined ? { type: "visitor.message", text } : { type: "visitor.message", text, route });
        if (route !== undefined) place(m, route);
        else if (m.list === null && m.robotSwitch) m.list = "robot";
        else if (m.list === null) Object.assign(m, { list: "queued", agent: null, group: null }); // PLACE-DEFAULT
      },
    ),
  ),
  fc.constant(cmd("opened", () => true, (m, r) => void apply(m, r, { type: "visitor.opened" }))),
  routeArb
    .filter((route) => !("robot" in route))
    .map((route) => cmd(`transfer ${JSON.stringify(route)}`, (m) => m.list === "robot", (m, r) => {
      apply(m, r, { type: "visitor.transfer", route });
      place(m, route);
    })),
  fc.integer({ min: 1, max: 6000 }).map((position) => cmd(`moved ${position}`, (m) => m.list === "queued", (m, r) => void apply(m, r, { type: "queue.moved", position }))),
  fc.constantFrom(...AGENTS).map((agent) =>
    cmd(`accepted ${agent}`, (m) => m.list === "queued", (m, r) => {
      apply(m, r, { type: "agent.accepted", agent });
      Object.assign(m, { list: "serving", agent, group: null });
    }),
  ),
  fc.constant(cmd("agent message", () => true, (m, r) => void apply(m, r, { type: "agent.message" }))),
  fc.boolean().map((batch) =>
    cmd(`ended${batch ? " (batch)" : ""}`, (m) => m.list !== null, (m, r) => {
      apply(m, r, { type: "agent.ended", batch });
      Object.assign(m, { list: null, agent: null, group: null });
    }),
  ),
  fc.subarray([...AGENTS]).map((online) =>
    cmd(`presence [${online.join(",")}]`, () => true, (m, r) => {
      apply(m, r, { type: "presence", online });
      m.online = new Set(online);
    }),
  ),
  fc.constant(cmd("menu", () => true, (m, r) => void apply(m, r, { type: "visitor.menu", key: "faq" }))),
  fc.record({ page: fc.constantFrom(...PAGES), dwell: fc.integer({ min: 0, max: 120_000 }), scroll: fc.integer({ min: 0, max: 100 }) }).map((view) =>
    cmd(`page ${JSON.stringify(view)}`, () => true, (m, r) => void apply(m, r, { type: "visitor.page", ...view })),
  ),
  fc.constant(cmd("dismiss the prompt", (m) => m.prompt !== null, (m, r) => void apply(m, r, { type: "visitor.dismissed", rule: m.prompt }))),
  fc.constant(cmd("unsubscribed", () => true, (m, r) => void apply(m, r, { type: "visitor.unsubscribed" }))),
  fc.constant(cmd("paid", () => true, (m, r) => void apply(m, r, { type: "visitor.paid" }))),
  // STATE-CHECK: the host's store hands back a state with one number out of its range; decide refuses it and the conversation goes on.
  fc.tuple(fc.constantFrom("quotaUsed", "quotaLimit", "at", "quotaUntil", "lastQueuedAt", "lastOfflineAt", "position"), fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true }), fc.constant(8.64e15 + 1), fc.constant("3")))
    .filter(([field, value]) => value !== 8.64e15 + 1 || !["quotaUsed", "quotaLimit", "position"].includes(field)) // a time past the last one JavaScript's Date can hold; counts have no such end
    .map(([field, value]) =>
    cmd(`tampered ${field}: ${JSON.stringify(value)}`, () => true, (_m, r) => {
      const stored = { ...(JSON.parse(JSON.stringify(r.state)) as Record<string, unknown>), [field]: value };
      try {
        r.engine.decide(stored as unknown as ConversationState, { type: "agent.message", at: r.now });
        expect.unreachable(`a state with ${field}: ${JSON.stringify(value)} was taken`);
      } catch (e) {
        expect(e).toBeInstanceOf(AutoreplyError);
        expect((e as AutoreplyError).code).toBe("STATE_INVALID");
      }
    }),
  ),
  fc.constantFrom(10_000, 60_000, 180_000, 600_000).map((dt) =>
    cmd(`wait ${dt / 1000}s`, () => true, (m, r) => {
      const until = r.now + dt;
      for (let next = r.timers[0]; next !== undefined && next.due <= until; next = r.timers[0]) {
        r.now = next.due;
        const d = apply(m, r, { type: "timer", timer: next.timer, due: next.due });
        if ((next.timer === "autoEnd" || next.timer === "idleEnd") && !d.dropped.some((x) => x.reason === "stale")) {
          Object.assign(m, { list: null, agent: null, group: null });
        }
      }
      r.now = until;
    }),
  ),
];

describe("properties of decide over random configs and event sequences", () => {
  it("keeps every invariant, agrees with the placement model, and is deterministic", () => {
    fc.assert(
      fc.property(configArb, fc.constantFrom(...CHANNELS), fc.subarray([...AGENTS]), fc.commands(commands, { maxCommands: 60 }), (config, channel, online, cmds) => {
        const engine = compile(config);
        const setup = () => ({
          model: { list: null, agent: null, group: null, online: new Set(online), used: 0, robotSwitch: config.switches.robot, prompt: null, shownAt: 0, page: null, closedAt: null } satisfies Model,
          real: { engine, config, state: engine.start({ conversation: "p", channel, online }), timers: [], now: T0, reserve: config.reserveForAgents } satisfies Real,
        });
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 150 },
    );
  });

  it("never throws anything but a typed AutoreplyError, whatever the event, and leaves the state as it was", () => {
    const engine = compile({ agents: { a1: {} }, app: { replies: { received: { messages: "r" } } } });
    const state = deepFreeze(engine.start({ conversation: "x", channel: "web" }));
    const eventArb = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom("visitor.message", "visitor.transfer", "agent.accepted", "presence", "timer", "queue.moved", "agent.ended"), at: fc.oneof(fc.nat(), fc.double(), fc.constant(-1)) }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom("type", "at", "text", "route", "agent", "online", "timer", "due", "batch", "position", "__proto__"), fc.anything()),
    );
    fc.assert(
      fc.property(eventArb, (event) => {
        try {
          const d = engine.decide(state, event as EngineEvent);
          expect(Object.isFrozen(d.state)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(AutoreplyError);
        }
        expect(state.phase).toBe("ended");
      }),
      { numRuns: 2000 },
    );
  });

  it("does not grow the state over 10,000 events", () => {
    const [config] = fc.sample(configArb, { seed: 42, numRuns: 1 });
    const engine = compile(config!);
    const [cmds] = fc.sample(fc.commands(commands, { size: "max", maxCommands: 10_000 }), { seed: 7, numRuns: 1 });
    const real: Real = { engine, config: config!, state: engine.start({ conversation: "long", channel: "miniprogram", online: ["a1"] }), timers: [], now: T0, reserve: config?.reserveForAgents ?? 0 };
    const model: Model = { list: null, agent: null, group: null, online: new Set(["a1"]), used: 0, robotSwitch: config?.switches.robot ?? false, prompt: null, shownAt: 0, page: null, closedAt: null };
    let largest = 0;
    let ran = 0;
    for (let round = 0; ran < 10_000; round++) {
      for (const c of cmds ?? []) {
        if (!c.check(model)) continue;
        c.run(model, real);
        ran++;
        largest = Math.max(largest, JSON.stringify(real.state).length);
        if (ran === 1000) expect(largest).toBeLessThan(STATE_LIMIT);
      }
      if (round > 50) break;
    }
    expect(ran).toBeGreaterThanOrEqual(10_000);
    expect(largest).toBeLessThan(STATE_LIMIT);
    // About 2 s alone; a busy 2-core CI machine running the other files at once took more than
    // vitest's default 5 s. A guard against a hang, not a measure of speed.
  }, 60_000);
});

describe("the state with every feature of issues 10 to 13 configured", () => {
  /**
   * WeChat's frequency rules (per visitor message, dedupe), a breaker at its largest, a margin,
   * `once`, `cooldown` and `dismiss` on every reply, prompts, nested conditions, the backup stage,
   * event ids, pages, page views and dismissals: the memory
   * has all it can hold, and the state must stay under 2 KB of JSON (issue 10), event after event.
   */
  it("stays under 2 KB over 100,000 random events, and the decisions keep the invariants", () => {
    const [base] = fc.sample(configArb, { seed: 11, numRuns: 1 });
    const every = { once: "session" as const, cooldown: "5m", dismiss: "24h" };
    const replies = {
      keyword: [{ id: "k1", match: { any: ["价格表"] }, messages: ["价格见官网 <<nick_name>>"], once: "visitor" as const, dismiss: "1h" }, { id: "k2", match: { any: ["退款"] }, messages: "退款请走售后", cooldown: "30s" }],
      received: { messages: ["收到", "稍等 <<queue_num>>"], ...every },
      opened: { id: "welcome", messages: "需要帮助吗?", once: "page" as const, dismiss: "24h" },
      accepted: { messages: "我是<<staff_name>>", cooldown: "1m" },
      queued: { interval: "1m", rules: [{ over: 0, messages: "第<<queue_num>>位" }, { over: 10, messages: "人多" }], ...every },
      offline: { messages: "不在线", once: "visitor" as const, dismiss: "1m" },
      agentSilent: { after: "30s", messages: "稍等", cooldown: "2m" },
      visitorSilent: { after: "1m", messages: "还在吗", once: "session" as const },
      autoEnd: { after: "2m", idleAfter: "3m", messages: "再见", dismiss: "1h" },
      manualEnd: { messages: "结束了" },
      unanswered: { count: 3, alert: true, messages: "可以先留言", cooldown: "5m" },
      repeated: { count: 2, mute: "2m", transfer: true, messages: "转人工", dismiss: "1h" },
      urgent: { words: "退款", messages: "紧急请拨打热线", cooldown: "1m" },
      upset: { words: "hello", mute: "5m", messages: "抱歉打扰", once: "session" as const },
      prompt: [
        { id: "p-price", priority: 1, when: { page: "/a", dwell: "10s" }, ad: { dwell: "30s" }, messages: "需要推荐吗", buttons: [{ text: "好", key: "yes" }, { text: "暂时不需要", dismiss: true }], capture: { messages: "留言", buttons: [{ text: "不用", dismiss: true }] }, once: "page" as const },
        { id: "p-scroll", when: { scroll: 50 }, messages: "有问题吗", buttons: [{ text: "暂时不需要", dismiss: true }], cooldown: "10m" },
        { id: "p-tag", when: { tags: "价格敏感" }, messages: "看看优惠", dismiss: "1h" },
      ],
    };
    const breaker = { breaker: { max: 10, window: "10m" }, margin: "1m" };
    // Tags and routes at their memory's limit: more rules than the memory keeps, counted ones among them.
    const tags = [...Array.from({ length: 18 }, (_, i) => ({ id: `t${i}`, tag: `tag${i}`, match: { any: i % 2 === 0 ? "退款" : "订单" } })), { id: "counted", tag: "价格敏感", match: { any: "价格表" }, count: 3, within: "1d", unless: "ordered" }];
    const routes = [{ group: "g1", match: { any: "订单" } }];
    const conditions = [{ any: [{ longer: 5, not: [{ words: "谢谢" }] }, { all: [{ inARow: 2 }, { facts: "vip" }] }], transfer: true }];
    const agentSilent = { after: "30s", messages: "稍等", cooldown: "2m", backup: { after: "5m", alert: true, transfer: true } };
    // A short prompts.gap (24h by default, P-GAP) so that prompts keep coming over the random stream.
    const config = { ...base!, preset: "wechat2023" as const, tags, routes, conditions, prompts: { ads: ["sem"], gap: "5m" }, channels: { miniprogram: breaker, official_account: breaker, web: breaker, wecom: breaker }, app: { replies: { ...replies, agentSilent }, channels: {} } };
    const engine = compile(config);
    const rules = ["welcome", "k1", "offline", "app.replies.offline", "app.replies.autoEnd", "nope", "p-price", "p-scroll", "p-tag"];
    const eventArb = fc.oneof(
      { weight: 5, arbitrary: fc.record({ type: fc.constant("visitor.message"), text: textArb, route: fc.option(routeArb, { nil: undefined }), page: fc.option(fc.constantFrom("/a", "/b", "/c"), { nil: undefined }) }, { requiredKeys: ["type", "text"] }) },
      fc.record({ type: fc.constant("visitor.opened"), page: fc.option(fc.constantFrom("/a", "/b", "/c"), { nil: undefined }) }, { requiredKeys: ["type"] }),
      fc.constantFrom(...rules).map((rule) => ({ type: "visitor.dismissed", rule })),
      { weight: 2, arbitrary: fc.record({ type: fc.constant("visitor.page"), page: fc.constantFrom("/a", "/b", "/c?x=1"), dwell: fc.nat(60_000), scroll: fc.nat(100), source: fc.constantFrom("sem", "search") }) },
      fc.constantFrom(...AGENTS).map((agent) => ({ type: "agent.accepted", agent })),
      fc.constant({ type: "agent.message" }),
      fc.boolean().map((batch) => ({ type: "agent.ended", batch })),
      fc.subarray([...AGENTS]).map((online) => ({ type: "presence", online })),
      fc.constantFrom(1_000, 20_000, 90_000, 400_000, 3_000_000).map((dt) => ({ type: "wait", dt })),
    );
    const events = fc.sample(eventArb, { seed: 5, numRuns: 100_000 });
    let state = engine.start({ conversation: "big", channel: "official_account", online: ["a1"] });
    let timers: readonly Timer[] = [];
    let now = T0;
    let largest = 0;
    let decided = 0;
    let prompts = 0;
    const fields = { fired: 0, dismissed: 0, replies: 0, sent: 0, seen: 0 };
    events.forEach((raw, i) => {
      const e = raw as Record<string, unknown>;
      now += e["type"] === "wait" ? (e["dt"] as number) : 1_000;
      // Due timers first, as a host feeds them.
      for (let next = timers[0]; next !== undefined && next.due <= now; next = timers[0]) {
        const d = engine.decide(state, { type: "timer", timer: next.timer, due: next.due, at: next.due, id: `t${i}.${next.timer}` });
        expect(d.timers[0]).not.toEqual(next); // a timer fed back is never due again
        // The invariants on one decision in five (vitest's expect costs more than the decision).
        if (i % 5 === 0) checkDecision(state, { type: "timer" }, d, config.reserveForAgents);
        ({ state, timers } = d);
      }
      if (e["type"] === "wait") return;
      const { dt: _, ...event } = e;
      let d: Decision | undefined;
      try {
        d = engine.decide(state, { ...event, at: now, id: `e${i % 40}` } as EngineEvent);
      } catch (err) {
        expect(err).toBeInstanceOf(AutoreplyError);
      }
      if (d !== undefined) {
        prompts += d.replies.filter((r) => r.kind === "prompt").length;
        if (i % 5 === 0) checkDecision(state, event, d, config.reserveForAgents);
        ({ state, timers } = d);
        decided++;
      }
      largest = Math.max(largest, JSON.stringify(state).length);
      for (const key of Object.keys(fields) as (keyof typeof fields)[]) fields[key] = Math.max(fields[key], state.memory[key].length);
    });
    // The run reached every part of the memory, so the bound is not met by an empty one.
    expect(decided).toBeGreaterThan(50_000);
    expect(fields.fired).toBeGreaterThan(3);
    expect(fields.dismissed).toBeGreaterThan(0);
    expect(fields.replies).toBeGreaterThan(5);
    expect(fields.sent).toBeGreaterThan(3);
    expect(fields.seen).toBe(16 * 11); // 16 ids, 11 characters each
    expect(prompts).toBeGreaterThan(100);
    expect(largest).toBeLessThan(2048);
  }, 120_000);
});
