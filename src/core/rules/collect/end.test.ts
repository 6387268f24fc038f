import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const REPLIES = { manualEnd: { messages: "再见" }, batchEnd: { messages: "会话已批量结束" }, autoEnd: { after: "10m", idleAfter: "30m", messages: "会话已自动结束" } };
const config = (replies: Readonly<Record<string, unknown>> = REPLIES, extra: Readonly<Record<string, unknown>> = {}) => ({ switches: { idleEnd: true }, app: { replies }, ...extra }) as ConfigInput;
const served = (c: ConfigInput = config()) => {
  const t = new Talk(c);
  t.send(message(0, "你好", { route: { agent: "a" } }));
  return t;
};
const drops = (t: Talk) => t.last?.dropped.map((x) => [x.kind, x.reason, x.rule, x.by]);

describe("end replies (E-MANUAL, E-BATCH, E-NOT-FROM-QUEUE, E-AUTO, E-IDLE)", () => {
  it("an agent ending a serving session sends manualEnd, and the session ends", () => {
    const t = served();
    expect(t.send({ type: "agent.ended", at: 5, agent: "a" })).toEqual(["再见"]);
    expect([t.state.phase, t.last?.timers, t.last?.dropped]).toEqual(["ended", [], []]);
  });

  it("a batch end sends batchEnd, never manualEnd; without a batchEnd, nothing", () => {
    const t = served();
    expect(t.send({ type: "agent.ended", at: 5, batch: true })).toEqual(["会话已批量结束"]);
    expect(drops(t)).toEqual([["manualEnd", "suppressed", "app.replies.manualEnd", "E-BATCH"]]);
    const noBatch = served(config({ manualEnd: REPLIES.manualEnd }));
    const d = noBatch.engine.decide(noBatch.state, { type: "agent.ended", at: 5000, batch: true }, { explain: true });
    expect(d.replies).toEqual([]);
    expect(d.dropped.map((x) => x.by)).toEqual(["E-BATCH"]);
    expect(d.trace?.find((x) => x.kind === "batchEnd")?.verdict).toBe("notConfigured");
    expect(d.state.phase).toBe("ended");
  });

  it("no end reply for a session ended from the queue or the robot, and dropped says so", () => {
    const queued = new Talk(config());
    queued.send(message(0, "你好", { route: { queue: 1 } }));
    expect(queued.send({ type: "agent.ended", at: 5 })).toEqual([]);
    expect(drops(queued)).toEqual([["manualEnd", "suppressed", "app.replies.manualEnd", "E-NOT-FROM-QUEUE"]]);
    expect(queued.state.phase).toBe("ended");
    // A batch end from the queue: its own reply is dropped, and manualEnd is not even considered.
    const batch = new Talk(config());
    batch.send(message(0, "你好", { route: { queue: 1 } }));
    batch.send({ type: "agent.ended", at: 5, batch: true });
    expect(drops(batch)).toEqual([["batchEnd", "suppressed", "app.replies.batchEnd", "E-NOT-FROM-QUEUE"]]);
    const robot = new Talk(config(REPLIES, { switches: { idleEnd: true, robot: true } }));
    robot.send(message(0, "你好"));
    expect(robot.send({ type: "agent.ended", at: 5 })).toEqual([]);
    expect(robot.droppedBy()).toEqual(["E-NOT-FROM-QUEUE"]);
  });

  it("the autoEnd timer, armed by the agent's answer, ends the session with autoEnd", () => {
    const t = served();
    t.send({ type: "agent.message", at: 60, agent: "a" });
    expect(t.last?.timers).toContainEqual({ timer: "autoEnd", due: 660_000 });
    expect(t.send({ type: "timer", at: 660, timer: "autoEnd", due: 660_000 })).toEqual(["会话已自动结束"]);
    expect([t.state.phase, t.last?.timers]).toEqual(["ended", []]);
  });

  it("the idle timer, with no message from either side for idleAfter, ends the session with autoEnd too", () => {
    const t = served();
    expect(t.last?.timers).toEqual([{ timer: "idleEnd", due: 1_800_000 }]);
    const idle: EngineEvent = { type: "timer", at: 1800, timer: "idleEnd", due: 1_800_000 };
    expect(t.send(idle)).toEqual(["会话已自动结束"]);
    expect(t.last?.replies.map((r) => r.kind)).toEqual(["autoEnd"]);
    expect(t.state.phase).toBe("ended");
  });
});
