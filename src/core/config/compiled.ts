import type { KeywordIndex } from "../match/keywords.js";
import type { Button, Layer, Message, ReplyKind } from "../model/types.js";
import type { Template } from "../render/template.js";
import type { Verdict } from "../model/verdicts.js";
import type { CompiledSchedule, Period } from "../time/schedule.js";
import type { ChannelSettings } from "./presets.js";
import type { CompiledCompliance } from "./compliance.js";
import type { CompiledTags } from "./tags.js";

/** One reply setting of one layer, ready to send. */
export interface CompiledReply {
  readonly kind: ReplyKind;
  // The rule id shown in replies and traces.
  readonly id: string;
  // Where it is written in the config, e.g. `agents.zhangsan.replies.offline`.
  readonly path: string;
  readonly layer: Layer;
  readonly messages: readonly Template[];
  // The messages as sent, built once at compile time, when none has a placeholder; else `null`.
  readonly fixed: readonly Message[] | null;
  // With `fixed`: the `hash64` of each of its texts, for the dedupe rule (F-DEDUPE); else `null`.
  readonly hashes: readonly string[] | null;
  // Whether a template has `<<next_open>>` (filling it costs `Intl` readings, spec H-NEXT-OPEN).
  readonly nextOpen: boolean;
  // As `CompiledMessages.linked`.
  readonly linked: boolean;
  // `queued`, `offline`: minimum time between two sends (ms).
  readonly interval: number;
  // `agentSilent`, `visitorSilent`, `autoEnd`: the silence before it fires (ms), or `null`.
  readonly after: number | null;
  // `autoEnd`: the idle time before the system ends the session (ms), or `null`.
  readonly idleAfter: number | null;
  // `unanswered`: how many visitor messages without a human answer send it, and whether it raises an alert; else `null`, `false`.
  readonly count: number | null;
  readonly alert: boolean;
  // `repeated`: the identical messages must all come within this time of the first (ms), the mute after it (ms, 0 for none), and the transfer it asks for (`null`: none; `{}`: to any human).
  readonly within: number | null;
  // `urgent`, `upset`: the words that send it, folded; else empty.
  readonly words: readonly string[];
  readonly mute: number;
  readonly transfer: { readonly agent: string } | { readonly group: string } | Readonly<Record<string, never>> | null;
  // `queued`: the rules by position, sorted by `over` ascending.
  readonly rules: readonly CompiledQueueRule[];
  // `once`, `cooldown`, `dismiss`, when any is set (F-ONCE-*, F-COOLDOWN, F-DISMISS); else `null`.
  readonly frequency: Frequency | null;
  // The policies that can hold this reply back, in precedence order.
  readonly chain: readonly PolicyName[];
  // Other messages by period (`periods`, spec H-VARIANT), or `null` when it has none.
  readonly periods: Readonly<Partial<Record<Period, CompiledMessages>>> | null;
  // Other messages by who the visitor is (`segments`, spec V-SEGMENT), in order, or `null`.
  readonly segments: readonly CompiledSegment[] | null;
  // The reply in other languages (`locales`, spec V-LOCALE), by tag in its conventional case (`localeCase`), or `null`.
  readonly locales: ReadonlyMap<string, CompiledLocale> | null;
  // An A/B test of its messages (`ab`, spec AB-ASSIGN), or `null`.
  readonly ab: CompiledAb | null;
  // `agentSilent`: the backup stage (E-BACKUP), its time from the first unanswered message (ms), alert and transfer; else `null`.
  readonly backup: { readonly after: number; readonly alert: boolean; readonly transfer: NonNullable<CompiledReply["transfer"]> | null } | null;
  // `prompt`: when it shows, its buttons and its capture form; else `null`.
  readonly prompt: CompiledPrompt | null;
  // `survey`: its buttons and its thank-you; else `null`.
  readonly survey: CompiledSurvey | null;
}

/** A satisfaction survey's own settings (spec S-SURVEY): its buttons, each with its `answer`, and the reply to an answer (kind `surveyThanks`), or `null`. */
export interface CompiledSurvey {
  readonly buttons: readonly Button[];
  readonly thanks: CompiledReply | null;
}

/** A segment of a reply (spec V-SEGMENT): its conditions and its messages. */
export interface CompiledSegment {
  readonly id: string;
  // Facts the host must give (of the config's `facts`), and facts it must not.
  readonly facts: readonly string[];
  readonly unless: readonly string[];
  // For each tag named, the hashes of the tag rules that give it (G-TAG); and the names, for explain.
  readonly tags: readonly (readonly string[])[];
  readonly tagNames: readonly string[];
  readonly source: CompiledMessages;
}

