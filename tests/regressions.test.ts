/**
 * Defects found by random and tampered events (issue 27), each kept as a named regression test that
 * fails without its fix. The model-based tests of tests/properties.test.ts were extended so that they
 * would have found each of them too.
 */
import { describe, expect, it } from "vitest";
import { compile, type ConversationState, type EngineEvent } from "../src/core/index.js";
import { play, refusal } from "./helpers.js";

const MIN = 60_000;

describe("issue 27, defect 1: a state from another config is adapted into one the engine accepts", () => {
  const a = compile({ agents: { a0: {} }, channels: { web: { quota: 6 } } });
  const b = compile({ preset: "wechat2023", agents: { a0: {} } });

  it("takes the limit the new channel opens (web unlimited under wechat2023), and the next event decides", () => {
    const [d] = play(a, a.start({ conversation: "c", channel: "web", online: ["a0"] }), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "a0" } }]);
    expect(d!.state.quotaLimit).toBe(6);
    const adapted = b.decide(d!.state, { type: "presence", at: 1000, online: ["a0"] });
    expect(adapted.state.quotaLimit).toBeNull();
    expect(adapted.state.config).toBe(b.fingerprint);
    // It used to throw STATE_INVALID ("expected a limit channel web opens: 0, null") here, and on every later event.
    const next = b.decide(adapted.state, { type: "visitor.message", at: 2000, text: "还在吗" });
    expect(next.state.phase).toBe("serving");
  });

  it("a limit between two the channel opens is cut to the lower one (3 under a quota of 5 and a small window of 2 becomes 2)", () => {
    const three = compile({ agents: { a0: {} }, channels: { miniprogram: { quota: 3 } } });
    const [d] = play(three, three.start({ conversation: "c", channel: "miniprogram", online: ["a0"] }), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "a0" } }]);
    const adapted = b.decide(d!.state, { type: "agent.message", at: 1000 });
    expect(adapted.state.quotaLimit).toBe(2);
    expect(() => b.decide(adapted.state, { type: "agent.message", at: 2000 })).not.toThrow();
  });

  it("a state with no event yet takes the quota start gives under the new config (found by tests/model-changes.test.ts)", () => {
    // seed003's official account counts 20 and never expires; under seed004 a conversation starts with the window closed.
    const fresh = compile({ agents: { a0: {} } }).start({ conversation: "c", channel: "official_account" });
    const seed004 = compile({ preset: "seed004", agents: { a0: {} } });
    const menu = seed004.decide(fresh, { type: "visitor.menu", at: 1000, key: "faq" });
    expect([menu.state.quotaLimit, menu.state.quotaUntil]).toEqual([5, 1000 + 48 * 60 * MIN]);
    const untouched = seed004.decide(fresh, { type: "presence", at: 1000, online: [] });
    expect([untouched.state.quotaLimit, untouched.state.quotaUntil]).toEqual([0, null]);
  });

  it("a window that expires is dropped on a channel whose count does not expire", () => {
    const [d] = play(b, b.start({ conversation: "c", channel: "miniprogram", online: ["a0"] }), [{ type: "visitor.message", at: 0, text: "在吗", route: { agent: "a0" } }]);
    expect(d!.state.quotaUntil).toBe(48 * 60 * MIN);
    const seed003 = compile({ agents: { a0: {} } });
    const adapted = seed003.decide(d!.state, { type: "agent.message", at: 1000 });
    expect([adapted.state.quotaLimit, adapted.state.quotaUntil]).toEqual([5, null]);
    expect(() => seed003.decide(adapted.state, { type: "agent.message", at: 2000 })).not.toThrow();
  });
});

