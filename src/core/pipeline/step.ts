import type { CompiledConfig, CompiledMessages, CompiledReply } from "../config/compiled.js";
import { contextOf, layerPath, resolveReply, scheduleFor, type LayerContext } from "../config/layers.js";
import type { ChannelSettings } from "../config/presets.js";
import { cite, type TraceEntry } from "../explain/trace.js";
import { draftMemory, NO_TIMERS, type ConversationState, type MemoryDraft } from "../model/state.js";
import type { Button, Dropped, Effect, Message, ReplyKind, TimerName } from "../model/types.js";
import { isDropped, type DropReason, type Verdict } from "../model/verdicts.js";
import type { QuotaWindow } from "../model/state.js";
import { formatQueueNum, type TemplateValues } from "../render/template.js";
import { chooseVariant, nextOpenText } from "../time/variant.js";
import { periodAt, type CompiledSchedule, type PeriodAt } from "../time/schedule.js";
import { assign, type Exposure } from "../ab/assign.js";
import { listOf } from "./placement.js";
import { maskPersonal } from "../render/mask.js";

/** A reply kind that the layers resolve (keyword rules are matched instead). */
export type Kind = Exclude<ReplyKind, "keyword" | "prompt">;

export type MutableTrace = { -readonly [K in keyof TraceEntry]: TraceEntry[K] };

/**
 * The next state while a decision builds it: a mutable copy of the state, frozen at the end. Its
 * timers record is the previous state's until a timer changes (`Step.timer`, `Step.clearTimers`).
 */
export type Draft = { -readonly [K in keyof ConversationState]: ConversationState[K] };

/** Where a reply's messages come from: a reply, or one rule of a queued reply. */
export type MessageSource = CompiledMessages;

/** How the event moved the conversation (src/core/pipeline/move.ts), for the triggers and the policies. */
export interface Move {
  /** The visitor entered serving (from another list, or to another agent). */
  readonly enteredServing: boolean;
  /** ... and came from the queue (A-FROM-QUEUE). */
  readonly fromQueue: boolean;
  /** The serving timers a presence change stopped (T-SERVING-ONLY), or `null`. */
  readonly stopped: ConversationState["timers"] | null;
  /** The event ends the session with this reply kind: the end is committed after its reply is rendered. */
  readonly end: "manualEnd" | "batchEnd" | "autoEnd" | null;
  /** A `timer` event: the timer, when it was pending at its `due` (else the event is stale, T-STALE). */
  readonly timer: TimerName | null;
}

export const STAYED: Move = { enteredServing: false, fromQueue: false, stopped: null, end: null, timer: null };

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
  /** Cleared by the rule of the chain that refused it. */
  passed: boolean;
  /** Under an A/B test: the experiment and the variant it sends (spec AB-EXPOSURE). */
  readonly exposure: Exposure | undefined;
  /** Filled in by the render step. */
  messages: readonly Message[];
  /** A prompt's buttons (spec P-BUTTONS), else `undefined`. */
  readonly buttons: readonly Button[] | undefined;
  /** A prompt in its capture form (spec P-CAPTURE). */
  readonly capture: boolean;
}

/** A chain rule's answer when it holds a candidate back: the verdict, the spec rule, and why. */
export interface Refusal {
  readonly verdict: Verdict;
  /** The spec id (spec/rules.yaml). */
  readonly by: string;
  readonly detail: string;
  /** With `interval` and the like: when it may be sent again. */
  readonly until?: number;
}

/** A mutable copy of a state, with `newState`'s fields in `newState`'s order (see `freezeState`). */
export function copyState(s: ConversationState): Draft {
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
    dnd: s.dnd,
    at: s.at,
    quotaUsed: s.quotaUsed,
    quotaLimit: s.quotaLimit,
    quotaUntil: s.quotaUntil,
    lastQueuedAt: s.lastQueuedAt,
    lastOfflineAt: s.lastOfflineAt,
    timers: s.timers,
    memory: s.memory,
  };
}

