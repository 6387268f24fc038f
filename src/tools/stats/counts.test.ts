import { describe, expect, it } from "vitest";
import { compile } from "../../core/index.js";
import { replyCounts } from "./counts.js";

const engine = compile({ agents: { zhangsan: {} }, channels: { miniprogram: { quota: 1 } }, app: { replies: { received: { messages: ["消息已收到。", "客服马上回复您。"] }, keyword: [{ id: "price", match: { any: ["价格"] }, messages: "价格表见首页。" }] } } });
const start = engine.start({ conversation: "c", channel: "miniprogram", online: ["zhangsan"] });

describe("replyCounts: the replies a decision set off, once each", () => {
  it("counts a reply cut in part once: sent, its sent messages, and the cut beside it", () => {
    const d = engine.decide(start, { type: "visitor.message", at: 0, text: "在吗", route: { queue: 1 } });
    expect(replyCounts(d)).toEqual([{ kind: "received", rule: "app.replies.received", messages: 1, sent: true, dropped: [{ reason: "quota", by: "Q-CUT" }] }]);
  });

  it("counts a reply dropped whole as not sent, with its reason and the rule behind it; a redelivery sets off nothing", () => {
    const d = engine.decide(start, { type: "visitor.message", at: 0, text: "价格多少", route: { queue: 1 }, id: "m1" });
    expect(replyCounts(d)).toEqual([
      { kind: "keyword", rule: "price", messages: 1, sent: true, dropped: [] },
      { kind: "received", rule: "app.replies.received", messages: 0, sent: false, dropped: [{ reason: "suppressed", by: "S-KW-RECEIVED" }] },
    ]);
    expect(replyCounts(engine.decide(d.state, { type: "visitor.message", at: 1000, text: "价格多少", route: { queue: 1 }, id: "m1" }))).toEqual([]);
  });
});
