import { CITATIONS, STATEMENTS } from "./catalog.js";

/** A rule of spec/rules.yaml: where it comes from, the seed sentence, and what it says. */
export interface CatalogRule {
  /** `seed 003 line 14`, `seed 001`, or `design`. */
  readonly source: string;
  /** The seed sentence, word for word; empty for design rules. */
  readonly quote: string;
  /** The rule, in English. */
  readonly rule: string;
}

/**
 * Every rule of the spec, by id, in the order of spec/rules.yaml. Exported by
 * `autoreply-engine/tools`: the main entry carries only the citations its explain traces give.
 */
export const CATALOG: Readonly<Record<string, CatalogRule>> = Object.freeze(
  Object.fromEntries(Object.entries(CITATIONS).map(([id, c]) => [id, Object.freeze({ source: c.source, quote: c.quote, rule: STATEMENTS[id] ?? "" })])),
);
