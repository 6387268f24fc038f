import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConversationState, type EngineEvent } from "../src/core/index.js";
import { soundSettings, validateState } from "../src/core/pipeline/validate-state.js";
import { ROOT, base, deepFreeze, play, refusal, specConfig } from "./helpers.js";

/** A state read back from storage: JSON, possibly edited by hand. */
type Stored = Record<string, unknown>;


/** A miniprogram conversation (quota 5) served by zhaoliu, who answered once: 1 of 5 used. */
function served(): ConversationState {
  const start = base.start({ conversation: "c1", channel: "miniprogram", visitor: { nickname: "小明" }, online: ["zhaoliu"] });
  const [, d] = play(base, start, [
    { type: "visitor.message", at: 1000, text: "在吗", route: { agent: "zhaoliu" } },
    { type: "agent.message", at: 2000 },
  ]);
  return d!.state;
}

const stored = (state: ConversationState): Stored => JSON.parse(JSON.stringify(state)) as Stored;
const decideStored = (state: Stored, event: EngineEvent) => base.decide(state as unknown as ConversationState, event);
const opened: EngineEvent = { type: "visitor.opened", at: 10_000 };

describe("STATE-CHECK: states read back from storage: every field is checked", () => {
  // Each row: a field set to a bad value, and the path the error must name. From issue 9.
  const rows: [string, (s: Stored) => void, string][] = [
    ["a negative quota count (it sent 7 messages on a quota of 5)", (s) => (s["quotaUsed"] = -100), "quotaUsed"],
    ["a quota count that is text", (s) => (s["quotaUsed"] = "abc"), "quotaUsed"],
    ["timers without their names", (s) => (s["timers"] = {}), "timers.agentSilent"],
    ["timers: null", (s) => (s["timers"] = null), "timers"],
    ["a time that is text", (s) => (s["at"] = "yesterday"), "at"],
    ["a nickname that is a number", (s) => (s["nickname"] = 5), "nickname"],
    ["an agent the config does not name", (s) => (s["agent"] = "nobody"), "agent"],
    ["an unknown field", (s) => (s["quotaUsd"] = 1), "quotaUsd"],
    ["a phase that is not one", (s) => (s["phase"] = "waiting"), "phase"],
    ["a timer pending outside serving", (s) => Object.assign(s, { phase: "ended", agent: null }), "timers.visitorSilent"],
    ["a quota limit this channel never opens", (s) => (s["quotaLimit"] = 1000), "quotaLimit"],
    ["an unlimited quota on a limited channel", (s) => (s["quotaLimit"] = null), "quotaLimit"],
    ["an online list with a stranger", (s) => (s["online"] = ["intruder"]), "online[0]"],
    ["an online list out of order", (s) => (s["online"] = ["zhaoliu", "zhangsan"]), "online[1]"],
    ["a phase that presence contradicts", (s) => (s["online"] = []), "phase"],
    ["a queue position while served", (s) => (s["position"] = 3), "position"],
    ["a time past the bound", (s) => (s["at"] = Number.MAX_SAFE_INTEGER), "at"],
    ["a reply sent after the last event", (s) => (s["lastOfflineAt"] = 99_999_999), "lastOfflineAt"],
    ["a nickname longer than the cap", (s) => (s["nickname"] = "x".repeat(65)), "nickname"],
    ["an empty conversation id", (s) => (s["conversation"] = ""), "conversation"],
  ];
  for (const [what, spoil, path] of rows) {
    it(`STATE_INVALID names the path: ${what}`, () => {
      const state = stored(served());
      spoil(state);
      const before = JSON.stringify(state);
      const error = refusal(() => decideStored(state, opened));
      expect(error.code).toBe("STATE_INVALID");
      expect(error.issues.map((i) => i.path)).toContain(path);
      for (const issue of error.issues) expect(issue.hint.length).toBeGreaterThan(0);
      expect(JSON.stringify(state)).toBe(before);
    });
  }

  it("a state decide returned, and the same read back from JSON, take the fast path", () => {
    expect(soundSettings(base.config, served())).toBeDefined();
    expect(soundSettings(base.config, stored(served()))).toBeDefined();
    expect(soundSettings(base.config, base.start({ conversation: "c", channel: "web" }))).toBeDefined();
  });

  it("a valid stored state decides exactly as the state decide returned", () => {
    const state = served();
    const event: EngineEvent = { type: "timer", at: 1_000_000, timer: "visitorSilent", due: state.timers.visitorSilent! };
    expect(decideStored(stored(state), event)).toEqual(base.decide(state, event));
  });

  it("every state carries the fingerprint of the config that made it", () => {
    expect(served().config).toBe(base.fingerprint);
    expect(base.fingerprint).toMatch(/^c1-[\w-]{11}$/);
    // $schema does not change it; a value does, and so does the order keys are written in.
    const a = compile({ agents: { x: { name: "X" } }, reserveForAgents: 1 });
    const b = compile({ $schema: "./schema.json", agents: { x: { name: "X" } }, reserveForAgents: 1 });
    const c = compile({ agents: { x: { name: "Y" } }, reserveForAgents: 1 });
    const d = compile({ reserveForAgents: 1, agents: { x: { name: "X" } } });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.fingerprint).not.toBe(d.fingerprint);
  });
});

