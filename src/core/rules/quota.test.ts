import { describe, expect, it } from "vitest";
import { closeWindow, isExpired, openMenuWindow, openSmallWindow, openWindow, roomLeft } from "./quota.js";
import { message, Talk } from "./testing.js";
import { PRESETS } from "../config/presets.js";

describe("the window and the quota (W-48H, W-MARGIN, Q-CUT)", () => {
  const wechat = PRESETS.wechat2023["official_account"]!;

  it("a visitor message opens a fresh window; unsubscribing closes it", () => {
    expect(openWindow(wechat, 1000)).toEqual({ quotaUsed: 0, quotaLimit: 5, quotaUntil: 1000 + 48 * 3_600_000 });
    expect(roomLeft(closeWindow(), 0, 0, 0)).toBe(0);
    expect(roomLeft({ quotaUsed: 1, quotaLimit: 5, quotaUntil: null }, 2, 0, 0)).toBe(2);
    expect(roomLeft({ quotaUsed: 0, quotaLimit: null, quotaUntil: null }, 2, 0, 0)).toBe(Infinity);
  });

  it("a small window never lowers what the open window allows", () => {
    const open = openWindow(wechat, 0);
    expect(openSmallWindow({ quota: 3, window: 60_000 }, open, 10)).toBe(open);
    expect(openSmallWindow({ quota: 3, window: 60_000 }, closeWindow(), 10)).toEqual({ quotaUsed: 0, quotaLimit: 3, quotaUntil: 60_010 });
  });

  // Found by tests/model-changes.test.ts once a follow opened a small window on official accounts (W-FOLLOW).
  it("regression: under seed004 a menu click opens the message window without lowering a follow's larger count (W-MENU)", () => {
    const channel = { ...PRESETS.seed004["official_account"]!, quota: 1 };
    const followed = openSmallWindow(channel.opened!, closeWindow(), 0);
    expect(followed).toEqual({ quotaUsed: 0, quotaLimit: 3, quotaUntil: 60_000 });
    // 3 left for a minute, against the click's 1 for 48 hours: 3 left, for 48 hours.
    expect(openMenuWindow(channel, followed, "faq", 1000)).toEqual({ quotaUsed: 0, quotaLimit: 3, quotaUntil: 1000 + 48 * 3_600_000 });
    // With fewer left than the channel's count, the click opens the message window.
    expect(openMenuWindow(channel, { ...followed, quotaUsed: 3 }, "faq", 1000)).toEqual({ quotaUsed: 0, quotaLimit: 1, quotaUntil: 1000 + 48 * 3_600_000 });
    // The contact item opens nothing.
    expect(openMenuWindow({ ...channel, contactMenuKeys: ["contact"] }, followed, "contact", 1000)).toBe(followed);
  });

  it("inside the margin the window counts as closed", () => {
    expect(isExpired({ quotaUsed: 0, quotaLimit: 5, quotaUntil: 100 }, 90, 10)).toBe(true);
    expect(isExpired({ quotaUsed: 0, quotaLimit: 5, quotaUntil: 100 }, 89, 10)).toBe(false);
  });

  it("each cut names the limit that made it: the quota, the margin, or the closed window", () => {
    const q = new Talk({ channels: { web: { quota: 1 } }, app: { replies: { received: { messages: ["一", "二"] } } } });
    expect(q.send(message(0, "hi", { route: { queue: 1 } }))).toEqual(["一"]);
    expect(q.droppedBy()).toEqual(["Q-CUT"]);
    // The window's margin alone, not the API's session states (api: null; W-WECOM-STATE).
    const w = new Talk({ preset: "wechat2023", channels: { wecom: { margin: "1h", api: null } }, app: { replies: { opened: { messages: "欢迎" } } } }, "wecom");
    w.send(message(0));
    expect(w.send({ type: "visitor.opened", at: 47 * 3600 + 1 })).toEqual([]);
    expect(w.droppedBy()).toEqual(["W-MARGIN"]);
    expect(w.send({ type: "visitor.opened", at: 48 * 3600 })).toEqual([]);
    expect(w.droppedBy()).toEqual(["W-48H"]);
  });
});
