/**
 * The same work done by the libraries a team would otherwise pick: seed 003's precedence for the
 * seed config (spec/seed-003.config.yaml), encoded in json-rules-engine (rules with priorities and
 * conditions), in GoRules zen-engine (a JDM decision table with the collect hit policy, evaluated in
 * Rust behind N-API), in an XState v5 machine stepped with its pure `transition`, and in a hand-written
 * switch that does only these decisions (the floor). The work: for each event, the reply kinds to
 * send, in order. Before anything is timed, each peer must give exactly the engine's kinds for every
 * event of both streams; a peer that disagrees is reported with its first difference, not timed.
 *
 * What the peers are spared (so the comparison leans their way): the web channel has no quota, so
 * they count nothing; timer events come from the engine's own schedule, so they arm no timers; they
 * render no text, build no drops, validate nothing and freeze nothing.
 */
import { ZenEngine } from "@gorules/zen-engine";
import { Engine as RulesEngine } from "json-rules-engine";
import { assign, createMachine, initialTransition, transition } from "xstate";
import type { EngineEvent, ReplyKind, Engine, ConversationState } from "../src/core/index.js";
import { decideByHand, decideByHandUnchecked } from "./handwritten.js";

const AGENT = "zhangsan";
const KEYWORDS = ["价格表", "产品报价"]; // the seed config's one keyword rule (any)
const QUEUED_INTERVAL = 5 * 60_000;

/** The reply kinds of one event, in order. */
export type Kinds = readonly ReplyKind[];
const isKeyword = (text: string) => KEYWORDS.some((k) => text.includes(k));

/** A deterministic stream of valid events for the seed config, timers fed when the engine says they are due. */
export function randomStream(engine: Engine, length: number, seed: number): EngineEvent[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  let state: ConversationState = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
  let timers: readonly { timer: string; due: number }[] = [];
  let at = 0;
  const events: EngineEvent[] = [];
  const apply = (e: EngineEvent) => {
    const d = engine.decide(state, e);
    events.push(e);
    state = d.state;
    timers = d.timers;
  };
  while (events.length < length) {
    at += pick([10_000, 30_000, 60_000, 180_000, 400_000]);
    for (let t = timers[0]; t !== undefined && t.due <= at; t = timers[0]) apply({ type: "timer", at: t.due, timer: t.timer, due: t.due } as EngineEvent);
    const text = next() < 0.3 ? pick(["价格表发我一下", "有产品报价吗"]) : pick(["你好", "在吗", "人呢?", "我还有个问题"]);
    const list = state.phase === "offline" ? state.waitingIn : state.phase;
    const options: (() => EngineEvent)[] = [() => ({ type: "visitor.opened", at }), () => ({ type: "agent.message", at, agent: AGENT }), () => ({ type: "presence", at, online: next() < 0.7 ? [AGENT] : [] })];
    if (list === "ended") {
      options.push(() => ({ type: "visitor.message", at, text, route: { agent: AGENT } }), () => ({ type: "visitor.message", at, text, route: { queue: 1 + Math.floor(next() * 20) } }), () => ({ type: "visitor.message", at, text }));
    } else {
      options.push(() => ({ type: "visitor.message", at, text }), () => ({ type: "visitor.message", at, text }), () => ({ type: "agent.ended", at, agent: AGENT }));
    }
    if (list === "queued") options.push(() => ({ type: "queue.moved", at, position: 1 + Math.floor(next() * 20) }), () => ({ type: "agent.accepted", at, agent: AGENT }));
    apply(pick(options)());
  }
  return events;
}

/** The replies of each event by the engine, as kinds. */
export function engineKinds(engine: Engine, events: readonly EngineEvent[]): Kinds[] {
  let state = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
  return events.map((e) => {
    const d = engine.decide(state, e);
    state = d.state;
    return d.replies.map((r) => r.kind);
  });
}

// The floor: a hand-written switch ---------------------------------------------------------------

interface SwitchState {
  list: "serving" | "queued" | null;
  online: boolean;
  lastQueuedAt: number | null;
}

