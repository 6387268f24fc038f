import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput, type ConversationState, type EngineEvent } from "../../index.js";

const CONFIG: ConfigInput = {
  schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "00:00-24:00", tue: "00:00-24:00", wed: "00:00-24:00", thu: "00:00-24:00", fri: "00:00-24:00" }, duty: { group: "duty" }, urgent: ["SOS"] } },
  groups: { duty: {}, sales: { schedule: "office", replies: { dnd: { messages: "销售在休息" } } } },
  agents: { a: { group: "sales" }, b: { group: "duty" }, c: {} },
  app: { replies: { dnd: { messages: "客服在休息" } } },
};
const engine = compile(CONFIG);
const FRIDAY = Date.UTC(2026, 9, 16, 2); // 10:00 in Shanghai
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof AutoreplyError ? e.code : "not an AutoreplyError";
  }
  return undefined;
};

describe("do-not-disturb (D-STATE, D-REPLY, D-URGENT)", () => {
  it("start() takes dnd; a presence with dnd replaces the list, one without keeps it", () => {
    const s0 = engine.start({ conversation: "x", channel: "web", online: ["a", "b"], dnd: ["b", "a", "a"] });
    expect(s0.dnd).toEqual(["a", "b"]);
    expect(Object.isFrozen(s0.dnd)).toBe(true);
    const kept = engine.decide(s0, { type: "presence", at: FRIDAY, online: ["a"] }).state;
    expect(kept.dnd).toEqual(["a", "b"]);
    const cleared = engine.decide(kept, { type: "presence", at: FRIDAY + 1, online: ["a"], dnd: [] }).state;
    expect(cleared.dnd).toEqual([]);
    expect(cleared.online).toEqual(["a"]);
  });

  it("the agent's group layer resolves the dnd reply; the urgent word of the schedule asks for the duty group", () => {
    const s = engine.start({ conversation: "x", channel: "web", online: ["a", "b"], dnd: ["a"] });
    const d = engine.decide(s, { type: "visitor.message", at: FRIDAY, text: "sos, help", route: { agent: "a" } });
    expect(d.replies.map((r) => [r.kind, r.layer, r.messages[0]?.text])).toEqual([["dnd", "group", "销售在休息"]]);
    expect(d.effects).toEqual([{ type: "transfer", to: { group: "duty" }, reason: "dnd", by: "D-URGENT", detail: '"sos" is urgent and the agent a is in do-not-disturb: transfer to the duty group duty (schedule office)' }]);
    expect(Object.isFrozen(d.effects[0])).toBe(true);
    // 紧急 is not an urgent word of this schedule: its own words replace the default.
    expect(engine.decide(s, { type: "visitor.message", at: FRIDAY, text: "紧急", route: { agent: "a" } }).effects).toEqual([]);
  });

  it("no effect without a schedule that names a duty, nor when the visitor is already with the duty", () => {
    // c has no group and the app no schedule: its dnd reply goes out, nothing is transferred.
    const s = engine.start({ conversation: "x", channel: "web", online: ["c"], dnd: ["c"] });
    const d = engine.decide(s, { type: "visitor.message", at: FRIDAY, text: "SOS", route: { agent: "c" } });
    expect(d.replies.map((r) => r.messages[0]?.text)).toEqual(["客服在休息"]);
    expect(d.effects).toEqual([]);
    const inDuty = engine.decide(engine.start({ conversation: "y", channel: "web", online: ["a"], dnd: ["a"] }), { type: "visitor.message", at: FRIDAY, text: "SOS", route: { queue: 1, group: "duty" } });
    expect(inDuty.effects).toEqual([]);
  });

  it("without a dnd reply configured, a queued visitor of an agent in do-not-disturb gets the queued reply", () => {
    const e = compile({ agents: { a: {} }, app: { replies: { queued: { messages: "排队中" } } } });
    const d = e.decide(e.start({ conversation: "x", channel: "web", online: ["a"], dnd: ["a"] }), { type: "visitor.message", at: 1, text: "hi", route: { queue: 1, agent: "a" } }, { explain: true });
    expect(d.replies.map((r) => r.kind)).toEqual(["queued"]);
    expect(d.trace?.find((t) => t.kind === "dnd")?.verdict).toBe("notConfigured");
  });

  it("refuses a dnd list that is not agents of the config, in events, start() and stored states, the state untouched", () => {
    const s = engine.start({ conversation: "x", channel: "web", online: ["a"] });
    expect(code(() => engine.decide(s, { type: "presence", at: 1, online: ["a"], dnd: ["zz"] } as EngineEvent))).toBe("UNKNOWN_AGENT");
    expect(code(() => engine.decide(s, { type: "presence", at: 1, online: ["a"], dnd: "a" } as unknown as EngineEvent))).toBe("EVENT_INVALID");
    expect(code(() => engine.start({ conversation: "x", channel: "web", dnd: ["zz"] }))).toBe("UNKNOWN_AGENT");
    const stored = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
    expect(code(() => engine.decide({ ...stored, dnd: ["b", "a"] } as unknown as ConversationState, { type: "visitor.opened", at: 1 }))).toBe("STATE_INVALID");
    expect(code(() => engine.decide({ ...stored, dnd: ["zz"] } as unknown as ConversationState, { type: "visitor.opened", at: 1 }))).toBe("STATE_INVALID");
    expect(engine.decide({ ...stored, dnd: ["a", "b"] } as unknown as ConversationState, { type: "visitor.opened", at: 1 }).state.dnd).toEqual(["a", "b"]);
  });
});
