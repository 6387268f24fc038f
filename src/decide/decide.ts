import type { CompiledConfig, CompiledQueueRule, CompiledReply } from "../config/compiled.js";
import { contextOf, keywordApplies, layerPath, resolveReply, type LayerContext } from "../config/layers.js";
import { cite, type TraceEntry, type Verdict } from "../explain/trace.js";
import type { ChannelPolicy } from "../config/presets.js";
import { fail } from "../model/errors.js";
import { copyMemory, NO_TIMERS, SEEN_LIMIT, type ConversationState, type Memory } from "../model/state.js";
import {
  TIMER_NAMES,
  type Dropped,
  type Effect,
  type EngineEvent,
  type Message,
  type QuotaStatus,
  type Reply,
  type ReplyKind,
  type Route,
  type Timer,
  type TimerName,
} from "../model/types.js";
import { formatDuration } from "../config/duration.js";
import { cutText, later } from "../model/limits.js";
import { isHeldByInterval } from "../policies/interval.js";
import { closeWindow, isExpired, openMenuWindow, openSmallWindow, openWindow, roomLeft, type QuotaWindow } from "../policies/quota.js";
import { capRoom, RecentTexts } from "../policies/frequency.js";
import { suppressorOf, type SuppressionRule, type Triggered } from "../policies/suppression.js";
import { formatQueueNum, renderTemplate, type Template, type TemplateValues } from "../render/template.js";
import { listOf, phaseIn, type HumanList } from "./placement.js";

/** What one event decides. Every part is frozen plain data. */
export interface Decision {
  /** The next state: store it and pass it to the next `decide`. */
  readonly state: ConversationState;
  /** The replies to send, in order. */
  readonly replies: readonly Reply[];
  /** Replies, or parts of them, that were not sent, and why. */
  readonly dropped: readonly Dropped[];
  /** Every wake-up pending after this decision, earliest first: replace what you had scheduled. */
  readonly timers: readonly Timer[];
  /** Requests for the host (none in the core catalog yet). */
  readonly effects: readonly Effect[];
  /** The quota after this decision. */
  readonly quota: QuotaStatus;
  /** With `{ explain: true }`: every candidate reply, in the order considered, and its verdict. */
  readonly trace?: readonly TraceEntry[];
}

/** Options of `decide`. */
export interface DecideOptions {
  /** Add `trace` to the decision: why each candidate reply was sent or not. Off by default; off costs nothing. */
  readonly explain?: boolean;
}

type Kind = Exclude<ReplyKind, "keyword">;
type MutableTrace = { -readonly [K in keyof TraceEntry]: TraceEntry[K] };

type Draft = { -readonly [K in keyof ConversationState]: ConversationState[K] } & {
  timers: Record<TimerName, number | null>;
};

/** Where a reply's messages come from: a reply, or one rule of a queued reply. */
type MessageSource = Pick<CompiledQueueRule, "messages" | "fixed">;

/** A reply that is triggered, rendered, and waits for the quota. */
interface Pending extends Triggered {
  readonly reply: CompiledReply;
  /** Every message, rendered and frozen (the compiled ones when nothing needs filling in). */
  readonly messages: readonly Message[];
  /** Its trace entry, when explaining. */
  readonly why: MutableTrace | undefined;
}

/** Everything one decision accumulates before it is frozen. */
class Step {
  /** The replies triggered so far in this decision, in order: what suppression looks at. */
  readonly pending: Pending[] = [];
  readonly dropped: Dropped[] = [];

  constructor(
    readonly config: CompiledConfig,
    readonly s: Draft,
    readonly policy: ChannelPolicy,
    /** The trace, or `null` when not explaining: every explanation is skipped then. */
    readonly trace: MutableTrace[] | null,
  ) {}

  /**
   * Adds a verdict to the trace, citing the spec rule `by`, when explaining. Callers pass only
   * constants, or check `trace !== null` first: explain off must not build anything.
   */
  why(kind: ReplyKind, verdict: Verdict, detail: string, by?: string, extra: Omit<TraceEntry, "kind" | "verdict" | "detail" | "by"> = {}): MutableTrace | undefined {
    if (this.trace === null) return undefined;
    const entry: MutableTrace = { kind, verdict, ...extra, ...cite(by), detail };
    this.trace.push(entry);
    return entry;
  }

  /** The layer path for `kind` in this conversation, when explaining. */
  path(kind: Kind): Pick<TraceEntry, "layers"> {
    return this.trace === null ? {} : { layers: layerPath(this.config, kind, this.context()) };
  }

  /** The layer context last built, and the designated group it was built for (see `context`). */
  private cached: { readonly context: LayerContext; readonly group: string | null } | null = null;

  /** Who the conversation is with now, for layer lookups; rebuilt only when the agent or group changes. */
  context(): LayerContext {
    const c = this.cached;
    if (c !== null && c.context.agent === this.s.agent && c.group === this.s.group) return c.context;
    const context = contextOf(this.config, this.s.agent, this.s.group, this.s.channel);
    this.cached = { context, group: this.s.group };
    return context;
  }

