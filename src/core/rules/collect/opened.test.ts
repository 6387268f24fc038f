import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = { switches: { robot: true }, agents: { a: {}, b: { replies: { opened: { messages: "乙欢迎您回来" } } } }, app: { replies: { opened: { messages: "欢迎" } } } } as ConfigInput;
const opened = (t: Talk, at: number) => t.send({ type: "visitor.opened", at });

describe("opened (OPENED)", () => {
  it("is sent in every phase: no session, the robot, the queue, serving and offline, and moves nothing", () => {
    const t = new Talk(config);
    /** The phase before, the texts sent, and the phase after a visitor.opened. */
    const open = (at: number) => [t.state.phase, opened(t, at), t.state.phase];
    const seen = [open(0)];
    t.send(message(1, "你好"));
    seen.push(open(2));
    t.send({ type: "visitor.transfer", at: 3, route: { queue: 4 } });
    seen.push(open(4));
    t.send({ type: "agent.accepted", at: 5, agent: "a" });
    seen.push(open(6));
    t.send({ type: "presence", at: 7, online: [] });
    seen.push(open(8));
    expect(seen).toEqual([
      ["ended", ["欢迎"], "ended"],
      ["robot", ["欢迎"], "robot"],
      ["queued", ["欢迎"], "queued"],
      ["serving", ["欢迎"], "serving"],
      ["offline", ["欢迎"], "offline"],
    ]);
  });

  it("the setting of the agent the visitor is with wins over the app's", () => {
    const t = new Talk(config);
    t.send({ type: "presence", at: 0, online: ["a", "b"] });
    t.send(message(1, "你好", { route: { agent: "b" } }));
    expect(opened(t, 2)).toEqual(["乙欢迎您回来"]);
    expect(t.last?.replies.map((r) => [r.kind, r.layer])).toEqual([["opened", "agent"]]);
  });

  it("sends nothing, and notes it, when no layer sets it", () => {
    const t = new Talk({});
    const d = t.engine.decide(t.state, { type: "visitor.opened", at: 0 }, { explain: true });
    expect(d.replies).toEqual([]);
    expect(d.trace?.map((x) => [x.kind, x.verdict])).toEqual([["opened", "notConfigured"]]);
  });
});
