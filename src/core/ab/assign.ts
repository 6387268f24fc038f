import type { CompiledAb, CompiledMessages } from "../config/compiled.js";

/** What a reply sent under an A/B test reports (spec AB-EXPOSURE). */
export interface Exposure {
  readonly experiment: string;
  readonly variant: string;
}

/**
 * A conversation's point in [0, 2^32) for an experiment: FNV-1a over the UTF-16 units of both ids,
 * then a murmur3 finalizer. Integer arithmetic only (`Math.imul`, shifts), so every runtime gives
 * the same point; never `Math.random`.
 */
export function pointOf(experiment: string, conversation: string): number {
  let h = 2166136261;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  };
  mix(experiment);
  h = Math.imul(h ^ 0, 16777619); // a separator no id holds, so ("ab", "c") and ("a", "bc") differ
  mix(conversation);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Spec AB-ASSIGN (seed 000 line 31): the variant of `conversation`. Its point, scaled to the total
 * weight, falls in the variants' shares laid out in config order: each gets its weight's share of
 * the conversations, and moving weight between two neighbouring variants moves only the
 * conversations between them.
 */
export function assign(ab: CompiledAb, conversation: string): { readonly source: CompiledMessages; readonly exposure: Exposure; readonly why: string } {
  // point < 2^32 and total <= 10^6: the product stays below 2^53, exact in a double.
  const slot = Math.floor((pointOf(ab.experiment, conversation) * ab.total) / 4294967296);
  let from = 0;
  for (const v of ab.variants) {
    if (slot < from + v.weight) return { source: v.source, exposure: { experiment: ab.experiment, variant: v.id }, why: `experiment ${ab.experiment}: variant ${v.id} (slot ${slot} of ${ab.total}, its share ${from}-${from + v.weight - 1})` };
    from += v.weight;
  }
  // Unreachable: slot < total, the sum of the weights.
  const last = ab.variants[ab.variants.length - 1] as CompiledAb["variants"][number];
  return { source: last.source, exposure: { experiment: ab.experiment, variant: last.id }, why: `experiment ${ab.experiment}: variant ${last.id}` };
}
