import { describe, expect, it } from "vitest";
import { compile, type ConfigInput, type Route } from "../../index.js";
import { message, Talk } from "../testing.js";

const KEYWORDS = [
  { id: "price", match: { any: "价格" }, messages: "价格表见官网" },
  { id: "price-word", match: { any: "价" }, messages: "请问哪款产品?" },
  { id: "rush", priority: 1, match: { all: [["价格"], ["加急", "急"]] }, messages: "加急报价请留电话" },
];
const config = { limits: { text: 8 }, agents: { a: { replies: { keyword: [{ id: "a-price", match: { any: "价格" }, messages: "甲的价格表" }] } } }, app: { replies: { keyword: KEYWORDS, received: { messages: "收到" } } } } as ConfigInput;
const engine = compile(config);
const decide = (text: string, route: Route = { queue: 1 }, e = engine) =>
  e.decide(e.start({ conversation: "k", channel: "web", online: ["a"] }), { ...message(0, text), route }, { explain: true });
const keywordTrace = (d: ReturnType<typeof decide>) => d.trace?.filter((x) => x.kind === "keyword").map((x) => [x.verdict, x.rule, x.by]);

describe("keyword (K-MATCH, K-ORDER, LIMIT-TEXT)", () => {
  it("sends one rule: the first that matches, by layer, then priority, then the order written", () => {
    expect(decide("价格多少").replies.map((r) => r.rule)).toEqual(["price"]);
    expect(decide("价钱多少").replies.map((r) => r.rule)).toEqual(["price-word"]);
    expect(decide("急问价格").replies.map((r) => r.rule)).toEqual(["rush"]);
    // The serving agent's own rule comes before the app's (K-ORDER).
    expect(decide("价格多少", { agent: "a" }).replies.map((r) => [r.rule, r.layer])).toEqual([["a-price", "agent"]]);
  });

  it("with no rule matching: a noMatch note by K-MATCH, and the received reply answers", () => {
    const d = decide("你好");
    expect(keywordTrace(d)).toEqual([["noMatch", undefined, "K-MATCH"]]);
    expect(d.replies.map((r) => r.kind)).toEqual(["received"]);
  });

  it("with no keyword rule in any layer: a notConfigured note instead", () => {
    const plain = compile({ agents: { a: {} }, app: { replies: { received: { messages: "收到" } } } });
    expect(keywordTrace(decide("价格", { queue: 1 }, plain))).toEqual([["notConfigured", undefined, undefined]]);
  });

  it("reads the first limits.text characters of a longer message, and says so with a cut note (LIMIT-TEXT)", () => {
    // 价格 within the first 8 characters of 9: it matches, and the trace says 8 of 9 were read.
    const inside = decide("请发价格表给我谢谢");
    expect(keywordTrace(inside)).toEqual([
      ["cut", undefined, "LIMIT-TEXT"],
      ["sent", "price", undefined],
    ]);
    expect(inside.trace?.find((x) => x.verdict === "cut")?.detail).toMatch(/first 8 of 9 characters/);
    // 价格 starts at the 8th character: matching read 价 alone, so the broader rule matches.
    expect(decide("你好你好你好你价格表").replies.map((r) => r.rule)).toEqual(["price-word"]);
    expect(decide("你好你好你好你好价格").replies.map((r) => r.kind)).toEqual(["received"]);
    // A message of exactly limits.text characters is read whole: no cut note.
    expect(keywordTrace(decide("你好你好你好价格"))).toEqual([["sent", "price", undefined]]);
  });
});
