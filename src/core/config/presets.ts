/** A small window of its own, opened by an action that is not a visitor message. */
export interface SmallWindow {
  /** Messages allowed in it. */
  readonly quota: number;
  /** How long it stays open (ms). */
  readonly window: number;
}

/** How a channel counts outgoing messages. */
export interface ChannelSettings {
  // Messages allowed per window, `null` for unlimited.
  readonly quota: number | null;
  // How long a visitor message keeps the window open (ms), `null` for as long as no new one comes.
  readonly window: number | null;
  // Slots of the quota kept for human agents; automatic replies stop before them.
  readonly reserve: number;
  // What a menu click opens: a small window of its own, `"message"` (the window a visitor message
  // opens, seed 004 line 7), or `null` for nothing.
  readonly menu: SmallWindow | "message" | null;
  // With `menu: "message"`: the keys of menu items that open nothing, such as "联系客服" (seed 004 line 7).
  readonly contactMenuKeys: readonly string[];
  // The small window the visitor's entering the chat (`visitor.opened`) opens, or `null` for none.
  readonly opened: SmallWindow | null;
  // How long a payment (`visitor.paid`) opens a window without a count (ms), or `null` for none (spec W-PAID).
  readonly paid: number | null;
  // Replies that would go out this close (ms) to the window's end are not sent (seed 004 line 3).
  readonly margin: number;
  // At most this many automatic messages between two visitor messages, or `null` (spec F-PER-MESSAGE, seed 004 line 5).
  readonly perVisitorMessage: number | null;
  // Never the same text to the visitor twice within this time (ms), or `null` (spec F-DEDUPE, seed 004 line 15).
  readonly dedupe: number | null;
  // At most `max` automatic replies within `window` ms per conversation, or `null` (spec F-BREAKER).
  readonly breaker: { readonly max: number; readonly window: number } | null;
  // A reply whose text holds a link not allowed (spec C-LINK): sent (`allow`), held back (`drop`) or sent without its links (`strip`).
  readonly links: "allow" | "drop" | "strip";
  // The sending rules of the platform's API beside its quota: `wecom` (WeCom customer service:
  // `send_msg` only while the session is new or with the smart assistant, one message per event
  // code otherwise; spec W-WECOM-STATE, W-WECOM-CODE, W-WECOM-WELCOME), or `null` for none.
  readonly api: "wecom" | null;
  // G-AUTO: what makes a visitor message an auto-responder's (markers folded as keywords; more than `repeats` identical in a row within `within` ms), or `null` for no guard.
  readonly autoResponder: { readonly markers: readonly string[]; readonly repeats: number; readonly within: number } | null;
}

/** The names of the built-in quota presets. */
export type PresetName = "seed003" | "wechat2023" | "seed004";
export const PRESET_NAMES: readonly PresetName[] = ["seed003", "wechat2023", "seed004"];

const HOUR = 3_600_000;
const MINUTE = 60_000;
const NONE: readonly string[] = Object.freeze([]);
const counted = (quota: number | null): ChannelSettings => ({ quota, window: null, reserve: 0, menu: null, contactMenuKeys: NONE, opened: null, paid: null, margin: 0, perVisitorMessage: null, dedupe: null, breaker: null, links: "allow", api: null, autoResponder: null });
// WeChat's channels under wechat2023 and seed004 also take seed 004's frequency advice: 3 automatic
// messages per visitor message (line 5), never the same text twice in 10 minutes (line 15).
const within48h = (extra: Partial<ChannelSettings>): ChannelSettings => ({ ...counted(5), window: 48 * HOUR, perVisitorMessage: 3, dedupe: 10 * MINUTE, ...extra });

/**
 * `seed003` (the default): seed 003 line 8: mini program and mini game 5 consecutive messages,
 * official account 20, web (cloud chat) unlimited; a visitor message resets the count.
 *
 * `wechat2023`: the platforms' documentation (docs/concepts.md#quota cites each page): 5 messages
 * within 48 hours of a user message; entering a mini program's chat 2 within a minute; an official
 * account's menu click, follow or scan 3 within a minute, a payment no count for 48 hours; WeCom through its API's paths
 * (`api: "wecom"`); web unlimited; and seed 004's advice on WeChat's channels: 3 automatic messages
 * per visitor message (line 5), no text twice within 10 minutes (line 15). An action never lowers
 * what the open window allows.
 *
 * `seed004`: as `wechat2023`, but an official account's menu click opens the 48-hour window as a
 * visitor message does, except a "联系客服" item (its key in `contactMenuKeys`), as seed 004 line 7
 * reads it.
 */
export const PRESETS: Readonly<Record<PresetName, Readonly<Record<string, ChannelSettings>>>> = {
  seed003: {
    miniprogram: counted(5),
    minigame: counted(5),
    official_account: { ...counted(20), links: "drop" },
    web: counted(null),
  },
  wechat2023: {
    miniprogram: within48h({ opened: { quota: 2, window: MINUTE } }),
    minigame: within48h({ opened: { quota: 2, window: MINUTE } }),
    official_account: within48h({ menu: { quota: 3, window: MINUTE }, opened: { quota: 3, window: MINUTE }, paid: 48 * HOUR, links: "drop" }),
    web: counted(null),
    wecom: within48h({ api: "wecom" }),
  },
  seed004: {
    miniprogram: within48h({ opened: { quota: 2, window: MINUTE } }),
    minigame: within48h({ opened: { quota: 2, window: MINUTE } }),
    official_account: within48h({ menu: "message", opened: { quota: 3, window: MINUTE }, paid: 48 * HOUR, links: "drop" }),
    web: counted(null),
    wecom: within48h({ api: "wecom" }),
  },
};

/** Whether one of `channels` has settings that `has` (a rule an engine may leave out: \`Rule.needed\`). */
export function anyChannel(channels: ReadonlyMap<string, ChannelSettings>, has: (settings: ChannelSettings) => boolean): boolean {
  for (const settings of channels.values()) if (has(settings)) return true;
  return false;
}
