import { describe, expect, it } from "vitest";
import { isHeldByInterval } from "./interval.js";
import { message, Talk } from "./testing.js";

describe("interval (Q-INTERVAL, O-INTERVAL)", () => {
  it("an interval of 0 never holds a reply back; a reply never sent is never held", () => {
    expect(isHeldByInterval(0, 0, 0)).toBe(false);
    expect(isHeldByInterval(null, 60_000, 0)).toBe(false);
    expect(isHeldByInterval(0, 60_000, 59_999)).toBe(true);
    expect(isHeldByInterval(0, 60_000, 60_000)).toBe(false);
  });

  it("holds the offline reply within its interval, with the time it may go out", () => {
    const t = new Talk({ app: { replies: { offline: { interval: "1m", messages: "不在线" } } } });
    t.send({ type: "presence", at: 0, online: [] });
    expect(t.send(message(1, "hi", { route: { queue: 1 } }))).toEqual(["不在线"]);
    expect(t.send(message(30))).toEqual([]);
    expect(t.last?.dropped[0]).toMatchObject({ reason: "interval", by: "O-INTERVAL", until: 61_000 });
    expect(t.send(message(61))).toEqual(["不在线"]);
  });
});