  values(): TemplateValues {
    const agent = this.s.agent === null ? undefined : this.config.agents.get(this.s.agent);
    const inQueue = listOf(this.s.phase, this.s.waitingIn) === "queued";
    return {
      // Empty when no agent is assigned or designated; an offline agent keeps a name (seed 003 lines 9, 39).
      staff_name: agent?.name ?? "",
      nick_name: this.s.nickname,
      queue_num: inQueue ? formatQueueNum(this.s.position) : "",
    };
  }

  /**
   * Marks `reply` triggered and queues it, unless a reply triggered earlier in this decision beats it.
   * `reply` is what the layers resolved for `kind`: `undefined` when no layer sets it.
   */
  offer(kind: ReplyKind, reply: CompiledReply | undefined, source: MessageSource | undefined = reply, rule?: string): boolean {
    if (reply === undefined || source === undefined) {
      if (kind !== "keyword" && this.trace !== null) this.why(kind, "notConfigured", "no layer sets this reply", undefined, this.path(kind));
      return false;
    }
    const ruleId = rule ?? reply.id;
    const beaten = suppressorOf(reply.kind, this.pending);
    if (beaten !== undefined) {
      this.drop(reply.kind, "suppressed", ruleId, source.messages.length, this.beatenBy(beaten), beaten.id);
      return false;
    }
    let why: MutableTrace | undefined;
    if (this.trace !== null) {
      const said = kind === "keyword" ? `rule ${ruleId} of the ${reply.layer} layer matches first` : `set by the ${reply.layer} layer`;
      why = this.why(kind, "sent", said, undefined, { rule: ruleId, layer: reply.layer, ...(kind === "keyword" ? {} : this.path(kind)) });
    }
    this.pending.push({ kind: reply.kind, reply, rule: ruleId, messages: source.fixed ?? this.render(source.messages), why });
    return true;
  }

  /** Templates filled in with this conversation's values, as frozen messages. */
  private render(templates: readonly Template[]): readonly Message[] {
    const values = this.values();
    const messages: Message[] = [];
    for (const t of templates) messages.push(Object.freeze({ text: renderTemplate(t, values) }));
    return Object.freeze(messages);
  }

  /** "keyword rule price beats queued (seed 003 line 14)": the winner named by its rule. */
  beatenBy(rule: SuppressionRule): string {
    const winner = this.pending.find((p) => p.kind === rule.winner);
    return `${rule.winner} rule ${winner?.rule ?? "?"} beats ${rule.loser} (seed 003 line ${rule.line})`;
  }

  /** Records that a configured reply was not sent (and, when explaining, why). */
  drop(kind: ReplyKind, reason: Dropped["reason"], rule: string | undefined, messages: number, detail: string, by?: string): void {
    // Four literal shapes rather than spreads of optional fields: this runs on most visitor messages.
    const entry: Dropped =
      rule === undefined
        ? by === undefined ? { kind, reason, messages, detail } : { kind, reason, messages, by, detail }
        : by === undefined ? { kind, reason, rule, messages, detail } : { kind, reason, rule, messages, by, detail };
    this.dropped.push(Object.freeze(entry));
    // Quota and frequency cuts update the entry of the reply they cut (applyQuota); every other drop is its own verdict.
    if (this.trace !== null && reason !== "quota" && reason !== "window" && reason !== "frequency") this.why(kind, reason, detail, by, rule === undefined ? {} : { rule });
  }

  /** Records a reply held back by its minimum interval, with the time it may be sent again. */
  dropHeld(kind: ReplyKind, rule: string, messages: number, lastSentAt: number, interval: number, by: string, line: number): void {
    const ago = formatDuration((this.s.at as number) - lastSentAt);
    const detail = `sent ${ago} ago; the interval is ${formatDuration(interval)} (seed 003 line ${line})`;
    this.dropped.push(Object.freeze({ kind, reason: "interval" as const, rule, messages, by, until: lastSentAt + interval, detail }));
    if (this.trace !== null) this.why(kind, "interval", detail, by, { rule, until: lastSentAt + interval });
  }

  resolve(kind: Kind): CompiledReply | undefined {
    return resolveReply(this.config, kind, this.context());
  }
}

/** A mutable copy of a state, with `newState`'s fields in `newState`'s order (see `freezeState`). */
function copyState(s: ConversationState): Draft {
  return {
    v: s.v,
    config: s.config,
    conversation: s.conversation,
    channel: s.channel,
    nickname: s.nickname,
    phase: s.phase,
    waitingIn: s.waitingIn,
    agent: s.agent,
    group: s.group,
    position: s.position,
    online: s.online,
    at: s.at,
    quotaUsed: s.quotaUsed,
    quotaLimit: s.quotaLimit,
    quotaUntil: s.quotaUntil,
    lastQueuedAt: s.lastQueuedAt,
    lastOfflineAt: s.lastOfflineAt,
    timers: { agentSilent: s.timers.agentSilent, visitorSilent: s.timers.visitorSilent, autoEnd: s.timers.autoEnd, idleEnd: s.timers.idleEnd },
    memory: s.memory,
  };
}

