import { describe, expect, it } from "vitest";
import { compile } from "../../index.js";
import { message, Talk } from "../testing.js";

const repeated = (extra: Record<string, unknown> = {}) => ({ app: { replies: { received: { messages: "收到" }, repeated: { count: 3, messages: "转人工", ...extra } } } });

describe("repeated (E-REPEATED) and the mute (E-MUTE)", () => {
  it("counts only identical messages in a row, within the time of the first", () => {
    const t = new Talk(repeated({ within: "1m" }));
    t.send(message(0, "a", { route: { queue: 1 } }));
    t.send(message(10, "a"));
    t.send(message(20, "b"));
    expect(t.state.memory.repeats).toBe(1);
    t.send(message(30, "b"));
    // The third "b" comes 61 s after the first: a new run.
    expect(t.send(message(81, "b"))).toEqual(["收到"]);
    expect(t.state.memory.repeats).toBe(1);
    t.send(message(90, "b"));
    expect(t.send(message(100, "b"))).toEqual(["转人工", "收到"]);
    expect(t.last?.effects).toEqual([]);
    // Once per run: the fourth is answered as usual.
    expect(t.send(message(110, "b"))).toEqual(["收到"]);
  });

  it("asks for a transfer to any human with transfer: true, and mutes a timer that fires inside the mute", () => {
    const config = { app: { replies: { agentSilent: { after: "1m", messages: "请稍候" }, repeated: { count: 2, mute: "5m", transfer: true, messages: "转人工" } } } };
    const t = new Talk(config);
    t.send(message(0, "x", { route: { agent: "a" } }));
    expect(t.send(message(10, "x"))).toEqual(["转人工"]);
    expect(t.last?.effects).toEqual([
      { type: "mute", until: 310_000, by: "E-MUTE", rule: "app.replies.repeated", detail: "automatic replies muted for 300 s: the same message 2 times in a row" },
      { type: "transfer", reason: "repeated", by: "E-REPEATED", detail: "the same message 2 times in a row: transfer to a human" },
    ]);
    // The agent answers; the visitor writes again inside the mute: agentSilent is still armed, and held back when it fires inside the mute.
    t.send({ type: "agent.message", at: 20 } as never);
    t.send(message(30, "y"));
    const due = t.last?.timers.find((x) => x.timer === "agentSilent")?.due ?? 0;
    expect(due).toBe(90_000);
    t.send({ type: "timer", timer: "agentSilent", due, at: due / 1000 } as never);
    expect(t.last?.replies).toEqual([]);
    expect(t.last?.dropped).toEqual([expect.objectContaining({ kind: "agentSilent", reason: "muted", by: "E-MUTE", until: 310_000 })]);
  });

  it("forgets the run and the mute when the session ends", () => {
    const t = new Talk({ app: { replies: { manualEnd: { messages: "再见" }, repeated: { count: 2, mute: "1h", messages: "转人工" } } } });
    t.send(message(0, "x", { route: { agent: "a" } }));
    t.send(message(1, "x"));
    expect(t.state.memory.muted).toBe(3_601_000);
    expect(t.send({ type: "agent.ended", at: 2 } as never)).toEqual([]);
    expect([t.state.memory.repeat, t.state.memory.repeats, t.state.memory.muted]).toEqual([null, 0, null]);
  });

  it("leaves the memory of a config without a repeated reply as it was", () => {
    const t = new Talk({ app: { replies: { received: { messages: "收到" } } } });
    t.send(message(0, "x", { route: { queue: 1 } }));
    t.send(message(1, "x"));
    expect([t.state.memory.repeat, t.state.memory.repeats]).toEqual([null, 0]);
  });

  it("refuses a count below 2 and a transfer to nobody the config names", () => {
    expect(() => compile(repeated({ count: 1 }))).toThrow(/app\.replies\.repeated\.count: expected a count of 2 or more/);
    expect(() => compile({ groups: { g: {} }, app: { replies: { repeated: { count: 3, transfer: { group: "gg" }, messages: "x" } } } })).toThrow(/app\.replies\.repeated\.transfer\.group: expected a group of groups, received "gg"; did you mean "g"\?/);
    expect(() => compile(repeated({ transfer: { agent: "a", group: "g" } }))).toThrow(/app\.replies\.repeated\.transfer: expected true, \{ agent \} or \{ group \}/);
  });
});

describe("agentSilent's alert and transfer (E-UNREAD)", () => {
  it("returns the effects when the timer fires, even when the quota holds the message back", () => {
    const t = new Talk({ channels: { web: { quota: 0 } }, app: { replies: { agentSilent: { after: "90s", alert: true, transfer: true, messages: "FAQ" } } } });
    t.send(message(0, "你好", { route: { agent: "a" } }));
    t.send({ type: "timer", timer: "agentSilent", due: 90_000, at: 90 } as never);
    expect(t.last?.replies).toEqual([]);
    expect(t.last?.effects.map((e) => [e.type, e.by, "to" in e])).toEqual([["alert", "E-UNREAD", false], ["transfer", "E-UNREAD", false]]);
    expect(() => compile({ app: { replies: { agentSilent: { after: "1m", transfer: { group: "nope" }, messages: "x" } } } })).toThrow(/app\.replies\.agentSilent\.transfer\.group: expected a group of groups/);
  });
});
