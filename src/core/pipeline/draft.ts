import { draftMemory, NO_TIMERS, type ConversationState, type MemoryDraft, type QuotaWindow } from "../model/state.js";
import type { TimerName } from "../model/types.js";

/**
 * The next state while a decision builds it: a mutable copy of the state, frozen at the end. Its
 * timers record is the previous state's until a timer changes (`Draft.timer`, `Draft.clearTimers`).
 */
export type StateDraft = { -readonly [K in keyof ConversationState]: ConversationState[K] };

/**
 * What a decision drafts: the next state (`s`), a copy of the state that came in (`previous`), its
 * timers and its memory copied on their first change only: most decisions change neither, and
 * share the previous state's (src/core/pipeline/commit.ts, `freezeState`).
 */
export class Draft {
  /** Whether `s.timers` is this decision's own copy (else it is the previous state's, or `NO_TIMERS`). */
  private ownTimers = false;
  /** The memory draft, once `mem()` made it. */
  private memory: MemoryDraft | undefined = undefined;

  constructor(
    /** The state as it came in. */
    readonly previous: ConversationState,
    /** The next state. */
    readonly s: StateDraft,
  ) {}

  /** Sets one timer of the draft, copying the timers record on the first change. */
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

  /** The memory as a draft this decision changes, copied from the state's on first use (its lists stay frozen: replace them). */
  mem(): MemoryDraft {
    if (this.memory === undefined) {
      this.memory = draftMemory(this.s.memory);
      this.s.memory = this.memory;
    }
    return this.memory;
  }
}

/** A mutable copy of a state, with `newState`'s fields in `newState`'s order (see `freezeState`). */
export function copyState(s: ConversationState): StateDraft {
  return {
    v: s.v,
    config: s.config,
    conversation: s.conversation,
    channel: s.channel,
    nickname: s.nickname,
    locale: s.locale,
    facts: s.facts,
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
export function setPlace(s: StateDraft, agent: string | null, group: string | null, position: number | null): void {
  s.agent = agent;
  s.group = group;
  s.position = position;
}

/** Sets the draft's quota window. */
export function setWindow(s: StateDraft, w: QuotaWindow): void {
  s.quotaUsed = w.quotaUsed;
  s.quotaLimit = w.quotaLimit;
  s.quotaUntil = w.quotaUntil;
}
