/**
 * A second floor: seed 003's rules for the seed config (spec/seed-003.config.yaml) written by hand,
 * returning what the engine returns for a host to act on: the next state (the engine's shape and
 * values), the replies with their texts, the pending timers and the quota, all frozen, as
 * CONTRACT.md asks. It is the least a hand-written implementation of the contract does, where the
 * switch of bench/peers.ts returns only the kinds.
 *
 * What it is spared: it knows one config and the web channel (the streams' channel: no quota cut),
 * validates nothing, explains nothing (`dropped` is always empty), and has no layers to resolve.
 * bench/run.ts checks, on every event of both streams, that its state, replies, timers and quota
 * equal the engine's before it times it.
 */
import type { ConversationState, Decision, Engine, EngineEvent, Message, Reply, ReplyKind, Timer, TimerName } from "../src/index.js";

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

/** One event: the decision, as the engine would give it for the seed config on the web channel. */
export function decideByHand(state: ConversationState, e: EngineEvent): Decision {
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
export function firstOutputDifference(engine: Engine, events: readonly EngineEvent[]): string | null {
  let a = engine.start({ conversation: "stream", channel: "web", online: [AGENT] });
  let b = a;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as EngineEvent;
    const da = engine.decide(a, e);
    const db = decideByHand(b, e);
    const [ja, jb] = [da, db].map((d) => JSON.stringify([d.state, d.replies, d.timers, d.quota]));
    if (ja !== jb) return `event ${i + 1} (${JSON.stringify(e)}): engine ${ja}, hand-written ${jb}`;
    a = da.state;
    b = db.state;
  }
  return null;
}
