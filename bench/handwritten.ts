/**
 * A second floor: seed 003's rules for the seed config (spec/seed-003.config.yaml) written by hand,
 * returning what the engine returns for a host to act on: the next state (the engine's shape and
 * values), the replies with their texts, the pending timers and the quota, all frozen, as
 * CONTRACT.md asks. It is the least a hand-written implementation of the contract does, where the
 * switch of bench/peers.ts returns only the kinds.
 *
 * The checked floor (issue 30): `decideByHand` first checks what a host must check on input it did
 * not produce, as the engine does: a state read back from storage (every field it reads or passes
 * on: types and ranges, the phase in the phase list, counts whole and not negative, times whole ms
 * or null, texts where texts are read) and an event off the wire (its type known, `at` a time not
 * before the state's, the text a string of bounded length, the route, agents, positions, timers),
 * written by hand, straight-line, as a host would, and throws `HostInputError` with the engine's
 * codes (STATE_INVALID, EVENT_INVALID, UNKNOWN_AGENT, TIME_BACKWARDS). `decideByHandUnchecked`
 * is the same without them (the floor before issue 30, for scale).
 *
 * What it is spared still: it knows one config and the web channel (the streams' channel: no quota
 * cut), explains nothing (`dropped` is always empty), and has no layers to resolve; its checks do
 * not compare a state with a config's fingerprint or adapt a foreign one. bench/run.ts checks, on
 * every event of both streams, that its state, replies, timers and quota equal the engine's before
 * it times it, and that it refuses bad input with the engine's codes.
 */
import type { ConversationState, Decision, Engine, EngineEvent, Message, Reply, ReplyKind, Timer, TimerName } from "../src/core/index.js";

const AGENT = "zhangsan";
const STAFF = "张三";
const KEYWORDS = ["价格表", "产品报价"];
const AGENT_SILENT = 2 * 60_000;
const VISITOR_SILENT = 5 * 60_000;
const AUTO_END = 10 * 60_000;
const QUEUED_INTERVAL = 5 * 60_000;
const QUEUE_NUM_CAP = 5000;

const NONE: readonly never[] = Object.freeze([]);
const messages = (...texts: string[]): readonly Message[] => Object.freeze(texts.map((text) => Object.freeze({ text })));
/** One message, rendered: a frozen list of one frozen message. */
const one = (text: string): readonly Message[] => Object.freeze([Object.freeze({ text })]);
const reply = (kind: ReplyKind, rule: string, list: readonly Message[]): Reply => Object.freeze({ kind, layer: "app", rule, messages: list });

// Replies without placeholders, built once (as the engine's compile does).
const RECEIVED = messages("您好,消息已收到。", "客服会尽快回复您,请稍候。");
const KEYWORD = messages("这是我们的价格表:https://example.com/price", "如需优惠,请联系客服。");
const OFFLINE = messages("客服暂时不在线。", "请留言,我们上线后第一时间回复您。");
const VISITOR_SILENT_TEXT = messages("请问还有其他问题吗?");
const AUTO_END_TEXT = messages("由于您长时间未回复,本次会话已结束。");
const MANUAL_END = messages("感谢您的咨询,再见!");

type Draft = { -readonly [K in keyof ConversationState]: ConversationState[K] } & { timers: Record<TimerName, number | null> };
const NO_TIMERS = Object.freeze({ agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null, backup: null });

/** The list a visitor waits in with a human, whether or not that human is online. */
function listOf(s: Draft): "serving" | "queued" | null {
  return s.phase === "serving" || s.phase === "queued" ? s.phase : s.phase === "offline" ? s.waitingIn : null;
}

function setPhase(s: Draft, list: "serving" | "queued"): void {
  const up = list === "serving" || s.agent !== null ? s.agent !== null && s.online.includes(s.agent) : s.online.length > 0;
  s.phase = up ? list : "offline";
  s.waitingIn = up ? null : list;
}

