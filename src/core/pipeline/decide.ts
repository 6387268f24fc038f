import type { CompiledConfig } from "../config/compiled.js";
import type { ChannelSettings } from "../config/presets.js";
import type { TraceEntry } from "../explain/trace.js";
import { hasSeen, withSeen, type ConversationState } from "../model/state.js";
import type { Dropped, Effect, EngineEvent, QuotaStatus, Reply, Timer } from "../model/types.js";
import { commit, freezeState, frozen, pendingTimers } from "./commit.js";
import { judge, type Kernel } from "./kernel.js";
import { move } from "./move.js";
import { order } from "./order.js";
import { render, send } from "./send.js";
import { Step } from "./step.js";

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
  /** Requests for the host: a transfer of an urgent message (D-URGENT, D-OFF-HOURS). */
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

/**
 * The pure step: one event applied to one conversation. Reads nothing but its arguments, changes
 * none of them, and returns frozen plain data. Throws a typed `AutoreplyError` only for bad input
 * (the state is then untouched); a reply that is not sent is reported in `dropped`, never thrown.
 * `idHash` is the hash of the event's id, if it has one, and `seen` whether the state has seen it.
 *
 * The pipeline, one data path per event (docs/concepts.md, "The pipeline"), runs the rules of
 * `kernel` (src/core/rules/table.ts, `RULES`, sorted by hook) and knows none by name:
 * 1. validate: the state and the event were checked by `engine.decide` (`settings` is the state's
 *    channel's, as `validateState` returned it); a redelivered event stops here (EVENT-REDELIVERED);
 * 2. move the conversation: phase, place, the timers that follow the phase (move.ts), then the
 *    rules' part of the move (the quota window, their memory);
 * 3. collect the candidate replies the event triggers, resolved through the layers: the triggers;
 * 4. order them by `REPLY_ORDER` (order.ts);
 * 5. run the policy chain: each policy passes a candidate or gives a verdict with its spec id;
 * 6. render the messages of those that passed, what the host fills in masked (send.ts), then the
 *    content rules that screen them;
 * 7. cut by the limits and filters of the quota cut, counting what goes out; each rule remembers
 *    what it must of a reply sent (send.ts);
 * 8. commit: the rules' commit hooks, then the end of the session and what the rules forget (commit.ts);
 * 9. freeze: the next state, the replies, `dropped` and the trace, both from the same verdicts.
 */
export function decideEvent(kernel: Kernel, config: CompiledConfig, settings: ChannelSettings, state: ConversationState, event: EngineEvent, options?: DecideOptions, idHash: string | null = null, seen = idHash !== null && hasSeen(state.memory.seen, idHash)): Decision {
  const step = new Step(config, settings, event.at, state, options?.explain === true);
  if (seen) return redelivered(step, state, event);
  step.draft.s.at = event.at;
  if (idHash !== null) remember(step, idHash);
  step.move = move(step, event);
  kernel.move(step, event);
  kernel.collect(step, event);
  step.output.candidates = order(step.output.candidates);
  judge(step);
  render(step);
  kernel.screen(step, event);
  const replies = send(kernel, step);
  commit(kernel, step);
  return finish(step, state, replies);
}

/**
 * EVENT-REDELIVERED: WeChat pushes a message again when the handler did not answer within 5 s; the
 * event was applied the first time, so nothing is decided again and the state stays as it was.
 */
function redelivered(step: Step, state: ConversationState, event: EngineEvent): Decision {
  const detail = `event id ${JSON.stringify(event.id)} was applied before (a redelivery): nothing is sent again, the state is as it was`;
  step.output.drop("event", "redelivered", undefined, 0, detail, "EVENT-REDELIVERED");
  return finish(step, state, []);
}

/** One more event id seen, the oldest forgotten past `SEEN_LIMIT` (spec EVENT-REDELIVERED). */
function remember(step: Step, id: string): void {
  step.draft.mem().seen = withSeen(step.draft.s.memory.seen, id);
}

/** Step 9: everything frozen into the decision. */
function finish(step: Step, state: ConversationState, replies: Reply[]): Decision {
  const next = freezeState(step.draft.s, state);
  const replyList = frozen(replies);
  const dropped = frozen(step.output.dropped);
  const timers = pendingTimers(next.timers);
  const quota = Object.freeze({ used: next.quotaUsed, limit: next.quotaLimit, reserve: step.settings.reserve, until: next.quotaUntil });
  // Two literals rather than a spread of an optional field: a spread here made explain 2× slower.
  const effects = frozen(step.output.effects);
  if (step.output.trace === null) return Object.freeze({ state: next, replies: replyList, dropped, timers, effects, quota });
  const trace = Object.freeze(step.output.trace.map((entry) => Object.freeze(entry)));
  return Object.freeze({ state: next, replies: replyList, dropped, timers, effects, quota, trace });
}
