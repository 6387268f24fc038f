import { defineContent, type ContentRule } from "../pipeline/rule.js";

/**
 * The masking rules (spec C-MASK-TEXT, C-MASK-VALUES), first of the content rules, so that a link
 * check, a drop or a trace never holds a number that was masked. They have no hook: the text of
 * templates and agents' names is masked when the config is compiled (src/core/config/compile.ts),
 * what the host fills in as it is filled (src/core/pipeline/lookups.ts, `values`); they stand in
 * the one table (src/core/rules/table.ts, `RULES`) so that `autoreply tables` and docs/concepts.md
 * list them in their place.
 */
export const maskText: ContentRule = defineContent({ name: "mask text", when: "compile", specs: ["C-MASK-TEXT"] });
export const maskValues: ContentRule = defineContent({ name: "mask values", when: "render", specs: ["C-MASK-VALUES"] });
