import type { ChannelPolicy } from "../config/presets.js";
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
 * A menu click, follow or scan opens the channel's small menu window, unless the window already open
 * leaves more room. Under the seed 003 preset it opens nothing.
 */
export function openMenuWindow(policy: ChannelPolicy, window: QuotaWindow, at: number): QuotaWindow {
  if (policy.menu === null) return window;
  const left = roomLeft(window, 0, at);
  if (left >= policy.menu.quota) return window;
  return { quotaUsed: 0, quotaLimit: policy.menu.quota, quotaUntil: later(at, policy.menu.window) };
}

/** Closes the window at once (the visitor unsubscribed): nothing may be sent until they write again. */
export function closeWindow(): QuotaWindow {
  return { quotaUsed: 0, quotaLimit: 0, quotaUntil: null };
}

/** Whether the window has run out of time at `at`. */
export function isExpired(window: QuotaWindow, at: number): boolean {
  return window.quotaUntil !== null && at >= window.quotaUntil;
}

/**
 * How many more automatic messages fit at `at`: the limit, less the slots reserved for agents, less
 * what was already sent (automatic and human alike). `Infinity` when unlimited.
 */
export function roomLeft(window: QuotaWindow, reserve: number, at: number): number {
  if (isExpired(window, at)) return 0;
  if (window.quotaLimit === null) return Infinity;
  return Math.max(0, window.quotaLimit - reserve - window.quotaUsed);
}
