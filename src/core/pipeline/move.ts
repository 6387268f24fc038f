import { fail } from "../model/errors.js";
import { later } from "../model/limits.js";
import type { EngineEvent, Route } from "../model/types.js";
import { listOf, phaseIn, type HumanList } from "./placement.js";
import { setPlace } from "./draft.js";
import { localeCase } from "../model/locale.js";
import { knownFacts } from "./validate.js";
import { STAYED, type Move, type Step } from "./step.js";

/**
 * Step 2 of the pipeline: the event moves the conversation (phase, place, the timers that follow the
 * phase); the rules then take their part (`Hooks.move`: the quota window, their memory). Nothing here
 * sends a reply; the triggers read the `Move` it returns. An event that cannot happen in this phase
 * throws `EVENT_OUT_OF_ORDER` (the state is untouched: only the draft was changed). An end is only
 * marked here: it is committed after its reply is rendered, with the agent's name (commit.ts).
 */
export function move(step: Step, event: EngineEvent): Move {
  const s = step.draft.s;
  const wasServing = s.phase === "serving";
  if (event.type === "visitor.message" || event.type === "visitor.opened" || event.type === "visitor.page") visitorFacts(step, event);
  switch (event.type) {
    case "visitor.message":
      return visitorMessage(step, event.route, wasServing);
    case "visitor.transfer": {
      if (s.phase !== "robot") outOfOrder(event, s.phase, "a transfer moves a visitor from the robot to a human; send a route with visitor.message instead");
      if ("robot" in event.route) fail("EVENT_INVALID", "visitor.transfer: route should place the visitor with a human ({ agent } or { queue })");
      const moved = place(step, event.route);
      syncTimers(step, wasServing);
      return moved;
    }
    case "queue.moved":
      if (listOf(s.phase, s.waitingIn) !== "queued") outOfOrder(event, s.phase, "only a queued visitor has a queue position");
      s.position = event.position;
      return STAYED;
    case "agent.accepted": {
      if (listOf(s.phase, s.waitingIn) !== "queued") outOfOrder(event, s.phase, "an agent accepts a visitor from the queue; place the visitor in the queue first");
      setPlace(s, event.agent, null, null);
      setPhase(step, "serving");
      syncTimers(step, wasServing);
      return moveOf(s.phase === "serving", true, null, null, null);
    }
    case "agent.message":
      if (s.phase === "serving") {
        // V-SILENT, E-AUTO: the agent answered; the visitor's silence is timed from now.
        const visitorSilent = step.lookups.resolve("visitorSilent");
        const autoEnd = step.lookups.resolve("autoEnd");
        step.draft.timer("agentSilent", null);
        step.draft.timer("backup", null); // E-BACKUP: a human answered
        step.draft.timer("visitorSilent", visitorSilent?.after != null ? later(event.at, visitorSilent.after) : null);
        step.draft.timer("autoEnd", autoEnd?.after != null ? later(event.at, autoEnd.after) : null);
        armIdle(step);
      }
      return STAYED;
    case "agent.ended":
      if (s.phase === "ended") outOfOrder(event, s.phase, "the session has already ended");
      return moveOf(false, false, null, event.batch === true ? "batchEnd" : "manualEnd", null);
    case "presence": {
      // Hosts often repeat the list they sent last: the previous one is kept then (no new list to freeze).
      if (!sameList(event.online, s.online)) s.online = [...new Set(event.online)].sort();
      if (event.dnd !== undefined && !sameList(event.dnd, s.dnd)) s.dnd = [...new Set(event.dnd)].sort();
      const list = listOf(s.phase, s.waitingIn);
      if (list !== null) setPhase(step, list);
      // The record itself: timers are never changed in place (Draft.timer copies it), so it stays as it was.
      const stopped = wasServing && s.phase !== "serving" ? s.timers : null;
      // Back from offline to serving: the session was already with this agent; the idle clock restarts.
      syncTimers(step, wasServing);
      return stopped === null ? STAYED : moveOf(false, false, stopped, null, null);
    }
    case "visitor.opened": // the rules' part only: the quota window (W-OPENED), the page (F-ONCE-PAGE, P-CLOSE)
    case "visitor.page":
    case "visitor.dismissed": // F-DISMISS, P-CLOSE, P-GAP
    case "visitor.rated": // S-SURVEY-ANSWER
    case "visitor.menu": // W-MENU-WECHAT, W-MENU
    case "visitor.unsubscribed": // W-UNSUBSCRIBE
    case "visitor.paid": // W-PAID
    case "channel.refused": // W-REFUSED
      return STAYED;
    case "timer": {
      // T-STALE: a timer that is no longer pending does nothing (the trigger reports it).
      if (s.timers[event.timer] !== event.due) return STAYED;
      step.draft.timer(event.timer, null);
      const end = event.timer === "autoEnd" || event.timer === "idleEnd" ? "autoEnd" : null;
      return moveOf(false, false, null, end, event.timer);
    }
  }
}