describe("a stored state and a new config", () => {
  const config = (quota: number | "unlimited") => ({
    channels: { official_account: { quota } },
    agents: { a: { name: "甲" } },
    app: { replies: { received: { messages: ["r1", "r2", "r3"] }, opened: { messages: ["o1", "o2", "o3", "o4"] } } },
  });

  it("a state of another config is adapted: its quota cut to what this config allows", () => {
    const old = compile(config(20));
    const next = compile(config(3));
    let state = old.start({ conversation: "c", channel: "official_account", online: ["a"] });
    state = old.decide(state, { type: "visitor.message", at: 0, text: "hi", route: { queue: 1 } }).state;
    expect([state.quotaLimit, state.quotaUsed]).toEqual([20, 3]);
    const d = next.decide(state, { type: "visitor.opened", at: 1 });
    // 3 received were sent under the old config: none of the opened fits the new quota of 3.
    expect(d.replies).toEqual([]);
    expect(d.dropped.map((x) => [x.kind, x.reason, x.messages])).toEqual([["opened", "quota", 4]]);
    expect(d.state.config).toBe(next.fingerprint);
    expect(d.state.quotaLimit).toBe(3);
  });

  it("a state of this config with the same numbers is refused, not adapted", () => {
    const next = compile(config(3));
    const state = { ...stored(next.start({ conversation: "c", channel: "official_account" })), quotaLimit: 20 };
    expect(refusal(() => next.decide(state as unknown as ConversationState, { type: "visitor.opened", at: 1 })).code).toBe("STATE_INVALID");
  });

  it("a state saved by release 0.1 (no fingerprint) is taken as one of another config", () => {
    const state = stored(served());
    delete state["config"];
    const d = decideStored(state, opened);
    expect(d.state.config).toBe(base.fingerprint);
    expect(d.state.phase).toBe("serving");
  });

  it("a state whose agent the new config no longer has is refused with a hint", () => {
    const old = compile({ agents: { a: {}, b: {} } });
    const next = compile({ agents: { a: {} } });
    const state = old.decide(old.start({ conversation: "c", channel: "web", online: ["b"] }), { type: "visitor.message", at: 0, text: "x", route: { agent: "b" } }).state;
    const error = refusal(() => next.decide(state, { type: "visitor.opened", at: 1 }));
    expect(error.code).toBe("STATE_INVALID");
    expect(error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(["agent", "online[0]"]));
    expect(error.message).toContain("end the conversation");
  });
});