function switchPeer(): { start: () => SwitchState; step: (s: SwitchState, e: EngineEvent) => Kinds } {
  return {
    start: () => ({ list: null, online: true, lastQueuedAt: null }),
    step(s, e) {
      switch (e.type) {
        case "visitor.opened":
          return ["opened"];
        case "visitor.message": {
          const before = s.list;
          if (e.route !== undefined) s.list = "agent" in e.route ? "serving" : "queued";
          else if (s.list === null) s.list = "queued";
          const kw = isKeyword(e.text);
          const out: ReplyKind[] = kw ? ["keyword"] : s.list === "serving" ? [] : ["received"];
          if (!s.online) {
            if (!kw) out.push("offline");
          } else if (s.list === "serving") {
            if (before !== "serving" && before !== "queued") out.push("accepted");
          } else if (!kw && !(s.lastQueuedAt !== null && e.at - s.lastQueuedAt < QUEUED_INTERVAL)) {
            out.push("queued");
            s.lastQueuedAt = e.at;
          }
          return out;
        }
        case "agent.ended": {
          const served = s.list === "serving";
          s.list = null;
          return served ? ["manualEnd"] : [];
        }
        case "agent.accepted":
          s.list = "serving";
          return [];
        case "presence":
          s.online = e.online.includes(AGENT);
          return [];
        case "timer":
          if (e.timer === "autoEnd") s.list = null;
          // The seed config has no backup stage (E-BACKUP): its timer never comes.
          return e.timer === "backup" ? [] : [e.timer === "idleEnd" ? "autoEnd" : e.timer];
        default:
          return [];
      }
    },
  };
}

// json-rules-engine: a reducer computes the facts, prioritized rules choose the replies --------------

function rulesPeer(): { start: () => SwitchState; step: (s: SwitchState, e: EngineEvent) => Promise<Kinds> } {
  const rules = new RulesEngine(undefined, { allowUndefinedFacts: true });
  const rule = (kind: ReplyKind, priority: number, all: { fact: string; operator: string; value: unknown }[]) =>
    rules.addRule({ name: kind, priority, conditions: { all }, event: { type: kind } });
  const is = (fact: string, value: unknown) => ({ fact, operator: "equal", value });
  rule("opened", 100, [is("event", "visitor.opened")]);
  rule("keyword", 90, [is("event", "visitor.message"), is("keyword", true)]);
  rule("received", 80, [is("event", "visitor.message"), is("keyword", false), is("servingList", false)]);
  rule("accepted", 70, [is("event", "visitor.message"), is("phase", "serving"), is("enteredServing", true)]);
  rule("offline", 60, [is("event", "visitor.message"), is("phase", "offline"), is("keyword", false)]);
  rule("queued", 50, [is("event", "visitor.message"), is("phase", "queued"), is("keyword", false), is("queuedHeld", false)]);
  rule("agentSilent", 40, [is("event", "timer"), is("timer", "agentSilent")]);
  rule("visitorSilent", 39, [is("event", "timer"), is("timer", "visitorSilent")]);
  rule("autoEnd", 38, [is("event", "timer"), is("timer", "autoEnd")]);
  rule("manualEnd", 30, [is("event", "agent.ended"), is("servingList", true)]);
  return {
    start: () => ({ list: null, online: true, lastQueuedAt: null }),
    async step(s, e) {
      // The state moves in plain code (factsOf, shared with the zen-engine peer); the rules decide what is sent.
      const { events } = await rules.run(factsOf(s, e));
      const kinds = events.map((x) => x.type as ReplyKind);
      afterKinds(s, e, kinds);
      return kinds;
    },
  };
}

// GoRules zen-engine: the same facts, and the precedence as one JDM decision table -----------------

/** The facts both rule engines decide on, computed in plain code from the event and the peer's state. */
interface Facts {
  event: EngineEvent["type"];
  keyword: boolean;
  servingList: boolean;
  phase: "serving" | "queued" | "offline" | "ended";
  enteredServing: boolean;
  queuedHeld: boolean;
  timer: string | null;
}