/** Who the visitor is with and their queue position, field by field (not `Object.assign`: docs/performance.md, "Measured choices"). */
export function setPlace(s: Draft, agent: string | null, group: string | null, position: number | null): void {
  s.agent = agent;
  s.group = group;
  s.position = position;
}

/** Sets the draft's quota window. */
export function setWindow(s: Draft, w: QuotaWindow): void {
  s.quotaUsed = w.quotaUsed;
  s.quotaLimit = w.quotaLimit;
  s.quotaUntil = w.quotaUntil;
}

/**
 * Everything one decision accumulates before it is frozen: the draft state, the candidates, the
 * verdicts. `dropped` and the trace are both written by `refuse`, `drop` and `note` only, from one
 * verdict each, so they cannot disagree.
 */
export class Step {
  /** The candidates, in reply order once the order step ran. */
  candidates: Candidate[] = [];
  readonly dropped: Dropped[] = [];
  move: Move = STAYED;

  constructor(
    readonly config: CompiledConfig,
    /** The state as it came in (the draft starts as its copy). */
    readonly previous: ConversationState,
    readonly s: Draft,
    readonly settings: ChannelSettings,
    /** The trace, or `null` when not explaining: every explanation is skipped then. */
    readonly trace: MutableTrace[] | null,
  ) {}

  /** The event's time (set before anything else runs). */
  at = 0;
  /** The candidate that arms a timer instead of sending (agentSilent on a visitor message), if any. */
  arming: Candidate | undefined = undefined;
  /** The effects this decision asks of the host, each frozen (the triggers ask for them). */
  readonly effects: Effect[] = [];
  /** Whether `s.timers` is this decision's own copy (else it is the previous state's, or `NO_TIMERS`). */
  private ownTimers = false;

  /**
   * Sets one timer of the draft. The timers record is copied on the first change only: most
   * decisions change none, and share the previous state's (see `freezeState`).
   */
  timer(name: TimerName, due: number | null): void {
    const t = this.s.timers;
    if (t[name] === due) return;
    if (!this.ownTimers) {
      this.s.timers = { agentSilent: t.agentSilent, visitorSilent: t.visitorSilent, autoEnd: t.autoEnd, idleEnd: t.idleEnd, backup: t.backup };
      this.ownTimers = true;
    }
    (this.s.timers as Record<TimerName, number | null>)[name] = due;
  }

