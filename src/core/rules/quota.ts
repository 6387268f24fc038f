import type { ChannelSettings, SmallWindow } from "../config/presets.js";
import { later } from "../model/limits.js";
import type { QuotaWindow } from "../model/state.js";
import { defineLimit, type Limit } from "../pipeline/rule.js";
import { setWindow } from "../pipeline/draft.js";

export type { QuotaWindow } from "../model/state.js";

/** A visitor message opens a fresh window: the count starts again (seed 003 line 8). */
export function openWindow(settings: ChannelSettings, at: number): QuotaWindow {
  return { quotaUsed: 0, quotaLimit: settings.quota, quotaUntil: settings.window === null ? null : later(at, settings.window) };
}

/**
 * A small window of its own (a menu click's, or entering the chat's). WeChat's counts do not add up,
 * and an action never lowers what the window already open allows: the allowance becomes the larger
 * of the two and the time the longer (docs/concepts.md, "Quota"). A closed or expired window is
 * replaced by the small one; an open one that leaves at least the small window's count is kept; an
 * open one that leaves fewer gets the small window's count until the later of the two ends.
 */
export function openSmallWindow(small: SmallWindow, window: QuotaWindow, at: number): QuotaWindow {
  const room = roomLeft(window, 0, at, 0);
  if (room >= small.quota) return window;
  const until = later(at, small.window);
  // `null` with room left: a count that does not expire (a channel without a window), longer than any.
  const longer = room === 0 ? until : window.quotaUntil === null ? null : Math.max(window.quotaUntil, until);
  return { quotaUsed: 0, quotaLimit: small.quota, quotaUntil: longer };
}

/**
 * The window after a menu click (spec W-MENU, W-MENU-WECHAT): the channel's small menu window, the
 * window of a visitor message (seed 004 line 7, `menu: "message"`) unless the item is a
 * "contact customer service" one, or nothing.
 */
export function openMenuWindow(settings: ChannelSettings, window: QuotaWindow, key: string, at: number): QuotaWindow {
  if (settings.menu === null) return window;
  if (settings.menu === "message") return settings.contactMenuKeys.includes(key) ? window : openLikeMessage(settings, window, at);
  return openSmallWindow(settings.menu, window, at);
}

/**
 * W-MENU: the window a visitor message opens, without lowering what the open window still allows
 * (the counts do not add up: the larger count, the longer time). A small window that leaves at least
 * the channel's count (a follow's 3 against a quota of 1) keeps its count until the later end.
 */
function openLikeMessage(settings: ChannelSettings, window: QuotaWindow, at: number): QuotaWindow {
  const fresh = openWindow(settings, at);
  if (fresh.quotaLimit === null || roomLeft(window, 0, at, 0) < fresh.quotaLimit) return fresh;
  return { ...window, quotaUntil: window.quotaUntil === null || fresh.quotaUntil === null ? null : Math.max(window.quotaUntil, fresh.quotaUntil) };
}

/** W-PAID: a payment opens a window without a count for `paid` ms; an open window's later end is kept. */
export function openPaidWindow(paid: number, window: QuotaWindow, at: number): QuotaWindow {
  const until = later(at, paid);
  return { quotaUsed: 0, quotaLimit: null, quotaUntil: window.quotaUntil !== null && !isExpired(window, at, 0) ? Math.max(window.quotaUntil, until) : until };
}

/**
 * Q-RESET: the window a visitor message opens; within a payment's window without a count (W-PAID)
 * it stays without one, until the later of the two ends (the counts do not add up).
 */
function openMessageWindow(settings: ChannelSettings, window: QuotaWindow, at: number): QuotaWindow {
  const fresh = openWindow(settings, at);
  if (window.quotaLimit !== null || window.quotaUntil === null || fresh.quotaLimit === null || isExpired(window, at, 0)) return fresh;
  return { quotaUsed: 0, quotaLimit: null, quotaUntil: fresh.quotaUntil === null ? window.quotaUntil : Math.max(window.quotaUntil, fresh.quotaUntil) };
}

/** Closes the window at once (the visitor unsubscribed): nothing may be sent until they write again. */
export function closeWindow(): QuotaWindow {
  return { quotaUsed: 0, quotaLimit: 0, quotaUntil: null };
}

/**
 * Whether the window has run out of time at `at`, or is within `margin` ms of it: a reply sent at
 * 47h59m may arrive after the 48 hours (spec W-MARGIN, seed 004 line 3).
 */
export function isExpired(window: QuotaWindow, at: number, margin: number): boolean {
  return window.quotaUntil !== null && at >= window.quotaUntil - margin;
}

/**
 * How many more automatic messages fit at `at`: the limit, less the slots reserved for agents, less
 * what was already sent (automatic and human alike); none within `margin` of the window's end.
 * `Infinity` when unlimited.
 */
export function roomLeft(window: QuotaWindow, reserve: number, at: number, margin: number): number {
  if (isExpired(window, at, margin)) return 0;
  if (window.quotaLimit === null) return Infinity;
  return Math.max(0, window.quotaLimit - reserve - window.quotaUsed);
}

/** Q-CUT, Q-RESERVE: the quota less the slots kept for agents. */
export const quotaLimit: Limit = defineLimit({
  name: "quota",
  reason: "quota",
  specs: ["Q-CUT", "Q-RESERVE", "Q-RESET", "Q-HUMAN", "W-PAID"],
  moves: ["visitor.message", "agent.message", "visitor.rated"],
  move(step, event) {
    // Q-RESET (seed 003 line 8): a visitor message opens a fresh window (a survey's answer is one: WeChat and WeCom deliver a menu click as the user's message, S-SURVEY-ANSWER); Q-HUMAN: an agent's message counts against the quota.
    if (event.type !== "agent.message") setWindow(step.draft.s, openMessageWindow(step.settings, step.draft.s, step.at));
    else step.draft.s.quotaUsed += 1;
  },
  sent(step, c, count) {
    // A reply on a WeCom event code (W-WECOM-CODE) goes out through another API: send_msg's count is not spent.
    if (c.code === null) step.draft.s.quotaUsed += count;
  },
  gate: true,
  room: (k, c) => (k.draft.s.quotaLimit === null || c.code !== null ? Infinity : Math.max(0, k.draft.s.quotaLimit - k.settings.reserve - k.draft.s.quotaUsed)),
  why: (k) => ({ by: "Q-CUT", detail: `quota ${k.draft.s.quotaLimit}, ${k.settings.reserve} kept for agents, ${k.draft.s.quotaUsed} used` }),
});
