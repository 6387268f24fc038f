import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../index.js";
import { message, Talk } from "./testing.js";

/** WeCom customer service under wechat2023: `api: wecom`, 5 messages within 48 hours through send_msg. */
const wecom = (replies: NonNullable<NonNullable<ConfigInput["app"]>["replies"]>, extra: Partial<ConfigInput> = {}): Talk =>
  new Talk({ preset: "wechat2023", channels: { wecom: { perVisitorMessage: null, dedupe: null } }, app: { replies }, ...extra }, "wecom");

describe("WeCom's API paths (W-WECOM-STATE, W-WECOM-CODE, W-WECOM-WELCOME)", () => {
  it("an opened reply of two messages sends one, on the welcome code, outside send_msg's count", () => {
    const t = wecom({ opened: { messages: ["您好", "请描述问题"] } });
    expect(t.send({ type: "visitor.opened", at: 0 })).toEqual(["您好"]);
    expect(t.last?.replies[0]?.code).toBe("welcome");
    expect(t.droppedBy()).toEqual(["W-WECOM-CODE"]);
    expect(t.last?.dropped[0]).toMatchObject({ reason: "platform", messages: 1 });
    // The window a visitor message opens is still closed and its count untouched.
    expect(t.state.quotaUsed).toBe(0);
    expect(t.state.quotaLimit).toBe(0);
  });

  it("no welcome code for a customer who wrote within 48 hours; the smart assistant answers through send_msg", () => {
    const t = wecom({ opened: { messages: "您好" }, received: { messages: "收到" } }, { switches: { robot: true } });
    expect(t.send(message(0))).toEqual(["收到"]);
    expect(t.last?.replies[0]?.code).toBeUndefined();
    expect(t.state.quotaUsed).toBe(1);
    // With the assistant (由智能助手接待) send_msg may send the opened reply: no code, counted.
    expect(t.send({ type: "visitor.opened", at: 10 })).toEqual(["您好"]);
    expect(t.last?.replies[0]?.code).toBeUndefined();
    expect(t.state.quotaUsed).toBe(2);
    const queued = wecom({ opened: { messages: "您好" }, received: { messages: "收到" } });
    queued.send(message(0, "在吗", { route: { queue: 1 } }));
    expect(queued.send({ type: "visitor.opened", at: 10 })).toEqual([]);
    expect(queued.droppedBy()).toEqual(["W-WECOM-WELCOME"]);
  });

  it("while a human serves nothing goes out: agentSilent is dropped with the reason, never counted", () => {
    const t = wecom({ agentSilent: { after: "1m", messages: "稍等" }, accepted: { messages: "为您服务" } });
    t.send(message(0, "在吗", { route: { agent: "a" } }));
    const used = t.state.quotaUsed;
    const due = t.last?.timers.find((x) => x.timer === "agentSilent")?.due;
    expect(due).toBeDefined();
    expect(t.send({ type: "timer", at: (due as number) / 1000, timer: "agentSilent", due: due as number })).toEqual([]);
    expect(t.last?.dropped).toEqual([expect.objectContaining({ kind: "agentSilent", reason: "platform", by: "W-WECOM-STATE" })]);
    expect(t.state.quotaUsed).toBe(used);
  });

  it("entering the queue gives one code: the queued reply first, else the first other reply", () => {
    const both = wecom({ received: { messages: "收到" }, queued: { messages: "排队中" } });
    expect(both.send(message(0, "在吗", { route: { queue: 3 } }))).toEqual(["排队中"]);
    expect(both.last?.replies[0]?.code).toBe("queue");
    expect(both.droppedBy()).toEqual(["W-WECOM-STATE"]);
    const alone = wecom({ received: { messages: "收到" } });
    expect(alone.send(message(0, "在吗", { route: { queue: 3 } }))).toEqual(["收到"]);
    expect(alone.last?.replies[0]?.code).toBe("queue");
    // Once in the queue, nothing: the code was for entering it.
    expect(alone.send(message(5, "还要等吗"))).toEqual([]);
    expect(alone.droppedBy()).toEqual(["W-WECOM-STATE"]);
  });

  it("the session's end gives one message on the end code, for the end reply", () => {
    const t = wecom({ manualEnd: { messages: ["感谢咨询", "再见"] } });
    t.send(message(0, "在吗", { route: { agent: "a" } }));
    expect(t.send({ type: "agent.ended", at: 60 })).toEqual(["感谢咨询"]);
    expect(t.last?.replies[0]?.code).toBe("end");
  });

  it("api: null leaves WeCom's paths out: the window alone decides", () => {
    const t = new Talk({ preset: "wechat2023", channels: { wecom: { api: null } }, app: { replies: { opened: { messages: "您好" } } } }, "wecom");
    expect(t.send({ type: "visitor.opened", at: 0 })).toEqual([]);
    expect(t.droppedBy()).toEqual(["W-48H"]);
  });
});
