import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const config = (extra: Readonly<Record<string, unknown>> = {}) =>
  ({ app: { replies: { received: { messages: "收到" }, keyword: [{ id: "price", match: { any: "价格" }, messages: "价格见官网" }] }, channels: { official_account: { replies: { received: { messages: "收到,48小时内回复" } } } } }, ...extra }) as ConfigInput;
/** Applies `event` (`at` in seconds) with `{ explain: true }`; returns the received trace entries as [verdict, by]. */
const explained = (t: Talk, event: EngineEvent) => {
  const d = t.engine.decide(t.state, { ...event, at: event.at * 1000 } as EngineEvent, { explain: true });
  t.state = d.state;
  t.last = d;
  return d.trace?.filter((x) => x.kind === "received").map((x) => [x.verdict, x.by]);
};

describe("received (R-DEFAULT, R-SERVING)", () => {
  it("acknowledges every visitor message with the robot, in the queue and waiting offline", () => {
    const robot = new Talk(config({ switches: { robot: true } }));
    expect([robot.send(message(0, "你好")), robot.send(message(1, "在吗"))]).toEqual([["收到"], ["收到"]]);
    const queued = new Talk(config());
    expect(queued.send(message(0, "你好", { route: { queue: 1 } }))).toEqual(["收到"]);
    queued.send({ type: "presence", at: 1, online: [] });
    expect(queued.send(message(2, "在吗"))).toEqual(["收到"]);
  });

  it("in the serving list only with switches.receivedWhileServing, the serving agent online or not", () => {
    const t = new Talk(config());
    expect(explained(t, message(0, "你好", { route: { agent: "a" } }))).toEqual([["switchOff", "R-SERVING"]]);
    expect([t.last?.replies, t.last?.dropped]).toEqual([[], []]);
    t.send({ type: "presence", at: 1, online: [] });
    expect(explained(t, message(2, "在吗"))).toEqual([["switchOff", "R-SERVING"]]);
    const on = new Talk(config({ switches: { receivedWhileServing: true } }));
    expect(on.send(message(0, "你好", { route: { agent: "a" } }))).toEqual(["收到"]);
  });

  it("a keyword answer beats it (S-KW-RECEIVED)", () => {
    const t = new Talk(config());
    expect(t.send(message(0, "价格多少", { route: { queue: 1 } }))).toEqual(["价格见官网"]);
    expect(t.last?.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual([["received", "suppressed", "S-KW-RECEIVED"]]);
  });

  it("the channel's setting wins over the app's; a note when no layer sets it", () => {
    const oa = new Talk(config(), "official_account");
    expect(oa.send(message(0, "你好", { route: { queue: 1 } }))).toEqual(["收到,48小时内回复"]);
    expect(oa.last?.replies.map((r) => r.layer)).toEqual(["channel"]);
    const none = new Talk({});
    expect(explained(none, message(0, "你好", { route: { queue: 1 } }))).toEqual([["notConfigured", undefined]]);
  });
});