/** The reply a timer sends: its own kind, but the idle end sends `autoEnd` (seed 003 line 31). */
function replyOfTimer(name: TimerName): Kind {
  return name === "idleEnd" ? "autoEnd" : name;
}

/** A fresh timers record with nothing pending. */
function noTimers(): Record<TimerName, number | null> {
  return { agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null };
}

/** How a placement moved the visitor: into serving (with another agent counts), and whether from the queue. */
interface Move {
  readonly enteredServing: boolean;
  readonly fromQueue: boolean;
}
const STAYED: Move = { enteredServing: false, fromQueue: false };

/** Who the visitor is with and their queue position, field by field (not `Object.assign`: docs/performance.md, "Measured choices"). */
function setPlace(s: Draft, agent: string | null, group: string | null, position: number | null): void {
  s.agent = agent;
  s.group = group;
  s.position = position;
}

/** Puts the visitor where the host says; returns how they moved. */
function place(step: Step, route: Route): Move {
  const s = step.s;
  const before = listOf(s.phase, s.waitingIn);
  const beforeAgent = s.agent;
  let list: HumanList;
  if ("robot" in route) {
    s.phase = "robot";
    s.waitingIn = null;
    setPlace(s, null, null, null);
    return STAYED;
  }
  if ("queue" in route) {
    list = "queued";
    setPlace(s, route.agent ?? null, route.group ?? null, route.queue);
  } else {
    list = "serving";
    setPlace(s, route.agent, null, null);
  }
  setPhase(step, list);
  return {
    enteredServing: list === "serving" && (before !== "serving" || beforeAgent !== s.agent),
    fromQueue: before === "queued",
  };
}

/** Sets the phase of a visitor in `list` from presence, keeping the list to return to while offline. */
function setPhase(step: Step, list: HumanList): void {
  const s = step.s;
  s.phase = phaseIn(step.config, list, s.agent, s.group, s.online);
  s.waitingIn = s.phase === "offline" ? list : null;
}

/**
 * Timers follow the phase (spec T-SERVING-ONLY, seed 003 line 20): outside serving none is pending;
 * on entering serving the idle timer starts (spec E-IDLE, seed 003 line 31).
 */
function syncTimers(step: Step, wasServing: boolean): void {
  const s = step.s;
  if (s.phase !== "serving") {
    s.timers = noTimers();
    return;
  }
  if (!wasServing) armIdle(step);
}

/** The serving agent went offline: each pending serving timer stops, and `dropped` says so (T-SERVING-ONLY). */
function reportStoppedTimers(step: Step): void {
  for (const name of TIMER_NAMES) {
    if (step.s.timers[name] === null) continue;
    const kind = replyOfTimer(name);
    const reply = step.resolve(kind);
    step.drop(kind, "suppressed", reply?.id, reply?.messages.length ?? 0, `the serving agent went offline: ${name} due at ${step.s.timers[name]} stops; serving replies need an agent online (seed 003 line 20)`, "T-SERVING-ONLY");
  }
}

function armIdle(step: Step): void {
  const autoEnd = step.resolve("autoEnd");
  step.s.timers.idleEnd =
    step.config.switches.idleEnd && autoEnd?.idleAfter != null ? later(step.s.at as number, autoEnd.idleAfter) : null;
}

/** The queue rule for a position: the one with the largest `over` below it (spec Q-RULES, seed 003 line 18). */
function queueRuleFor(queued: CompiledReply, position: number): CompiledQueueRule | undefined {
  for (let i = queued.rules.length - 1; i >= 0; i--) {
    const rule = queued.rules[i] as CompiledQueueRule;
    if (position > rule.over) return rule;
  }
  return undefined;
}

/** While offline in the queue, the queued reply is beaten by what was triggered instead (S-OFF-QUEUED, S-KW-QUEUED). */
function reportBeatenQueued(step: Step): void {
  const queued = step.resolve("queued");
  const rule = queued === undefined ? undefined : queueRuleFor(queued, step.s.position ?? 1);
  const by = suppressorOf("queued", step.pending);
  if (rule !== undefined && by !== undefined) {
    step.drop("queued", "suppressed", rule.id, rule.messages.length, step.beatenBy(by), by.id);
  } else {
    step.why("queued", "notInPhase", "nobody who could take the visitor is online (the offline reply applies)", "O-WHEN");
  }
}

/**
 * In the serving list with the agent offline, what this message triggered instead beats agentSilent
 * (S-OFF-AGENTSILENT, seed 003 line 21; S-KW-AGENTSILENT when a keyword answered): its timer is not
 * armed, and `dropped` says by which rule. (No serving timer runs while offline either, T-SERVING-ONLY.)
 */
function reportBeatenAgentSilent(step: Step): void {
  const by = suppressorOf("agentSilent", step.pending);
  const agentSilent = by === undefined ? undefined : step.resolve("agentSilent");
  if (by !== undefined && agentSilent?.after != null) step.drop("agentSilent", "suppressed", agentSilent.id, agentSilent.messages.length, step.beatenBy(by), by.id);
}

