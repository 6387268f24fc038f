/**
 * The config as operators write it (YAML or JSON). Every field is optional unless noted; see
 * docs/config.md. `compile` validates all of it and reports every problem at once.
 */
export interface ConfigInput {
  /** For editors: the JSON Schema this file follows. Ignored by the engine. */
  readonly $schema?: string;
  /** Quota defaults: `seed003` (the default) or `wechat2023`. */
  readonly preset?: "seed003" | "wechat2023";
  /** Per-channel quota overrides, and channels of your own. */
  readonly channels?: Readonly<Record<string, ChannelInput>>;
  /** The switches of seed 003; all off by default. */
  readonly switches?: SwitchesInput;
  /** Quota slots kept for human agents on every channel (a channel's own `reserve` wins). */
  readonly reserveForAgents?: number;
  /** Bounds on what one decision reads (docs/limits.md). */
  readonly limits?: { readonly text?: number };
  /** Agents by id. */
  readonly agents?: Readonly<Record<string, AgentInput>>;
  /** Groups by id. */
  readonly groups?: Readonly<Record<string, GroupInput>>;
  /** The app-wide replies, and per-channel overrides of them. */
  readonly app?: AppInput;
}

/** A duration: milliseconds, or text such as `90s`, `5m`, `2h`, `1h30m`. */
export type DurationInput = number | string;

export interface ChannelInput {
  /** Messages allowed after one visitor message; `unlimited` for none. */
  readonly quota?: number | "unlimited";
  /** How long a visitor message keeps the window open. */
  readonly window?: DurationInput;
  /** Slots kept for human agents on this channel. */
  readonly reserve?: number;
  /** The window a menu click opens: `{ quota: 3, window: 1m }`, or `null` for none. */
  readonly menu?: { readonly quota: number; readonly window: DurationInput } | null;
}

export interface SwitchesInput {
  /** Send the `received` reply while serving too (seed 003 line 82). */
  readonly receivedWhileServing?: boolean;
  /** Send the `accepted` reply when a queued visitor is taken into serving (seed 003 line 11). */
  readonly acceptedFromQueue?: boolean;
  /** End a serving session after `autoEnd.idleAfter` without any message (seed 003 line 31). */
  readonly idleEnd?: boolean;
  /** Transfer-to-human is on: a visitor with no route stays with the robot (seed 003 line 37). */
  readonly robot?: boolean;
}

export interface AgentInput {
  /** The name `<<staff_name>>` shows; defaults to the id. */
  readonly name?: string;
  /** The group this agent belongs to. */
  readonly group?: string;
  /** This agent's own replies; they win over the group's and the app's. */
  readonly replies?: RepliesInput;
}

export interface GroupInput {
  /** A readable name. */
  readonly name?: string;
  /** The group's replies; they win over the app's. */
  readonly replies?: RepliesInput;
}

export interface AppInput {
  /** Replies for every channel. */
  readonly replies?: RepliesInput;
  /** Replies for one channel; they win over the app-wide ones. */
  readonly channels?: Readonly<Record<string, { readonly replies?: RepliesInput }>>;
}

/** One message, or several sent in order. Placeholders: `<<staff_name>>`, `<<nick_name>>`, `<<queue_num>>`. */
export type MessagesInput = string | readonly string[];

export interface SimpleReplyInput {
  readonly id?: string;
  readonly messages: MessagesInput;
}

export interface KeywordRuleInput extends SimpleReplyInput {
  /** Higher first; equal priorities keep the order written. Default 0. */
  readonly priority?: number;
  readonly match: MatchInput;
}

/** All present conditions must hold. A word list entry may itself be a list of synonyms. */
export interface MatchInput {
  readonly exact?: string | readonly string[];
  readonly any?: string | readonly string[];
  readonly all?: readonly (string | readonly string[])[];
  readonly none?: string | readonly string[];
  readonly prefix?: string | readonly string[];
}

export interface QueuedReplyInput {
  readonly id?: string;
  /** Not again within this time after one was sent (seed 003 line 17). */
  readonly interval?: DurationInput;
  /** Shorthand for one rule `{ over: 0, messages }`. */
  readonly messages?: MessagesInput;
  /** Up to five rules; the one with the largest `over` below the position is sent. */
  readonly rules?: readonly { readonly id?: string; readonly over: number; readonly messages: MessagesInput }[];
}

export interface TimedReplyInput extends SimpleReplyInput {
  /** How long the silence lasts before the reply. */
  readonly after: DurationInput;
}

export interface AutoEndReplyInput extends SimpleReplyInput {
  /** End after the agent answered and the visitor stayed silent this long (seed 003 line 30). */
  readonly after?: DurationInput;
  /** With `switches.idleEnd`: end after no message from either side this long (seed 003 line 31). */
  readonly idleAfter?: DurationInput;
}

export interface OfflineReplyInput extends SimpleReplyInput {
  /** Not again within this time; `0s` sends it for every message (seed 003 line 34). */
  readonly interval?: DurationInput;
}

export interface RepliesInput {
  readonly keyword?: readonly KeywordRuleInput[];
  readonly received?: SimpleReplyInput;
  readonly opened?: SimpleReplyInput;
  readonly accepted?: SimpleReplyInput;
  readonly queued?: QueuedReplyInput;
  readonly agentSilent?: TimedReplyInput;
  readonly visitorSilent?: TimedReplyInput;
  readonly autoEnd?: AutoEndReplyInput;
  readonly manualEnd?: SimpleReplyInput;
  readonly batchEnd?: SimpleReplyInput;
  readonly offline?: OfflineReplyInput;
}
