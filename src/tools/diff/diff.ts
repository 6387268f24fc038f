// The engine comes from the main entry (one copy when an app imports both entries).
import { AutoreplyError, type ConversationState, type Decision, type Engine, type EngineEvent, type StartInput } from "../../core/index.js";

/** One line of an event log (docs/host.md, "The event log"): what a host applied, in arrival order. */
export interface LogLine {
  readonly conversation: string;
  readonly channel: string;
  readonly event: EngineEvent;
  /** On a conversation's first line: what the host passed to `start` (else `{ conversation, channel }`). */
  readonly start?: StartInput;
}

/** What one side decided for one event: its reply messages, or the code it refused the event with. */
export type Outcome = { readonly replies: readonly { readonly kind: string; readonly rule: string; readonly text: string }[] } | { readonly refused: string };

/** The first step of a conversation whose decisions differ. */
export interface FirstChange {
  readonly conversation: string;
  /** 1-based: the conversation's n-th event. */
  readonly step: number;
  readonly event: EngineEvent;
  readonly old: Outcome;
  readonly new: Outcome;
}

/** Replies of one kind and rule that the new config adds, removes or changes the text of, over the whole log. */
export interface RuleChange {
  readonly kind: string;
  readonly rule: string;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface DiffSummary {
  readonly events: number;
  readonly conversations: number;
  /** Conversations with at least one decision that differs. */
  readonly affected: number;
  /** Decisions that differ. */
  readonly changedDecisions: number;
  /** By kind and rule, most changed first. */
  readonly rules: readonly RuleChange[];
  /** Messages the quota or the window cut: where the new config cuts more, and where fewer. */
  readonly cuts: { readonly added: number; readonly removed: number };
  /** Events each side refused (a bad event for that config: an unknown agent, say). */
  readonly refused: { readonly old: number; readonly new: number };
}

interface Conversation {
  old: ConversationState;
  new: ConversationState;
  steps: number;
  affected: boolean;
}

function outcome(engine: Engine, state: ConversationState, event: EngineEvent): { outcome: Outcome; decision: Decision | null } {
  try {
    const decision = engine.decide(state, event);
    const replies = decision.replies.flatMap((r) => r.messages.map((m) => ({ kind: r.kind, rule: r.rule, text: m.text })));
    return { outcome: { replies }, decision };
  } catch (e) {
    if (!(e instanceof AutoreplyError)) throw e;
    return { outcome: { refused: e.code }, decision: null };
  }
}

const cutBy = (d: Decision | null): number => (d === null ? 0 : d.dropped.reduce((n, x) => n + (x.reason === "quota" || x.reason === "window" ? x.messages : 0), 0));
const sameOutcome = (a: Outcome, b: Outcome): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A decision's messages grouped by kind and rule, in order. */
function byRule(o: Outcome): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if ("refused" in o) return out;
  for (const r of o.replies) {
    const key = `${r.kind}\u0000${r.rule}`;
    const texts = out.get(key);
    if (texts === undefined) out.set(key, [r.text]);
    else texts.push(r.text);
  }
  return out;
}

export function checkLine(line: unknown, n: number): asserts line is LogLine {
  const bad = (what: string): never => {
    throw new AutoreplyError("EVENT_INVALID", `event log line ${n}: ${what}; each line is the JSON of { conversation, channel, event } (docs/host.md, "The event log")`);
  };
  if (line === null || typeof line !== "object" || Array.isArray(line)) bad("not an object");
  const l = line as Record<string, unknown>;
  if (typeof l["conversation"] !== "string" || l["conversation"] === "") bad('"conversation" should be the conversation id');
  if (typeof l["channel"] !== "string") bad('"channel" should be the channel name');
  if (l["event"] === null || typeof l["event"] !== "object") bad('"event" should be the event as decided');
  if (l["start"] !== undefined && (l["start"] === null || typeof l["start"] !== "object")) bad('"start" should be what the host passed to start()');
}

/**
 * A backtest of a config change: every line of an event log goes through the old and the
 * new config, each conversation keeping a state per side; `push` returns the conversation's first
 * change when this line makes it, so a caller can print as it reads. Memory grows with the number of
 * conversations (two states each, about 1-2 KB), never with the number of events.
 */
