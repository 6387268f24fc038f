// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal, AutoreplyError, formatDuration, type ConversationState, type Decision, type Engine, type EngineEvent, type Timer } from "../../core/index.js";
import { keywordText } from "../docs/tables.js";
import type { CompiledReply } from "../../core/internal.js";

const { layerReplies } = __internal;

/**
 * `autoreply prove CONFIG` (issue 16, item 3): a bounded breadth-first search over the situations
 * a conversation on one channel can reach, checking properties of the config in each.
 *
 * A situation is the engine's own state with every time in it written relative to the current
 * instant, and cut at the largest duration the config names (two states whose times differ only
 * beyond every threshold behave alike), with what the properties track: the automatic messages
 * since the visitor's last message and the rules they came from. From each situation the search
 * tries every event of a fixed alphabet one second later (a plain message and one per keyword rule,
 * placed with an agent, in the queue, with the robot or not at all; the visitor opening the chat;
 * the agent answering, accepting, ending one session or a batch; the agent going offline and
 * back; a transfer from the robot), waiting until the next pending timer, and waiting each duration
 * the config names. Timers fire as `autoreply simulate` fires them: before a step, every timer due
 * at or before it. A counterexample is the path to it, written as a scenario file that `simulate`
 * replays.
 *
 * Not covered: the calendar (schedules, periods, holidays: the search starts at one instant and
 * only moves it forward), other agents and groups than the first agent, event ids and pages,
 * dismissals, menus and the window's reopening by a menu, and texts other than the alphabet's.
 */

/** One step of a path, as a scenario file writes it. */
export interface ProofStep {
  readonly at: number;
  readonly event: Readonly<Record<string, unknown>> | null;
  readonly note: string;
}

export interface PropertyResult {
  readonly id: "most-per-message" | "agent-slot" | "twice-in-a-row" | "reachable";
  readonly holds: boolean;
  /** One sentence: what holds, or what was found. */
  readonly summary: string;
  /** The path that shows it: a violation, or the worst case of `most-per-message`. */
  readonly path?: readonly ProofStep[];
}

/** The worst case of `most-per-message`, in numbers: what the lint's quota-budget reports. */
export interface Budget {
  /** Automatic messages sent between two visitor messages on the worst path, and those the quota cut. */
  readonly sent: number;
  readonly cut: number;
  /** Those messages by reply kind, in the order they first went out (cut ones included). */
  readonly parts: readonly (readonly [kind: string, messages: number])[];
  /** The fewest quota slots left after automatic messages in any situation (`null` without a quota). */
  readonly fewestLeft: number | null;
  /** Whether the last level of the search found more than the level before: a deeper search may find more. */
  readonly growing: boolean;
}

export interface Proof {
  readonly channel: string;
  /** The agent the search plays, or `null` for a config without agents (then nobody is online). */
  readonly agent: string | null;
  /** Situations explored, and the depth reached (events and waits from the start). */
  readonly situations: number;
  readonly depth: number;
  /** Whether every situation within `depth` was explored (false: the `limit` stopped the search first). */
  readonly complete: boolean;
  /** Whether the search ran out of new situations before `depth`: then it saw every situation its alphabet reaches. */
  readonly exhausted: boolean;
  readonly properties: readonly PropertyResult[];
  readonly budget: Budget;
}

export interface ProveOptions {
  readonly channel: string;
  /** How many steps from the start (default 6); a whole number of at least 1, else `OPTION_INVALID`. */
  readonly depth?: number;
  /** How many situations at most (default 20,000); a whole number of at least 1, else `OPTION_INVALID`. */
  readonly limit?: number;
}

interface Node {
  readonly state: ConversationState;
  readonly timers: readonly Timer[];
  readonly now: number;
  /** Automatic messages since the visitor's last message, and the rules that sent them. */
  readonly auto: number;
  /** ... and the messages the quota cut among those the config set off since then. */
  readonly cut: number;
  readonly rules: readonly string[];
  /** `auto + cut` by reply kind, in the order they first went out (not part of the key). */
  readonly parts: readonly (readonly [string, number])[];
  readonly parent: Node | null;
  readonly step: ProofStep | null;
  readonly depth: number;
}

const PLAIN = "在吗";

