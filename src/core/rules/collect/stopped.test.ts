import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = {
  switches: { idleEnd: true },
  agents: { a: {}, b: {} },
  app: { replies: { agentSilent: { after: "2m", messages: "客服正忙", backup: { after: "10m", alert: true } }, visitorSilent: { after: "5m", messages: ["还在吗?", "有问题随时留言"] }, autoEnd: { after: "10m", idleAfter: "30m", messages: "会话已结束" } } },
} as ConfigInput;
const served = () => {
  const t = new Talk(config);
  t.send(message(0, "你好", { route: { agent: "a" } }));
  return t;
};
const drops = (t: Talk) => t.last?.dropped.map((x) => [x.kind, x.reason, x.rule, x.messages, x.by]);

describe("serving timers stopped by presence (T-SERVING-ONLY)", () => {
  it("the serving agent going offline stops each pending timer, each in dropped as the reply it belongs to", () => {
    const t = served();
    expect(t.last?.timers.map((x) => x.timer)).toEqual(["agentSilent", "backup", "idleEnd"]);
    expect(t.send({ type: "presence", at: 30, online: [] })).toEqual([]);
    // In timer order: agentSilent, idleEnd (autoEnd's), backup (agentSilent's).
    expect(drops(t)).toEqual([
      ["agentSilent", "suppressed", "app.replies.agentSilent", 1, "T-SERVING-ONLY"],
      ["autoEnd", "suppressed", "app.replies.autoEnd", 1, "T-SERVING-ONLY"],
      ["agentSilent", "suppressed", "app.replies.agentSilent", 1, "T-SERVING-ONLY"],
    ]);
    expect(t.last?.dropped[0]?.detail).toMatch(/agentSilent due at 120000 stops/);
    expect([t.state.phase, t.last?.timers]).toEqual(["offline", []]);
  });

  it("after the agent answered: visitorSilent, autoEnd and idleEnd stop, each with its messages counted", () => {
    const t = served();
    t.send({ type: "agent.message", at: 10, agent: "a" });
    t.send({ type: "presence", at: 20, online: [] });
    expect(drops(t)).toEqual([
      ["visitorSilent", "suppressed", "app.replies.visitorSilent", 2, "T-SERVING-ONLY"],
      ["autoEnd", "suppressed", "app.replies.autoEnd", 1, "T-SERVING-ONLY"],
      ["autoEnd", "suppressed", "app.replies.autoEnd", 1, "T-SERVING-ONLY"],
    ]);
  });

  it("a presence that keeps the serving agent online stops nothing, nor one for a visitor outside serving", () => {
    const t = served();
    const timers = t.last?.timers;
    t.send({ type: "presence", at: 30, online: ["a", "b"] });
    expect([t.last?.dropped, t.last?.timers]).toEqual([[], timers]);
    const queued = new Talk(config);
    queued.send(message(0, "你好", { route: { queue: 1 } }));
    queued.send({ type: "presence", at: 30, online: [] });
    expect([queued.state.phase, queued.last?.dropped]).toEqual(["offline", []]);
  });

  it("a stopped timer stays stopped: back online only the idle clock restarts, and the old timer is stale", () => {
    const t = served();
    t.send({ type: "presence", at: 30, online: [] });
    t.send({ type: "presence", at: 60, online: ["a"] });
    expect([t.state.phase, t.last?.dropped, t.last?.timers]).toEqual(["serving", [], [{ timer: "idleEnd", due: 1_860_000 }]]);
    expect(t.send({ type: "timer", at: 120, timer: "agentSilent", due: 120_000 })).toEqual([]);
    expect(t.droppedBy()).toEqual(["T-STALE"]);
  });
});
