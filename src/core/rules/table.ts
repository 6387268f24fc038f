import { links, maskText, maskValues } from "./content.js";
import { cooldown } from "./cooldown.js";
import { dismissed } from "./dismissed.js";
import { breakerLimit, perMessageLimit } from "./frequency.js";
import { interval } from "./interval.js";
import { muted } from "./muted.js";
import { once } from "./once.js";
import type { ContentRule, Limit, Policy } from "./policy.js";
import { presence } from "./presence.js";
import { prompting } from "./prompting.js";
import { quotaLimit, windowLimit } from "./quota.js";
import { suppression } from "./suppression.js";
import { switches } from "./switches.js";

/** A stage of the pipeline, in the order an event goes through them. */
export type Stage = "validate" | "move" | "collect" | "order" | "judge" | "render" | "content" | "limit" | "commit" | "freeze";

/** The pipeline's stages, in order, each with the words the docs give it (src/core/pipeline/decide.ts runs them). */
export const STAGES: readonly { readonly stage: Stage; readonly says: string }[] = Object.freeze(
  [
    { stage: "validate", says: "validate" },
    { stage: "move", says: "move the conversation (phase, place, quota window)" },
    { stage: "collect", says: "collect the candidate replies the event triggers, resolved through the layers" },
    { stage: "order", says: "order them" },
    { stage: "judge", says: "the policy chain" },
    { stage: "render", says: "render" },
    { stage: "content", says: "the content rules" },
    { stage: "limit", says: "the quota cut" },
    { stage: "commit", says: "commit (memory, timers, the end of a session)" },
    { stage: "freeze", says: "freeze" },
  ].map((s) => Object.freeze(s as { readonly stage: Stage; readonly says: string })),
);

/** A rule of the one table: a policy of the chain, a content rule, or a limit of the quota cut. */
export type Rule = Policy | ContentRule | Limit;

/**
 * Every rule that judges, rewrites or cuts a candidate reply, in one table: by stage in the
 * pipeline's order, and within a stage in precedence order (the first rule that holds a reply back
 * gives its verdict). The chain (`POLICIES`), the content rules (`CONTENT`) and the limits
 * (`LIMITS`) are its views; `autoreply tables` and docs/concepts.md are written from it.
 */
export const RULES: readonly Rule[] = Object.freeze([switches, muted, suppression, presence, interval, once, cooldown, dismissed, prompting, maskText, maskValues, links, windowLimit, quotaLimit, perMessageLimit, breakerLimit]);

/** The rules of one stage, in precedence order. */
export function rulesOf<S extends Rule["stage"]>(stage: S): readonly Extract<Rule, { readonly stage: S }>[] {
  return Object.freeze(RULES.filter((r): r is Extract<Rule, { readonly stage: S }> => r.stage === stage));
}