describe("issue 27, defect 2: entering the chat never lowers what the open 48-hour window allows", () => {
  const engine = compile({
    preset: "wechat2023",
    agents: { a0: {} },
    channels: { miniprogram: { dedupe: null, perVisitorMessage: null } },
    app: { replies: { visitorSilent: { after: "5m", messages: "还在吗?" } } },
  });

  it("keeps the 48 hours, with the small window's 2 messages, when the message left fewer (4 of 5 used)", () => {
    const events: EngineEvent[] = [
      { type: "visitor.message", at: 0, text: "在吗", route: { agent: "a0" } },
      ...[1, 2, 3, 4].map((i): EngineEvent => ({ type: "agent.message", at: i * 1000, agent: "a0" })),
      { type: "visitor.opened", at: 14_000 },
    ];
    const decisions = play(engine, engine.start({ conversation: "c", channel: "miniprogram", online: ["a0"] }), events);
    const opened = decisions.at(-1)!.state;
    expect(opened.quotaUsed).toBe(0);
    expect(opened.quotaLimit).toBe(2);
    // It became 0 of 2 until +1 minute, and visitorSilent (5 minutes after the agent's last message) was cut (W-48H).
    expect(opened.quotaUntil).toBe(48 * 60 * MIN);
    const [due] = decisions.at(-1)!.timers.filter((t) => t.timer === "visitorSilent");
    const silent = engine.decide(opened, { type: "timer", at: due!.due, timer: "visitorSilent", due: due!.due });
    expect(silent.replies.map((r) => r.kind)).toEqual(["visitorSilent"]);
  });
});

describe("issue 27, defect 3: a redelivered dismissal is recognised before the dismissal's check", () => {
  it("is a redelivery, not EVENT_OUT_OF_ORDER, after the reply it dismissed is forgotten", () => {
    const engine = compile({ agents: { a0: {} }, app: { replies: { opened: { id: "welcome", messages: "欢迎", dismiss: "1h" }, manualEnd: { messages: "再见" } } } });
    const dismissal: EngineEvent = { type: "visitor.dismissed", at: 2000, id: "d1", rule: "welcome" };
    const decisions = play(engine, engine.start({ conversation: "c", channel: "web", online: ["a0"] }), [
      { type: "visitor.opened", at: 1000, id: "o1" },
      dismissal,
      { type: "visitor.message", at: 3000, text: "在吗", route: { agent: "a0" } },
      { type: "agent.ended", at: 2 * 60 * MIN },
      { type: "visitor.message", at: 3 * 60 * MIN, text: "又来了" },
    ]);
    const state = decisions.at(-1)!.state;
    const again = engine.decide(state, dismissal);
    expect(again.dropped.map((d) => [d.reason, d.by])).toEqual([["redelivered", "EVENT-REDELIVERED"]]);
    expect(again.state).toEqual(state);
    // A first delivery of the same dismissal is still refused: the reply was sent too long ago.
    expect(refusal(() => engine.decide(state, { ...dismissal, id: "d2", at: 3 * 60 * MIN })).code).toBe("EVENT_OUT_OF_ORDER");
  });
});

describe("issue 27, defect 4: a keyword answer cancels another agent's pending agentSilent (S-KW-AGENTSILENT)", () => {
  it("cancels the timer a2's message armed when a0, who sets no agentSilent, gets the keyword reply", () => {
    const engine = compile({
      agents: { a0: {}, a2: { replies: { agentSilent: { after: "1h", messages: "稍等", backup: { after: "2h", alert: true } } } } },
      app: { replies: { keyword: [{ id: "hi", match: { any: "hello" }, messages: "你好!" }] } },
    });
    const [armed, answered] = play(engine, engine.start({ conversation: "c", channel: "web", online: ["a0", "a2"] }), [
      { type: "visitor.message", at: 0, text: "在吗", route: { agent: "a2" } },
      { type: "visitor.message", at: 1000, text: "hello", route: { agent: "a0" } },
    ]);
    expect(armed!.timers.map((t) => t.timer)).toEqual(["agentSilent", "backup"]);
    expect(answered!.replies.map((r) => r.kind)).toEqual(["keyword"]);
    expect(answered!.state.timers).toEqual({ agentSilent: null, visitorSilent: null, autoEnd: null, idleEnd: null, backup: null } satisfies ConversationState["timers"]);
  });
});

