import { describe, expect, it } from "vitest";
import { AutoreplyError } from "../index.js";
import { Talk } from "./testing.js";

const config = { app: { replies: { opened: { id: "welcome", messages: "需要帮助吗?", dismiss: "24h" } } } };

describe("dismiss (F-DISMISS)", () => {
  it("a dismissed reply waits its dismiss time from the dismissal", () => {
    const t = new Talk(config);
    expect(t.send({ type: "visitor.opened", at: 0 })).toEqual(["需要帮助吗?"]);
    expect(t.send({ type: "visitor.dismissed", at: 100, rule: "welcome" })).toEqual([]);
    expect(t.send({ type: "visitor.opened", at: 86_399 })).toEqual([]);
    expect(t.last?.dropped[0]).toMatchObject({ by: "F-DISMISS", until: 86_500_000 });
    expect(t.send({ type: "visitor.opened", at: 86_500 })).toEqual(["需要帮助吗?"]);
  });

  it("without a dismissal it is sent each time", () => {
    const t = new Talk(config);
    t.send({ type: "visitor.opened", at: 0 });
    expect(t.send({ type: "visitor.opened", at: 1 })).toEqual(["需要帮助吗?"]);
  });

  const refused = (t: Talk, rule: unknown, at = 5): AutoreplyError => {
    const before = t.state;
    try {
      t.send({ type: "visitor.dismissed", at, rule } as never);
    } catch (e) {
      expect(t.state).toBe(before);
      return e as AutoreplyError;
    }
    throw new Error("the dismissal was taken");
  };

  it("refuses, with the state untouched, a dismissal of a prompt never shown, of a rule without a dismiss time, or of a rule id of the wrong type", () => {
    const t = new Talk({ app: { replies: { ...config.app.replies, received: { messages: "收到" } } } });
    expect(refused(t, "welcome")).toMatchObject({ code: "EVENT_OUT_OF_ORDER" });
    t.send({ type: "visitor.opened", at: 1 });
    expect(refused(t, "app.replies.received").code).toBe("EVENT_INVALID");
    expect(refused(t, "app.replies.received").message).toMatch(/dismiss: 24h/);
    expect(refused(t, 42).code).toBe("EVENT_INVALID");
    expect(refused(t, "nosuchrule").code).toBe("EVENT_INVALID");
  });

  it("a prompt shown longer ago than its dismiss time is not remembered, and cannot be dismissed", () => {
    const t = new Talk({ app: { replies: { opened: { id: "welcome", messages: "x", dismiss: "1h" } } } });
    t.send({ type: "visitor.opened", at: 0 });
    t.send({ type: "visitor.opened", at: 3599 }); // sent again: remembered from here
    t.send({ type: "agent.message", at: 3599 + 3601 });
    expect(t.state.memory.fired).toHaveLength(1); // pruned only when the memory changes
    t.send({ type: "visitor.opened", at: 3599 + 3602 });
    expect(refused(t, "welcome", 3599 + 3602 + 3600).code).toBe("EVENT_OUT_OF_ORDER");
  });
});
