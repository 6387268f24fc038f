import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent, TimerName } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = {
  switches: { idleEnd: true },
  app: { replies: { agentSilent: { after: "2m", messages: "客服正忙", backup: { after: "10m", alert: true } }, visitorSilent: { after: "5m", messages: "还在吗?" }, autoEnd: { idleAfter: "30m", messages: "会话已结束" } } },
} as ConfigInput;
const timer = (at: number, name: TimerName, due: number): EngineEvent => ({ type: "timer", at, timer: name, due });
const served = () => {
  const t = new Talk(config);
  t.send(message(0, "你好", { route: { agent: "a" } }));
  return t;
};

describe("stale timers (T-STALE)", () => {
  it("a cancelled timer does nothing: stale in dropped, nothing sent, the state as it was but for the time", () => {
    const t = served();
    t.send({ type: "agent.message", at: 10, agent: "a" });
    const before = t.state;
    expect(t.send(timer(120, "agentSilent", 120_000))).toEqual([]);
    expect(t.last?.dropped).toEqual([{ kind: "agentSilent", reason: "stale", messages: 0, by: "T-STALE", detail: "timer agentSilent due at 120000 is no longer pending (cancelled or replaced); nothing to do" }]);
    expect(t.last?.effects).toEqual([]);
    expect({ ...t.state, at: before.at }).toEqual(before);
  });

  it("a replaced timer: the old due is stale, the new one fires", () => {
    const t = served();
    t.send({ type: "agent.message", at: 10, agent: "a" });
    t.send({ type: "agent.message", at: 20, agent: "a" });
    expect(t.send(timer(310, "visitorSilent", 310_000))).toEqual([]);
    expect(t.droppedBy()).toEqual(["T-STALE"]);
    expect(t.send(timer(320, "visitorSilent", 320_000))).toEqual(["还在吗?"]);
    expect(t.last?.dropped).toEqual([]);
  });

  it("after the session ended, each timer is reported as the reply it belongs to: idleEnd as autoEnd, backup as agentSilent", () => {
    const t = served();
    t.send({ type: "agent.ended", at: 10 });
    t.send(timer(600, "backup", 600_000));
    expect(t.last?.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual([["agentSilent", "stale", "T-STALE"]]);
    // The idle end would end the session a second time: stale, no autoEnd reply.
    expect(t.send(timer(1800, "idleEnd", 1_800_000))).toEqual([]);
    expect(t.last?.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual([["autoEnd", "stale", "T-STALE"]]);
    expect(t.state.phase).toBe("ended");
  });

  it("a pending timer is not stale", () => {
    const t = served();
    expect(t.send(timer(120, "agentSilent", 120_000))).toEqual(["客服正忙"]);
    expect(t.last?.dropped).toEqual([]);
  });
});
