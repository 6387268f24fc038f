import { describe, expect, it } from "vitest";
import { compile, type EngineEvent, type TraceEntry } from "../src/core/index.js";
import { base, play } from "./helpers.js";

const explain = { explain: true } as const;
const find = (trace: readonly TraceEntry[] | undefined, kind: string) => trace?.find((t) => t.kind === kind);

describe("explain", () => {
  it("is off by default: no trace at all", () => {
    const s = base.start({ conversation: "c", channel: "web", online: ["zhaoliu"] });
    expect("trace" in base.decide(s, { type: "visitor.opened", at: 0 })).toBe(false);
  });

  it("a suppressed queued reply names the keyword rule that beat it, the spec rule, the seed sentence, and the layers that set it", () => {
    const s = base.start({ conversation: "c", channel: "web", online: ["wangwu"] });
    const [queued] = play(base, s, [{ type: "visitor.message", at: 0, text: "在吗", route: { queue: 2 } }]);
    const d = base.decide(queued!.state, { type: "visitor.message", at: 1000, text: "请发价格表" }, explain);
    expect(d.replies.map((r) => r.kind)).toEqual(["keyword"]);
    expect(find(d.trace, "queued")).toEqual({
      kind: "queued",
      verdict: "suppressed",
      rule: "app.replies.queued.rules[0]",
      layer: "app",
      layers: [
        { layer: "channel", owner: "web", has: false },
        { layer: "app", owner: "", has: true },
      ],
      by: "S-KW-QUEUED",
      source: "seed 003 line 14",
      quote: "当用户触发关键词回复时,将不会再触发访客排队中回复。",
      detail: "keyword rule price beats queued (seed 003 line 14)",
    });
    expect(find(d.trace, "keyword")).toMatchObject({ verdict: "sent", rule: "price", layer: "app" });
  });

  it("gives the layer path of a sent reply: which layers were asked, which set it, which won", () => {
    const s = base.start({ conversation: "c", channel: "official_account", online: ["lisi"] });
    const d = base.decide(s, { type: "visitor.message", at: 0, text: "在吗", route: { agent: "lisi" } }, explain);
    expect(find(d.trace, "accepted")).toMatchObject({
      verdict: "sent",
      layer: "group",
      layers: [
        { layer: "agent", owner: "lisi", has: false },
        { layer: "group", owner: "sales", has: true },
        { layer: "channel", owner: "official_account", has: false },
        { layer: "app", owner: "", has: true },
      ],
    });
    expect(find(d.trace, "received")).toMatchObject({ verdict: "switchOff", by: "R-SERVING" });
    expect(find(d.trace, "agentSilent")).toMatchObject({ verdict: "armed", until: 120_000, by: "A-SILENT" });
    expect(find(d.trace, "keyword")).toMatchObject({ verdict: "noMatch" });
  });

  it("says what the quota cut, with the numbers", () => {
    const engine = compile({ agents: { a: {} }, reserveForAgents: 1, app: { replies: { received: { messages: ["a", "b", "c"] }, queued: { messages: ["q1", "q2"] } } } });
    const s = engine.start({ conversation: "c", channel: "miniprogram", online: ["a"] });
    const out = engine.decide(s, { type: "visitor.message", at: 1, text: "x", route: { queue: 1 } }, explain);
    expect(find(out.trace, "received")).toMatchObject({ verdict: "sent", sent: 3 });
    expect(find(out.trace, "queued")).toMatchObject({ verdict: "sent", sent: 1, cut: 1, by: "Q-CUT" });
    expect(find(out.trace, "queued")?.detail).toContain("1 of 2 messages cut: quota 5, 1 kept for agents, 4 used");
  });

  it("says when no layer sets a reply, with the layers it asked", () => {
    const engine = compile({ agents: { a: {} } });
    const s = engine.start({ conversation: "c", channel: "web", online: [] });
    const out = engine.decide(s, { type: "visitor.message", at: 1, text: "x", route: { agent: "a" } }, explain);
    expect(find(out.trace, "offline")).toEqual({
      kind: "offline",
      verdict: "notConfigured",
      layers: [
        { layer: "agent", owner: "a", has: false },
        { layer: "channel", owner: "web", has: false },
        { layer: "app", owner: "", has: false },
      ],
      detail: "no layer sets this reply",
    });
  });

  it("explains intervals with the time a reply may go out again, and stale timers", () => {
    const s = base.start({ conversation: "c", channel: "web", online: ["wangwu"] });
    const [first] = play(base, s, [{ type: "visitor.message", at: 0, text: "在吗", route: { queue: 2 } }]);
    const d = base.decide(first!.state, { type: "visitor.message", at: 60_000, text: "在吗" }, explain);
    expect(find(d.trace, "queued")).toMatchObject({ verdict: "interval", until: 300_000, by: "Q-INTERVAL" });
    const stale = base.decide(first!.state, { type: "timer", at: 60_000, timer: "agentSilent", due: 50_000 } as EngineEvent, explain);
    expect(stale.trace).toMatchObject([{ kind: "agentSilent", verdict: "stale", by: "T-STALE" }]);
  });

  it("explains why a queue reply has no rule for the position", () => {
    const engine = compile({ agents: { a: {} }, app: { replies: { queued: { rules: [{ over: 10, messages: "long queue" }] } } } });
    const s = engine.start({ conversation: "c", channel: "web", online: ["a"] });
    const d = engine.decide(s, { type: "visitor.message", at: 0, text: "x", route: { queue: 3 } }, explain);
    expect(find(d.trace, "queued")).toMatchObject({ verdict: "noRule", by: "Q-RULES", detail: "no queue rule is for position 3: the lowest sends above 10" });
  });
});