/** A mutable copy of a state, field by field in the state's order, as the engine's copyState makes it. */
function copy(state: ConversationState): Draft {
  const t = state.timers;
  return {
    v: state.v,
    config: state.config,
    conversation: state.conversation,
    channel: state.channel,
    nickname: state.nickname,
    locale: state.locale,
    facts: state.facts,
    phase: state.phase,
    waitingIn: state.waitingIn,
    agent: state.agent,
    group: state.group,
    position: state.position,
    online: state.online,
    dnd: state.dnd,
    at: state.at,
    quotaUsed: state.quotaUsed,
    quotaLimit: state.quotaLimit,
    quotaUntil: state.quotaUntil,
    lastQueuedAt: state.lastQueuedAt,
    lastOfflineAt: state.lastOfflineAt,
    timers: { agentSilent: t.agentSilent, visitorSilent: t.visitorSilent, autoEnd: t.autoEnd, idleEnd: t.idleEnd, backup: null },
    memory: state.memory,
  };
}

function send(s: Draft, out: Reply[], kind: ReplyKind, rule: string, list: readonly Message[]): void {
  out.push(reply(kind, rule, list));
  s.quotaUsed += list.length;
}

function stopTimers(s: Draft): void {
  s.timers = { agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null, backup: null };
}

function end(s: Draft): void {
  s.phase = "ended";
  s.waitingIn = null;
  s.agent = null;
  s.group = null;
  s.position = null;
  stopTimers(s);
}

function place(s: Draft, list: "serving" | "queued", agent: string | null, position: number | null): void {
  s.agent = agent;
  s.group = null;
  s.position = position;
  setPhase(s, list);
}

const isKeyword = (text: string) => text.includes(KEYWORDS[0] as string) || text.includes(KEYWORDS[1] as string);


// The checks ------------------------------------------------------------------------------------

/** The error a host throws on a state or an event it cannot take: the engine's codes, the host's own class. */
export class HostInputError extends Error {
  constructor(
    readonly code: "STATE_INVALID" | "EVENT_INVALID" | "UNKNOWN_AGENT" | "UNKNOWN_CHANNEL" | "TIME_BACKWARDS",
    message: string,
  ) {
    super(message);
    this.name = "HostInputError";
  }
}

const STATE_VERSION = 3;
const MAX_TIME = 8_640_000_000_000_000;
const MAX_ID = 256;
const MAX_NICKNAME = 64;
const MAX_ONLINE = 100;
const MAX_PAGE = 2048;
/** The longest visitor or agent text a host takes off the wire (UTF-16 code units). */
export const MAX_TEXT = 4096;

function badState(field: string, expected: string): never {
  throw new HostInputError("STATE_INVALID", `state.${field} should be ${expected}`);
}

function badEvent(type: unknown, field: string, expected: string): never {
  throw new HostInputError("EVENT_INVALID", `${String(type)}: "${field}" should be ${expected}`);
}

const isTime = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= MAX_TIME;
const isTimeOrNull = (x: unknown): boolean => x === null || isTime(x);
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
const isPosition = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 1;
const isId = (x: unknown): x is string => typeof x === "string" && x.length > 0 && x.length <= MAX_ID;
const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** A sorted list of this config's agents, without repeats, at most `MAX_ONLINE`. */
function isAgentList(x: unknown): boolean {
  if (!Array.isArray(x) || x.length > MAX_ONLINE) return false;
  for (let i = 0; i < x.length; i++) {
    const id: unknown = x[i];
    if (id !== AGENT || (i > 0 && !((x[i - 1] as string) < id))) return false;
  }
  return true;
}