describe("property: whatever comes in as a state, a typed error or a decision within quota", () => {
  const engine = compile({
    channels: { miniprogram: { quota: 5 } },
    reserveForAgents: 1,
    agents: { a1: { group: "g" }, a2: {} },
    groups: { g: {} },
    app: { replies: { received: { messages: ["r1", "r2"] }, opened: { messages: ["o1", "o2", "o3"] }, offline: { messages: ["off1", "off2"] }, queued: { messages: ["q1", "q2"] } } },
  });
  const valid = deepFreeze(stored(engine.decide(engine.start({ conversation: "c", channel: "miniprogram", online: ["a1"] }), { type: "visitor.message", at: 5, text: "hi", route: { queue: 2 } }).state));
  const fields = Object.keys(valid);
  const events: EngineEvent[] = [
    { type: "visitor.opened", at: 100 },
    { type: "visitor.message", at: 100, text: "hi" },
    { type: "presence", at: 100, online: ["a2"] },
    { type: "agent.message", at: 100 },
  ];
  const stateArb = fc.oneof(
    fc.anything(),
    // A valid state with some fields replaced by arbitrary JSON (or removed), and maybe a field added.
    fc.tuple(fc.dictionary(fc.constantFrom(...fields, "extra"), fc.oneof(fc.jsonValue(), fc.constant(undefined)), { maxKeys: 3 }), fc.boolean()).map(([changes, drop]) => {
      const s: Stored = { ...valid, ...changes };
      if (drop) delete s["config"];
      return s;
    }),
    // Numbers near the edges in the quota fields.
    fc.record({ quotaUsed: fc.integer({ min: -10, max: 10 }), quotaLimit: fc.option(fc.integer({ min: -1, max: 50 })), quotaUntil: fc.option(fc.integer({ min: 0, max: 10 })) }).map((q) => ({ ...valid, ...q })),
  );

  // Found by the property below (seed -1132833305): a phase that is JSON { "toString": [] } made the
  // message of another problem call String() on it, which threw a TypeError instead of STATE_INVALID.
  it("regression: a phase that is an object with a toString key is STATE_INVALID, not a TypeError", () => {
    const state = { ...valid, phase: JSON.parse('{"toString":[]}') as unknown, waitingIn: null, position: 2 } as unknown as ConversationState;
    let error: unknown;
    try {
      engine.decide(state, { type: "visitor.opened", at: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AutoreplyError);
    expect((error as AutoreplyError).code).toBe("STATE_INVALID");
    expect((error as AutoreplyError).issues.map((i) => i.path)).toContain("phase");
  });

  it("never throws anything but STATE_INVALID or UNKNOWN_CHANNEL, and never sends past the quota less the reserve", () => {
    fc.assert(
      fc.property(stateArb, fc.constantFrom(...events), (state, event) => {
        const snapshot = JSON.stringify(state);
        // The fast path says "sound" only of a state the full check takes as it is.
        const fast = soundSettings(engine.config, state);
        if (fast !== undefined) {
          const full = validateState(engine.config, state);
          expect(full.state).toBe(state);
          expect(full.settings).toBe(fast);
        }
        let sent = 0;
        let usedAfter = 0;
        try {
          const d = engine.decide(state as unknown as ConversationState, event);
          sent = d.replies.reduce((n, r) => n + r.messages.length, 0);
          usedAfter = d.quota.used;
          expect(Object.isFrozen(d.state)).toBe(true);
          // The decision's state is one this engine takes back.
          expect(() => engine.decide(d.state, { type: "visitor.opened", at: 200 })).not.toThrow();
        } catch (e) {
          expect(e).toBeInstanceOf(AutoreplyError);
          expect(["STATE_INVALID", "UNKNOWN_CHANNEL", "TIME_BACKWARDS"]).toContain((e as AutoreplyError).code);
        }
        // Quota 5, 1 reserved: automatic messages never take the count past 4.
        if (sent > 0) expect(usedAfter).toBeLessThanOrEqual(4);
        expect(sent).toBeLessThanOrEqual(4);
        expect(JSON.stringify(state)).toBe(snapshot);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("a pending timer under a new config", () => {
  it("fires and sends nothing when the new config no longer sets its reply", () => {
    const old = compile({ agents: { a: {} }, app: { replies: { agentSilent: { after: "2m", messages: "wait" } } } });
    const next = compile({ agents: { a: {} } });
    const d = old.decide(old.start({ conversation: "c", channel: "web", online: ["a"] }), { type: "visitor.message", at: 0, text: "hi", route: { agent: "a" } });
    const [timer] = d.timers;
    const fired = next.decide(d.state, { type: "timer", at: timer!.due, timer: timer!.timer, due: timer!.due }, { explain: true });
    expect(fired.replies).toEqual([]);
    expect(fired.trace?.map((t) => [t.kind, t.verdict])).toEqual([["agentSilent", "notConfigured"]]);
  });
});

describe("states of earlier versions are migrated: v1 (release 0.1.0) and v2 (before locale and facts)", () => {
  const fixture = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "states-v1.json"), "utf8")) as {
    cases: { state: Stored; event: EngineEvent; replies: [string, string, string[]][]; next: { phase: string; quotaUsed: number; timers: unknown } }[];
  };
  const seed = compile(specConfig("seed-003.config.yaml"));

  it("has v1 states of every phase the seed config reaches", () => {
    expect(new Set(fixture.cases.map((c) => c.state["v"]))).toEqual(new Set([1]));
    expect(new Set(fixture.cases.map((c) => c.state["phase"])).size).toBeGreaterThanOrEqual(4);
  });

  it("decides each v1 state and its next event as 0.1.0 did, and returns a state of this version", () => {
    for (const c of fixture.cases) {
      const d = seed.decide(c.state as unknown as ConversationState, c.event);
      expect(d.replies.map((r) => [r.kind, r.rule, r.messages.map((m) => m.text)]), JSON.stringify(c.event)).toEqual(c.replies);
      // Version 2 has one more timer, backup (E-BACKUP), never pending for the seed's config.
      expect({ phase: d.state.phase, quotaUsed: d.state.quotaUsed, timers: d.state.timers }).toEqual({ ...c.next, timers: { ...(c.next.timers as object), backup: null } });
      expect([d.state.v, d.state.config, d.state.memory.seen, d.state.locale, d.state.facts]).toEqual([3, seed.fingerprint, "", null, []]);
      // Nobody in do-not-disturb (D-STATE), the list in its place after online, as every state has it.
      expect(d.state.dnd).toEqual([]);
      expect(Object.keys(d.state).indexOf("dnd")).toBe(Object.keys(d.state).indexOf("online") + 1);
    }
  });
});

describe("state v3: a v2 state (no locale, no facts) is migrated", () => {
  const seed = compile(specConfig("seed-003.config.yaml"));

  it("decides a v2 state as the same state of this version, a visitor of no known language and no facts", () => {
    const s0 = seed.start({ conversation: "c", channel: "web", online: ["zhangsan"] });
    const d1 = seed.decide(s0, { type: "visitor.message", at: 0, text: "在吗", route: { queue: 1 } });
    const { locale: _l, facts: _f, ...rest } = d1.state;
    const v2 = { ...rest, v: 2 } as unknown as ConversationState;
    const next = { type: "agent.accepted", at: 1000, agent: "zhangsan" } as const;
    const fromV2 = seed.decide(v2, next);
    const fromV3 = seed.decide(d1.state, next);
    expect(fromV2.replies).toEqual(fromV3.replies);
    expect(fromV2.state).toEqual(fromV3.state);
    expect([fromV2.state.v, fromV2.state.locale, fromV2.state.facts]).toEqual([3, null, []]);
  });
});

describe("EVENT-REDELIVERED: an event whose id was seen sends nothing again", () => {
  const start = () => base.start({ conversation: "c", channel: "web", online: ["zhangsan"] });

  it("the same id again: no replies, the same state, one dropped entry", () => {
    const first = base.decide(start(), { type: "visitor.message", id: "m1", at: 0, text: "在吗", route: { queue: 1 } });
    expect(first.replies.length).toBeGreaterThan(0);
    const again = base.decide(first.state, { type: "visitor.message", id: "m1", at: 0, text: "在吗", route: { queue: 1 } }, { explain: true });
    expect(again.replies).toEqual([]);
    expect(again.state).toEqual(first.state);
    expect(again.dropped).toEqual([{ kind: "event", reason: "redelivered", messages: 0, by: "EVENT-REDELIVERED", detail: 'event id "m1" was applied before (a redelivery): nothing is sent again, the state is as it was' }]);
    expect(again.trace?.map((t) => [t.kind, t.verdict, t.by])).toEqual([["event", "redelivered", "EVENT-REDELIVERED"]]);
  });

  it("is recognised after later events, though it carries an earlier time (no TIME_BACKWARDS)", () => {
    let s = base.decide(start(), { type: "visitor.message", id: "m1", at: 1000, text: "a", route: { queue: 1 } }).state;
    s = base.decide(s, { type: "visitor.message", id: "m2", at: 2000, text: "b" }).state;
    const again = base.decide(s, { type: "visitor.message", id: "m1", at: 1000, text: "a", route: { queue: 1 } });
    expect([again.replies, again.state.at]).toEqual([[], 2000]);
    // Without an id, an event that early is refused as before.
    expect(refusal(() => base.decide(s, { type: "visitor.message", at: 1000, text: "a" })).code).toBe("TIME_BACKWARDS");
  });

  it("remembers the last 16 ids as hashes, never the ids themselves, and forgets the oldest", () => {
    let s = start();
    for (let i = 0; i < 40; i++) s = base.decide(s, { type: "visitor.message", id: `msgid-${"x".repeat(200)}-${i}`, at: i, text: "hi" }).state;
    expect(s.memory.seen).toHaveLength(16 * 11);
    expect(JSON.stringify(s)).not.toContain("msgid");
    expect(JSON.stringify(s).length).toBeLessThan(1024);
    // The 24th is still known; the 23rd is forgotten, so it is decided again.
    expect(base.decide(s, { type: "visitor.message", id: `msgid-${"x".repeat(200)}-24`, at: 50, text: "hi" }).dropped[0]?.reason).toBe("redelivered");
    expect(base.decide(s, { type: "visitor.message", id: `msgid-${"x".repeat(200)}-23`, at: 50, text: "hi" }).dropped.some((d) => d.reason === "redelivered")).toBe(false);
  });

  it("an id of the wrong type is EVENT_INVALID, the state untouched", () => {
    const s = start();
    for (const id of [5, "", null, "x".repeat(257)]) {
      expect(refusal(() => base.decide(s, { type: "visitor.opened", at: 0, id } as unknown as EngineEvent)).message).toMatch(/"id" should be the platform's message id, as text/);
    }
  });

  it("a stored memory that is not one decide wrote is STATE_INVALID, one defect at a time", () => {
    const hash = "AbCdEfGhIjK";
    const ok = { seen: hash.repeat(2), auto: 0, sent: [`${hash}lqeh4ia0`], fired: [`${hash}lqeh4ia0`], dismissed: [], replies: [1_700_000_000_000], page: `${hash}lqeh4ia0`, ended: null, unanswered: 2, repeat: `${hash}lqeh4ia0`, repeats: 2, muted: 1_700_000_000_000, tags: hash, marks: [`${hash}lqeh4ia0`], prompt: `${hash}lqeh4ia0`, closed: 1_700_000_000_000, survey: `${hash}lqeh4ia0`, rated: 1_700_000_000_000 };
    // The baseline is taken, so each case below fails for its one defect.
    expect(() => decideStored({ ...stored(served()), memory: ok }, opened)).not.toThrow();
    const bad = [
      { ...ok, seen: "not-a-hash" },
      { ...ok, seen: hash.repeat(17) },
      { ...ok, extra: 1 },
      { ...ok, auto: -1 },
      { ...ok, sent: [["0123456789abcdef", 5]] },
      { ...ok, sent: [`${hash}${"9".repeat(12)}`] },
      { ...ok, fired: Array.from({ length: 17 }, () => `${hash}lqeh4ia0`) },
      { ...ok, replies: Array.from({ length: 11 }, () => 1) },
      { ...ok, page: [hash, 5] },
      { ...ok, ended: "yesterday" },
      { ...ok, unanswered: -1 },
      { ...ok, repeat: "x" },
      { ...ok, repeats: 0 },
      { ...ok, repeat: null },
      { ...ok, muted: "soon" },
      { ...ok, tags: hash.repeat(17) },
      { ...ok, tags: "short" },
      { ...ok, marks: ["x"] },
      { ...ok, prompt: "x" },
      { ...ok, closed: -1 },
      { ...ok, survey: 5 },
      { ...ok, rated: "now" },
      { ...ok, survey: null },
      { ...ok, marks: Array.from({ length: 9 }, () => `${hash}lqeh4ia0`) },
      { seen: "" },
      null,
    ];
    for (const memory of bad) {
      const error = refusal(() => decideStored({ ...stored(served()), memory }, opened));
      expect(error.issues.map((i) => i.path), JSON.stringify(memory)).toContain("memory");
    }
  });
});