/** The columns of the decision table, in order. */
const ZEN_INPUTS = ["event", "keyword", "servingList", "phase", "enteredServing", "queuedHeld", "timer"] as const;

/**
 * Seed 003's precedence as rows of a JDM decision table, in the order the replies go out (the
 * collect hit policy returns every matching row, top to bottom): each row's cells are unary tests
 * of the zen expression language on one fact (`"visitor.message"`, `true`), an empty cell matches
 * anything. The same ten rules, in the same order, as the json-rules-engine peer.
 */
const ZEN_ROWS: readonly [ReplyKind, Partial<Record<(typeof ZEN_INPUTS)[number], string>>][] = [
  ["opened", { event: '"visitor.opened"' }],
  ["keyword", { event: '"visitor.message"', keyword: "true" }],
  ["received", { event: '"visitor.message"', keyword: "false", servingList: "false" }],
  ["accepted", { event: '"visitor.message"', phase: '"serving"', enteredServing: "true" }],
  ["offline", { event: '"visitor.message"', phase: '"offline"', keyword: "false" }],
  ["queued", { event: '"visitor.message"', phase: '"queued"', keyword: "false", queuedHeld: "false" }],
  ["agentSilent", { event: '"timer"', timer: '"agentSilent"' }],
  ["visitorSilent", { event: '"timer"', timer: '"visitorSilent"' }],
  ["autoEnd", { event: '"timer"', timer: '"autoEnd"' }],
  ["manualEnd", { event: '"agent.ended"', servingList: "true" }],
];

/** The JDM graph: a request node, the decision table (hit policy `collect`), a response node. */
export function zenDecisionContent(rows = ZEN_ROWS): object {
  const at = { x: 0, y: 0 };
  return {
    contentType: "application/vnd.gorules.decision",
    nodes: [
      { id: "request", type: "inputNode", name: "Request", position: at },
      {
        id: "replies",
        type: "decisionTableNode",
        name: "Seed 003 replies",
        position: at,
        content: {
          hitPolicy: "collect",
          inputs: ZEN_INPUTS.map((field) => ({ id: field, name: field, field })),
          outputs: [{ id: "kind", name: "kind", field: "kind" }],
          rules: rows.map(([kind, cells], i) => ({ _id: `row${i}`, ...Object.fromEntries(ZEN_INPUTS.map((field) => [field, cells[field] ?? ""])), kind: JSON.stringify(kind) })),
        },
      },
      { id: "response", type: "outputNode", name: "Response", position: at },
    ],
    edges: [
      { id: "in", sourceId: "request", targetId: "replies", type: "edge" },
      { id: "out", sourceId: "replies", targetId: "response", type: "edge" },
    ],
  };
}

/** The facts of one event, the peer's state moved first (the json-rules-engine and zen-engine peers share it). */
function factsOf(s: SwitchState, e: EngineEvent): Facts {
  const before = s.list;
  if (e.type === "visitor.message") {
    if (e.route !== undefined) s.list = "agent" in e.route ? "serving" : "queued";
    else if (s.list === null) s.list = "queued";
  } else if (e.type === "agent.accepted") s.list = "serving";
  else if (e.type === "presence") s.online = e.online.includes(AGENT);
  return {
    event: e.type,
    keyword: e.type === "visitor.message" ? isKeyword(e.text) : false,
    servingList: (e.type === "agent.ended" ? before : s.list) === "serving",
    phase: s.list === null ? "ended" : s.online ? s.list : "offline",
    enteredServing: s.list === "serving" && before !== "serving" && before !== "queued",
    queuedHeld: s.lastQueuedAt !== null && e.at - s.lastQueuedAt < QUEUED_INTERVAL,
    timer: e.type === "timer" ? e.timer : null,
  };
}

