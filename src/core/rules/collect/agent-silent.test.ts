import { describe, expect, it } from "vitest";
import type { ConfigInput, EngineEvent } from "../../index.js";
import { message, Talk } from "../testing.js";

const SILENT = { after: "2m", messages: "客服正忙,请稍候", backup: { after: "10m", alert: true } };
const KEYWORD = [{ id: "price", match: { any: "价格" }, messages: "价格见官网" }];
const config = { agents: { a: {}, b: {} }, app: { replies: { agentSilent: SILENT, keyword: KEYWORD } } } as ConfigInput;
/** Applies `event` (`at` in seconds) with `{ explain: true }`; returns the agentSilent trace entries as [verdict, by, until]. */
const explained = (t: Talk, event: EngineEvent) => {
  const d = t.engine.decide(t.state, { ...event, at: event.at * 1000 } as EngineEvent, { explain: true });
  t.state = d.state;
  t.last = d;
  return d.trace?.filter((x) => x.kind === "agentSilent").map((x) => [x.verdict, x.by, x.until]);
};

describe("agentSilent armed on a visitor message (A-SILENT, S-KW-AGENTSILENT, E-BACKUP)", () => {
  it("a visitor message in serving arms it `after` from now, with its backup stage, and sends nothing", () => {
    const t = new Talk(config);
    expect(explained(t, message(10, "你好", { route: { agent: "a" } }))).toEqual([["armed", "A-SILENT", 130_000]]);
    expect(t.last?.replies).toEqual([]);
    expect(t.last?.timers).toEqual([
      { timer: "agentSilent", due: 130_000 },
      { timer: "backup", due: 610_000 },
    ]);
  });

  it("stays pending, not moved, on a later unanswered message", () => {
    const t = new Talk(config);
    t.send(message(10, "你好", { route: { agent: "a" } }));
    expect(explained(t, message(60, "在吗"))).toEqual([["pending", "A-SILENT", 130_000]]);
    expect(t.last?.timers).toEqual([
      { timer: "agentSilent", due: 130_000 },
      { timer: "backup", due: 610_000 },
    ]);
  });

  it("a keyword answer arms nothing, and cancels a pending timer and its backup", () => {
    const first = new Talk(config);
    expect(first.send(message(0, "价格多少", { route: { agent: "a" } }))).toEqual(["价格见官网"]);
    expect(first.last?.timers).toEqual([]);
    expect(first.droppedBy()).toEqual(["S-KW-AGENTSILENT"]);
    const t = new Talk(config);
    t.send(message(0, "你好", { route: { agent: "a" } }));
    expect(t.send(message(30, "价格多少"))).toEqual(["价格见官网"]);
    expect(t.last?.timers).toEqual([]);
    expect(t.last?.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual([["agentSilent", "suppressed", "S-KW-AGENTSILENT"]]);
  });

  it("a keyword answer cancels a timer another agent's setting armed, though the agent serving now sets none", () => {
    const own = { agents: { a: { replies: { agentSilent: SILENT } }, b: {} }, app: { replies: { keyword: KEYWORD } } } as ConfigInput;
    const t = new Talk(own);
    t.send(message(0, "你好", { route: { agent: "a" } }));
    t.send({ type: "presence", at: 1, online: ["a", "b"] });
    // Without a keyword, b's visitor keeps the timer a's message armed ...
    t.send(message(2, "你好", { route: { agent: "b" } }));
    expect(t.last?.timers.map((x) => x.timer)).toEqual(["agentSilent", "backup"]);
    // ... and a keyword answer cancels it.
    t.send(message(3, "价格"));
    expect(t.last?.timers).toEqual([]);
  });

  it("only in the serving list: none in the queue; held back while the serving agent is offline; a note when no layer sets it", () => {
    const queued = new Talk(config);
    expect(explained(queued, message(0, "你好", { route: { queue: 1 } }))).toEqual([]);
    const offline = new Talk(config);
    expect(explained(offline, message(0, "你好", { route: { agent: "b" } }))).toEqual([["notInPhase", "T-SERVING-ONLY", undefined]]);
    expect(offline.last?.timers).toEqual([]);
    const none = new Talk({});
    expect(explained(none, message(0, "你好", { route: { agent: "a" } }))).toEqual([["notConfigured", undefined, undefined]]);
  });
});