  /** No timer pending: outside serving (T-SERVING-ONLY) and at an end. */
  clearTimers(): void {
    this.s.timers = NO_TIMERS;
    this.ownTimers = false;
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

  /**
   * Adds a candidate; its trace entry says it was triggered, until a rule says otherwise. A
   * prompt passes its buttons, and `capture` when it shows its capture form: that form wins over
   * the reply's period variants and A/B test (spec P-CAPTURE).
   */
  offer(kind: ReplyKind, reply: CompiledReply, source: MessageSource, rule: string, arm = false, buttons?: readonly Button[], capture = false, said?: string): void {
    const variant = reply.periods === null || capture ? undefined : chooseVariant(reply.periods, scheduleFor(this.config, reply.layer, this.context()), (s) => this.period(s), this.trace !== null);
    const ab = reply.ab === null || capture ? undefined : assign(reply.ab, this.s.conversation);
    let why: MutableTrace | undefined;
    if (this.trace !== null) {
      const detail = said ?? (kind === "keyword" ? `rule ${rule} of the ${reply.layer} layer matches first` : `set by the ${reply.layer} layer`);
      why = { kind, verdict: "sent", rule, layer: reply.layer, ...(kind === "keyword" || kind === "prompt" ? {} : this.path(kind)), ...(variant?.why === undefined ? {} : { period: variant.why }), ...(ab === undefined ? {} : { experiment: ab.why }), detail };
      this.trace.push(why);
    }
    const c: Candidate = { kind, reply, source: ab?.source ?? variant?.source ?? source, rule, arm, why, passed: true, messages: NO_MESSAGES, exposure: ab?.exposure, buttons, capture };
    this.candidates.push(c);
    if (arm) this.arming = c;
  }

  /** A rule held `c` back: the verdict goes to its trace entry and, if it is a drop, to `dropped`. */
  refuse(c: Candidate, r: Refusal): void {
    c.passed = false;
    if (isDropped(r.verdict)) this.dropped.push(dropEntry(c.kind, r.verdict, c.rule, c.source.messages.length, r.detail, r.by, r.until));
    if (c.why !== undefined) Object.assign(c.why, { verdict: r.verdict, detail: r.detail }, cite(r.by), r.until === undefined ? {} : { until: r.until });
  }

  /** All `count` messages of `c` that the quota cut left went out: on its trace entry. */
  counted(c: Candidate, count: number): void {
    if (c.why !== undefined) c.why.sent = count;
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

  /** The memory as a draft this decision changes, copied from the state's on first use (its lists stay frozen: replace them). */
  mem(): MemoryDraft {
    if (this.memory === undefined) {
      this.memory = draftMemory(this.s.memory);
      this.s.memory = this.memory;
    }
    return this.memory;
  }

  /** The memory draft, once `mem()` made it. */
  memory: MemoryDraft | undefined = undefined;

  /** The layer path for `kind` in this conversation, when explaining. */
  path(kind: Kind): Pick<TraceEntry, "layers"> {
    return this.trace === null ? {} : { layers: layerPath(this.config, kind, this.context()) };
  }

  /** The layer context last built, and the designated group it was built for (see `context`). */
  cached: { readonly context: LayerContext; readonly group: string | null } | null = null;

  /** Who the conversation is with now, for layer lookups; rebuilt only when the agent or group changes. */
  context(): LayerContext {
    const c = this.cached;
    if (c !== null && c.context.agent === this.s.agent && c.group === this.s.group) return c.context;
    const context = contextOf(this.config, this.s.agent, this.s.group, this.s.channel);
    this.cached = { context, group: this.s.group };
    return context;
  }

  /** The setting of `kind` that applies to this conversation now (L-ORDER). */
  resolve(kind: Kind): CompiledReply | undefined {
    return resolveReply(this.config, kind, this.context());
  }

  /** The values placeholders are filled with. */
  values(): TemplateValues {
    const agent = this.s.agent === null ? undefined : this.config.agents.get(this.s.agent);
    const inQueue = listOf(this.s.phase, this.s.waitingIn) === "queued";
    return {
      // Empty when no agent is assigned or designated; an offline agent keeps a name (seed 003 lines 9, 39).
      staff_name: agent?.name ?? "",
      // What the host gave, masked (spec C-MASK-VALUES): nothing downstream sees the number itself.
      nick_name: this.config.compliance.maskValues ? maskPersonal(this.s.nickname) : this.s.nickname,
      queue_num: inQueue ? formatQueueNum(this.s.position) : "",
      next_open: "",
    };
  }

  /** The last period looked up: one `Intl` reading per schedule and decision, however many replies ask. */
  private periodMemo: PeriodAt | undefined = undefined;

  /** The period of the event's time in `schedule` (spec H-PERIOD). */
  period(schedule: CompiledSchedule): PeriodAt {
    const memo = this.periodMemo;
    if (memo !== undefined && memo.schedule === schedule.name) return memo;
    this.periodMemo = periodAt(schedule, this.at);
    return this.periodMemo;
  }

  /** `<<next_open>>` for a candidate: the next opening of its reply's schedule, or `""` (the fallback) without one. */
  nextOpen(c: Candidate): string {
    return nextOpenText(scheduleFor(this.config, c.reply.layer, this.context()), this.at);
  }
}

const NO_MESSAGES: readonly Message[] = Object.freeze([]);

/** A frozen `dropped` entry. Literal shapes rather than spreads of optional fields: this runs on most visitor messages. */
export function dropEntry(kind: ReplyKind | "event", reason: DropReason, rule: string | undefined, messages: number, detail: string, by: string, until: number | undefined): Dropped {
  if (until !== undefined) return Object.freeze(rule === undefined ? { kind, reason, messages, by, until, detail } : { kind, reason, rule, messages, by, until, detail });
  return Object.freeze(rule === undefined ? { kind, reason, messages, by, detail } : { kind, reason, rule, messages, by, detail });
}

