import { cooldown } from "./cooldown.js";
import { dismissed } from "./dismissed.js";
import { accepted } from "./collect/accepted.js";
import { agentSilent } from "./collect/agent-silent.js";
import { alerts } from "./collect/alerts.js";
import { backup } from "./collect/backup.js";
import { conditions } from "./collect/conditions.js";
import { dnd } from "./collect/dnd.js";
import { end } from "./collect/end.js";
import { survey } from "./collect/survey.js";
import { keyword } from "./collect/keyword.js";
import { offline } from "./collect/offline.js";
import { opened } from "./collect/opened.js";
import { placement } from "./collect/placement.js";
import { prompts } from "./collect/prompts.js";
import { queued } from "./collect/queued.js";
import { received } from "./collect/received.js";
import { repeated } from "./collect/repeated.js";
import { silence } from "./collect/silence.js";
import { stale } from "./collect/stale.js";
import { stopped } from "./collect/stopped.js";
import { tags } from "./collect/tags.js";
import { unanswered } from "./collect/unanswered.js";
import { unread } from "./collect/unread.js";
import { urgent } from "./collect/urgent.js";
import { interval } from "./interval.js";
import { muted } from "./muted.js";
import { once } from "./once.js";
import type { Rule, Stage } from "../pipeline/rule.js";
import { presence } from "./presence.js";
import { prompting } from "./prompting.js";
import { quotaLimit } from "./quota.js";
import { windowLimit } from "./window.js";
import { breakerLimit } from "./breaker.js";
import { autoResponderGuard, autoResponderSeen } from "./auto-responder.js";
import { dedupe } from "./dedupe.js";
import { perMessageLimit } from "./per-message.js";
import { links } from "./links.js";
import { wecom } from "./wecom.js";
import { maskText, maskValues } from "./mask.js";
import { suppression } from "./suppression.js";
import { switches } from "./switches.js";
import { language } from "./language.js";

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

/**
 * Every rule of the pipeline, in one table: by stage in the pipeline's order, and within a stage in
 * the order it runs. The triggers (collect) run in this order on the events each looks at, so the
 * trace keeps it; in the chain (judge) and the quota cut (limit) the order is the precedence (the
 * first rule that holds a reply back gives its verdict). The chain (`POLICIES`), the content rules
 * and the limits (`LIMITS`) are its views; src/core/engine.ts hands it to the pipeline sorted by
 * hook (`kernelOf`); `autoreply tables` and docs/concepts.md are written from it.
 */
export const RULES: readonly Rule[] = Object.freeze([
  // collect: a visitor message's triggers in the order of its trace, then the other events'
  opened, keyword, received, accepted, offline, dnd, queued, unanswered, conditions, repeated, autoResponderSeen, alerts, tags, urgent, placement, agentSilent,
  prompts, end, survey, stale, backup, silence, unread, stopped,
  // judge
  autoResponderGuard, switches, muted, language, suppression, presence, interval, once, cooldown, dismissed, prompting,
  // content
  maskText, maskValues, links, wecom,
  // limit
  windowLimit, quotaLimit, dedupe, perMessageLimit, breakerLimit,
]);

/** The rules of one stage, in precedence order. */
export function rulesOf<S extends Stage>(stage: S): readonly Extract<Rule, { readonly stage: S }>[] {
  return Object.freeze(RULES.filter((r): r is Extract<Rule, { readonly stage: S }> => r.stage === stage));
}