/** Every duration the config names: the thresholds time is cut at, and the waits the search tries. */
function thresholds(engine: Engine, channel: string): number[] {
  const c = engine.config;
  const out = new Set<number>();
  const replies: CompiledReply[] = [...layerReplies(c), ...c.keywords.rules.map((r) => r.payload.reply)];
  for (const r of replies) {
    for (const t of [r.interval, r.after, r.idleAfter, r.within, r.mute, r.frequency?.cooldown, r.frequency?.dismiss, r.backup?.after]) if (typeof t === "number" && t > 0) out.add(t);
  }
  const p = c.channels.get(channel);
  for (const t of [p?.window, p?.margin, p?.dedupe, p?.breaker?.window, p?.opened?.window, p?.menu !== "message" ? p?.menu?.window : undefined]) if (typeof t === "number" && t > 0) out.add(t);
  return [...out].sort((a, b) => a - b);
}

/** The events tried from each situation (`agent` is the first agent; without one, only the visitor's). */
function alphabet(engine: Engine, agent: string | undefined): readonly { readonly event: Readonly<Record<string, unknown>>; readonly note: string }[] {
  const texts = new Set<string>();
  for (const rule of engine.config.keywords.rules) {
    const t = keywordText(rule.condition);
    if (t !== "" && texts.size < 3) texts.add(t);
  }
  for (const reply of [engine.config.app.urgent, engine.config.app.upset]) if (reply?.words[0] !== undefined) texts.add(reply.words[0]);
  const message = (text: string, route?: Readonly<Record<string, unknown>>) => ({ event: { type: "visitor.message", text, ...(route === undefined ? {} : { route }) }, note: `the visitor writes ${JSON.stringify(text)}${route === undefined ? "" : ` (route ${JSON.stringify(route)})`}` });
  const visitor = [message(PLAIN), message(PLAIN, { queue: 1 }), message(PLAIN, { robot: true }), ...[...texts].map((t) => message(t)), { event: { type: "visitor.opened" }, note: "the visitor opens the chat" }];
  if (agent === undefined) return visitor;
  return [
    ...visitor,
    message(PLAIN, { agent }),
    { event: { type: "visitor.transfer", route: { agent } }, note: `the visitor asks for a human and gets ${agent}` },
    { event: { type: "agent.accepted", agent }, note: `${agent} takes the visitor from the queue` },
    { event: { type: "agent.message", agent }, note: `${agent} answers` },
    { event: { type: "agent.ended", agent }, note: `${agent} ends the session` },
    { event: { type: "agent.ended", agent, batch: true }, note: `${agent} ends sessions in a batch` },
    { event: { type: "presence", online: [] }, note: "every agent goes offline" },
    { event: { type: "presence", online: [agent] }, note: `${agent} is online again` },
  ];
}

/** A time relative to `now`, cut at `horizon` on either side. */
function rel(t: number | null, now: number, horizon: number): number | string | null {
  if (t === null) return null;
  const d = t - now;
  return d > horizon ? "later" : d < -horizon ? "earlier" : d;
}

/** A stamp (hash and base-36 time) with its time relative to `now`. */
function relStamp(s: string | null, now: number, horizon: number): string | null {
  if (s === null) return null;
  return `${s.slice(0, 11)}@${String(rel(parseInt(s.slice(11), 36), now, horizon))}`;
}

/** The situation's key: the state with its times relative to now, and what the properties track. */
function keyOf(n: Node, horizon: number): string {
  const s = n.state;
  const m = s.memory;
  const r = (t: number | null) => rel(t, n.now, horizon);
  const rs = (x: string | null) => relStamp(x, n.now, horizon);
  const timers = Object.fromEntries(Object.entries(s.timers).map(([k, v]) => [k, r(v)]));
  const memory = { ...m, sent: m.sent.map(rs), fired: m.fired.map(rs), dismissed: m.dismissed.map(rs), replies: m.replies.map(r), page: rs(m.page), ended: r(m.ended), repeat: rs(m.repeat), muted: r(m.muted), marks: m.marks.map(rs), prompt: rs(m.prompt), closed: r(m.closed) };
  return JSON.stringify([s.phase, s.waitingIn, s.agent, s.group, s.position, s.online, s.dnd, r(s.at), s.quotaUsed, s.quotaLimit, r(s.quotaUntil), r(s.lastQueuedAt), r(s.lastOfflineAt), timers, memory, n.auto, n.cut, n.rules]);
}

/** The path from the start to `n`, as scenario steps. */
function pathOf(n: Node): ProofStep[] {
  const out: ProofStep[] = [];
  for (let x: Node | null = n; x !== null; x = x.parent) if (x.step !== null) out.push(x.step);
  return out.reverse();
}

