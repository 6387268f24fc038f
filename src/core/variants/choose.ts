import type { CompiledLocale, CompiledReply, CompiledSegment } from "../config/compiled.js";
import { hasSeen, type ConversationState } from "../model/state.js";

// The order in which a reply's messages are chosen (spec V-ORDER) is `offer` in
// src/core/pipeline/step.ts; src/tools/docs/pipeline.ts gives its table (MESSAGE_ORDER).

/**
 * Spec V-LOCALE: the locale variant for the visitor's language by RFC 4647 lookup (the tag, then
 * shorter prefixes of it, a singleton left at the end skipped), or `undefined` (the reply itself).
 * `locales` is keyed in the conventional case the state keeps (`localeCase`): no copy of the tag is
 * made but the prefixes, on every candidate of a reply with languages.
 */
export function pickLocale(locales: NonNullable<CompiledReply["locales"]>, locale: string | null): CompiledLocale | undefined {
  let tag = locale;
  while (tag !== null) {
    const found = locales.get(tag);
    if (found !== undefined) return found;
    tag = shorterTag(tag);
  }
  return undefined;
}

/** The next tag RFC 4647's lookup tries after `tag`: its last subtag cut, with a singleton left before it (`en-a-bbb` → `en`); `null` after the language. */
export function shorterTag(tag: string): string | null {
  let cut = tag.lastIndexOf("-");
  if (cut > 1 && tag.charCodeAt(cut - 2) === 45) cut -= 2;
  return cut < 0 ? null : tag.slice(0, cut);
}

/** Spec V-SEGMENT: the first segment whose facts the host gave (and none of its `unless`) and whose tags the visitor has, or `undefined`. */
export function firstSegment(segments: readonly CompiledSegment[], s: ConversationState): CompiledSegment | undefined {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as CompiledSegment;
    if (holds(seg, s)) return seg;
  }
  return undefined;
}

function holds(seg: CompiledSegment, s: ConversationState): boolean {
  for (let i = 0; i < seg.facts.length; i++) if (!s.facts.includes(seg.facts[i] as string)) return false;
  for (let i = 0; i < seg.unless.length; i++) if (s.facts.includes(seg.unless[i] as string)) return false;
  for (let i = 0; i < seg.tags.length; i++) {
    const hashes = seg.tags[i] as readonly string[];
    let has = false;
    for (let j = 0; j < hashes.length && !has; j++) has = hasSeen(s.memory.tags, hashes[j] as string);
    if (!has) return false;
  }
  return true;
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