export class LogDiff {
  private readonly conversations = new Map<string, Conversation>();
  private events = 0;
  private changedDecisions = 0;
  private readonly rules = new Map<string, { kind: string; rule: string; added: number; removed: number; changed: number }>();
  private cutsAdded = 0;
  private cutsRemoved = 0;
  private refusedOld = 0;
  private refusedNew = 0;

  constructor(
    private readonly oldEngine: Engine,
    private readonly newEngine: Engine,
  ) {}

  /** One line, parsed; `n` is its line number, for errors. */
  push(line: unknown, n: number): FirstChange | undefined {
    checkLine(line, n);
    this.events++;
    let c = this.conversations.get(line.conversation);
    if (c === undefined) {
      const start = line.start ?? { conversation: line.conversation, channel: line.channel };
      c = { old: this.oldEngine.start(start), new: this.newEngine.start(start), steps: 0, affected: false };
      this.conversations.set(line.conversation, c);
    }
    c.steps++;
    const a = outcome(this.oldEngine, c.old, line.event);
    const b = outcome(this.newEngine, c.new, line.event);
    if (a.decision !== null) c.old = a.decision.state;
    else this.refusedOld++;
    if (b.decision !== null) c.new = b.decision.state;
    else this.refusedNew++;
    const cut = cutBy(b.decision) - cutBy(a.decision);
    if (cut > 0) this.cutsAdded += cut;
    else this.cutsRemoved -= cut;
    if (sameOutcome(a.outcome, b.outcome)) return undefined;
    this.changedDecisions++;
    this.count(a.outcome, b.outcome);
    if (c.affected) return undefined;
    c.affected = true;
    return { conversation: line.conversation, step: c.steps, event: line.event, old: a.outcome, new: b.outcome };
  }

  private count(a: Outcome, b: Outcome): void {
    const before = byRule(a);
    const after = byRule(b);
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const [x, y] = [before.get(key), after.get(key)];
      if (x !== undefined && y !== undefined && JSON.stringify(x) === JSON.stringify(y)) continue;
      const [kind = "", rule = ""] = key.split("\u0000");
      const entry = this.rules.get(key) ?? { kind, rule, added: 0, removed: 0, changed: 0 };
      if (x === undefined) entry.added++;
      else if (y === undefined) entry.removed++;
      else entry.changed++;
      this.rules.set(key, entry);
    }
  }

  summary(): DiffSummary {
    const rules = [...this.rules.values()].sort((p, q) => q.added + q.removed + q.changed - (p.added + p.removed + p.changed) || p.kind.localeCompare(q.kind) || p.rule.localeCompare(q.rule));
    return {
      events: this.events,
      conversations: this.conversations.size,
      affected: [...this.conversations.values()].filter((c) => c.affected).length,
      changedDecisions: this.changedDecisions,
      rules,
      cuts: { added: this.cutsAdded, removed: this.cutsRemoved },
      refused: { old: this.refusedOld, new: this.refusedNew },
    };
  }
}

/** A live decision, and what a candidate config would have done with the same event (a shadow decision). */
export interface Shadowed {
  /** The live engine's decision: act on it, and store its state. */
  readonly decision: Decision;
  /** The candidate's state after the event: store it beside the live one (unchanged when it refused the event). */
  readonly shadowState: ConversationState;
  /** Whether the candidate would have sent anything else, or refused the event. */
  readonly changed: boolean;
  readonly live: Outcome;
  readonly shadow: Outcome;
}

/**
 * Runs a candidate config beside the live one: the live engine decides (a bad event throws as
 * `decide` does, nothing else changes), the candidate decides on its own state, and the two outcomes
 * are compared. Nothing of the candidate is sent: the host logs `changed` ones for a day, then switches.
 */
export function decideShadow(live: Engine, candidate: Engine, states: { readonly live: ConversationState; readonly shadow: ConversationState }, event: EngineEvent): Shadowed {
  const decision = live.decide(states.live, event);
  const liveOutcome: Outcome = { replies: decision.replies.flatMap((r) => r.messages.map((m) => ({ kind: r.kind, rule: r.rule, text: m.text }))) };
  const b = outcome(candidate, states.shadow, event);
  return Object.freeze({ decision, shadowState: b.decision?.state ?? states.shadow, changed: !sameOutcome(liveOutcome, b.outcome), live: liveOutcome, shadow: b.outcome });
}