/** A state read back from storage: every field this implementation reads or passes on, its type and range. */
function checkState(x: unknown): ConversationState {
  if (!isPlainObject(x)) throw new HostInputError("STATE_INVALID", "the state should be an object");
  if (x["v"] !== STATE_VERSION) badState("v", String(STATE_VERSION));
  if (typeof x["config"] !== "string") badState("config", "the config fingerprint (text)");
  if (!isId(x["conversation"])) badState("conversation", `an id of 1 to ${MAX_ID} characters`);
  if (x["channel"] !== "web") {
    if (typeof x["channel"] !== "string") badState("channel", "a channel name");
    throw new HostInputError("UNKNOWN_CHANNEL", `the state's channel ${x["channel"]} is not served here`);
  }
  const nickname = x["nickname"];
  if (typeof nickname !== "string" || nickname.length > MAX_NICKNAME) badState("nickname", `text of at most ${MAX_NICKNAME} characters`);
  // Passed on, not read (this config has no languages or segments): their type and size.
  if (x["locale"] !== null && !(typeof x["locale"] === "string" && x["locale"].length <= 64)) badState("locale", "a language tag or null");
  if (!Array.isArray(x["facts"]) || x["facts"].length > 0) badState("facts", "[] (this config names no facts)");
  const phase = x["phase"];
  const waitingIn = x["waitingIn"];
  if (phase === "offline") {
    if (waitingIn !== "queued" && waitingIn !== "serving") badState("waitingIn", '"queued" or "serving" while offline');
  } else if (phase === "serving" || phase === "queued" || phase === "ended" || phase === "robot") {
    if (waitingIn !== null) badState("waitingIn", "null unless offline");
  } else badState("phase", "one of: robot, queued, serving, ended, offline");
  const agent = x["agent"];
  if (agent !== null && agent !== AGENT) badState("agent", "an agent of this config, or null");
  if (x["group"] !== null) badState("group", "null (this config has no groups)");
  const position = x["position"];
  if (position !== null && !isPosition(position)) badState("position", "a queue position (1 or more), or null");
  if (!isAgentList(x["online"])) badState("online", "a sorted list of this config's agents");
  if (!isAgentList(x["dnd"])) badState("dnd", "a sorted list of this config's agents");
  const at = x["at"];
  if (!isTimeOrNull(at)) badState("at", "a time (whole ms, 0 to 8.64e15) or null");
  if (!isCount(x["quotaUsed"])) badState("quotaUsed", "a count (0 or more)");
  if (x["quotaLimit"] !== null) badState("quotaLimit", "null (the web channel has no quota)");
  if (x["quotaUntil"] !== null) badState("quotaUntil", "null (the web channel has no quota)");
  const lastQueuedAt = x["lastQueuedAt"];
  const lastOfflineAt = x["lastOfflineAt"];
  if (!isTimeOrNull(lastQueuedAt) || (lastQueuedAt !== null && (at === null || (lastQueuedAt as number) > (at as number)))) badState("lastQueuedAt", "a time at or before `at`, or null");
  if (!isTimeOrNull(lastOfflineAt) || (lastOfflineAt !== null && (at === null || (lastOfflineAt as number) > (at as number)))) badState("lastOfflineAt", "a time at or before `at`, or null");
  const t = x["timers"];
  if (t !== NO_TIMERS) {
    if (!isPlainObject(t)) badState("timers", "{ agentSilent, visitorSilent, autoEnd, idleEnd, backup }");
    if (!isTimeOrNull(t["agentSilent"]) || !isTimeOrNull(t["visitorSilent"]) || !isTimeOrNull(t["autoEnd"]) || !isTimeOrNull(t["idleEnd"]) || t["backup"] !== null) {
      badState("timers", "each a time or null (backup: null, this config has no backup stage)");
    }
  }
  if (!isPlainObject(x["memory"])) badState("memory", "the memory the engine wrote (an object)");
  return x as unknown as ConversationState;
}