/**
 * A visitor message: the visitor is placed
 * where the route says, or stays; with no session and no route, the robot takes them when
 * `switches.robot` is on, else they enter the queue (PLACE-DEFAULT). In serving, the visitor spoke:
 * visitorSilent and autoEnd stop, the idle clock restarts.
 */
function visitorMessage(step: Step, route: Route | undefined, wasServing: boolean): Move {
  const s = step.draft.s;
  let moved = STAYED;
  if (route !== undefined) moved = place(step, route);
  else if (s.phase === "ended" && step.config.switches.robot) s.phase = "robot";
  else if (s.phase === "ended") {
    // PLACE-DEFAULT, seed 003 lines 62-63: with no route the visitor enters the queue, undesignated,
    // at a position the host has not told (<<queue_num>> stays empty until queue.moved).
    setPlace(s, null, null, null);
    setPhase(step, "queued");
  }
  syncTimers(step, wasServing);
  if (s.phase === "serving") {
    step.draft.timer("visitorSilent", null);
    step.draft.timer("autoEnd", null);
    armIdle(step);
  }
  return moved;
}

/** Puts the visitor where the host says; returns how they moved. */
function place(step: Step, route: Route): Move {
  const s = step.draft.s;
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
  const enteredServing = list === "serving" && (before !== "serving" || beforeAgent !== s.agent);
  const fromQueue = before === "queued";
  return enteredServing || fromQueue ? moveOf(enteredServing, fromQueue, null, null, null) : STAYED;
}

/** Sets the phase of a visitor in `list` from presence, keeping the list to return to while offline. */
function setPhase(step: Step, list: HumanList): void {
  const s = step.draft.s;
  s.phase = phaseIn(step.config, list, s.agent, s.group, s.online);
  s.waitingIn = s.phase === "offline" ? list : null;
}

/**
 * Timers follow the phase (spec T-SERVING-ONLY, seed 003 line 20): outside serving none is pending;
 * on entering serving the idle timer starts (spec E-IDLE, seed 003 line 31).
 */
function syncTimers(step: Step, wasServing: boolean): void {
  if (step.draft.s.phase !== "serving") step.draft.clearTimers();
  else if (!wasServing) armIdle(step);
}

/** E-IDLE: with `switches.idleEnd`, the session ends after `autoEnd.idleAfter` without a message. */
function armIdle(step: Step): void {
  const autoEnd = step.lookups.resolve("autoEnd");
  step.draft.timer("idleEnd", step.config.switches.idleEnd && autoEnd?.idleAfter != null ? later(step.at, autoEnd.idleAfter) : null);
}

/** Whether `a` has exactly the items of `b`, in order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A `Move`, every field in one order (one shape for all). */
function moveOf(enteredServing: boolean, fromQueue: boolean, stopped: Move["stopped"], end: Move["end"], timer: Move["timer"]): Move {
  return { enteredServing, fromQueue, stopped, end, timer };
}

function outOfOrder(event: EngineEvent, phase: string, hint: string): never {
  return fail("EVENT_OUT_OF_ORDER", `${event.type} cannot happen in phase ${phase}; ${hint}`);
}

/** What a visitor event says of the visitor now: its language (V-LOCALE) and the facts the config names (V-SEGMENT), kept in the state. */
function visitorFacts(step: Step, event: { readonly locale?: string; readonly facts?: readonly string[] }): void {
  const s = step.draft.s;
  // A host sends the same language on most events: the state's, in its case already, is kept as it is.
  if (event.locale !== undefined && event.locale !== s.locale) {
    const locale = localeCase(event.locale);
    if (locale !== s.locale) s.locale = locale;
  }
  if (event.facts !== undefined && step.config.facts.length > 0) {
    const facts = knownFacts(step.config, event.facts);
    if (!sameList(facts, s.facts)) s.facts = facts;
  }
}