/**
 * Offers a reply that has a minimum interval (Q-INTERVAL, seed 003 line 17; O-INTERVAL, line 34),
 * or records it as held. A reply that is suppressed anyway is reported as suppressed, not as held.
 */
function offerUnlessHeld(step: Step, reply: CompiledReply, lastSentAt: number | null, source: MessageSource, rule: string, by: string, line: number): void {
  if (suppressorOf(reply.kind, step.pending) === undefined && isHeldByInterval(lastSentAt, reply.interval, step.s.at as number)) {
    step.dropHeld(reply.kind, rule, source.messages.length, lastSentAt as number, reply.interval, by, line);
    return;
  }
  step.offer(reply.kind, reply, source, rule);
}

/** The queued reply for the current position (spec Q-RULES, seed 003 line 18). */
function offerQueued(step: Step): void {
  const queued = step.resolve("queued");
  if (queued === undefined) {
    step.offer("queued", undefined);
    return;
  }
  const position = step.s.position ?? 1;
  const rule = queueRuleFor(queued, position);
  if (rule === undefined) {
    if (step.trace !== null) step.why("queued", "noRule", `no queue rule is for position ${position}: the lowest sends above ${queued.rules[0]?.over ?? 0}`, "Q-RULES", { rule: queued.id });
    return;
  }
  offerUnlessHeld(step, queued, step.s.lastQueuedAt, rule, rule.id, "Q-INTERVAL", 17);
}

/** The offline reply of the layer the chain picks (spec O-CHAIN-*, seed 003 5.2-5.3). */
function offerOffline(step: Step): void {
  const offline = step.resolve("offline");
  if (offline === undefined) step.offer("offline", undefined);
  else offerUnlessHeld(step, offline, step.s.lastOfflineAt, offline, offline.id, "O-INTERVAL", 34);
}

/** The placement replies that did not apply to this message, and why (only when explaining). */
function explainPlacement(step: Step, moved: Move): void {
  const s = step.s;
  const list = listOf(s.phase, s.waitingIn);
  if (!(s.phase === "serving" && moved.enteredServing)) {
    const why = s.phase === "serving" ? "the visitor was already being served" : s.phase === "offline" && list === "serving" ? "the serving agent is offline" : `the visitor is ${s.phase === "offline" ? "waiting offline" : s.phase}, not entering serving`;
    step.why("accepted", "notInPhase", why, s.phase === "offline" && list === "serving" ? "O-WHEN" : "A-ENTER");
  }
  if (s.phase !== "offline") {
    const robot = s.phase === "robot";
    step.why("offline", "notInPhase", robot ? "the visitor is with the robot" : "an agent who can take the visitor is online", robot ? "O-ROBOT" : "O-WHEN");
  }
  if (list !== "queued") {
    step.why("queued", "notInPhase", `the visitor is not in the queue (${s.phase})`, s.phase === "robot" || s.phase === "serving" ? "T-SERVING-ONLY" : "Q-WHEN-ONLINE");
  }
}

/**
 * A visitor message, in this order (spec ORDER):
 * 1. the quota window opens afresh (Q-RESET, seed 003 line 8);
 * 2. the visitor is placed where the route says, or stays; with no session and no route, the robot
 *    takes them when `switches.robot` is on, else they enter the queue (PLACE-DEFAULT);
 * 3. keyword: the first matching rule of the context, layers in order (K-ORDER);
 * 4. received, unless a keyword was triggered (S-KW-RECEIVED) or the visitor is in the serving list
 *    (its agent online or not) and `receivedWhileServing` is off (R-SERVING, seed 003 line 82);
 * 5. the placement reply: accepted on entering serving (A-ENTER; from the queue only with
 *    `acceptedFromQueue`, A-FROM-QUEUE), offline while offline (not in robot, O-ROBOT), queued while queued;
 * 6. serving timers: agentSilent armed unless a keyword answered (S-KW-AGENTSILENT); visitorSilent
 *    and autoEnd cancelled, the visitor spoke; idle restarted.
 */
