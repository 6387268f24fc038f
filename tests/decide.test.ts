import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConversationState, type EngineEvent } from "../src/core/index.js";
import { base, deepFreeze, kinds, play, refusal, specConfig } from "./helpers.js";

const start = (online: string[] = ["zhaoliu"]): ConversationState =>
  base.start({ conversation: "c1", channel: "web", visitor: { nickname: "小明" }, online });


describe("decide: outputs", () => {
  it("returns frozen plain data: state, replies, messages, dropped, timers", () => {
    const [d] = play(base, start(), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } }]);
    if (d === undefined) throw new Error("no decision");
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.state)).toBe(true);
    expect(Object.isFrozen(d.state.timers)).toBe(true);
    expect(Object.isFrozen(d.state.online)).toBe(true);
    expect(Object.isFrozen(d.replies[0])).toBe(true);
    expect(Object.isFrozen(d.replies[0]?.messages[0])).toBe(true);
    expect(Object.isFrozen(d.timers)).toBe(true);
    expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
  });

  it("gives every state the same fields in the same order, and never freezes a state the host made", () => {
    const s0 = start();
    const [d] = play(base, s0, [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } }]);
    expect(Object.keys(d?.state ?? {})).toEqual(Object.keys(s0));
    expect(Object.keys(d?.state.timers ?? {})).toEqual(Object.keys(s0.timers));
    // A state read back from JSON is plain and mutable: decide copies what it keeps of it.
    const stored = JSON.parse(JSON.stringify(d?.state)) as ConversationState;
    const next = base.decide(stored, { type: "agent.message", at: 1000 }).state;
    expect([Object.isFrozen(stored), Object.isFrozen(stored.online), Object.isFrozen(stored.timers)]).toEqual([false, false, false]);
    expect([Object.isFrozen(next.online), Object.isFrozen(next.timers)]).toEqual([true, true]);
    expect(next.online).not.toBe(stored.online);
    // The same with no timer pending (the record every such state shares).
    const idle = JSON.parse(JSON.stringify(s0)) as ConversationState;
    const after = base.decide(idle, { type: "visitor.opened", at: 0 }).state;
    expect([Object.isFrozen(idle.timers), Object.isFrozen(after.timers), after.timers === idle.timers]).toEqual([false, true, false]);
    expect(after.timers).toEqual(s0.timers);
    // Timers pending and none changed by the event: the host's record is copied and frozen, not kept.
    const waiting = JSON.parse(JSON.stringify(base.decide(d!.state, { type: "agent.message", at: 1000 }).state)) as ConversationState;
    const kept = base.decide(waiting, { type: "presence", at: 2000, online: [...waiting.online] }).state;
    expect(kept.timers).toEqual(waiting.timers);
    expect([Object.isFrozen(waiting.timers), Object.isFrozen(kept.timers), kept.timers === waiting.timers]).toEqual([false, true, false]);
  });

  it("keeps the state's online list when presence repeats it, and copies a host's list all the same", () => {
    const s0 = base.start({ conversation: "c", channel: "web", online: ["zhangsan", "zhaoliu"] });
    const same = base.decide(s0, { type: "presence", at: 0, online: ["zhangsan", "zhaoliu"] }).state;
    expect(same.online).toBe(s0.online);
    // The same agents in another order, or twice, give an equal list, sorted and without repeats.
    for (const online of [["zhaoliu", "zhangsan"], ["zhangsan", "zhaoliu", "zhangsan"]]) {
      const next = base.decide(s0, { type: "presence", at: 0, online }).state;
      expect(next.online).toEqual(["zhangsan", "zhaoliu"]);
      expect(Object.isFrozen(next.online)).toBe(true);
    }
    const stored = JSON.parse(JSON.stringify(s0)) as ConversationState;
    const next = base.decide(stored, { type: "presence", at: 0, online: ["zhangsan", "zhaoliu"] }).state;
    expect(next.online).not.toBe(stored.online);
    expect([Object.isFrozen(next.online), Object.isFrozen(stored.online)]).toEqual([true, false]);
  });

  it("sends a reply without placeholders as the compiled messages, and renders one with placeholders anew", () => {
    const config = (quota: number) => ({
      channels: { web: { quota } },
      agents: { a: { name: "A" } },
      app: { replies: { received: { messages: ["one", "two"] }, accepted: { messages: ["hi <<nick_name>>", "two"] } } },
    });
    const wide = compile(config(10));
    const s0 = wide.start({ conversation: "c", channel: "web", visitor: { nickname: "N" }, online: ["a"] });
    const first = wide.decide(s0, { type: "visitor.message", at: 0, text: "x" });
    const again = wide.decide(first.state, { type: "visitor.message", at: 1, text: "y" });
    expect(first.replies[0]?.kind).toBe("received");
    expect(again.replies[0]?.messages).toBe(first.replies[0]?.messages); // one frozen list, built by compile
    const served = wide.decide(s0, { type: "visitor.message", at: 0, text: "x", route: { agent: "a" } });
    expect(served.replies[0]?.messages.map((m) => m.text)).toEqual(["hi N", "two"]);
    // A quota of 1 cuts both kinds of list to a new frozen list of one.
    const narrow = compile(config(1));
    const n0 = narrow.start({ conversation: "c", channel: "web", visitor: { nickname: "M" }, online: ["a"] });
    for (const [event, text] of [
      [{ type: "visitor.message", at: 0, text: "x" }, "one"],
      [{ type: "visitor.message", at: 0, text: "x", route: { agent: "a" } }, "hi M"],
    ] as const) {
      const d = narrow.decide(n0, event as EngineEvent);
      expect(d.replies[0]?.messages.map((m) => m.text)).toEqual([text]);
      expect(Object.isFrozen(d.replies[0]?.messages)).toBe(true);
      expect(d.dropped).toMatchObject([{ reason: "quota", messages: 1 }]);
    }
  });

  it("returns every pending timer, earliest first, and the host feeds one back as a timer event", () => {
    const [first, second] = play(base, start(), [
      { type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } },
      { type: "agent.message", at: 60_000 },
    ]);
    expect(first?.timers).toEqual([{ timer: "agentSilent", due: 120_000 }]);
    expect(second?.timers).toEqual([
      { timer: "visitorSilent", due: 360_000 },
      { timer: "autoEnd", due: 660_000 },
    ]);
    const fired = base.decide(second!.state, { type: "timer", at: 360_000, timer: "visitorSilent", due: 360_000 });
    expect(kinds(fired)).toEqual(["visitorSilent"]);
    expect(fired.timers).toEqual([{ timer: "autoEnd", due: 660_000 }]);
  });

  it("lists timers earliest first, those due at the same time in TIMER_NAMES order", () => {
    const timers = (autoEnd: string) => {
      const engine = compile({ agents: { a: { name: "A" } }, app: { replies: { visitorSilent: { after: "5m", messages: "v" }, autoEnd: { after: autoEnd, messages: "e" } } } });
      const s0 = engine.start({ conversation: "c", channel: "web", online: ["a"] });
      const served = engine.decide(s0, { type: "visitor.message", at: 0, text: "x", route: { agent: "a" } }).state;
      return engine.decide(served, { type: "agent.message", at: 1000 }).timers;
    };
    expect(timers("5m")).toEqual([
      { timer: "visitorSilent", due: 301_000 },
      { timer: "autoEnd", due: 301_000 },
    ]);
    expect(timers("2m")).toEqual([
      { timer: "autoEnd", due: 121_000 },
      { timer: "visitorSilent", due: 301_000 },
    ]);
  });

  it("T-STALE: a timer that was cancelled does nothing and is reported stale", () => {
    const [first, second] = play(base, start(), [
      { type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } },
      { type: "agent.message", at: 60_000 },
    ]);
    const stale = base.decide(second!.state, { type: "timer", at: 120_000, timer: "agentSilent", due: first!.timers[0]!.due });
    expect(stale.replies).toEqual([]);
    expect(stale.dropped).toMatchObject([{ reason: "stale", by: "T-STALE" }]);
    expect(stale.state.timers).toEqual(second!.state.timers);
  });

  it("counts the quota and reports it after each decision", () => {
    const mini = base.start({ conversation: "c", channel: "miniprogram", online: ["zhaoliu"] });
    const [d] = play(base, mini, [{ type: "visitor.message", at: 0, text: "在吗", route: { queue: 1 } }]);
    expect(d?.quota).toEqual({ used: 2, limit: 5, reserve: 0, until: null });
  });
});