/** What follows the decision: the interval's clock, and the end of a session. */
function afterKinds(s: SwitchState, e: EngineEvent, kinds: Kinds): void {
  if (kinds.includes("queued")) s.lastQueuedAt = e.at;
  if (e.type === "agent.ended" || (e.type === "timer" && e.timer === "autoEnd")) s.list = null;
}

function zenPeer(): { start: () => SwitchState; step: (s: SwitchState, e: EngineEvent) => Promise<Kinds> } {
  const decision = new ZenEngine().createDecision(zenDecisionContent());
  return {
    start: () => ({ list: null, online: true, lastQueuedAt: null }),
    async step(s, e) {
      // One evaluation per event, awaited: zen-engine's API is asynchronous (the table runs in Rust).
      const { result } = await decision.evaluate(factsOf(s, e));
      const kinds = (result as { kind: ReplyKind }[]).map((row) => row.kind);
      afterKinds(s, e, kinds);
      return kinds;
    },
  };
}

/**
 * One `evaluate` of a table of one row with no input and one constant output, awaited: what every
 * call to zen-engine costs whatever the table (crossing N-API both ways, the promise, the context
 * converted to Rust and the result back), for bench/run.ts to print beside the peer.
 */
export function zenCallFloor(): () => Promise<unknown> {
  const decision = new ZenEngine().createDecision(zenDecisionContent([["opened", {}]]));
  const context = { event: "visitor.opened" };
  return () => decision.evaluate(context);
}

// XState v5: the phases as states, the replies as context written by each transition ---------------

interface MachineContext {
  online: boolean;
  lastQueuedAt: number | null;
  out: ReplyKind[];
}

