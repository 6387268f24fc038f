/**
 * What `autoreply-engine/tools` needs from the engine beyond its API. The main entry exports it as
 * `__internal`, so that the tools bundle imports the main bundle instead of carrying a second copy
 * of the engine. Not part of the API: it changes without notice.
 */
export { keywordApplies, resolveReply } from "./config/layers.js";
export { buildMatcher } from "./match/automaton.js";
export { WordTable } from "./match/words.js";
export { describe, fail } from "./model/errors.js";
export { CITATIONS } from "./explain/catalog.js";
export { REPLY_ORDER } from "./pipeline/order.js";
export { LIMITS, POLICIES } from "./rules/chain.js";
export { RULES, STAGES, rulesOf } from "./rules/table.js";
export { VERDICTS } from "./model/verdicts.js";
export { PERIODS, VARIANT_ORDER } from "./time/schedule.js";
export { scheduleFor } from "./config/layers.js";
export { civilOf, dayFromCivil } from "./time/zone.js";
export { findLinks } from "./render/links.js";
export { findPersonal, maskPersonal } from "./render/mask.js";
export { normalizeText } from "./match/normalize.js";
export { engineOf } from "./engine.js";
export { layerReplies } from "./config/layers.js";
export { periodOfWall } from "./time/schedule.js";
export { clockText, DAY, dateText, dayOf, minuteOf, wallText, weekdayOf } from "./time/zone.js";

// The types the tools read (erased from their bundles: importing them here costs nothing).
export type { CompiledConfig, CompiledCondition, CompiledMessages, CompiledPrompt, CompiledReply, KeywordOwner } from "./config/compiled.js";
export type { RiskCategory, RiskWord, Severity } from "./config/compliance.js";
export type { ConfigInput } from "./config/input.js";
export type { IndexedKeywordRule, KeywordCondition } from "./match/keywords.js";
export type { ConfigIssue } from "./model/errors.js";
export type { ConversationState } from "./model/state.js";
export type { Dropped, Effect, EngineEvent, EventCode, Layer, Phase, ReplyKind, Timer, TimerName } from "./model/types.js";
export type { TraceEntry } from "./explain/trace.js";
export type { Verdict } from "./model/verdicts.js";
export type { Citation } from "./explain/catalog.js";
export type { Decision } from "./pipeline/decide.js";
export type { PersonalKind } from "./render/mask.js";
export type { Template } from "./render/template.js";
export type { CompiledSchedule, Period } from "./time/schedule.js";
export type { Zone } from "./time/zone.js";