describe("decide: bad input is refused with a typed error and the state untouched (ERR-UNTOUCHED)", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an unknown event type", { type: "visitor.shouted", at: 0 }, "EVENT_INVALID"],
    ["a missing at", { type: "visitor.opened" }, "EVENT_INVALID"],
    ["a fractional at", { type: "visitor.opened", at: 1.5 }, "EVENT_INVALID"],
    ["a missing text", { type: "visitor.message", at: 0, route: { agent: "zhaoliu" } }, "EVENT_INVALID"],
    ["a field the event does not take", { type: "visitor.opened", at: 0, text: "x" }, "EVENT_INVALID"],
    ["a refusal with no reason the platforms give", { type: "channel.refused", at: 0, reason: "later" }, "EVENT_INVALID"],
    ["a bad route", { type: "visitor.message", at: 0, text: "x", route: { somewhere: 1 } }, "EVENT_INVALID"],
    ["queue position 0", { type: "visitor.message", at: 0, text: "x", route: { queue: 0 } }, "EVENT_INVALID"],
    ["an unknown agent", { type: "agent.accepted", at: 0, agent: "nobody" }, "UNKNOWN_AGENT"],
    ["an unknown agent in presence", { type: "presence", at: 0, online: ["zhaoliu", "ghost"] }, "UNKNOWN_AGENT"],
    ["an unknown group", { type: "visitor.message", at: 0, text: "x", route: { queue: 1, group: "ghosts" } }, "UNKNOWN_GROUP"],
    ["accepting a visitor not queued", { type: "agent.accepted", at: 0, agent: "zhaoliu" }, "EVENT_OUT_OF_ORDER"],
    ["a transfer outside the robot", { type: "visitor.transfer", at: 0, route: { agent: "zhaoliu" } }, "EVENT_OUT_OF_ORDER"],
    ["ending with no session", { type: "agent.ended", at: 0 }, "EVENT_OUT_OF_ORDER"],
    ["a timer fed before it is due", { type: "timer", at: 5, timer: "agentSilent", due: 10 }, "EVENT_INVALID"],
    ["not an object", "visitor.opened" as unknown as Record<string, unknown>, "EVENT_INVALID"],
  ];
  for (const [what, event, code] of cases) {
    it(`${what}: ${code}`, () => {
      const state = deepFreeze(start());
      const before = JSON.stringify(state);
      const error = refusal(() => base.decide(state, event as unknown as EngineEvent));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(/^\[autoreply\] /);
      expect(JSON.stringify(state)).toBe(before);
    });
  }

  it("TIME_BACKWARDS: an event before the previous one", () => {
    const [d] = play(base, start(), [{ type: "visitor.opened", at: 1000 }]);
    expect(refusal(() => base.decide(d!.state, { type: "visitor.opened", at: 999 })).code).toBe("TIME_BACKWARDS");
  });

  it("STATE_INVALID: a state of another version or shape", () => {
    const state = start();
    expect(refusal(() => base.decide({ ...state, v: 4 } as unknown as ConversationState, { type: "visitor.opened", at: 0 })).code).toBe("STATE_INVALID");
    expect(refusal(() => base.decide(null as unknown as ConversationState, { type: "visitor.opened", at: 0 })).code).toBe("STATE_INVALID");
  });

  it("UNKNOWN_CHANNEL: start() on a channel the config does not know", () => {
    expect(refusal(() => base.start({ conversation: "c", channel: "fax" })).code).toBe("UNKNOWN_CHANNEL");
  });
});