function onVisitorMessage(step: Step, text: string, route: Route | undefined): void {
  const s = step.s;
  const at = s.at as number;
  setWindow(s, openWindow(step.policy, at));
  // F-PER-MESSAGE counts from the visitor's last message.
  if (s.memory.auto !== 0) s.memory = Object.freeze({ seen: s.memory.seen, auto: 0, sent: s.memory.sent });
  const wasServing = s.phase === "serving";
  let moved = STAYED;
  if (route !== undefined) moved = place(step, route);
  else if (s.phase === "ended" && step.config.switches.robot) s.phase = "robot";
  else if (s.phase === "ended") {
    // PLACE-DEFAULT, seed 003 lines 62-63: with no route the visitor enters the queue, undesignated,
    // at a position the host has not told (<<queue_num>> stays empty until queue.moved).
    setPlace(s, null, null, null);
    setPhase(step, "queued");
  }
  const context = step.context();
  // LIMIT-TEXT: matching reads the first `limits.text` characters, so one decision's cost is bounded.
  const limit = step.config.limits.text;
  const read = text.length > limit ? cutText(text, limit) : text;
  const keyword = step.config.keywords.match(read, (owner) => keywordApplies(owner, context));
  if (read !== text) step.why("keyword", "cut", `matching read the first ${read.length} of ${text.length} characters of the message (limits.text is ${limit})`, "LIMIT-TEXT");
  if (keyword !== undefined) step.offer("keyword", keyword.payload.reply);
  else if (step.config.keywords.words === 0) step.why("keyword", "notConfigured", "no layer has keyword rules");
  else step.why("keyword", "noMatch", "no keyword rule of this conversation's layers matches the message", "K-MATCH");
  // The switch is about the serving list (接待中), whether or not its agent is online right now.
  if (listOf(s.phase, s.waitingIn) !== "serving" || step.config.switches.receivedWhileServing) step.offer("received", step.resolve("received"));
  else step.why("received", "switchOff", "the visitor is in the serving list and switches.receivedWhileServing is off", "R-SERVING");

  if (s.phase === "serving" && moved.enteredServing) {
    if (!moved.fromQueue || step.config.switches.acceptedFromQueue) step.offer("accepted", step.resolve("accepted"));
    else step.why("accepted", "switchOff", "from the queue into serving, and switches.acceptedFromQueue is off", "A-FROM-QUEUE");
  } else if (s.phase === "offline") {
    offerOffline(step);
    if (s.waitingIn === "queued") reportBeatenQueued(step);
    else reportBeatenAgentSilent(step);
  } else if (s.phase === "queued") {
    offerQueued(step);
  }
  if (step.trace !== null) explainPlacement(step, moved);

  syncTimers(step, wasServing);
  if (s.phase === "serving") {
    const agentSilent = step.resolve("agentSilent");
    // S-KW-AGENTSILENT, from the suppression table: a keyword reply answered this message.
    const beaten = suppressorOf("agentSilent", step.pending);
    if (beaten !== undefined) {
      if (agentSilent !== undefined) step.drop("agentSilent", "suppressed", agentSilent.id, agentSilent.messages.length, `${step.beatenBy(beaten)}: its timer is not armed for this message`, beaten.id);
      s.timers.agentSilent = null;
    } else if (agentSilent?.after == null) {
      step.offer("agentSilent", undefined);
    } else if (s.timers.agentSilent === null) {
      s.timers.agentSilent = later(at, agentSilent.after);
      if (step.trace !== null) step.why("agentSilent", "armed", `due ${formatDuration(agentSilent.after)} from now unless an agent answers`, "A-SILENT", { rule: agentSilent.id, layer: agentSilent.layer, until: s.timers.agentSilent });
    } else {
      if (step.trace !== null) step.why("agentSilent", "pending", "already armed by an earlier unanswered message", "A-SILENT", { rule: agentSilent.id, until: s.timers.agentSilent });
    }
    s.timers.visitorSilent = null;
    s.timers.autoEnd = null;
    armIdle(step);
  }
}

/** An agent's message counts against the quota (Q-HUMAN) and, while serving, restarts the timers (V-SILENT, E-AUTO). */
function onAgentMessage(step: Step): void {
  const s = step.s;
  s.quotaUsed += 1;
  if (s.phase !== "serving") return;
  const at = s.at as number;
  const visitorSilent = step.resolve("visitorSilent");
  const autoEnd = step.resolve("autoEnd");
  s.timers.agentSilent = null;
  s.timers.visitorSilent = visitorSilent?.after != null ? later(at, visitorSilent.after) : null;
  s.timers.autoEnd = autoEnd?.after != null ? later(at, autoEnd.after) : null;
  armIdle(step);
}

/** Ends the session; the end reply only for a session that was with a human (E-NOT-FROM-QUEUE, seed 003 line 27). */
function endSession(step: Step, kind: "manualEnd" | "batchEnd" | "autoEnd", reply: CompiledReply | undefined): void {
  const s = step.s;
  const list = listOf(s.phase, s.waitingIn);
  if (list === "serving") step.offer(kind, reply);
  else if (reply !== undefined) {
    step.drop(kind, "suppressed", reply.id, reply.messages.length, `no end reply for a session ended from ${s.phase === "offline" ? "the queue" : s.phase} (seed 003 line 27)`, "E-NOT-FROM-QUEUE");
  }
  s.phase = "ended";
  s.waitingIn = null;
  setPlace(s, null, null, null);
  s.timers = noTimers();
}

function outOfOrder(event: EngineEvent, phase: string, hint: string): never {
  return fail("EVENT_OUT_OF_ORDER", `${event.type} cannot happen in phase ${phase}; ${hint}`);
}

