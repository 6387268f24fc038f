import type { CompiledMessages, CompiledReply } from "../config/compiled.js";
import { cite, type TraceEntry } from "../explain/trace.js";
import type { Button, Dropped, Effect, EventCode, Message, ReplyKind } from "../model/types.js";
import { isDropped, type DropReason, type Verdict } from "../model/verdicts.js";
import type { Exposure } from "../ab/assign.js";

export type MutableTrace = { -readonly [K in keyof TraceEntry]: TraceEntry[K] };

/** Where a reply's messages come from: a reply, or one rule of a queued reply. */
export type MessageSource = CompiledMessages;

/** One reply an event triggered, on its way through the policy chain. */
export interface Candidate {
  readonly kind: ReplyKind;
  /** The setting the layers resolved (or the keyword rule that matched). */
  readonly reply: CompiledReply;
  /** Its messages: the reply's, the queue rule's, or the period variant's (spec H-VARIANT). */
  readonly source: MessageSource;
  /** The rule id that replies and drops name. */
  readonly rule: string;
  /** A timer to arm (agentSilent on a visitor message), not messages to send now. */
  readonly arm: boolean;
  /** Its trace entry, when explaining. */
  readonly why: MutableTrace | undefined;
  /** Cleared by the rule that held it back. */
  passed: boolean;
  /** Under an A/B test: the experiment and the variant it sends (spec AB-EXPOSURE). */
  readonly exposure: Exposure | undefined;
  /** Filled in by the render step. */
  messages: readonly Message[];
  /** A prompt's buttons (spec P-BUTTONS), else `undefined`. */
  readonly buttons: readonly Button[] | undefined;
  /** A prompt in its capture form (spec P-CAPTURE). */
  readonly capture: boolean;
  /** The platform's event code that carries it (WeCom, spec W-WECOM-CODE), set by the content stage; `null` for the ordinary send, which the window and the quota count. */
  code: EventCode | null;
}

/** A rule's answer when it holds a candidate back: the verdict, the spec rule, and why. */
export interface Refusal {
  readonly verdict: Verdict;
  /** The spec id (spec/rules.yaml). */
  readonly by: string;
  readonly detail: string;
  /** With `interval` and the like: when it may be sent again. */
  readonly until?: number;
}

/**
 * What a decision produces besides the next state: the candidates, the verdicts on them, the
 * effects. `dropped` and the trace are both written by these methods only, from one verdict each,
 * so they cannot disagree.
 */
export class Output {
  /** The candidates, in reply order once the order step ran. */
  candidates: Candidate[] = [];
  /** The candidate that arms a timer instead of sending (agentSilent on a visitor message), if any. */
  arming: Candidate | undefined = undefined;
  readonly dropped: Dropped[] = [];
  /** The effects this decision asks of the host, each frozen (the triggers ask for them). */
  readonly effects: Effect[] = [];

  constructor(
    /** The trace, or `null` when not explaining: every explanation is skipped then. */
    readonly trace: MutableTrace[] | null,
  ) {}

  /** A new candidate, its trace entry (when explaining) saying it was triggered until a rule says otherwise. */
  add(c: Candidate): void {
    if (c.why !== undefined) (this.trace as MutableTrace[]).push(c.why);
    this.candidates.push(c);
    if (c.arm) this.arming = c;
  }

  /** A verdict that only the trace shows (callers pass constants, or check `trace !== null` first). */
  note(kind: ReplyKind | "event", verdict: Verdict, detail: string, by?: string, extra: Omit<TraceEntry, "kind" | "verdict" | "detail" | "by"> = {}): void {
    if (this.trace === null) return;
    this.trace.push({ kind, verdict, ...extra, ...cite(by), detail });
  }

  /** A configured reply that does not go out, decided before it became a candidate: in `dropped`, and in the trace. */
  drop(kind: ReplyKind | "event", reason: DropReason, rule: string | undefined, messages: number, detail: string, by: string): void {
    this.dropped.push(dropEntry(kind, reason, rule, messages, detail, by, undefined));
    if (this.trace !== null) this.trace.push({ kind, verdict: reason, ...(rule === undefined ? {} : { rule }), ...cite(by), detail });
  }

  /** A rule held `c` back: the verdict goes to its trace entry and, if it is a drop, to `dropped`. */
  refuse(c: Candidate, r: Refusal): void {
    c.passed = false;
    if (isDropped(r.verdict)) this.dropped.push(dropEntry(c.kind, r.verdict, c.rule, c.source.messages.length, r.detail, r.by, r.until));
    if (c.why !== undefined) Object.assign(c.why, { verdict: r.verdict, detail: r.detail }, cite(r.by), r.until === undefined ? {} : { until: r.until });
  }

  /** A verdict on a timer to arm (`armed`, or `pending` since an earlier decision), due at `until`: on its trace entry. */
  settle(c: Candidate, verdict: "armed" | "pending", detail: string, by: string, until: number | null): void {
    if (c.why !== undefined) Object.assign(c.why, { verdict, detail, until }, cite(by));
  }

  /**
   * Messages of a candidate that passed the chain, cut when they were counted (src/core/pipeline/send.ts):
   * in `dropped`, and on its trace entry. `sent` is how many of its messages go out after this cut
   * (`null` while another limit may still cut): with none, the entry takes this verdict.
   */
  cut(c: Candidate, reason: DropReason, by: string, count: number, detail: string, sent: number | null): void {
    this.dropped.push(dropEntry(c.kind, reason, c.rule, count, detail, by, undefined));
    const why = c.why;
    if (why === undefined) return;
    const cut = (why.cut ?? 0) + count;
    if (sent === 0) Object.assign(why, { verdict: reason, sent: 0, cut, detail }, cite(by));
    else Object.assign(why, { cut, detail: `${why.detail}; ${detail}` }, sent === null ? {} : { sent, ...cite(by) });
  }

  /** All `count` messages of `c` that the quota cut left went out: on its trace entry. */
  counted(c: Candidate, count: number): void {
    if (c.why !== undefined) c.why.sent = count;
  }
}

/** A frozen `dropped` entry. Literal shapes rather than spreads of optional fields: this runs on most visitor messages. */
export function dropEntry(kind: ReplyKind | "event", reason: DropReason, rule: string | undefined, messages: number, detail: string, by: string, until: number | undefined): Dropped {
  if (until !== undefined) return Object.freeze(rule === undefined ? { kind, reason, messages, by, until, detail } : { kind, reason, rule, messages, by, until, detail });
  return Object.freeze(rule === undefined ? { kind, reason, messages, by, detail } : { kind, reason, rule, messages, by, detail });
}