/** Advances to `at`, firing the timers due by then, then applies `event` (if any), as `runScenario` does. */
function advance(engine: Engine, n: Node, at: number, event: Readonly<Record<string, unknown>> | null): { state: ConversationState; timers: readonly Timer[]; decisions: Decision[] } | undefined {
  let state = n.state;
  let timers = n.timers;
  const decisions: Decision[] = [];
  for (let due = timers[0]; due !== undefined && due.due <= at; due = timers[0]) {
    const d = engine.decide(state, { type: "timer", at: due.due, timer: due.timer, due: due.due });
    decisions.push(d);
    state = d.state;
    timers = d.timers;
  }
  if (event !== null) {
    try {
      const d = engine.decide(state, { ...event, at } as unknown as EngineEvent);
      decisions.push(d);
      state = d.state;
      timers = d.timers;
    } catch (e) {
      // An event this situation does not take (out of order): not a transition.
      if (e instanceof AutoreplyError) return undefined;
      throw e;
    }
  }
  return { state, timers, decisions };
}

/** Every rule the config can send: replies of every layer, queue rules, keyword rules. */
function configuredRules(engine: Engine): string[] {
  const c = engine.config;
  const ids = new Set<string>();
  for (const r of layerReplies(c)) {
    if (r.kind === "queued") for (const q of r.rules) ids.add(q.id);
    else if (r.kind !== "unanswered" || r.messages.length > 0) ids.add(r.id);
  }
  for (const k of c.keywords.rules) ids.add(k.payload.reply.id);
  return [...ids];
}

/**
 * `value` if it is a whole number of at least `min`, else `fallback` when it is undefined; anything
 * else (negative, fractional, NaN, a string) is OPTION_INVALID naming the function and the option.
 */
export function wholeOption(fn: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value;
  throw new AutoreplyError("OPTION_INVALID", `${fn}: ${name} must be a whole number of at least ${min}, received ${__internal.describe(value)}`);
}

