import { CITATIONS, STATEMENTS, type Citation } from "./catalog.js";

/** A rule of spec/rules.yaml: where it comes from (`source`), the seed sentence (`quote`), and what it says. */
export interface CatalogRule extends Citation {
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
