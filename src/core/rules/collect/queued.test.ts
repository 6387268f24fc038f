import { describe, expect, it } from "vitest";
import { compile, type ConfigInput, type EngineEvent, type Route } from "../../index.js";
import { message, Talk } from "../testing.js";

const QUEUED = { rules: [{ id: "q0", over: 0, messages: "前面还有<<queue_num>>人" }, { id: "q10", over: 10, messages: "排队较多(<<queue_num>>人),可以留言" }] };
const config = (queued: unknown = QUEUED, extra: Readonly<Record<string, unknown>> = {}) => ({ agents: { a: {} }, app: { replies: { queued } }, ...extra }) as ConfigInput;
const first = (route: Route | undefined, c = config()) => {
  const e = compile(c);
  return e.decide(e.start({ conversation: "q", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "在吗", ...(route === undefined ? {} : { route }) }, { explain: true });
};
const rules = (d: { readonly replies: readonly { readonly rule: string }[] }) => d.replies.map((r) => r.rule);

describe("queued (Q-RULES)", () => {
  it("sends the rule with the largest over below the position; an unknown position counts as 1", () => {
    expect([5, 10, 11, 5000].map((queue) => rules(first({ queue })))).toEqual([["q0"], ["q0"], ["q10"], ["q10"]]);
    expect(first({ queue: 11 }).replies[0]?.messages[0]?.text).toBe("排队较多(11人),可以留言");
    // No route and no session: the queue, at a position the host has not told (PLACE-DEFAULT).
    expect(rules(first(undefined))).toEqual(["q0"]);
  });

  it("follows the position the host moves the visitor to", () => {
    const t = new Talk(config());
    expect(t.send(message(0, "在吗", { route: { queue: 20 } }))).toEqual(["排队较多(20人),可以留言"]);
    t.send({ type: "queue.moved", at: 1, position: 3 });
    expect(t.send(message(2, "还要多久"))).toEqual(["前面还有3人"]);
  });

  it("below the lowest over: nothing, and a noRule note by Q-RULES naming the reply", () => {
    const d = first({ queue: 3 }, config({ id: "queue-reply", rules: [{ over: 3, messages: "排队中" }] }));
    expect(d.replies).toEqual([]);
    expect(d.dropped).toEqual([]);
    expect(d.trace?.filter((x) => x.kind === "queued").map((x) => [x.verdict, x.by, x.rule])).toEqual([["noRule", "Q-RULES", "queue-reply"]]);
  });

  it("not when the dnd reply of the designated agent takes its place (D-REPLY)", () => {
    const e = compile(config(QUEUED, { app: { replies: { queued: QUEUED, dnd: { messages: "客服在休息" } } } }));
    const s = e.start({ conversation: "q", channel: "web", online: ["a"], dnd: ["a"] });
    const d = e.decide(s, { type: "visitor.message", at: 0, text: "在吗", route: { queue: 1, agent: "a" } } as EngineEvent, { explain: true });
    expect(d.replies.map((r) => r.kind)).toEqual(["dnd"]);
    expect(d.dropped.map((x) => [x.kind, x.rule, x.by])).toEqual([["queued", "q0", "D-REPLY"]]);
    expect(d.trace?.filter((x) => x.kind === "queued" && x.verdict === "sent")).toEqual([]);
  });

  it("a transfer from the robot into the queue gets it; a transfer into a queue nobody can serve does not", () => {
    const t = new Talk(config(QUEUED, { switches: { robot: true } }));
    t.send(message(0, "你好"));
    expect(t.send({ type: "visitor.transfer", at: 1, route: { queue: 12 } })).toEqual(["排队较多(12人),可以留言"]);
    const nobody = new Talk(config(QUEUED, { switches: { robot: true } }));
    nobody.send(message(0, "你好"));
    nobody.send({ type: "presence", at: 1, online: [] });
    const d = nobody.engine.decide(nobody.state, { type: "visitor.transfer", at: 2000, route: { queue: 1 } }, { explain: true });
    expect(d.state.phase).toBe("offline");
    // Not even considered (a message there is offered it, and the presence policy holds it back).
    expect([d.replies, d.trace?.filter((x) => x.kind === "queued")]).toEqual([[], []]);
  });
});
