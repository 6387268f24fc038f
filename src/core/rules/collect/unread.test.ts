import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = (silent: Readonly<Record<string, unknown>>) =>
  ({ agents: { a: {}, manager: { name: "客户经理" } }, app: { replies: { agentSilent: { after: "90s", messages: "常见问题:回复数字查看", ...silent } } } }) as ConfigInput;
const fire = (t: Talk, at: number, due: number): EngineEvent => ({ type: "timer", at, timer: "agentSilent", due });
const WAITED = "the agent has not answered the visitor for 90 s (timer due at 90000)";

describe("unread: agentSilent's alert and transfer (E-UNREAD)", () => {
  it("when the timer fires: its messages, an alert and a transfer to the agent it names", () => {
    const t = new Talk(config({ alert: true, transfer: { agent: "manager" } }));
    t.send(message(0, "你好", { route: { agent: "a" } }));
    expect(t.last?.effects).toEqual([]);
    expect(t.send(fire(t, 90, 90_000))).toEqual(["常见问题:回复数字查看"]);
    expect(t.last?.effects).toEqual([
      { type: "alert", reason: "unread", by: "E-UNREAD", rule: "app.replies.agentSilent", detail: WAITED },
      { type: "transfer", to: { agent: "manager" }, reason: "unread", by: "E-UNREAD", detail: `${WAITED}: transfer to agent manager` },
    ]);
  });

  it("whether or not its messages go out: with the quota used up, the effects still come", () => {
    // One message per visitor message on this channel: the accepted reply takes it.
    const t = new Talk({ channels: { web: { quota: 1 } }, app: { replies: { accepted: { messages: "您好" }, agentSilent: { after: "90s", messages: "常见问题:回复数字查看", transfer: true } } } });
    expect(t.send(message(0, "你好", { route: { agent: "a" } }))).toEqual(["您好"]);
    expect(t.send(fire(t, 90, 90_000))).toEqual([]);
    expect(t.last?.dropped.map((x) => [x.kind, x.reason])).toEqual([["agentSilent", "quota"]]);
    // transfer: true names no one: any human, as the host routes.
    expect(t.last?.effects.map((e) => [e.type, "to" in e ? e.to : undefined, e.by])).toEqual([["transfer", undefined, "E-UNREAD"]]);
  });

  it("nothing without alert or transfer, and nothing for a timer that no longer fires", () => {
    const plain = new Talk(config({}));
    plain.send(message(0, "你好", { route: { agent: "a" } }));
    expect(plain.send(fire(plain, 90, 90_000))).toEqual(["常见问题:回复数字查看"]);
    expect(plain.last?.effects).toEqual([]);
    const answered = new Talk(config({ alert: true }));
    answered.send(message(0, "你好", { route: { agent: "a" } }));
    answered.send({ type: "agent.message", at: 10, agent: "a" });
    answered.send(fire(answered, 90, 90_000));
    expect([answered.last?.effects, answered.droppedBy()]).toEqual([[], ["T-STALE"]]);
  });
});
