/** How a channel counts outgoing messages. */
export interface ChannelPolicy {
  /** Messages allowed per window, `null` for unlimited. */
  readonly quota: number | null;
  /** How long a visitor message keeps the window open (ms), `null` for as long as no new one comes. */
  readonly window: number | null;
  /** Slots of the quota kept for human agents; automatic replies stop before them. */
  readonly reserve: number;
  /** A menu click, follow or scan opens a small window of its own, or `null` when it opens nothing. */
  readonly menu: { readonly quota: number; readonly window: number } | null;
}

/** The names of the built-in quota presets. */
export type PresetName = "seed003" | "wechat2023";
export const PRESET_NAMES: readonly PresetName[] = ["seed003", "wechat2023"];

/** The channels every preset knows. */
export const BUILTIN_CHANNELS = ["miniprogram", "minigame", "official_account", "web"] as const;

const HOUR = 3_600_000;
const seedLimit = (quota: number | null) => ({ quota, window: null, reserve: 0, menu: null });
const wechat = { quota: 5, window: 48 * HOUR, reserve: 0, menu: { quota: 3, window: 60_000 } };

/**
 * `seed003`: seed 003 line 8: mini program and mini game 5 consecutive messages, official account 20,
 * web (cloud chat) unlimited; a visitor message resets the count.
 * `wechat2023`: WeChat's platform rules since 2023: 5 messages within 48 hours of a user message for
 * official accounts, mini programs and mini games; 3 within a minute after a menu click, follow or scan.
 */
export const PRESETS: Readonly<Record<PresetName, Readonly<Record<string, ChannelPolicy>>>> = {
  seed003: {
    miniprogram: seedLimit(5),
    minigame: seedLimit(5),
    official_account: seedLimit(20),
    web: seedLimit(null),
  },
  wechat2023: {
    miniprogram: wechat,
    minigame: wechat,
    official_account: wechat,
    web: seedLimit(null),
  },
};
