/**
 * autoreply-engine: which automatic replies a customer-service chat sends, in what order, and why.
 * Every public export is listed here by name. Tooling (lint, decision tables, scenario files, the
 * rule catalog) is in `autoreply-engine/tools`.
 */
export { compile, parseConfig, type Engine } from "./engine.js";
export type { DecideOptions, Decision } from "./pipeline/decide.js";
export type { LayerStep, TraceEntry, Verdict } from "./explain/trace.js";
export { AutoreplyError, type ConfigIssue, type ErrorCode } from "./model/errors.js";
export { STATE_VERSION, type ConversationState, type StartInput } from "./model/state.js";
export {
  PHASES,
  REPLY_KINDS,
  TIMER_NAMES,
  type Button,
  type Dropped,
  type DropReason,
  type Effect,
  type EngineEvent,
  type EventCode,
  type EventType,
  type Layer,
  type Message,
  type Phase,
  type QuotaStatus,
  type Reply,
  type ReplyKind,
  type Route,
  type Timer,
  type TimerName,
} from "./model/types.js";
export type * from "./config/input.js";
export { PRESETS, PRESET_NAMES, type ChannelSettings, type PresetName } from "./config/presets.js";
import type { ChannelSettings } from "./config/presets.js";
/** @deprecated Renamed `ChannelSettings` (a channel's quota, window and limits are not a policy of the chain). This alias goes in the next major version. */
export type ChannelPolicy = ChannelSettings;
export { parseDuration, formatDuration } from "./config/duration.js";
export { SUPPRESSIONS, type SuppressionRule } from "./rules/suppression.js";
/** @internal What `autoreply-engine/tools` shares with this entry (src/core/internal.ts); not part of the API. */
export * as __internal from "./internal.js";
