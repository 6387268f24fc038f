import type { ChannelPolicy, SmallWindow } from "../config/presets.js";
import { later } from "../model/limits.js";

/** The quota fields of a state. */
export interface QuotaWindow {
  readonly quotaUsed: number;
  readonly quotaLimit: number | null;
  readonly quotaUntil: number | null;
}

/** A visitor message opens a fresh window: the count starts again (seed 003 line 8). */
export function openWindow(policy: ChannelPolicy, at: number): QuotaWindow {
  return { quotaUsed: 0, quotaLimit: policy.quota, quotaUntil: policy.window === null ? null : later(at, policy.window) };
}

/**
 * A small window of its own (a menu click's, or entering the chat's): opened unless the window
 * already open leaves more room. WeChat's counts do not add up: an action sets the count to the
 * larger of the two and the time to the longer.
 */
export function openSmallWindow(small: SmallWindow, window: QuotaWindow, at: number): QuotaWindow {
  if (roomLeft(window, 0, at, 0) >= small.quota) return window;
  return { quotaUsed: 0, quotaLimit: small.quota, quotaUntil: later(at, small.window) };
}

/**
 * The window after a menu click (spec W-MENU, W-MENU-WECHAT): the channel's small menu window, the
 * window of a visitor message (seed 004 line 7, `menu: "message"`) unless the item is a
 * "contact customer service" one, or nothing.
 */
export function openMenuWindow(policy: ChannelPolicy, window: QuotaWindow, key: string, at: number): QuotaWindow {
  if (policy.menu === null) return window;
  if (policy.menu === "message") return policy.contactMenuKeys.includes(key) ? window : openWindow(policy, at);
  return openSmallWindow(policy.menu, window, at);
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
