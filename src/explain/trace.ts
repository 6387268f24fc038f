import type { Layer, ReplyKind } from "../model/types.js";
import { CITATIONS } from "./catalog.js";

/** What happened to one candidate reply of a decision. */
export type Verdict =
  | "sent" // sent, all its messages or (see `cut`) the first of them
  | "notConfigured" // no layer sets this kind
  | "noMatch" // no keyword rule matched
  | "noRule" // no queue rule for this position
  | "switchOff" // a switch keeps it off
  | "notInPhase" // not a reply of this phase or move
  | "suppressed" // another reply beats it (see `by`)
  | "quota" // the quota (less the reserve) left no room
  | "window" // the channel's window is closed
  | "interval" // sent too recently (see `until`)
  | "stale" // a timer that no longer applies
  | "cut" // keyword matching read only the first `limits.text` characters of the message
  | "redelivered" // the event was applied before (its id was seen): nothing is decided again
  | "frequency" // a frequency rule of the channel held it back (see `by`)
  | "armed" // a timer was set for it (see `due`)
  | "pending"; // its timer was already set

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
  /** The reason, in one sentence. */
  readonly detail: string;
}

/** The citation of a spec rule, for a trace entry: id, source and seed sentence. */
export function cite(id: string | undefined): Pick<TraceEntry, "by" | "source" | "quote"> {
  if (id === undefined) return {};
  const rule = CITATIONS[id];
  return rule === undefined ? { by: id } : { by: id, source: rule.source, ...(rule.quote === "" ? {} : { quote: rule.quote }) };
}
