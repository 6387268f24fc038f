import { describe, expect, it } from "vitest";
import { compile } from "../../index.js";
import { message, Talk } from "../testing.js";

describe("urgent (E-URGENT) and upset (E-UPSET) words", () => {
  it("use the seed's words by default, folded, and alert unless told not to", () => {
    const t = new Talk({ app: { replies: { urgent: { messages: "急" }, upset: { messages: "抱歉" } } } });
    expect(t.send(message(0, "我要ＴＯＵ诉投诉", { route: { queue: 1 } }))).toEqual(["急"]);
    expect(t.last?.effects.map((e) => e.type)).toEqual(["alert"]);
    expect(t.send(message(1, "烦\u200b死了"))).toEqual(["抱歉"]);
    expect(t.last?.effects.map((e) => e.type)).toEqual(["alert", "mute"]);
    expect(t.state.memory.muted).toBe(1_000 + 30 * 60_000);
    const quiet = new Talk({ app: { replies: { urgent: { words: ["救命"], alert: false, messages: "急" } } } });
    expect(quiet.send(message(0, "紧急", { route: { queue: 1 } }))).toEqual([]);
    expect(quiet.send(message(1, "救命"))).toEqual(["急"]);
    expect(quiet.last?.effects).toEqual([]);
  });

  it("an upset mute never shortens a longer one", () => {
    const t = new Talk({ app: { replies: { upset: { mute: "1m", messages: "抱歉" }, repeated: { count: 2, mute: "1h", messages: "转人工" } } } });
    t.send(message(0, "x", { route: { queue: 1 } }));
    t.send(message(1, "x"));
    t.send(message(2, "别烦我"));
    expect(t.state.memory.muted).toBe(3_601_000);
  });

  it("refuses words that could never match", () => {
    expect(() => compile({ app: { replies: { urgent: { words: ["\u200b"], messages: "x" } } } })).toThrow(/app\.replies\.urgent\.words\[0\]: expected a word with a visible character/);
  });
});