function onTimer(step: Step, name: TimerName, due: number): void {
  const s = step.s;
  if (s.timers[name] !== due) {
    step.drop(replyOfTimer(name), "stale", undefined, 0, `timer ${name} due at ${due} is no longer pending (cancelled or replaced); nothing to do`, "T-STALE");
    return;
  }
  s.timers[name] = null;
  switch (name) {
    case "agentSilent": // A-SILENT, seed 003 line 24
    case "visitorSilent": // V-SILENT, seed 003 line 26
      step.offer(name, step.resolve(name));
      return;
    case "autoEnd": // E-AUTO, seed 003 line 30
    case "idleEnd": // E-IDLE, seed 003 line 31
      endSession(step, "autoEnd", step.resolve("autoEnd"));
      return;
  }
}

/** Lets the quota decide, in reply order, how many messages of each reply go out (spec Q-CUT). */
function applyQuota(step: Step): Reply[] {
  const s = step.s;
  const at = s.at as number;
  const policy = step.policy;
  const reserve = policy.reserve;
  const margin = policy.margin;
  const replies: Reply[] = [];
  // F-DEDUPE and F-PER-MESSAGE, when the channel sets them: the memory changes only then.
  const recent = policy.dedupe === null || step.pending.length === 0 ? null : new RecentTexts(s.memory, policy.dedupe, at);
  let auto = s.memory.auto;
  for (const p of step.pending) {
    let candidates = p.messages;
    const quotaRoom = roomLeft(s, reserve, at, margin);
    // The platform's window and quota come first: a reply that cannot go out anyway is reported
    // as such; only one that could is held back by the dedupe rule.
    if (recent !== null && quotaRoom > 0) {
      const fresh = candidates.filter((m) => !recent.has(m.text));
      if (fresh.length < candidates.length) {
        const repeated = candidates.length - fresh.length;
        const detail = `${repeated} of ${candidates.length} message${candidates.length === 1 ? "" : "s"} not sent: the same text went to this visitor within the last ${formatDuration(recent.span)} (seed 004 line 15)`;
        step.drop(p.reply.kind, "frequency", p.rule, repeated, detail, "F-DEDUPE");
        if (p.why !== undefined) {
          if (fresh.length === 0) Object.assign(p.why, { verdict: "frequency", sent: 0, cut: repeated, detail }, cite("F-DEDUPE"));
          else Object.assign(p.why, { cut: repeated, detail: `${p.why.detail}; ${detail}` });
        }
        if (fresh.length === 0) continue;
        candidates = Object.freeze(fresh);
      }
    }
    const cap = capRoom(policy, auto);
    const room = Math.min(quotaRoom, cap);
    const total = candidates.length;
    const sent = Math.min(room, total);
    if (sent > 0) {
      const messages = sent === total ? candidates : Object.freeze(candidates.slice(0, sent));
      replies.push(Object.freeze({ kind: p.reply.kind, layer: p.reply.layer, rule: p.rule, messages }));
      s.quotaUsed += sent;
      auto += sent;
      if (recent !== null) for (const m of messages) recent.mark(m.text);
      if (p.reply.kind === "queued") s.lastQueuedAt = at;
      if (p.reply.kind === "offline") s.lastOfflineAt = at;
    }
    if (sent < total && cap < quotaRoom) {
      // F-PER-MESSAGE: the cap, not the quota, is what cut it.
      const cut = total - sent;
      const detail = `${cut} of ${total} message${total === 1 ? "" : "s"} cut: at most ${policy.perVisitorMessage as number} automatic messages per visitor message (seed 004 line 5)`;
      step.drop(p.reply.kind, "frequency", p.rule, cut, detail, "F-PER-MESSAGE");
      if (p.why !== undefined) Object.assign(p.why, { verdict: sent > 0 ? "sent" : "frequency", sent, cut: (p.why.cut ?? 0) + cut, detail: sent > 0 ? `${p.why.detail}; ${detail}` : detail }, cite("F-PER-MESSAGE"));
    } else if (sent < total) {
      const cut = total - sent;
      const expired = isExpired(s, at, margin);
      const why = expired
        ? (s.quotaUntil as number) > at
          ? `within the ${formatDuration(margin)} safety margin before the window closes at ${s.quotaUntil} (seed 004 line 3)`
          : `the quota window closed at ${s.quotaUntil}`
        : s.quotaLimit === 0
          ? "the window is closed until the visitor writes again"
          : `quota ${s.quotaLimit}, ${reserve} kept for agents, ${s.quotaUsed} used`;
      const reason = expired || s.quotaLimit === 0 ? "window" : "quota";
      const detail = `${cut} of ${total} message${total === 1 ? "" : "s"} cut: ${why}`;
      // The rule that cut it: the quota (Q-CUT), the safety margin (W-MARGIN), or a closed window (W-48H).
      const by = reason === "quota" ? "Q-CUT" : expired && (s.quotaUntil as number) > at ? "W-MARGIN" : "W-48H";
      step.drop(p.reply.kind, reason, p.rule, cut, detail, by);
      if (p.why !== undefined) Object.assign(p.why, { verdict: sent > 0 ? "sent" : reason, sent, cut: (p.why.cut ?? 0) + cut, detail: sent > 0 ? `${p.why.detail}; ${detail}` : detail }, cite(by));
    } else if (p.why !== undefined) {
      p.why.sent = sent;
    }
  }
  // The count is kept only where a cap reads it, so the memory of other channels never changes.
  if (recent !== null || (policy.perVisitorMessage !== null && auto !== s.memory.auto)) {
    s.memory = Object.freeze({ seen: s.memory.seen, auto: policy.perVisitorMessage === null ? s.memory.auto : auto, sent: recent === null ? s.memory.sent : recent.entries() });
  }
  return replies;
}

