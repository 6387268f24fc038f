import { formatDuration } from "../config/duration.js";
import { defineLimit, type Limit } from "../pipeline/rule.js";
import { setWindow } from "../pipeline/draft.js";
import { closeWindow, isExpired, openMenuWindow, openPaidWindow, openSmallWindow } from "./quota.js";

/** W-48H, W-MARGIN, W-UNSUBSCRIBE: nothing goes out while the window is closed or about to close. */
export const windowLimit: Limit = defineLimit({
  name: "window",
  reason: "window",
  specs: ["W-48H", "W-MARGIN", "W-UNSUBSCRIBE", "W-OPENED", "W-MENU", "W-MENU-WECHAT", "W-REFUSED", "W-PAID"],
  // What opens and closes the window besides a visitor message (the quota's).
  moves: ["visitor.opened", "visitor.menu", "visitor.unsubscribed", "channel.refused", "visitor.paid"],
  move(step, event) {
    const s = step.draft.s;
    if (event.type === "visitor.opened") {
      // W-OPENED: on a mini program, entering the chat opens a small window (wechat2023).
      if (step.settings.opened !== null) setWindow(s, openSmallWindow(step.settings.opened, s, event.at));
    } else if (event.type === "visitor.paid") {
      if (step.settings.paid !== null) setWindow(s, openPaidWindow(step.settings.paid, s, event.at)); // W-PAID
    } else if (event.type === "visitor.menu") setWindow(s, openMenuWindow(step.settings, s, event.key, event.at)); // W-MENU-WECHAT, W-MENU: what a click opens depends on the channel
    else if (event.type === "channel.refused" && event.reason === "quota") s.quotaUsed = s.quotaLimit ?? s.quotaUsed; // W-REFUSED: the platform's count is spent
    else setWindow(s, closeWindow()); // W-UNSUBSCRIBE, W-REFUSED: the window is over at once
  },
  gate: true,
  // A reply on a WeCom event code (W-WECOM-CODE) goes out through another API, outside the window.
  room: (k, c) => (c.code === null && (isExpired(k.draft.s, k.at, k.settings.margin) || k.draft.s.quotaLimit === 0) ? 0 : Infinity),
  why(k) {
    const until = k.draft.s.quotaUntil;
    if (until !== null && k.at >= until - k.settings.margin && until > k.at) {
      return { by: "W-MARGIN", detail: `within the ${formatDuration(k.settings.margin)} safety margin before the window closes at ${until} (seed 004 line 3)` };
    }
    return { by: "W-48H", detail: until !== null && k.at >= until ? `the quota window closed at ${until}` : "the window is closed until the visitor writes again" };
  },
});