// A reply in one language (spec V-LOCALE): its tag as written, its messages (none: V-LOCALE-EMPTY), segments and period variants.
export interface CompiledLocale {
  readonly tag: string;
  readonly source: CompiledMessages;
  readonly segments: readonly CompiledSegment[] | null;
  readonly periods: CompiledReply["periods"];
  // The buttons in this language (S-SURVEY-LOCALE, P-LOCALE), or `null` for the reply's own.
  readonly buttons: readonly Button[] | null;
  // A prompt's capture form in this language (P-LOCALE), or `null` for the prompt's own.
  readonly capture: { readonly source: CompiledMessages; readonly buttons: readonly Button[] | null } | null;
}

/** An A/B test as `compile` prepares it. */
export interface CompiledAb {
  readonly experiment: string;
  // The variants in config order, each with its share of `total`; those of weight 0 are kept (never chosen).
  readonly variants: readonly { readonly id: string; readonly weight: number; readonly source: CompiledMessages }[];
  // The sum of the weights, 1 or more.
  readonly total: number;
}

/** Messages ready to send: the templates, and the built messages and their hashes when no template has a placeholder. */
export interface CompiledMessages {
  readonly messages: readonly Template[];
  // As `CompiledReply.fixed`.
  readonly fixed: readonly Message[] | null;
  // As `CompiledReply.hashes`.
  readonly hashes: readonly string[] | null;
  // As `CompiledReply.nextOpen`.
  readonly nextOpen: boolean;
  // With `fixed`: whether a text holds a link `compliance.allow` does not name (spec C-LINK); `false` without (rendered texts are read at run time).
  readonly linked: boolean;
}

/** A reply's frequency settings (durations in ms, `null` when not set). */
export interface Frequency {
  readonly once: "session" | "visitor" | "page" | null;
  readonly cooldown: number | null;
  readonly dismiss: number | null;
}

/** A policy of the chain as the compiled config shows it (the engine's `Policy` also judges). */
export interface PolicyName {
  readonly name: string;
  readonly verdict: Verdict;
  /** The spec rules it enforces, by id. */
  readonly specs: readonly string[];
}

export interface CompiledQueueRule {
  readonly id: string;
  // Where it is written in the config.
  readonly path: string;
  // Sent when the position is greater than this.
  readonly over: number;
  readonly messages: readonly Template[];
  // As `CompiledReply.fixed`.
  readonly fixed: readonly Message[] | null;
  // As `CompiledReply.hashes`.
  readonly hashes: readonly string[] | null;
  // As `CompiledReply.nextOpen`.
  readonly nextOpen: boolean;
  // As `CompiledMessages.linked`.
  readonly linked: boolean;
}

/** The non-keyword replies of one layer. */
export type LayerReplies = Readonly<Partial<Record<Exclude<ReplyKind, "keyword" | "prompt">, CompiledReply>>>;

export interface CompiledAgent {
  readonly id: string;
  readonly name: string;
  readonly group: string | null;
  readonly replies: LayerReplies;
  // The schedule this layer names (`schedule`), or `null`.
  readonly schedule: CompiledSchedule | null;
}

export interface CompiledGroup {
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly replies: LayerReplies;
  // The schedule this layer names (`schedule`), or `null`.
  readonly schedule: CompiledSchedule | null;
}

// Who owns a keyword rule: the context must include them for it to apply.
export interface KeywordOwner {
  readonly layer: Layer;
  // The agent id, group id or channel name; `""` for the app.
  readonly owner: string;
  readonly reply: CompiledReply;
}

export interface Switches {
  readonly receivedWhileServing: boolean;
  readonly acceptedFromQueue: boolean;
  readonly idleEnd: boolean;
  readonly robot: boolean;
}

