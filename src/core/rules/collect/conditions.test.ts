import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../../index.js";
import { message, problemPaths, Talk } from "../testing.js";

const alerts = (t: Talk) => (t.last?.effects ?? []).filter((e) => e.type === "alert").map((e) => (e.type === "alert" ? e.rule : ""));

describe("combined conditions (E-CONDITION)", () => {
  it("composes all, any and not; words are folded, facts come with the message", () => {
    const t = new Talk({ conditions: [{ id: "vip-refund", all: [{ facts: "vip" }], any: [{ words: "退款" }, { words: "投诉" }], not: [{ words: "已解决" }] }] } as ConfigInput);
    t.send(message(0, "退款", { route: { queue: 1 } }));
    expect(alerts(t)).toEqual([]);
    t.send(message(1, "ＴＵＩ 投诉", { facts: ["vip"] }));
    expect(alerts(t)).toEqual(["vip-refund"]);
    t.send(message(2, "投诉已解决", { facts: ["vip"] }));
    expect(alerts(t)).toEqual([]);
  });

  it("counts messages in a row for inARow even without an unanswered reply, and the agent's answer starts again", () => {
    const t = new Talk({ conditions: [{ all: [{ inARow: 2 }] }] } as ConfigInput);
    t.send(message(0, "a", { route: { agent: "a" } }));
    t.send(message(1, "b"));
    expect(alerts(t)).toEqual(["conditions[0]"]);
    // The third in a row: inARow held for the second only, once per run.
    t.send(message(1.5, "b2"));
    expect(alerts(t)).toEqual([]);
    t.send({ type: "agent.message", at: 2 } as never);
    t.send(message(3, "c"));
    expect(alerts(t)).toEqual([]);
  });

  it("nests all, any and not inside a condition, with the same meaning at every level", () => {
    // (vip and (退款 or 投诉)) or (longer than 10 and not 谢谢): either branch alerts.
    const rule = { id: "nested", any: [{ facts: "vip", any: [{ words: "退款" }, { words: "投诉" }] }, { longer: 10, not: [{ words: "谢谢" }] }] };
    const t = new Talk({ conditions: [rule] } as ConfigInput);
    const cases: [string, string[], boolean][] = [
      ["退款", ["vip"], true],
      ["退款", [], false],
      ["你好", ["vip"], false],
      ["这是一条很长很长很长的消息", [], true],
      ["这是一条很长很长很长的消息谢谢", [], false],
    ];
    cases.forEach(([text, facts, alerted], i) => {
      t.send(message(i, text, i === 0 ? { route: { queue: 1 }, facts } : { facts }));
      expect(alerts(t), `${text} ${facts.join(",")}`).toEqual(alerted ? ["nested"] : []);
    });
  });

  it("refuses conditions nested more than 4 levels deep, at the list that goes too deep", () => {
    const deep = (n: number): unknown => (n === 0 ? { longer: 1 } : { all: [deep(n - 1)] });
    expect(problemPaths({ conditions: [{ all: [deep(3)] }] })).toEqual([]);
    expect(problemPaths({ conditions: [{ all: [deep(4)] }] })).toEqual(["conditions[0].all[0].all[0].all[0].all[0].all"]);
  });

  it("refuses an empty rule or condition, a period without a schedule, a transfer to nobody", () => {
    expect(problemPaths({ conditions: [{}, { all: [{}] }, { any: [{ period: ["night"] }] }, { not: [{ period: ["dusk"] }] }, { all: [{ longer: 1 }], transfer: { group: "nope" } }] })).toEqual([
      "conditions[0]",
      "conditions[1].all[0]",
      "conditions[2].any[0].period",
      "conditions[3].not[0].period[0]",
      "conditions[3].not[0].period",
      "conditions[4].transfer.group",
    ]);
  });
});
