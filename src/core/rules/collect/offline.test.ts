import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = (extra: Readonly<Record<string, unknown>> = {}) =>
  ({ agents: { a: { name: "甲" }, b: { name: "乙" } }, app: { replies: { offline: { messages: "<<staff_name|客服>>不在线,请留言" } } }, ...extra }) as ConfigInput;

describe("offline (O-WHEN, O-ROBOT)", () => {
  it("a queued visitor writing while every agent is offline gets it, for every message (interval 0s)", () => {
    const t = new Talk(config());
    t.send({ type: "presence", at: 0, online: [] });
    expect(t.send(message(1, "在吗", { route: { queue: 1 } }))).toEqual(["客服不在线,请留言"]);
    expect(t.state.phase).toBe("offline");
    expect(t.send(message(2, "在吗"))).toEqual(["客服不在线,请留言"]);
  });

  it("the visitor of a serving agent who went offline gets it, named; so does one whose designated agent is offline", () => {
    const t = new Talk(config());
    t.send(message(0, "你好", { route: { agent: "a" } }));
    expect(t.send(message(1, "在吗"))).toEqual([]);
    t.send({ type: "presence", at: 2, online: [] });
    expect(t.send(message(3, "在吗"))).toEqual(["甲不在线,请留言"]);
    // a is online, but the visitor waits for b.
    const designated = new Talk(config());
    expect(designated.send(message(0, "你好", { route: { queue: 1, agent: "b" } }))).toEqual(["乙不在线,请留言"]);
  });

  it("not while someone who can take the visitor is online, and never with the robot", () => {
    const t = new Talk(config());
    expect(t.send(message(0, "你好", { route: { queue: 1 } }))).toEqual([]);
    const robot = new Talk(config({ switches: { robot: true } }));
    robot.send({ type: "presence", at: 0, online: [] });
    expect(robot.send(message(1, "你好"))).toEqual([]);
    expect(robot.state.phase).toBe("robot");
    expect(robot.last?.dropped).toEqual([]);
  });

  it("notes when no layer sets it", () => {
    const t = new Talk({});
    t.send({ type: "presence", at: 0, online: [] });
    const d = t.engine.decide(t.state, message(1000, "你好", { route: { queue: 1 } }), { explain: true });
    expect(d.replies).toEqual([]);
    expect(d.trace?.filter((x) => x.kind === "offline").map((x) => x.verdict)).toEqual(["notConfigured"]);
  });
});