describe("decide: hostile text", () => {
  const serving = () => play(base, start(), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } }])[0]!.state;

  it("LIMIT-TEXT: a 1 MB message is matched on its first limits.text characters, and the trace says so", () => {
    const text = `${"啊".repeat(1_000_000)}价格表`;
    const d = base.decide(serving(), { type: "visitor.message", at: 1, text }, { explain: true });
    expect(kinds(d)).toEqual([]);
    expect(d.trace?.find((t) => t.verdict === "cut")?.detail).toBe("matching read the first 4096 of 1000003 characters of the message (limits.text is 4096)");
    expect(kinds(base.decide(serving(), { type: "visitor.message", at: 1, text: `价格表${text}` }))).toEqual(["keyword"]);
    // A config that wants the whole message read says so.
    const whole = compile({ ...(specConfig("rules/base.config.yaml") as object), limits: { text: 2_000_000 } });
    const state = play(whole, whole.start({ conversation: "c", channel: "web", online: ["zhaoliu"] }), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "zhaoliu" } }])[0]!.state;
    expect(kinds(whole.decide(state, { type: "visitor.message", at: 1, text }))).toEqual(["keyword"]);
  });

  it("emoji, combining marks, zero-width joiners and mixed scripts around a keyword still match it", () => {
    for (const text of ["👨‍👩‍👧 价格表 🎉", "ｃａｆé 价格表", "e\u0301\u0301 价格表 مرحبا", "\u200b价格表\u200b", "\uD800 lone surrogate 价格表"]) {
      expect(kinds(base.decide(serving(), { type: "visitor.message", at: 1, text })), text).toEqual(["keyword"]);
    }
  });

  it("an empty message is an ordinary message that matches nothing", () => {
    const d = base.decide(serving(), { type: "visitor.message", at: 1, text: "" });
    expect(d.replies).toEqual([]);
    expect(d.timers.map((t) => t.timer)).toContain("agentSilent");
  });
});