/** Sets the draft's quota window. */
function setWindow(s: Draft, w: QuotaWindow): void {
  s.quotaUsed = w.quotaUsed;
  s.quotaLimit = w.quotaLimit;
  s.quotaUntil = w.quotaUntil;
}

/** Whether `a` has exactly the items of `b`, in order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The one frozen empty list every decision shares (a freeze per decision costs: docs/performance.md, "Measured choices"). */
const NONE: readonly never[] = Object.freeze([]);

/** A list, frozen; the shared empty one when it is empty. */
function frozen<T>(list: T[]): readonly T[] {
  return list.length === 0 ? NONE : Object.freeze(list);
}

/**
 * The next state: the draft itself, frozen. `copyState` builds the draft with `newState`'s fields in
 * `newState`'s order, so every state an engine handles has one hidden class, and no second copy of
 * the state is made. Lists and the timers record the draft shares with the previous state are reused
 * when frozen; one a host made (a state read back from JSON) is copied, never frozen in place.
 */
function freezeState(s: Draft, previous: ConversationState): ConversationState {
  if (s.online !== previous.online) Object.freeze(s.online); // a new list, made by this decision
  else if (!Object.isFrozen(s.online)) s.online = Object.freeze([...s.online]);
  const t = s.timers;
  const p = previous.timers;
  if (t.agentSilent === null && t.visitorSilent === null && t.autoEnd === null && t.idleEnd === null) {
    s.timers = NO_TIMERS; // outside serving, most states: shared, nothing to check or freeze
  } else {
    // Most events change no timer: the previous frozen record is reused, not frozen again.
    const same = t.agentSilent === p.agentSilent && t.visitorSilent === p.visitorSilent && t.autoEnd === p.autoEnd && t.idleEnd === p.idleEnd && Object.isFrozen(p);
    s.timers = same ? p : Object.freeze(t);
  }
  // A memory this decision made is frozen already; one a host made is copied, never frozen in place.
  if (s.memory === previous.memory && !Object.isFrozen(s.memory)) s.memory = copyMemory(s.memory);
  return Object.freeze(s) as ConversationState;
}

/** The memory with one more event id seen, the oldest forgotten past `SEEN_LIMIT` (spec EVENT-REDELIVERED). */
function remember(memory: Memory, id: string): Memory {
  const seen = memory.seen.length < SEEN_LIMIT ? [...memory.seen, id] : [...memory.seen.slice(memory.seen.length - SEEN_LIMIT + 1), id];
  return Object.freeze({ seen: Object.freeze(seen), auto: memory.auto, sent: memory.sent });
}

/**
 * The pure step: one event applied to one conversation. Reads nothing but its arguments, changes
 * none of them, and returns frozen plain data. Throws a typed `AutoreplyError` only for bad input
 * (the state is then untouched); a reply that is not sent is reported in `dropped`, never thrown.
 * `policy` is the policy of the state's channel, as `validateState` returned it.
 */