/** A validated config, every lookup prepared. Deep-frozen. */
export interface CompiledConfig {
  // A short name for the config's content, stored in each state it makes (see `fingerprintOf`).
  readonly fingerprint: string;
  // The content rules: link domains allowed, masking, and what `autoreply check` reads for risk words.
  readonly compliance: CompiledCompliance;
  // Every message text as written, with its config path, for `autoreply check`.
  readonly texts: readonly { readonly path: string; readonly text: string }[];
  // Bounds on what one decision reads (docs/limits.md).
  readonly limits: { readonly text: number };
  readonly switches: Switches;
  readonly channels: ReadonlyMap<string, ChannelSettings>;
  // The channels the config's `channels` section names, for `autoreply check`: the channels it serves (C-LINK-LINT).
  readonly channelsNamed: readonly string[];
  readonly agents: ReadonlyMap<string, CompiledAgent>;
  readonly groups: ReadonlyMap<string, CompiledGroup>;
  readonly app: LayerReplies;
  readonly channelReplies: ReadonlyMap<string, LayerReplies>;
  // Whether any layer sets an `unanswered` reply: only then does the memory count unanswered messages (E-UNANSWERED).
  readonly countsUnanswered: boolean;
  // The rules of combined conditions (spec E-CONDITION).
  readonly conditions: readonly CompiledConditionRule[];
  // The tag and route rules (spec G-TAG, G-TAG-COUNT, G-ROUTE).
  readonly tags: CompiledTags;
  // The facts the host gives that segments read (`facts`, spec V-SEGMENT), sorted: the state keeps these.
  readonly facts: readonly string[];
  // Whether any layer sets an `urgent` or `upset` reply: only then does a visitor message look for their words (E-URGENT, E-UPSET).
  readonly alertWords: boolean;
  // Whether any layer sets a `repeated` reply: only then does the memory keep the run of identical messages (E-REPEATED).
  readonly countsRepeats: boolean;
  // The named schedules (spec H-SCHEDULE).
  readonly schedules: ReadonlyMap<string, CompiledSchedule>;
  // The schedule the app layer names, and those of channels that name one.
  readonly appSchedule: CompiledSchedule | null;
  readonly channelSchedules: ReadonlyMap<string, CompiledSchedule>;
  readonly keywords: KeywordIndex<KeywordOwner>;
  // The proactive prompts, per channel in the order they are tried (spec P-ONE).
  readonly prompts: CompiledPrompts;
  // The frequency settings of every rule that has some, by `hash64` of the rule id a reply carries
  // (for a queued reply, each of its queue rules): how the memory's entries are kept and pruned.
  readonly frequency: ReadonlyMap<string, Frequency>;
  // The surveys, by `hash64` of their rule id: an answer (`visitor.rated`) finds the one that was asked (S-SURVEY-ANSWER).
  readonly surveys: ReadonlyMap<string, CompiledReply>;
}

// --- Conditions (spec E-CONDITION; read by ./conditions.ts) ---

/** One condition of a rule (spec E-CONDITION): every part that is not `null` must hold. */
export interface CompiledCondition {
  readonly longer: number | null;
  readonly inARow: number | null;
  readonly period: readonly Period[] | null;
  // Folded.
  readonly words: readonly string[] | null;
  readonly facts: readonly string[] | null;
  // Nested conditions: every one of `all`, one of `any` (when it has some), none of `not`.
  readonly all: readonly CompiledCondition[];
  readonly any: readonly CompiledCondition[];
  readonly not: readonly CompiledCondition[];
}

export interface CompiledConditionRule {
  readonly id: string;
  readonly all: readonly CompiledCondition[];
  readonly any: readonly CompiledCondition[];
  readonly not: readonly CompiledCondition[];
  readonly transfer: CompiledReply["transfer"];
}

// --- Prompts (seed 000; read by ./prompts.ts) ---

/** What a page view must show for a prompt (P-WHEN): every field that is not `null` or empty holds. */
export interface CompiledPageWhen {
  // Paths the page equals, and prefixes it starts with (`/products/*`).
  readonly pages: readonly string[];
  readonly prefixes: readonly string[];
  readonly pageTypes: readonly string[];
  readonly sources: readonly string[];
  readonly dwell: number | null;
  readonly scroll: number | null;
  readonly visits: number | null;
  // `form: open`: a form is open and not sent.
  readonly form: boolean;
  readonly facts: readonly string[];
  // Per tag named, the hashes of the tag rules that give it: one of them in the memory's tags (G-TAG).
  readonly tags: readonly (readonly string[])[];
  // The tags as written, for the trace.
  readonly tagNames: readonly string[];
}

/** The thresholds of ad traffic (P-AD): each replaces the one of `when` on a page view from an ad source. */
export interface CompiledAdThresholds {
  readonly dwell: number | null;
  readonly scroll: number | null;
  readonly visits: number | null;
}

/** A prompt's own settings, on its `CompiledReply` (`prompt`). */
export interface CompiledPrompt {
  readonly priority: number;
  // Its place among all prompts as written (channel layers' first, then the app's): ties of priority keep it.
  readonly rank: number;
  // The channel it is written under, or `null` for the app layer.
  readonly channel: string | null;
  readonly when: CompiledPageWhen;
  readonly ad: CompiledAdThresholds | null;
  readonly buttons: readonly Button[];
  // What it says when nobody can take a chat (P-CAPTURE), or `null`: it is not shown then.
  readonly capture: { readonly source: CompiledMessages; readonly buttons: readonly Button[] } | null;
}

/** The prompts of a config: how they take turns, and for each channel the prompts that apply there, in the order they are tried. */
export interface CompiledPrompts {
  // `prompts.gap` (ms): after a dismissal, no other prompt within it (P-GAP).
  readonly gap: number;
  // `prompts.ads`: the sources that are ad traffic (P-AD).
  readonly ads: readonly string[];
  // Per channel: its own prompts and the app's, highest priority first (P-ONE).
  readonly byChannel: ReadonlyMap<string, readonly CompiledReply[]>;
  // The app layer's prompts, for a channel with none of its own.
  readonly app: readonly CompiledReply[];
  // Every prompt rule once: the app's, then each channel's, as written (for the lints).
  readonly all: readonly CompiledReply[];
}