/** An event off the wire: its type, its time, and each field this implementation reads. */
function checkEvent(state: ConversationState, x: unknown): EngineEvent {
  if (!isPlainObject(x)) throw new HostInputError("EVENT_INVALID", "an event should be an object with type and at");
  const type = x["type"];
  const at = x["at"];
  if (!isTime(at)) badEvent(type, "at", "epoch ms (a whole number, 0 to 8.64e15)");
  if (state.at !== null && at < state.at) throw new HostInputError("TIME_BACKWARDS", `${String(type)} at ${at} is before the previous event at ${state.at}`);
  const id = x["id"];
  if (id !== undefined && !isId(id)) badEvent(type, "id", `text of 1 to ${MAX_ID} characters`);
  const page = x["page"];
  if (page !== undefined && !(typeof page === "string" && page.length <= MAX_PAGE)) badEvent(type, "page", `text of at most ${MAX_PAGE} characters`);
  switch (type) {
    case "visitor.opened":
      break;
    case "visitor.message": {
      const text = x["text"];
      if (typeof text !== "string" || text.length > MAX_TEXT) badEvent(type, "text", `text of at most ${MAX_TEXT} characters`);
      const route = x["route"];
      if (route !== undefined) {
        if (!isPlainObject(route)) badEvent(type, "route", "{ agent } or { queue, agent? }");
        if ("queue" in route) {
          if (!isPosition(route["queue"])) badEvent(type, "route.queue", "a queue position, 1 or more");
          if (route["agent"] !== undefined) checkAgent(type, route["agent"]);
          if (route["group"] !== undefined) badEvent(type, "route.group", "absent (this config has no groups)");
        } else if ("agent" in route) checkAgent(type, route["agent"]);
        else badEvent(type, "route", "{ agent } or { queue, agent? }");
      }
      break;
    }
    case "queue.moved":
      if (!isPosition(x["position"])) badEvent(type, "position", "a queue position, 1 or more");
      break;
    case "agent.accepted":
      checkAgent(type, x["agent"]);
      break;
    case "agent.message": {
      if (x["agent"] !== undefined) checkAgent(type, x["agent"]);
      const text = x["text"];
      if (text !== undefined && !(typeof text === "string" && text.length <= MAX_TEXT)) badEvent(type, "text", `text of at most ${MAX_TEXT} characters`);
      break;
    }
    case "agent.ended":
      if (x["agent"] !== undefined) checkAgent(type, x["agent"]);
      if (x["batch"] !== undefined && typeof x["batch"] !== "boolean") badEvent(type, "batch", "true or false");
      break;
    case "presence": {
      const online = x["online"];
      if (!Array.isArray(online) || online.length > MAX_ONLINE) badEvent(type, "online", `a list of at most ${MAX_ONLINE} agent ids`);
      for (let i = 0; i < online.length; i++) checkAgent(type, online[i]);
      const dnd = x["dnd"];
      if (dnd !== undefined) {
        if (!Array.isArray(dnd) || dnd.length > MAX_ONLINE) badEvent(type, "dnd", `a list of at most ${MAX_ONLINE} agent ids`);
        for (let i = 0; i < dnd.length; i++) checkAgent(type, dnd[i]);
      }
      break;
    }
    case "timer": {
      const timer = x["timer"];
      if (timer !== "agentSilent" && timer !== "visitorSilent" && timer !== "autoEnd" && timer !== "idleEnd" && timer !== "backup") badEvent(type, "timer", "one of: agentSilent, visitorSilent, autoEnd, idleEnd, backup");
      const due = x["due"];
      if (!isTime(due) || due > at) badEvent(type, "due", "the due time the engine gave, at or before `at`");
      break;
    }
    // The event types this config takes and answers with nothing.
    case "visitor.page":
    case "visitor.dismissed":
    case "visitor.transfer":
    case "visitor.menu":
    case "visitor.unsubscribed":
      break;
    default:
      throw new HostInputError("EVENT_INVALID", `unknown event type ${typeof type === "string" ? JSON.stringify(type.slice(0, 40)) : typeof type}`);
  }
  return x as unknown as EngineEvent;
}

function checkAgent(type: string, id: unknown): void {
  if (typeof id !== "string") badEvent(type, "agent", "an agent id");
  if (id !== AGENT) throw new HostInputError("UNKNOWN_AGENT", `${type}: agent ${JSON.stringify(id.slice(0, 40))} is not in the config`);
}