export function decideEvent(config: CompiledConfig, policy: ChannelPolicy, state: ConversationState, event: EngineEvent, options?: DecideOptions, idHash: string | null = null): Decision {
  const step = new Step(config, copyState(state), policy, options?.explain === true ? [] : null);
  const s = step.s;
  if (idHash !== null && state.memory.seen.includes(idHash)) {
    // EVENT-REDELIVERED: WeChat pushes a message again when the handler did not answer within 5 s;
    // the event was applied the first time, so nothing is decided again and the state stays as it was.
    const detail = `event id ${JSON.stringify(event.id)} was applied before (a redelivery): nothing is sent again, the state is as it was`;
    step.dropped.push(Object.freeze({ kind: "event" as const, reason: "redelivered" as const, messages: 0, by: "EVENT-REDELIVERED", detail }));
    if (step.trace !== null) step.trace.push({ kind: "event", verdict: "redelivered", ...cite("EVENT-REDELIVERED"), detail });
    return finish(step, state, policy);
  }
  s.at = event.at;
  if (idHash !== null) s.memory = remember(state.memory, idHash);
  const wasServing = s.phase === "serving";
  switch (event.type) {
    case "visitor.opened": // OPENED, seed 003 lines 75-78: in every phase
      // W-OPENED: on a mini program, entering the chat opens a small window (wechat2023).
      if (policy.opened !== null) setWindow(s, openSmallWindow(policy.opened, s, event.at));
      step.offer("opened", step.resolve("opened"));
      break;
    case "visitor.message":
      onVisitorMessage(step, event.text, event.route);
      break;
    case "visitor.transfer": {
      if (s.phase !== "robot") outOfOrder(event, s.phase, "a transfer moves a visitor from the robot to a human; send a route with visitor.message instead");
      if ("robot" in event.route) fail("EVENT_INVALID", "visitor.transfer: route should place the visitor with a human ({ agent } or { queue })");
      const moved = place(step, event.route);
      const phase = step.s.phase; // place() moved it
      if (phase === "serving" && moved.enteredServing) step.offer("accepted", step.resolve("accepted"));
      else if (phase === "queued") offerQueued(step);
      syncTimers(step, wasServing);
      break;
    }
    case "visitor.menu": // W-MENU-WECHAT, W-MENU: what a menu click opens depends on the channel
      setWindow(s, openMenuWindow(policy, s, event.key, event.at));
      break;
    case "visitor.unsubscribed": // W-UNSUBSCRIBE: closes the window at once
      setWindow(s, closeWindow());
      break;
    case "queue.moved": {
      if (listOf(s.phase, s.waitingIn) !== "queued") outOfOrder(event, s.phase, "only a queued visitor has a queue position");
      s.position = event.position;
      break;
    }
    case "agent.accepted": {
      if (listOf(s.phase, s.waitingIn) !== "queued") outOfOrder(event, s.phase, "an agent accepts a visitor from the queue; place the visitor in the queue first");
      setPlace(s, event.agent, null, null);
      setPhase(step, "serving");
      // A-FROM-QUEUE, seed 003 line 11: off unless switched on.
      if (s.phase === "serving" && step.config.switches.acceptedFromQueue) step.offer("accepted", step.resolve("accepted"));
      else if (s.phase === "serving") step.why("accepted", "switchOff", "from the queue into serving, and switches.acceptedFromQueue is off", "A-FROM-QUEUE");
      syncTimers(step, wasServing);
      break;
    }
    case "agent.message":
      onAgentMessage(step);
      break;
    case "agent.ended": {
      if (s.phase === "ended") outOfOrder(event, s.phase, "the session has already ended");
      const kind = event.batch === true ? "batchEnd" : "manualEnd";
      const reply = step.resolve(kind);
      // E-BATCH, seed 003 line 32: a batch end never sends the manual-end reply.
      if (kind === "batchEnd" && listOf(s.phase, s.waitingIn) === "serving") {
        const manual = step.resolve("manualEnd");
        if (manual !== undefined) step.drop("manualEnd", "suppressed", manual.id, manual.messages.length, "a batch end sends batchEnd, never manualEnd (seed 003 line 32)", "E-BATCH");
      }
      endSession(step, kind, reply);
      break;
    }
    case "presence": {
      // Hosts often repeat the list they sent last: the previous one is kept then (no new list to freeze).
      if (!sameList(event.online, s.online)) s.online = [...new Set(event.online)].sort();
      const list = listOf(s.phase, s.waitingIn);
      if (list !== null) setPhase(step, list);
      if (wasServing && s.phase !== "serving") reportStoppedTimers(step);
      // Back from offline to serving: the session was already with this agent; the idle clock restarts.
      syncTimers(step, wasServing);
      break;
    }
    case "timer":
      onTimer(step, event.timer, event.due);
      break;
  }
  return finish(step, state, policy);
}

/** The quota cut, then everything frozen into the decision. */
function finish(step: Step, state: ConversationState, policy: ChannelPolicy): Decision {
  const s = step.s;
  const replies = applyQuota(step);
  const next = freezeState(s, state);
  const replyList = frozen(replies);
  const dropped = frozen(step.dropped);
  const timers = pendingTimers(next.timers);
  const quota = Object.freeze({ used: next.quotaUsed, limit: next.quotaLimit, reserve: policy.reserve, until: next.quotaUntil });
  // Two literals rather than a spread of an optional field: a spread here made explain 2× slower.
  if (step.trace === null) return Object.freeze({ state: next, replies: replyList, dropped, timers, effects: NONE, quota });
  const trace = Object.freeze(step.trace.map((entry) => Object.freeze(entry)));
  return Object.freeze({ state: next, replies: replyList, dropped, timers, effects: NONE, quota, trace });
}

/** The pending timers, earliest first (in TIMER_NAMES order on a tie), each frozen. */
function pendingTimers(t: ConversationState["timers"]): readonly Timer[] {
  const timers: Timer[] = [];
  // Field by field: the keyed read of a loop over TIMER_NAMES was the hottest line of decide in a profile.
  if (t.agentSilent !== null) timers.push(Object.freeze({ timer: "agentSilent", due: t.agentSilent }));
  if (t.visitorSilent !== null) timers.push(Object.freeze({ timer: "visitorSilent", due: t.visitorSilent }));
  if (t.autoEnd !== null) timers.push(Object.freeze({ timer: "autoEnd", due: t.autoEnd }));
  if (t.idleEnd !== null) timers.push(Object.freeze({ timer: "idleEnd", due: t.idleEnd }));
  if (timers.length > 1) timers.sort((a, b) => a.due - b.due);
  return frozen(timers);
}