function xstatePeer() {
  const kw = ({ event }: { event: EngineEvent }) => event.type === "visitor.message" && isKeyword(event.text);
  const routed = (to: "agent" | "queue") => ({ event }: { event: EngineEvent }) => event.type === "visitor.message" && event.route !== undefined && to in event.route;
  const online = ({ context }: { context: MachineContext }) => context.online;
  const held = ({ context, event }: { context: MachineContext; event: EngineEvent }) => context.lastQueuedAt !== null && event.at - context.lastQueuedAt < QUEUED_INTERVAL;
  // Actions defined outside the machine need assign's type parameters spelled out.
  const set = assign<MachineContext, EngineEvent, undefined, EngineEvent, never>;
  const out = (kinds: ReplyKind[]) => set({ out: () => kinds });
  const queuedOut = set(({ context, event }) =>
    kw({ event }) ? { out: ["keyword"] as ReplyKind[] } : held({ context, event }) ? { out: ["received"] as ReplyKind[] } : { out: ["received", "queued"] as ReplyKind[], lastQueuedAt: event.at },
  );
  const presence = set({ online: ({ event }) => event.type === "presence" && event.online.includes(AGENT), out: () => [] as ReplyKind[] });
  const timer = set({ out: ({ event }) => [(event as { timer: ReplyKind }).timer] });
  const machine = createMachine({
    types: {} as { context: MachineContext; events: EngineEvent },
    context: { online: true, lastQueuedAt: null, out: [] },
    initial: "ended",
    on: {
      "visitor.opened": { actions: out(["opened"]) },
      "agent.message": { actions: out([]) },
      "queue.moved": { actions: out([]) },
    },
    states: {
      ended: {
        on: {
          "visitor.message": [
            { guard: ({ event, context }) => routed("agent")({ event }) && context.online, target: "serving", actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword", "accepted"] : ["accepted"]) }) },
            { guard: routed("agent"), target: "offlineServing", actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword"] : ["offline"]) }) },
            { guard: online, target: "queued", actions: queuedOut },
            { target: "offlineQueued", actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword"] : ["received", "offline"]) }) },
          ],
          presence: { actions: presence },
        },
      },
      serving: {
        on: {
          "visitor.message": { actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword"] : []) }) },
          presence: [{ guard: ({ event }) => event.type === "presence" && !event.online.includes(AGENT), target: "offlineServing", actions: presence }, { actions: presence }],
          "agent.ended": { target: "ended", actions: out(["manualEnd"]) },
          timer: [{ guard: ({ event }) => event.type === "timer" && event.timer === "autoEnd", target: "ended", actions: out(["autoEnd"]) }, { actions: timer }],
        },
      },
      offlineServing: {
        on: {
          "visitor.message": { actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword"] : ["offline"]) }) },
          presence: [{ guard: ({ event }) => event.type === "presence" && event.online.includes(AGENT), target: "serving", actions: presence }, { actions: presence }],
          "agent.ended": { target: "ended", actions: out(["manualEnd"]) },
        },
      },
      queued: {
        on: {
          "visitor.message": { actions: queuedOut },
          presence: [{ guard: ({ event }) => event.type === "presence" && !event.online.includes(AGENT), target: "offlineQueued", actions: presence }, { actions: presence }],
          "agent.accepted": { target: "serving", actions: out([]) },
          "agent.ended": { target: "ended", actions: out([]) },
        },
      },
      offlineQueued: {
        on: {
          "visitor.message": { actions: assign({ out: ({ event }) => (kw({ event }) ? ["keyword"] : ["received", "offline"]) }) },
          presence: [{ guard: ({ event }) => event.type === "presence" && event.online.includes(AGENT), target: "queued", actions: presence }, { actions: presence }],
          "agent.accepted": { target: "offlineServing", actions: out([]) },
          "agent.ended": { target: "ended", actions: out([]) },
        },
      },
    },
  });
  type Snapshot = ReturnType<typeof initialTransition<typeof machine>>[0];
  return {
    start: (): Snapshot => initialTransition(machine)[0],
    step(s: Snapshot, e: EngineEvent): [Snapshot, Kinds] {
      const [next] = transition(machine, s, e);
      // An event no state handles leaves the context as it was: nothing was sent for it.
      return [next, next === s ? [] : next.context.out];
    },
  };
}

/** The first event where a peer's kinds differ from the engine's, or null when they agree on all. */
export function firstDifference(expected: readonly Kinds[], actual: readonly Kinds[], events: readonly EngineEvent[]): string | null {
  for (let i = 0; i < expected.length; i++) {
    if (JSON.stringify(expected[i]) !== JSON.stringify(actual[i])) {
      return `event ${i + 1} (${JSON.stringify(events[i])}): engine ${JSON.stringify(expected[i])}, peer ${JSON.stringify(actual[i])}`;
    }
  }
  return null;
}

/**
 * A whole-stream replay by each implementation, from a fresh start: the engine and the hand-written
 * implementation of the same output (their decisions; bench/handwritten.ts), and each other peer
 * (its kinds per event). What the agreement check compares and what bench/time-one.ts times.
 */
export function replayers(engine: Engine): Record<"engine" | "switch" | "rules" | "zen" | "xstate" | "handwritten" | "handwrittenUnchecked", (events: readonly EngineEvent[]) => unknown> {
  const sw = switchPeer();
  const rj = rulesPeer();
  const zen = zenPeer();
  const xs = xstatePeer();
  return {
    engine: (events) => {
      let state = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
      for (const e of events) state = engine.decide(state, e).state;
      return state;
    },
    switch: (events) => {
      const st = sw.start();
      return events.map((e) => sw.step(st, e));
    },
    rules: async (events) => {
      const st = rj.start();
      const out: Kinds[] = [];
      for (const e of events) out.push(await rj.step(st, e));
      return out;
    },
    zen: async (events) => {
      const st = zen.start();
      const out: Kinds[] = [];
      for (const e of events) out.push(await zen.step(st, e));
      return out;
    },
    handwritten: (events) => {
      let state = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
      for (const e of events) state = decideByHand(state, e).state;
      return state;
    },
    handwrittenUnchecked: (events) => {
      let state = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
      for (const e of events) state = decideByHandUnchecked(state, e).state;
      return state;
    },
    xstate: (events) => {
      let st = xs.start();
      return events.map((e) => {
        const [next, kinds] = xs.step(st, e);
        st = next;
        return kinds;
      });
    },
  };
}
