import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = (extra: Readonly<Record<string, unknown>> = {}) =>
  ({ agents: { a: { name: "甲" }, b: { name: "乙" } }, app: { replies: { accepted: { messages: "<<staff_name>>为您服务" } } }, ...extra }) as ConfigInput;
/** Applies `event` (`at` in seconds) with `{ explain: true }`, and returns the verdicts and spec ids of `kind`'s trace entries. */
const explained = (t: Talk, event: EngineEvent, kind: string) => {
  const d = t.engine.decide(t.state, { ...event, at: event.at * 1000 } as EngineEvent, { explain: true });
  t.state = d.state;
  t.last = d;
  return d.trace?.filter((x) => x.kind === kind).map((x) => [x.verdict, x.by]);
};

describe("accepted (A-ENTER, A-FROM-QUEUE)", () => {
  it("is sent when a message routes the visitor into serving, not on the next message of the same session", () => {
    const t = new Talk(config());
    expect(t.send(message(0, "你好", { route: { agent: "a" } }))).toEqual(["甲为您服务"]);
    expect(t.state.phase).toBe("serving");
    expect(t.send(message(1, "在吗"))).toEqual([]);
    expect(t.send(message(2, "在吗", { route: { agent: "a" } }))).toEqual([]);
  });

  it("is sent again when another agent takes the visitor over, and on a transfer from the robot", () => {
    const t = new Talk(config());
    t.send(message(0, "你好", { route: { agent: "a" } }));
    t.send({ type: "presence", at: 1, online: ["a", "b"] });
    expect(t.send(message(2, "在吗", { route: { agent: "b" } }))).toEqual(["乙为您服务"]);
    const robot = new Talk(config({ switches: { robot: true } }));
    expect(robot.send(message(0, "你好"))).toEqual([]);
    expect(robot.send({ type: "visitor.transfer", at: 1, route: { agent: "a" } })).toEqual(["甲为您服务"]);
  });

  it("from the queue: an agent accepting offers it, held back by A-FROM-QUEUE unless switches.acceptedFromQueue", () => {
    const t = new Talk(config());
    t.send(message(0, "你好", { route: { queue: 1 } }));
    expect(explained(t, { type: "agent.accepted", at: 1, agent: "a" }, "accepted")).toEqual([["switchOff", "A-FROM-QUEUE"]]);
    expect(t.last?.replies).toEqual([]);
    expect(t.state.phase).toBe("serving");
    // A message routed from the queue to an agent comes from the queue too.
    const routed = new Talk(config());
    routed.send(message(0, "你好", { route: { queue: 1 } }));
    expect(routed.send(message(1, "在吗", { route: { agent: "a" } }))).toEqual([]);
    const on = new Talk(config({ switches: { acceptedFromQueue: true } }));
    on.send(message(0, "你好", { route: { queue: 1 } }));
    expect(on.send({ type: "agent.accepted", at: 1, agent: "a" })).toEqual(["甲为您服务"]);
  });

  it("is not sent into the list of an agent who is offline, and notes when no layer sets it", () => {
    const t = new Talk(config());
    expect(t.send(message(0, "你好", { route: { agent: "b" } }))).toEqual([]);
    expect(t.state.phase).toBe("offline");
    const none = new Talk({});
    expect(explained(none, message(0, "你好", { route: { agent: "a" } }), "accepted")).toEqual([["notConfigured", undefined]]);
  });
});
