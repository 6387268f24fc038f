import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConversationState, type EngineEvent, type StartInput } from "../src/core/index.js";
import { base, refusal } from "./helpers.js";


const start = () => base.start({ conversation: "c", channel: "web", online: ["zhangsan"] });

describe("input that was silently wrong is refused (issue 9)", () => {
  it("a typo inside a route is refused instead of losing the designation", () => {
    const state = start();
    for (const route of [{ queue: 1, agnet: "zhangsan" }, { agent: "zhangsan", queue2: 1 }, { robot: true, agent: "zhangsan" }]) {
      const error = refusal(() => base.decide(state, { type: "visitor.message", at: 0, text: "hi", route } as unknown as EngineEvent));
      expect(error.code).toBe("EVENT_INVALID");
      expect(error.message).toMatch(/route\.\w+" should be absent \(this route takes: /);
    }
    const transfer = refusal(() => base.decide(state, { type: "visitor.transfer", at: 0, route: { queue: 2, gruop: "sales" } } as unknown as EngineEvent));
    expect(transfer.message).toContain('visitor.transfer: "route.gruop" should be absent (this route takes: queue, agent, group)');
  });

  it("start() refuses a visitor that is not an object, and fields it does not take", () => {
    const bad: [unknown, RegExp][] = [
      [{ conversation: "c", channel: "web", visitor: "x" }, /"visitor" should be \{ nickname\?, locale\?, facts\? \}, received "x"/],
      [{ conversation: "c", channel: "web", visitor: { nick: "x" } }, /visitor\."nick" is not a field of visitor/],
      [{ conversation: "c", channel: "web", onlin: [] }, /"onlin" is not a field of start\(\)/],
      [{ conversation: "", channel: "web" }, /"conversation" should be the conversation id/],
      [{ conversation: "x".repeat(257), channel: "web" }, /text of 1 to 256 characters/],
      [{ conversation: "c", channel: "web", online: [5] }, /agent number 5 is not in the config/],
    ];
    for (const [input, message] of bad) {
      expect(refusal(() => base.start(input as StartInput)).message).toMatch(message);
    }
  });

  it("start() cuts a nickname to 64 characters, never inside a surrogate pair", () => {
    expect(base.start({ conversation: "c", channel: "web", visitor: { nickname: "名".repeat(1_000_000) } }).nickname).toBe("名".repeat(64));
    const emoji = base.start({ conversation: "c", channel: "web", visitor: { nickname: `${"a".repeat(63)}😀` } }).nickname;
    expect(emoji).toBe("a".repeat(63));
  });

  it("compile refuses an empty config (an empty YAML file is null) and keys inherited through a prototype", () => {
    for (const empty of [undefined, null]) {
      const error = refusal(() => compile(empty as never));
      expect(error.issues.map((i) => [i.path, i.expected])).toEqual([["(root)", "an object"]]);
    }
    const inherited = refusal(() => compile(Object.create({ app: { replies: { received: { messages: "hi" } } } }) as object));
    expect(inherited.issues[0]?.expected).toBe("a plain object");
    // An own "__proto__" key (as JSON.parse makes one) is a reserved name, reported, never followed.
    const own = refusal(() => compile(JSON.parse('{ "agents": { "__proto__": { "name": "x" } } }')));
    expect(own.issues[0]?.path).toBe("agents.__proto__");
  });

  it("a duration longer than 365 days is a config error, so no timer can pass the time bound", () => {
    const error = refusal(() => compile({ app: { replies: { agentSilent: { after: "400d", messages: "x" } } } }));
    expect(error.issues.map((i) => [i.path, i.expected])).toEqual([["app.replies.agentSilent.after", "a duration of at most 365d"]]);
    expect(() => compile({ app: { replies: { agentSilent: { after: "365d", messages: "x" } } } })).not.toThrow();
  });

  it("an event time past 8.64e15 (the largest Date) is refused, so timers stay exact", () => {
    const error = refusal(() => base.decide(start(), { type: "visitor.opened", at: Number.MAX_SAFE_INTEGER }));
    expect(error.code).toBe("EVENT_INVALID");
    expect(() => base.decide(start(), { type: "visitor.opened", at: 8_640_000_000_000_000 })).not.toThrow();
  });

  it("a timer armed near the latest time is due no later than it, and is taken back", () => {
    const engine = compile({ agents: { a: {} }, app: { replies: { agentSilent: { after: "365d", messages: "x" } } } });
    const at = 8_640_000_000_000_000;
    let state: ConversationState = engine.start({ conversation: "c", channel: "web", online: ["a"] });
    const d = engine.decide(state, { type: "visitor.message", at, text: "hi", route: { agent: "a" } });
    const [timer] = d.timers;
    expect(timer?.due).toBe(at);
    state = engine.decide(d.state, { type: "timer", at: timer!.due, timer: timer!.timer, due: timer!.due }).state;
    expect(state.timers.agentSilent).toBeNull();
  });

  it("AutoreplyError keeps its class name in the minified build", async () => {
    const built = (await import("../dist/index.js")) as unknown as typeof import("../src/core/index.js");
    try {
      built.compile({ typo: 1 } as never);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).constructor.name).toBe("AutoreplyError");
      expect((e as Error).name).toBe("AutoreplyError");
      expect(e).toBeInstanceOf(AutoreplyError);
    }
  });
});

describe("thousands of agents: the state stays small, presence costs the list's size", () => {
  const agents: Record<string, { group: string }> = {};
  for (let i = 0; i < 40_000; i++) agents[`a${i}`] = { group: "big" };
  const engine = compile({ agents, groups: { big: {} }, app: { replies: { offline: { messages: "off" } } } });

  it("a designated group of 40k members decides its phase from the members the host sends (one is enough)", () => {
    let state = engine.start({ conversation: "c", channel: "web", online: [] });
    state = engine.decide(state, { type: "visitor.message", at: 0, text: "hi", route: { queue: 1, group: "big" } }).state;
    expect(state.phase).toBe("offline");
    const hundred = Array.from({ length: 100 }, (_, i) => `a${39_900 + i}`);
    state = engine.decide(state, { type: "presence", at: 1, online: hundred }).state;
    expect(state.phase).toBe("queued");
    state = engine.decide(state, { type: "presence", at: 2, online: ["a39999"] }).state;
    expect(state.phase).toBe("queued");
    expect(JSON.stringify(state).length).toBeLessThan(1024);
    state = engine.decide(state, { type: "presence", at: 3, online: [] }).state;
    expect(state.phase).toBe("offline");
  });

  it("a presence list of more than 100 agents is refused with what to send instead, the state untouched", () => {
    const state = engine.start({ conversation: "c", channel: "web", online: [] });
    const before = JSON.stringify(state);
    const all = Object.keys(agents);
    const error = refusal(() => engine.decide(state, { type: "presence", at: 1, online: all }));
    expect(error.code).toBe("EVENT_INVALID");
    expect(error.message).toContain('presence: "online" names 40000 agents; send at most 100: the agents this conversation may be placed with');
    expect(JSON.stringify(state)).toBe(before);
    expect(refusal(() => engine.start({ conversation: "c", channel: "web", online: all.slice(0, 101) })).code).toBe("EVENT_INVALID");
    expect(refusal(() => engine.decide({ ...state, online: all.slice(0, 101).sort() }, { type: "visitor.opened", at: 1 })).issues[0]?.path).toBe("online");
  });
});
