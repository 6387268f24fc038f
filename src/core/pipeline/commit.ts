import { copyMemory, NO_AGENTS, NO_FACTS, NO_MEMORY, NO_TIMERS, type ConversationState } from "../model/state.js";
import type { Timer } from "../model/types.js";
import type { Kernel } from "./kernel.js";
import { setPlace, type StateDraft } from "./draft.js";
import type { Step } from "./step.js";

/**
 * Step 8: what the decision leaves behind besides its replies: each rule's commit (the agentSilent
 * timer armed or cancelled, A-SILENT), then an end closes the session, now that its reply has been
 * rendered with the agent's name (E-MANUAL, E-AUTO), and each rule forgets what a session kept.
 */
export function commit(kernel: Kernel, step: Step): void {
  kernel.commit(step);
  if (step.move.end === null) return;
  kernel.ended(step);
  const s = step.draft.s;
  s.phase = "ended";
  s.waitingIn = null;
  setPlace(s, null, null, null);
  step.draft.clearTimers();
}

/** The one frozen empty list every decision shares (a freeze per decision costs: docs/performance.md, "Measured choices"). */
export const NONE: readonly never[] = Object.freeze([]);

/** A list, frozen; the shared empty one when it is empty. */
export function frozen<T>(list: T[]): readonly T[] {
  return list.length === 0 ? NONE : Object.freeze(list);
}

/**
 * The next state: the draft itself, frozen. `copyState` builds the draft with `newState`'s fields in
 * `newState`'s order, so every state an engine handles has one hidden class, and no second copy of
 * the state is made. Lists and the timers record the draft shares with the previous state are reused
 * when frozen; one a host made (a state read back from JSON) is copied, never frozen in place.
 */
export function freezeState(s: StateDraft, previous: ConversationState): ConversationState {
  if (s.online !== previous.online) Object.freeze(s.online); // a new list, made by this decision
  else if (!Object.isFrozen(s.online)) s.online = Object.freeze([...s.online]);
  // The shared constants are frozen: an isFrozen reads every property of an object, so they skip it.
  if (s.dnd !== previous.dnd) s.dnd = s.dnd.length === 0 ? NO_AGENTS : Object.freeze(s.dnd);
  else if (s.dnd !== NO_AGENTS && !Object.isFrozen(s.dnd)) s.dnd = s.dnd.length === 0 ? NO_AGENTS : Object.freeze([...s.dnd]);
  if (s.facts !== previous.facts) s.facts = s.facts.length === 0 ? NO_FACTS : Object.freeze(s.facts);
  else if (s.facts !== NO_FACTS && !Object.isFrozen(s.facts)) s.facts = s.facts.length === 0 ? NO_FACTS : Object.freeze([...s.facts]);
  const t = s.timers;
  const p = previous.timers;
  if (t === NO_TIMERS) {
    // outside serving, most states: shared, nothing to check or freeze
  } else if (t.agentSilent === null && t.visitorSilent === null && t.autoEnd === null && t.idleEnd === null && t.backup === null) {
    s.timers = NO_TIMERS;
  } else if (t === p) {
    // No timer changed (most events): the previous record, unless a host made it (then a frozen copy).
    if (!Object.isFrozen(p)) s.timers = Object.freeze({ agentSilent: p.agentSilent, visitorSilent: p.visitorSilent, autoEnd: p.autoEnd, idleEnd: p.idleEnd, backup: p.backup });
  } else {
    // This decision's own copy (Draft.timer): the previous frozen record when the values came back to it.
    const same = t.agentSilent === p.agentSilent && t.visitorSilent === p.visitorSilent && t.autoEnd === p.autoEnd && t.idleEnd === p.idleEnd && t.backup === p.backup && Object.isFrozen(p);
    s.timers = same ? p : Object.freeze(t);
  }
  // A memory draft is frozen; one that shares lists with a memory a host made (read back from JSON)
  // is copied instead, as is the host's memory itself: a host's data is never frozen in place.
  if (s.memory !== previous.memory) s.memory = Object.isFrozen(previous.memory) ? Object.freeze(s.memory) : copyMemory(s.memory);
  else if (s.memory !== NO_MEMORY && !Object.isFrozen(s.memory)) s.memory = copyMemory(s.memory);
  return Object.freeze(s) as ConversationState;
}

/** The pending timers, earliest first (in TIMER_NAMES order on a tie), each frozen. */
export function pendingTimers(t: ConversationState["timers"]): readonly Timer[] {
  const timers: Timer[] = [];
  // Field by field: the keyed read of a loop over TIMER_NAMES was the hottest line of decide in a profile.
  if (t.agentSilent !== null) timers.push(Object.freeze({ timer: "agentSilent", due: t.agentSilent }));
  if (t.visitorSilent !== null) timers.push(Object.freeze({ timer: "visitorSilent", due: t.visitorSilent }));
  if (t.autoEnd !== null) timers.push(Object.freeze({ timer: "autoEnd", due: t.autoEnd }));
  if (t.idleEnd !== null) timers.push(Object.freeze({ timer: "idleEnd", due: t.idleEnd }));
  if (t.backup !== null) timers.push(Object.freeze({ timer: "backup", due: t.backup }));
  // An insertion sort, stable like `sort` (TIMER_NAMES order on a tie): `sort` allocated a work copy on every call.
  for (let i = 1; i < timers.length; i++) {
    const timer = timers[i] as Timer;
    let j = i;
    for (; j > 0 && (timers[j - 1] as Timer).due > timer.due; j--) timers[j] = timers[j - 1] as Timer;
    timers[j] = timer;
  }
  return frozen(timers);
}
