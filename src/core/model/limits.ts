/**
 * The documented bounds of everything a host hands the engine. Each one keeps a cost or a state size
 * bounded whatever the input; docs/limits.md lists them, with what happens past each.
 */

/**
 * The latest time an event, a timer or a stored state may name: the largest time a JavaScript `Date`
 * holds (year 275760), in epoch ms. Any time plus any duration (`MAX_DURATION`) stays a safe integer.
 */
export const MAX_TIME = 8_640_000_000_000_000;

/** The longest duration a config may give (`after`, `interval`, `window`, ...): 365 days. */
export const MAX_DURATION = 365 * 86_400_000;

/** The longest conversation id, agent id or menu key the engine accepts, in UTF-16 code units. */
export const MAX_ID_LENGTH = 256;

/** The most `facts` a visitor message may carry (G-TAG-COUNT). */
export const MAX_FACTS = 32;

/** The longest `page` an event may name (a URL), in UTF-16 code units; the state keeps its hash only. */
export const MAX_PAGE_LENGTH = 2048;

/** The most buttons a survey has (`scale`, `options`; spec S-SURVEY): WeChat's and WeCom's menu messages take 10. */
export const MAX_SURVEY = 10;

/**
 * The most agents a presence list (`start`'s `online`, a `presence` event, a state's `online`) may
 * name. A conversation needs only the agents it may be placed with: its agent, the online members of
 * its designated group (one is enough), or one online agent for an undesignated queue. A host with
 * more agents online sends those, so a state stays small whatever the size of the team.
 */
export const MAX_ONLINE = 100;

/** The hint of an error about a presence list longer than `MAX_ONLINE`. */
export const ONLINE_HINT = `send at most ${MAX_ONLINE}: the agents this conversation may be placed with (its agent, online members of its group, one is enough; for an undesignated queue, any one online agent), docs/limits.md`;

/** A nickname is cut to this many UTF-16 code units by `start` (and a stored state may hold no longer one). */
export const MAX_NICKNAME_LENGTH = 64;

/**
 * The default of `limits.text`: keyword matching reads at most this many UTF-16 code units of a
 * visitor message (the rest is not matched, and the trace says so). Chat clients cap a message well
 * below this; the figure bounds the cost of one decision, not what a visitor may write.
 */
export const DEFAULT_TEXT_LIMIT = 4096;

/**
 * `ms` after `at`, but never past `MAX_TIME`: a timer or a window that would end later ends then
 * (in the year 275760), so every time a state holds is one an event may carry.
 */
export function later(at: number, ms: number): number {
  return Math.min(at + ms, MAX_TIME);
}

/** Whether `value` is a time the engine accepts: a whole number of ms from 0 to `MAX_TIME`. */
export function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_TIME;
}

/** `text` cut to at most `max` UTF-16 code units, never inside a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
