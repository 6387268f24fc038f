import type { CompiledConfig, CompiledReply } from "../config/compiled.js";
import type { ChannelSettings } from "../config/presets.js";
import type { ConversationState } from "../model/state.js";
import type { Button, Message, ReplyKind, TimerName } from "../model/types.js";
import { chooseVariant } from "../time/variant.js";
import { assign } from "../ab/assign.js";
import { firstSegment, languageWhy, pickLocale, segmentWhy } from "../variants/choose.js";
import { copyState, Draft } from "./draft.js";
import { Lookups } from "./lookups.js";
import { Output, type MessageSource, type MutableTrace } from "./output.js";

export type { StateDraft } from "./draft.js";
export type { Kind } from "./lookups.js";
export type { Candidate, MessageSource, MutableTrace, Refusal } from "./output.js";

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

/**
 * One decision as the rules see it: the config and channel it runs under, the event's time and how
 * it moved the conversation, and three parts that each say what they are: what it drafts (the next
 * state, its memory and timers: `draft`), what it produces (candidates, verdicts, effects: `output`)
 * and what it looks up and caches (`lookups`).
 */
export class Step {
  readonly draft: Draft;
  readonly output: Output;
  readonly lookups: Lookups;
  move: Move = STAYED;
  /** G-AUTO: why this decision's visitor message was taken for an auto-responder's, or `null`. */
  automatic: string | null = null;

  constructor(
    readonly config: CompiledConfig,
    readonly settings: ChannelSettings,
    /** The event's time. */
    readonly at: number,
    previous: ConversationState,
    explain: boolean,
  ) {
    this.draft = new Draft(previous, copyState(previous));
    this.output = new Output(explain ? [] : null);
    this.lookups = new Lookups(config, this.draft.s, at, explain);
  }

  /**
   * Offers a candidate reply: its messages by the visitor's language (V-LOCALE), segment (V-SEGMENT),
   * the period of the event's time (H-VARIANT) or its A/B variant (AB-ASSIGN), in that order
   * (V-ORDER); its trace entry says it was triggered, until a rule says otherwise. A
   * prompt passes its buttons, and `capture` when it shows its capture form: that form wins over
   * the reply's segments, period variants and A/B test (spec P-CAPTURE); the language's form if it
   * has one, and none in a language that sends nothing (P-LOCALE).
   */
  offer(kind: ReplyKind, reply: CompiledReply, source: MessageSource, rule: string, arm = false, buttons?: readonly Button[], capture = false, said?: string): void {
    const explain = this.output.trace !== null;
    const look = this.lookups;
    const s = this.draft.s;
    // Spec V-ORDER (MESSAGE_ORDER): the language, then a segment, a period's variant, the A/B test's, the messages.
    const locale = reply.locales === null ? undefined : pickLocale(reply.locales, s.locale);
    const form = capture ? locale?.capture : undefined;
    const segments = capture ? null : locale === undefined ? reply.segments : locale.segments;
    const segment = segments === null ? undefined : firstSegment(segments, s);
    const periods = capture ? null : locale === undefined ? reply.periods : locale.periods;
    const variant = periods === null || segment !== undefined ? undefined : chooseVariant(periods, look.schedule(reply.layer), (p) => look.period(p), explain);
    const ab = reply.ab === null || capture ? undefined : assign(reply.ab, s.conversation);
    let why: MutableTrace | undefined;
    if (explain) {
      const detail = said ?? (kind === "keyword" ? `rule ${rule} of the ${reply.layer} layer matches first` : `set by the ${reply.layer} layer`);
      why = {
        kind, verdict: "sent", rule, layer: reply.layer, ...(kind === "keyword" || kind === "prompt" ? {} : look.path(kind)),
        ...(reply.locales === null ? {} : { language: languageWhy(s.locale, locale) }),
        ...(segment === undefined ? {} : { segment: segmentWhy(segment) }),
        ...(variant?.why === undefined ? {} : { period: variant.why }), ...(ab === undefined ? {} : { experiment: ab.why }), detail,
      };
    }
    // A capture form: the language's, else the prompt's own; none in a language that sends nothing.
    const chosen = !capture ? (segment?.source ?? ab?.source ?? variant?.source ?? locale?.source ?? source) : locale?.source.messages.length === 0 ? locale.source : (form?.source ?? source);
    // The buttons in the language chosen (S-SURVEY-LOCALE, P-LOCALE); a click means the same in any language.
    this.output.add({ kind, reply, source: chosen, rule, arm, why, passed: true, messages: NO_MESSAGES, exposure: ab?.exposure, buttons: (capture ? form?.buttons : locale?.buttons) ?? buttons, capture, code: null });
  }
}

const NO_MESSAGES: readonly Message[] = Object.freeze([]);
