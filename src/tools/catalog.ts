// The engine's citations come from the main entry, which has them for explain traces; the others and the statements are tools' own.
import { __internal } from "../core/index.js";
import type { Citation } from "../core/internal.js";
import { OTHER_CITATIONS, STATEMENTS } from "./statements.js";

const { CITATIONS } = __internal;

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
  Object.fromEntries(
    Object.entries(STATEMENTS).map(([id, rule]) => {
      const c = (CITATIONS[id] ?? OTHER_CITATIONS[id]) as Citation;
      return [id, Object.freeze({ source: c.source, quote: c.quote, rule })];
    }),
  ),
);