/** One event, checked first: the decision, as the engine would give it for the seed config on the web channel. */
export function decideByHand(state: unknown, e: unknown): Decision {
  const s = checkState(state);
  return decideByHandUnchecked(s, checkEvent(s, e));
}

/** One event, unchecked (the floor before issue 30): the decision, as the engine would give it for the seed config on the web channel. */
export function decideByHandUnchecked(state: ConversationState, e: EngineEvent): Decision {
  const s = copy(state);
  s.at = e.at;
  const out: Reply[] = [];
  switch (e.type) {
    case "visitor.opened":
      send(s, out, "opened", "app.replies.opened", one(`${s.nickname},欢迎光临,有什么可以帮您?`));
      break;
    case "visitor.message": {
      s.quotaUsed = 0;
      const before = listOf(s);
      const beforeAgent = s.agent;
      const route = e.route;
      if (route !== undefined && "queue" in route) place(s, "queued", route.agent ?? null, route.queue);
      else if (route !== undefined && "agent" in route) place(s, "serving", route.agent, null);
      else if (s.phase === "ended") place(s, "queued", null, null);
      const entered = s.phase === "serving" && (before !== "serving" || beforeAgent !== s.agent);
      const keyword = isKeyword(e.text);
      if (keyword) send(s, out, "keyword", "price-list", KEYWORD);
      else if (listOf(s) !== "serving") send(s, out, "received", "app.replies.received", RECEIVED);
      if (entered) {
        if (before !== "queued") send(s, out, "accepted", "app.replies.accepted", one(`${s.nickname},你好,客服${STAFF}负责接待您。`));
      } else if (s.phase === "offline") {
        if (!keyword) {
          send(s, out, "offline", "app.replies.offline", OFFLINE);
          s.lastOfflineAt = e.at;
        }
      } else if (s.phase === "queued" && !keyword && !(s.lastQueuedAt !== null && e.at - s.lastQueuedAt < QUEUED_INTERVAL)) {
        const num = s.position === null ? "" : s.position > QUEUE_NUM_CAP ? `${QUEUE_NUM_CAP}+` : String(s.position);
        send(s, out, "queued", "app.replies.queued", one(`${s.nickname},当前还有${num}人在排队中。`));
        s.lastQueuedAt = e.at;
      }
      if (s.phase !== "serving") stopTimers(s);
      else {
        if (keyword) s.timers.agentSilent = null;
        else if (s.timers.agentSilent === null) s.timers.agentSilent = e.at + AGENT_SILENT;
        s.timers.visitorSilent = null;
        s.timers.autoEnd = null;
      }
      break;
    }
    case "queue.moved":
      s.position = e.position;
      break;
    case "agent.accepted":
      place(s, "serving", e.agent, null);
      if (s.phase !== "serving") stopTimers(s);
      break;
    case "agent.message":
      s.quotaUsed += 1;
      if (s.phase === "serving") {
        s.timers.agentSilent = null;
        s.timers.visitorSilent = e.at + VISITOR_SILENT;
        s.timers.autoEnd = e.at + AUTO_END;
      }
      break;
    case "agent.ended":
      if (listOf(s) === "serving") send(s, out, "manualEnd", "app.replies.manualEnd", MANUAL_END);
      end(s);
      break;
    case "presence": {
      s.online = Object.freeze([...new Set(e.online)].sort());
      const list = listOf(s);
      if (list !== null) setPhase(s, list);
      if (s.phase !== "serving") stopTimers(s);
      break;
    }
    case "timer":
      if (s.timers[e.timer] !== e.due) break; // stale: nothing to do
      s.timers[e.timer] = null;
      if (e.timer === "agentSilent") send(s, out, "agentSilent", "app.replies.agentSilent", one(`客服${s.agent === null ? "" : STAFF}正在忙,请稍候。`));
      else if (e.timer === "visitorSilent") send(s, out, "visitorSilent", "app.replies.visitorSilent", VISITOR_SILENT_TEXT);
      else {
        if (listOf(s) === "serving") send(s, out, "autoEnd", "app.replies.autoEnd", AUTO_END_TEXT);
        end(s);
      }
      break;
    default:
      break;
  }
  const t = s.timers;
  s.timers = t.agentSilent === null && t.visitorSilent === null && t.autoEnd === null && t.idleEnd === null ? NO_TIMERS : Object.freeze(t);
  const next = Object.freeze(s) as ConversationState;
  const timers: Timer[] = [];
  if (t.agentSilent !== null) timers.push(Object.freeze({ timer: "agentSilent", due: t.agentSilent }));
  if (t.visitorSilent !== null) timers.push(Object.freeze({ timer: "visitorSilent", due: t.visitorSilent }));
  if (t.autoEnd !== null) timers.push(Object.freeze({ timer: "autoEnd", due: t.autoEnd }));
  if (timers.length > 1) timers.sort((a, b) => a.due - b.due);
  const quota = Object.freeze({ used: next.quotaUsed, limit: null, reserve: 0, until: null });
  return Object.freeze({ state: next, replies: out.length === 0 ? NONE : Object.freeze(out), dropped: NONE, timers: timers.length === 0 ? NONE : Object.freeze(timers), effects: NONE, quota });
}

