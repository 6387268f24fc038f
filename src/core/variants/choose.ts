import type { CompiledLocale, CompiledReply, CompiledSegment } from "../config/compiled.js";
import { lookupChain } from "../model/locale.js";
import { hasSeen, type ConversationState } from "../model/state.js";

// The order in which a reply's messages are chosen (spec V-ORDER) is `offer` in
// src/core/pipeline/step.ts; src/tools/docs/pipeline.ts gives its table (MESSAGE_ORDER).

/** Spec V-LOCALE: the locale variant for the visitor's language by RFC 4647 lookup, or `undefined` (the reply itself). */
export function pickLocale(locales: NonNullable<CompiledReply["locales"]>, locale: string | null): CompiledLocale | undefined {
  if (locale === null) return undefined;
  const chain = lookupChain(locale);
  for (let i = 0; i < chain.length; i++) {
    const found = locales.get(chain[i] as string);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Spec V-SEGMENT: the first segment whose facts the host gave (and none of its `unless`) and whose tags the visitor has, or `undefined`. */
export function firstSegment(segments: readonly CompiledSegment[], s: ConversationState): CompiledSegment | undefined {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as CompiledSegment;
    if (seg.facts.every((f) => s.facts.includes(f)) && !seg.unless.some((f) => s.facts.includes(f)) && seg.tags.every((hashes) => hashes.some((h) => hasSeen(s.memory.tags, h)))) return seg;
  }
  return undefined;
}

/** Explain's words for the language chosen. */
export function languageWhy(locale: string | null, chosen: CompiledLocale | undefined): string {
  if (locale === null) return "no language known for the visitor: the reply itself";
  return chosen === undefined ? `${locale}: no variant for it, the reply itself` : `${locale}: the ${chosen.tag} variant${chosen.source.messages.length === 0 ? ", which sends nothing" : ""}`;
}

/** Explain's words for the segment chosen. */
export function segmentWhy(seg: CompiledSegment): string {
  return `segment ${seg.id}: ${[...seg.facts.map((f) => `fact ${f}`), ...seg.tagNames.map((t) => `tag ${t}`), ...seg.unless.map((f) => `not ${f}`)].join(", ")}`;
}
