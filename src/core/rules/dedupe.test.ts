import { describe, expect, it } from "vitest";
import { compile, type ConversationState } from "../index.js";
import { refusal } from "../../../tests/helpers.js";

const texts = (d: { replies: readonly { messages: readonly { text: string }[] }[] }) => d.replies.flatMap((r) => r.messages.map((m) => m.text));

describe("dedupe (F-DEDUPE)", () => {
  it("F-DEDUPE: a stored stamp whose time is not base 36 holds nothing back and is forgotten", () => {
    const engine = compile({ channels: { web: { dedupe: "1h" } }, agents: { a: {} }, app: { replies: { received: { messages: "收到" } } } });
    const d1 = engine.decide(engine.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "hi", route: { queue: 1 } });
    const sent = d1.state.memory.sent[0] as string;
    const broken = JSON.parse(JSON.stringify({ ...d1.state, memory: { ...d1.state.memory, sent: [`${sent.slice(0, 11)}NOON!`] } })) as ConversationState;
    const d2 = engine.decide(broken, { type: "visitor.message", at: 1000, text: "hi" });
    expect(texts(d2)).toEqual(["收到"]);
    expect(d2.state.memory.sent).toEqual([`${sent.slice(0, 11)}${(1000).toString(36)}`]);
  });

  it("F-DEDUPE: a text an earlier reply of the same decision sent is held back, the rest of the reply goes out", () => {
    const engine = compile({ channels: { web: { dedupe: "10m" } }, app: { replies: { received: { messages: ["收到", "请稍候"] }, offline: { messages: ["请稍候", "请留言"] } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web" }), { type: "visitor.message", at: 0, text: "hi" });
    expect(texts(d)).toEqual(["收到", "请稍候", "请留言"]);
    expect(d.dropped.map((x) => [x.kind, x.reason, x.by, x.messages])).toEqual([["offline", "frequency", "F-DEDUPE", 1]]);
    expect(d.state.memory.sent).toHaveLength(3);
    // Nine minutes later all three were sent within the window: nothing goes out again.
    const later = engine.decide(d.state, { type: "visitor.message", at: 9 * 60_000, text: "hi" });
    expect(texts(later)).toEqual([]);
    expect(later.dropped.map((x) => [x.kind, x.messages])).toEqual([["received", 2], ["offline", 2]]);
  });

  it("F-DEDUPE: a rendered text is the same text as a fixed one", () => {
    // offline's first message has a placeholder, rendered here to the text received sent.
    const engine = compile({ channels: { web: { dedupe: "10m" } }, app: { replies: { received: { messages: "小明,请稍候" }, offline: { messages: ["<<nick_name>>,请稍候", "请留言"] } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web", visitor: { nickname: "小明" } }), { type: "visitor.message", at: 0, text: "hi" });
    expect(texts(d)).toEqual(["小明,请稍候", "请留言"]);
    expect(d.dropped.map((x) => [x.kind, x.by, x.messages])).toEqual([["offline", "F-DEDUPE", 1]]);
  });

  it("F-DEDUPE keeps hashes of at most 32 texts, never the texts, however many are sent", () => {
    const engine = compile({ channels: { web: { dedupe: "1h" } }, agents: { a: {} }, app: { replies: { queued: { interval: "0s", messages: "秘密：您排在第<<queue_num>>位" } } } });
    let s: ConversationState = engine.start({ conversation: "c", channel: "web", online: ["a"] });
    for (let i = 0; i < 200; i++) {
      // Each text is different: the position changes.
      const d = engine.decide(s, { type: "visitor.message", at: i * 1000, text: "hi", route: { queue: i + 1 } });
      expect(texts(d)).toEqual([`秘密：您排在第${i + 1}位`]);
      s = d.state;
    }
    expect(s.memory.sent).toHaveLength(32);
    // The 199th position's text was sent within the hour: not again.
    expect(texts(engine.decide(s, { type: "visitor.message", at: 300_000, text: "hi", route: { queue: 199 } }))).toEqual([]);
    expect(JSON.stringify(s)).not.toContain("秘密");
    expect(JSON.stringify(s).length).toBeLessThan(2048);
  });

});

describe("a visitor's memory carried into a new conversation (start({ memory }))", () => {
  const engine = compile({ preset: "wechat2023", agents: { a: {} }, app: { replies: { received: { messages: "收到" } } } });

  it("keeps what was sent (F-DEDUPE across conversations) and starts the count again", () => {
    const first = engine.decide(engine.start({ conversation: "c1", channel: "official_account", online: ["a"] }), { type: "visitor.message", at: 0, text: "hi", route: { queue: 1 } });
    expect(texts(first)).toEqual(["收到"]);
    const carried = JSON.parse(JSON.stringify(first.state.memory)) as ConversationState["memory"];
    const next = engine.start({ conversation: "c2", channel: "official_account", online: ["a"], memory: carried });
    expect(next.memory.auto).toBe(0);
    expect(Object.isFrozen(next.memory.sent)).toBe(true);
    // Five minutes later, in the new conversation, the same text is not sent again.
    expect(texts(engine.decide(next, { type: "visitor.message", at: 300_000, text: "hi", route: { queue: 1 } }))).toEqual([]);
    // A new conversation without the memory sends it.
    expect(texts(engine.decide(engine.start({ conversation: "c3", channel: "official_account", online: ["a"] }), { type: "visitor.message", at: 300_000, text: "hi", route: { queue: 1 } }))).toEqual(["收到"]);
  });

  it("refuses a memory that is not one decide wrote", () => {
    expect(refusal(() => engine.start({ conversation: "c", channel: "web", memory: { seen: "x", auto: 0, sent: [], fired: [], dismissed: [], replies: [], page: null, ended: null, unanswered: 0, repeat: null, repeats: 0, muted: null, tags: "", marks: [], prompt: null, closed: null, survey: null, rated: null } })).message).toMatch(/"memory" should be the memory of a state decide\(\) returned/);
  });
});
