import { describe, expect, it } from "vitest";
import { message, Talk } from "./testing.js";

describe("breaker (F-BREAKER)", () => {
  const config = { channels: { web: { breaker: { max: 2, window: "1m" } } }, app: { replies: { received: { messages: ["收到", "请稍等"] } } } };

  it("counts replies, not messages, in a sliding window, and keeps at most max times", () => {
    const t = new Talk(config);
    expect(t.send(message(0, "a", { route: { queue: 1 } }))).toEqual(["收到", "请稍等"]);
    expect(t.send(message(30))).toEqual(["收到", "请稍等"]);
    expect(t.send(message(45))).toEqual([]);
    expect(t.droppedBy()).toEqual(["F-BREAKER"]);
    expect(t.send(message(60))).toEqual(["收到", "请稍等"]);
    expect(t.state.memory.replies).toEqual([30_000, 60_000]);
  });

  it("is off unless the channel sets it, on every preset", () => {
    for (const preset of ["seed003", "wechat2023", "seed004"] as const) {
      const t = new Talk({ preset, app: { replies: { received: { messages: "收到" } } } });
      for (let i = 0; i < 20; i++) t.send(message(i * 1000, `m${i}`, i === 0 ? { route: { queue: 1 } } : {}));
      expect(t.engine.config.channels.get("web")?.breaker).toBeNull();
      expect(t.state.memory.replies).toEqual([]);
    }
  });

  it("refuses a max outside 1 to 20 and a breaker without a window", () => {
    expect(() => new Talk({ channels: { web: { breaker: { max: 50, window: "1m" } } } })).toThrow(/channels\.web\.breaker\.max: expected a count of 1 to 10/);
    expect(() => new Talk({ channels: { web: { breaker: { max: 2 } as never } } })).toThrow(/channels\.web\.breaker\.window: expected a duration/);
  });
});
