import type { Layer, ReplyKind } from "../model/types.js";
import { CITATIONS } from "./catalog.js";

export type { Verdict } from "../model/verdicts.js";
import type { Verdict } from "../model/verdicts.js";

/** One layer asked for a reply kind, in order. */
export interface LayerStep {
  readonly layer: Layer;
  /** The agent id, group id or channel name; `""` for the app. */
  readonly owner: string;
  /** Whether this layer sets the kind. */
  readonly has: boolean;
}

/** One candidate reply and its verdict, with the reason in words and the rule behind it. */
export interface TraceEntry {
  /** The candidate reply's kind, or `event` for the event itself (a redelivery). */
  readonly kind: ReplyKind | "event";
  readonly verdict: Verdict;
  /** The rule id of the reply, where one was resolved. */
  readonly rule?: string;
  /** The layer whose setting won. */
  readonly layer?: Layer;
  /** The layers asked, in order, for a resolved or missing reply. */
  readonly layers?: readonly LayerStep[];
  /** The spec rule behind the verdict (spec/rules.yaml). */
  readonly by?: string;
  /** Where that rule comes from, e.g. `seed 003 line 14`. */
  readonly source?: string;
  /** The seed sentence, word for word. */
  readonly quote?: string;
  /** Messages sent and cut, for a reply that reached the quota. */
  readonly sent?: number;
  readonly cut?: number;
  /** `interval`: when it may be sent again; `armed`/`pending`: when its timer is due (epoch ms). */
  readonly until?: number;
  /** With `locales`: the visitor's language and the variant chosen (spec V-LOCALE). */
  readonly language?: string;
  /** With `segments`: the segment chosen and why (spec V-SEGMENT). */
  readonly segment?: string;
  /** With a schedule's period variants: the period of the event's time and the variant chosen (spec H-VARIANT). */
  readonly period?: string;
  /** Under an A/B test: the variant of this conversation and why (spec AB-ASSIGN). */
  readonly experiment?: string;
  /** The reason, in one sentence. */
  readonly detail: string;
}

/** The citation of a spec rule, for a trace entry: id, source and seed sentence. */
export function cite(id: string | undefined): Pick<TraceEntry, "by" | "source" | "quote"> {
  if (id === undefined) return {};
  const rule = CITATIONS[id];
  return rule === undefined ? { by: id } : { by: id, source: rule.source, ...(rule.quote === "" ? {} : { quote: rule.quote }) };
}
