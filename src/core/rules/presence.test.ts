import { describe, expect, it } from "vitest";
import { message, Talk } from "./testing.js";

describe("presence (O-WHEN, T-SERVING-ONLY)", () => {
  it("while nobody is online: no queued reply and no agentSilent timer, and no drop when nothing beat them", () => {
    const t = new Talk({ app: { replies: { queued: { messages: "排队中" }, agentSilent: { after: "1m", messages: "稍等" } } } });
    t.send({ type: "presence", at: 0, online: [] });
    expect(t.send(message(1, "hi", { route: { queue: 1 } }))).toEqual([]);
    expect(t.last?.dropped).toEqual([]);
    const trace = t.engine.decide(t.state, { type: "visitor.message", at: 2000, text: "hi" }, { explain: true }).trace;
    expect(trace?.find((e) => e.kind === "queued")).toMatchObject({ verdict: "notInPhase", by: "O-WHEN" });
  });

  it("the agent back online: the queued reply again", () => {
    const t = new Talk({ app: { replies: { queued: { messages: "排队中" } } } });
    t.send({ type: "presence", at: 0, online: [] });
    t.send(message(1, "hi", { route: { queue: 1 } }));
    t.send({ type: "presence", at: 2, online: ["a"] });
    expect(t.send(message(3))).toEqual(["排队中"]);
  });
});