/** The first event of `events` where the hand-written decision differs from the engine's (all but `dropped`), or null. */
export function firstOutputDifference(engine: Engine, events: readonly EngineEvent[], byHand: (state: ConversationState, e: EngineEvent) => Decision = decideByHand): string | null {
  let a = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
  let b = a;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as EngineEvent;
    const da = engine.decide(a, e);
    const db = byHand(b, e);
    const [ja, jb] = [da, db].map((d) => JSON.stringify([d.state, d.replies, d.timers, d.quota]));
    if (ja !== jb) return `event ${i + 1} (${JSON.stringify(e)}): engine ${ja}, hand-written ${jb}`;
    a = da.state;
    b = db.state;
  }
  return null;
}

/**
 * Bad input, and the code each side refuses it with: states read back from storage and events off
 * the wire that the hand-written implementation must refuse, each with the engine's code. The engine
 * refuses each with the same code, but for a visitor text past `MAX_TEXT`: the engine takes any
 * length (it matches keywords in the first `limits.text` code units), a host bounds what it reads.
 */
export function badInputs(engine: Engine): { readonly what: string; readonly state: unknown; readonly event: unknown; readonly code: HostInputError["code"]; readonly engine: HostInputError["code"] | "takes it" }[] {
  const start = engine.start({ conversation: "bad", channel: "web", online: [AGENT] });
  const s = engine.decide(start, { type: "visitor.message", at: 1000, text: "你好", route: { agent: AGENT } }).state;
  const ok = { type: "agent.message", at: 2000, agent: AGENT };
  const state = (what: string, bad: unknown, code: HostInputError["code"] = "STATE_INVALID") => ({ what: `state: ${what}`, state: bad, event: ok, code, engine: code });
  const event = (what: string, bad: unknown, code: HostInputError["code"] = "EVENT_INVALID", engineCode: HostInputError["code"] | "takes it" = code) => ({ what: `event: ${what}`, state: s, event: bad, code, engine: engineCode });
  const message = (fields: object) => ({ type: "visitor.message", at: 2000, text: "在吗", ...fields });
  return [
    state("null", null),
    state("a text", "{}"),
    state("another version", { ...s, v: 4 }),
    state("a locale that is not text", { ...s, locale: 7 }),
    state("no conversation id", { ...s, conversation: "" }),
    state("a channel the host does not serve", { ...s, channel: "fax" }, "UNKNOWN_CHANNEL"),
    state("a nickname that is not text", { ...s, nickname: 7 }),
    state("a phase not in the list", { ...s, phase: "talking" }),
    state("waiting in a list while serving", { ...s, waitingIn: "queued" }),
    state("an agent the config does not name", { ...s, agent: "lisi" }),
    state("a queue position of 0", { ...s, phase: "queued", agent: null, position: 0, timers: { agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null, backup: null } }),
    state("online not a list", { ...s, online: "zhangsan" }),
    state("a time as text", { ...s, at: "1000" }),
    state("a time that is not whole", { ...s, at: 1000.5 }),
    state("a negative count", { ...s, quotaUsed: -1 }),
    state("a count that is not whole", { ...s, quotaUsed: 1.5 }),
    state("a queued reply after the last event", { ...s, lastQueuedAt: 5000 }),
    state("a timer as text", { ...s, timers: { ...s.timers, agentSilent: "soon" } }),
    state("no timers", { ...s, timers: null }),
    state("no memory", { ...s, memory: null }),
    event("null", null),
    event("a number", 5),
    event("no type", { at: 2000 }),
    event("an unknown type", { type: "visitor.shout", at: 2000 }),
    event("no time", { type: "visitor.opened" }),
    event("a time as text", { type: "visitor.opened", at: "2000" }),
    event("a negative time", { type: "visitor.opened", at: -1 }),
    event("a time that is not a number", { type: "visitor.opened", at: Number.NaN }),
    event("an infinite time", { type: "visitor.opened", at: Number.POSITIVE_INFINITY }),
    event("a time before the state's", { type: "visitor.opened", at: 500 }, "TIME_BACKWARDS"),
    event("an empty id", { type: "visitor.opened", at: 2000, id: "" }),
    event("a text that is not text", message({ text: 42 })),
    event("no text", { type: "visitor.message", at: 2000 }),
    event(`a text longer than ${MAX_TEXT}`, message({ text: "长".repeat(MAX_TEXT + 1) }), "EVENT_INVALID", "takes it"),
    event("a route that is not an object", message({ route: "agent" })),
    event("a queue position of 0 in a route", message({ route: { queue: 0 } })),
    event("a route to an agent the config does not name", message({ route: { agent: "lisi" } }), "UNKNOWN_AGENT"),
    event("a queue position that is not whole", { type: "queue.moved", at: 2000, position: 1.5 }),
    event("an agent id that is not text", { type: "agent.accepted", at: 2000, agent: 7 }),
    event("an agent the config does not name", { type: "agent.accepted", at: 2000, agent: "lisi" }, "UNKNOWN_AGENT"),
    event("presence without a list", { type: "presence", at: 2000, online: "zhangsan" }),
    event("presence of an agent the config does not name", { type: "presence", at: 2000, online: ["lisi"] }, "UNKNOWN_AGENT"),
    event("an unknown timer", { type: "timer", at: 2000, timer: "soon", due: 2000 }),
    event("a timer due after it came", { type: "timer", at: 2000, timer: "agentSilent", due: 3000 }),
  ];
}

/** The first bad input that either side does not refuse as `badInputs` says, or null. */
export function firstRefusalDifference(engine: Engine): string | null {
  const codeOf = (f: () => unknown): string => {
    try {
      f();
      return "takes it";
    } catch (e) {
      return (e as { code?: string }).code ?? `an error without a code (${String(e)})`;
    }
  };
  for (const c of badInputs(engine)) {
    const byHand = codeOf(() => decideByHand(c.state, c.event));
    if (byHand !== c.code) return `${c.what}: the hand-written implementation ${byHand === "takes it" ? "takes it" : `refuses it with ${byHand}`}, expected ${c.code}`;
    const byEngine = codeOf(() => engine.decide(c.state as ConversationState, c.event as EngineEvent));
    if (byEngine !== c.engine) return `${c.what}: the engine ${byEngine === "takes it" ? "takes it" : `refuses it with ${byEngine}`}, expected ${c.engine}`;
  }
  return null;
}
