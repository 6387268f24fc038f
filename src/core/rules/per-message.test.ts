import { describe, expect, it } from "vitest";
import { compile, type ConversationState } from "../index.js";
import { refusal } from "../../../tests/helpers.js";

const texts = (d: { replies: readonly { messages: readonly { text: string }[] }[] }) => d.replies.flatMap((r) => r.messages.map((m) => m.text));

describe("perVisitorMessage (F-PER-MESSAGE)", () => {
  it("are off unless configured: seed 003's channels send 4 for one visitor message and the same text again", () => {
    const engine = compile({ agents: { a: {} }, app: { replies: { received: { messages: ["r1", "r2"] }, offline: { messages: ["o1", "o2"] } } } });
    const s0 = engine.start({ conversation: "c", channel: "miniprogram", online: [] });
    const d1 = engine.decide(s0, { type: "visitor.message", at: 0, text: "hi", route: { queue: 1 } });
    expect(texts(d1)).toEqual(["r1", "r2", "o1", "o2"]);
    expect(texts(engine.decide(d1.state, { type: "visitor.message", at: 60_000, text: "hi" }))).toEqual(["r1", "r2", "o1", "o2"]);
    // Nothing is remembered for rules that are off.
    expect(d1.state.memory).toEqual({ seen: "", auto: 0, sent: [], fired: [], dismissed: [], replies: [], page: null, ended: null, unanswered: 0, repeat: null, repeats: 0, muted: null, tags: "", marks: [], prompt: null, closed: null, survey: null, rated: null });
  });

  it("F-PER-MESSAGE on any channel: the cap cuts in reply order and says so in the trace", () => {
    const engine = compile({ channels: { web: { perVisitorMessage: 1 } }, agents: { a: {} }, app: { replies: { received: { messages: ["r1", "r2"] } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "hi", route: { queue: 1 } }, { explain: true });
    expect(texts(d)).toEqual(["r1"]);
    expect(d.dropped.map((x) => [x.kind, x.reason, x.by, x.messages])).toEqual([["received", "frequency", "F-PER-MESSAGE", 1]]);
    expect(d.trace?.find((t) => t.kind === "received")).toMatchObject({ verdict: "sent", sent: 1, cut: 1, by: "F-PER-MESSAGE" });
    expect(d.state.memory.auto).toBe(1);
  });

  it("a redelivered event neither sends nor resets the count", () => {
    const engine = compile({ channels: { web: { perVisitorMessage: 2 } }, agents: { a: {} }, app: { replies: { received: { messages: ["r1", "r2"] }, opened: { messages: "o" } } } });
    let s = engine.decide(engine.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", id: "m1", at: 0, text: "hi", route: { queue: 1 } }).state;
    expect(s.memory.auto).toBe(2);
    s = engine.decide(s, { type: "visitor.message", id: "m1", at: 0, text: "hi", route: { queue: 1 } }).state;
    expect(s.memory.auto).toBe(2);
    expect(texts(engine.decide(s, { type: "visitor.opened", at: 10 }))).toEqual([]);
  });

  it("a cap below 1 is a config error; null turns a preset's rule off", () => {
    expect(refusal(() => compile({ channels: { web: { perVisitorMessage: 0 } } })).issues.map((i) => i.path)).toEqual(["channels.web.perVisitorMessage"]);
    const off = compile({ preset: "wechat2023", channels: { official_account: { perVisitorMessage: null, dedupe: null } } });
    expect(off.config.channels.get("official_account")).toMatchObject({ perVisitorMessage: null, dedupe: null });
  });
});