/** Explores the situations of a conversation on `channel` and checks the four properties. */
export function prove(engine: Engine, options: ProveOptions): Proof {
  const { channel } = options;
  const depth = wholeOption("prove", "depth", options.depth, 6, 1);
  const limit = wholeOption("prove", "limit", options.limit, 20_000, 1);
  const agent = [...engine.config.agents.keys()][0];
  const settings = engine.config.channels.get(channel);
  if (settings === undefined) throw new AutoreplyError("UNKNOWN_CHANNEL", `prove: channel ${JSON.stringify(channel)} is not in the config; use one of: ${[...engine.config.channels.keys()].join(", ")}`);
  const waits = thresholds(engine, channel);
  const horizon = (waits.at(-1) ?? 0) + 1000;
  const events = alphabet(engine, agent);
  const root: Node = { state: engine.start({ conversation: "prove", channel, visitor: { nickname: "小明" }, online: agent === undefined ? [] : [agent] }), timers: [], now: 0, auto: 0, cut: 0, rules: [], parts: [], parent: null, step: null, depth: 0 };
  const seen = new Set<string>([keyOf(root, horizon)]);
  let frontier: Node[] = [root];
  let situations = 1;
  let complete = true;
  let reached = 0;
  let worst: Node = root;
  // The worst count up to the level before the last, to tell whether the last level still found more.
  let worstBefore = 0;
  let fewestLeft: number | null = settings.quota;
  let slot: Node | undefined;
  let twice: { node: Node; rule: string } | undefined;
  const sent = new Set<string>();
  const reserve = settings.reserve;

  const visit = (parent: Node, at: number, event: Readonly<Record<string, unknown>> | null, note: string): Node | undefined => {
    const out = advance(engine, parent, at, event);
    if (out === undefined) return undefined;
    let auto = parent.auto;
    let cut = parent.cut;
    let rules = parent.rules;
    let parts = parent.parts;
    const tally = (kind: string, messages: number) => {
      if (messages === 0) return;
      const i = parts.findIndex(([k]) => k === kind);
      parts = i < 0 ? [...parts, [kind, messages]] : parts.map((p, j) => (j === i ? [kind, p[1] + messages] : p));
    };
    let tookLastSlot = false;
    let again: string | undefined;
    for (const d of out.decisions) {
      const automatic = d.replies.reduce((k, r) => k + r.messages.length, 0);
      // The visitor's message starts the count again (Q-RESET): what it sets off counts from 0.
      if (d === out.decisions.at(-1) && event !== null && event["type"] === "visitor.message") {
        auto = 0;
        cut = 0;
        rules = [];
        parts = [];
      }
      auto += automatic;
      // What the config set off and the quota cut (Q-CUT): the demand beside what went out.
      for (const x of d.dropped) {
        if (x.reason !== "quota") continue;
        cut += x.messages;
        tally(x.kind, x.messages);
      }
      for (const r of d.replies) {
        tally(r.kind, r.messages.length);
        sent.add(r.rule);
        if (rules.includes(r.rule)) again ??= r.rule;
        else rules = [...rules, r.rule].sort();
      }
      if (automatic > 0 && d.quota.limit !== null && d.quota.limit > 0) {
        const left = d.quota.limit - d.quota.used;
        if (left < 1) tookLastSlot = true;
        if (fewestLeft !== null && left < fewestLeft) fewestLeft = left;
      }
    }
    const node: Node = { state: out.state, timers: out.timers, now: at, auto, cut, rules, parts, parent, step: { at, event, note }, depth: parent.depth + 1 };
    if (auto + cut > worst.auto + worst.cut || (auto + cut === worst.auto + worst.cut && auto > worst.auto)) worst = node;
    if (tookLastSlot) slot ??= node;
    if (again !== undefined) twice ??= { node, rule: again };
    return node;
  };

  for (let level = 0; level < depth && frontier.length > 0; level++) {
    worstBefore = worst.auto + worst.cut;
    const next: Node[] = [];
    for (const n of frontier) {
      const tries: [number, Readonly<Record<string, unknown>> | null, string][] = events.map((e) => [n.now + 1000, e.event, e.note]);
      const due = n.timers[0];
      if (due !== undefined) tries.push([Math.max(due.due, n.now), null, `time passes to the ${due.timer} timer`]);
      for (const w of waits) tries.push([n.now + w, null, `${formatDuration(w)} pass`]);
      for (const [at, event, note] of tries) {
        if (situations >= limit) {
          complete = false;
          break;
        }
        const child = visit(n, at, event, note);
        if (child === undefined) continue;
        const key = keyOf(child, horizon);
        if (seen.has(key)) continue;
        seen.add(key);
        situations++;
        reached = Math.max(reached, child.depth);
        next.push(child);
      }
    }
    frontier = next;
  }
  const explored = `explored ${situations.toLocaleString("en-US")} situations, depth ${reached}${complete ? "" : `, stopped at the limit of ${limit.toLocaleString("en-US")}`}`;
  const unreachable = configuredRules(engine).filter((r) => !sent.has(r));
  const quota = settings.quota === null ? "no quota" : `quota ${settings.quota}, ${reserve} kept for agents`;
  const properties: PropertyResult[] = [
    {
      id: "most-per-message",
      holds: true,
      summary: `at most ${worst.auto + worst.cut} automatic message${worst.auto + worst.cut === 1 ? "" : "s"} set off between two visitor messages on ${channel}${worst.cut > 0 ? `, ${worst.cut} of them cut by the quota` : ""} (${quota}); ${explored}`,
      ...(worst.auto + worst.cut > 0 ? { path: pathOf(worst) } : {}),
    },
    slot === undefined
      ? { id: "agent-slot", holds: true, summary: `automatic messages never take the agent's last slot on ${channel} (${quota}); ${explored}` }
      : { id: "agent-slot", holds: false, summary: `automatic messages can take the agent's last slot on ${channel} (${quota}): after this path the agent has nothing left to answer with`, path: pathOf(slot) },
    twice === undefined
      ? { id: "twice-in-a-row", holds: true, summary: `no reply goes out twice without a visitor message between; ${explored}` }
      : { id: "twice-in-a-row", holds: false, summary: `rule ${twice.rule} goes out twice without a visitor message between`, path: pathOf(twice.node) },
    unreachable.length === 0
      ? { id: "reachable", holds: true, summary: `every configured rule is sent in some situation; ${explored}` }
      : { id: "reachable", holds: false, summary: `never sent within depth ${reached} on ${channel}: ${unreachable.join(", ")}` },
  ];
  const budget: Budget = { sent: worst.auto, cut: worst.cut, parts: worst.parts, fewestLeft, growing: worst.auto + worst.cut > worstBefore };
  return { channel, agent: agent ?? null, situations, depth: reached, complete, exhausted: complete && frontier.length === 0, properties, budget };
}
