import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const REPLIES = {
  agentSilent: { after: "2m", messages: "客服正忙,请稍候", backup: { after: "10m", alert: true } },
  visitorSilent: { after: "5m", messages: "请问还有其他问题吗?" },
  autoEnd: { after: "10m", messages: "会话已结束" },
};
const served = (config: ConfigInput = { app: { replies: REPLIES } }) => {
  const t = new Talk(config);
  t.send(message(0, "你好", { route: { agent: "a" } }));
  return t;
};
const fire = (t: Talk, timer: "agentSilent" | "visitorSilent" | "autoEnd" | "backup", due: number, at = due / 1000) => t.send({ type: "timer", at, timer, due } as EngineEvent);

describe("silence timers firing (A-SILENT, V-SILENT)", () => {
  it("the agentSilent timer sends its reply, once, and the visitor stays served", () => {
    const t = served();
    expect(fire(t, "agentSilent", 120_000)).toEqual(["客服正忙,请稍候"]);
    expect(t.last?.replies.map((r) => [r.kind, r.rule])).toEqual([["agentSilent", "app.replies.agentSilent"]]);
    expect(t.state.phase).toBe("serving");
    expect(t.last?.timers.map((x) => x.timer)).toEqual(["backup"]);
  });

  it("the visitorSilent timer, armed by the agent's answer, sends its reply; autoEnd stays pending", () => {
    const t = served();
    t.send({ type: "agent.message", at: 10, agent: "a" });
    expect(fire(t, "visitorSilent", 310_000)).toEqual(["请问还有其他问题吗?"]);
    expect(t.last?.timers).toEqual([{ timer: "autoEnd", due: 610_000 }]);
  });

  it("sends no silence reply for the backup stage, an end timer or a stale timer", () => {
    const t = served();
    expect(fire(t, "backup", 600_000)).toEqual([]);
    t.send({ type: "agent.message", at: 700, agent: "a" });
    // agentSilent was cancelled by the answer: stale.
    expect(fire(t, "agentSilent", 120_000, 701)).toEqual([]);
    // The autoEnd timer sends autoEnd alone (the end trigger's), not a second time here.
    expect(fire(t, "autoEnd", 1_300_000)).toEqual(["会话已结束"]);
  });

  it("resolves the reply when the timer fires: none when the agent serving now sets none", () => {
    const t = served({ agents: { a: { replies: { agentSilent: { after: "2m", messages: "甲正忙" } } }, b: {} } } as ConfigInput);
    t.send({ type: "presence", at: 1, online: ["a", "b"] });
    t.send(message(2, "在吗", { route: { agent: "b" } }));
    const d = t.engine.decide(t.state, { type: "timer", at: 120_000, timer: "agentSilent", due: 120_000 }, { explain: true });
    expect(d.replies).toEqual([]);
    expect(d.trace?.filter((x) => x.kind === "agentSilent").map((x) => x.verdict)).toEqual(["notConfigured"]);
  });
});