describe("issue 27, smaller findings: stored states", () => {
  const engine = compile({ agents: { a0: {}, a1: {} }, app: { replies: { received: { messages: "收到" } } } });
  const [first] = play(engine, engine.start({ conversation: "c", channel: "web", online: ["a0"] }), [{ type: "visitor.message", at: 0, text: "在吗", id: "m1", route: { agent: "a0" } }]);
  const state = first!.state;
  const next: EngineEvent = { type: "agent.message", at: 1000 };

  it("refuses a state whose fields are inherited (Object.create) or set on a class instance", () => {
    const inherited = Object.create(JSON.parse(JSON.stringify(state)) as object) as ConversationState;
    expect(refusal(() => engine.decide(inherited, next)).code).toBe("STATE_INVALID");
    class Stored {
      constructor(fields: object) {
        Object.assign(this, fields);
      }
    }
    expect(refusal(() => engine.decide(new Stored(JSON.parse(JSON.stringify(state)) as object) as unknown as ConversationState, next)).code).toBe("STATE_INVALID");
    const timers = Object.create(JSON.parse(JSON.stringify(state.timers)) as object) as object;
    expect(refusal(() => engine.decide({ ...JSON.parse(JSON.stringify(state)), timers } as ConversationState, next)).code).toBe("STATE_INVALID");
    const memory = Object.create(JSON.parse(JSON.stringify(state.memory)) as object) as object;
    expect(refusal(() => engine.decide({ ...JSON.parse(JSON.stringify(state)), memory } as ConversationState, next)).code).toBe("STATE_INVALID");
    // Plain data of a prototype-less object is taken: what JSON gives in another realm.
    const bare = Object.assign(Object.create(null) as object, JSON.parse(JSON.stringify(state)) as object) as ConversationState;
    expect(engine.decide(bare, next).state.quotaUsed).toBe(state.quotaUsed + 1);
  });

  it("migrates the memory a version 1 state carries, so a redelivered id sends nothing again", () => {
    const { dnd: _dnd, config: _config, ...v2 } = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    const v1 = { ...v2, v: 1 } as unknown as ConversationState;
    const again = engine.decide(v1, { type: "visitor.message", at: 0, text: "在吗", id: "m1" });
    expect(again.dropped.map((d) => d.reason)).toEqual(["redelivered"]);
    expect(again.replies).toEqual([]);
  });

  it("takes a dnd list naming an agent who went offline: the engine writes one itself (a presence without dnd keeps the list, D-STATE)", () => {
    const [dnd, offline] = play(engine, state, [
      { type: "presence", at: 1000, online: ["a0", "a1"], dnd: ["a1"] },
      { type: "presence", at: 2000, online: ["a0"] },
    ]);
    expect(dnd!.state.dnd).toEqual(["a1"]);
    expect(offline!.state.dnd).toEqual(["a1"]);
    expect(() => engine.decide(JSON.parse(JSON.stringify(offline!.state)) as ConversationState, { type: "agent.message", at: 3000 })).not.toThrow();
  });
});

describe("issue 27, smaller findings: a masked nickname is not kept unmasked in the state (C-MASK-VALUES)", () => {
  it("stores the nickname masked when masking applies, and renders it the same", () => {
    const reply = { accepted: { messages: "<<nick_name>>,你好" } };
    const masked = compile({ agents: { a0: {} }, app: { replies: reply } });
    const state = masked.start({ conversation: "c", channel: "web", visitor: { nickname: "13812345678" }, online: ["a0"] });
    expect(state.nickname).toBe("138****5678");
    const d = masked.decide(state, { type: "visitor.message", at: 0, text: "在吗", route: { agent: "a0" } });
    expect(d.replies[0]?.messages[0]?.text).toBe("138****5678,你好");
    expect(JSON.stringify(d)).not.toContain("13812345678");
    // Without masking the nickname is kept as given.
    const plain = compile({ agents: { a0: {} }, compliance: { mask: { values: false } }, app: { replies: reply } });
    expect(plain.start({ conversation: "c", channel: "web", visitor: { nickname: "13812345678" } }).nickname).toBe("13812345678");
  });
});
