import { describe, expect, it } from "vitest";
import { message, Talk } from "./testing.js";

describe("cooldown (F-COOLDOWN)", () => {
  it("holds a reply back until the cooldown has passed since it went out, and says until when", () => {
    const t = new Talk({ app: { replies: { keyword: [{ id: "price", match: { any: "价格" }, messages: "价格表", cooldown: "10m" }] } } });
    expect(t.send(message(0, "价格"))).toEqual(["价格表"]);
    expect(t.send(message(60, "价格"))).toEqual([]);
    expect(t.last?.dropped).toEqual([expect.objectContaining({ kind: "keyword", reason: "frequency", by: "F-COOLDOWN", rule: "price", until: 600_000 })]);
    expect(t.send(message(599, "价格"))).toEqual([]);
    expect(t.send(message(600, "价格"))).toEqual(["价格表"]);
  });

  it("counts from when it went out, not from when it was held back", () => {
    const t = new Talk({ app: { replies: { received: { messages: "收到", cooldown: "1m" } } } });
    t.send(message(0, "a", { route: { queue: 1 } }));
    t.send(message(50, "b"));
    expect(t.send(message(60, "c"))).toEqual(["收到"]);
  });

  it("a reply the quota cut whole did not go out, so it starts no cooldown", () => {
    const t = new Talk({ reserveForAgents: 1, channels: { web: { quota: 1 } }, app: { replies: { received: { messages: "收到", cooldown: "1h" } } } });
    expect(t.send(message(0, "a", { route: { queue: 1 } }))).toEqual([]);
    expect(t.droppedBy()).toEqual(["Q-CUT"]);
    expect(t.state.memory.fired).toEqual([]);
  });
});
