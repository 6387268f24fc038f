/**
 * A model-based run over what a host really does between two events (issue 27): the config changes
 * (a new release of the rules, another preset, another quota), platforms deliver events again with
 * their first time, and the visitor moves between agents. After every decision:
 * - the state it returned is one the engine in use takes as its own on the next event (a state
 *   `decide` returns is never refused by the next `decide`: defect 1);
 * - an event delivered again is recognised as a redelivery, never refused (defect 3);
 * - entering the chat or a menu click never lowers what the open window allows (defect 2);
 * - a keyword answer leaves no agentSilent pending (S-KW-AGENTSILENT, defect 4).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput, type ConversationState, type Decision, type Engine, type EngineEvent } from "../src/core/index.js";
import { validateState } from "../src/core/pipeline/validate-state.js";
import { AGENTS, CHANNELS, configArb, textArb } from "./arbitraries.js";
import { deepFreeze } from "./helpers.js";

const T0 = 1_700_000_000_000;
const MIN = 60_000;

/** A config of the random kind, with a preset, channel quotas and the replies the defects need. */
const changingConfigArb = fc
  .record({
    base: configArb,
    preset: fc.constantFrom(undefined, "seed003", "wechat2023", "seed004"),
    quotas: fc.record(
      { web: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant("unlimited" as const)), miniprogram: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant("unlimited" as const)), official_account: fc.integer({ min: 1, max: 6 }) },
      { requiredKeys: [] },
    ),
    silentA2: fc.boolean(),
  })
  .map(({ base, preset, quotas, silentA2 }): ConfigInput => {
    const channels = Object.fromEntries(Object.entries(quotas).map(([channel, quota]) => [channel, { quota }]));
    // Only a2 may set agentSilent (below): a visitor moved from a2 to another agent then meets an agent without one.
    const noSilent = <T extends object | undefined>(replies: T): T => {
      if (replies === undefined) return replies;
      const { agentSilent: _, ...rest } = replies as Record<string, unknown>;
      return rest as T;
    };
    const replies = noSilent(base.app.replies as Record<string, unknown>);
    return {
      ...base,
      ...(preset === undefined ? {} : { preset }),
      channels,
      // a2 sets an agentSilent of its own or none: a message moving the visitor between agents meets both (defect 4).
      agents: {
        a1: { ...base.agents.a1, replies: noSilent(base.agents.a1.replies) },
        a2: { ...base.agents.a2, ...(silentA2 ? { replies: { agentSilent: { after: "30m", messages: "稍等", backup: { after: "1h", alert: true } } } } : {}) },
        a3: { ...base.agents.a3, replies: noSilent(base.agents.a3.replies) },
      },
      groups: { g1: { replies: noSilent(base.groups.g1.replies) } },
      app: {
        channels: { miniprogram: { replies: noSilent(base.app.channels.miniprogram.replies) } },
        replies: {
          ...replies,
          keyword: [{ id: "hi", match: { any: ["hello"] }, messages: "你好!" }],
          opened: { id: "welcome", messages: ["欢迎", "请问有什么可以帮您?"], dismiss: "1h" },
          visitorSilent: { after: "5m", messages: "还在吗?" },
        },
      },
    } as ConfigInput;
  });

/** An event without its time and id, which the run gives it. */
type Bare = EngineEvent extends infer E ? (E extends EngineEvent ? Omit<E, "at" | "id"> : never) : never;
type Step =
  | { readonly kind: "event"; readonly event: Bare }
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "config"; readonly index: number }
  | { readonly kind: "redeliver"; readonly pick: number; readonly dismissal: boolean };

const routeArb = fc.oneof(
  fc.constantFrom(...AGENTS).map((agent) => ({ agent })),
  fc.record({ queue: fc.integer({ min: 1, max: 20 }), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ queue: fc.integer({ min: 1, max: 20 }) }),
);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ text: fc.oneof(fc.constant("hello"), textArb), route: fc.option(routeArb, { nil: undefined }) }).map(({ text, route }): Step => ({ kind: "event", event: route === undefined ? { type: "visitor.message", text } : { type: "visitor.message", text, route } })) },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "event", event: { type: "visitor.opened" } }) },
  fc.constant<Step>({ kind: "event", event: { type: "visitor.menu", key: "faq" } }),
  fc.constant<Step>({ kind: "event", event: { type: "visitor.dismissed", rule: "welcome" } }),
  fc.constantFrom("window" as const, "quota" as const).map((reason): Step => ({ kind: "event", event: { type: "channel.refused", reason } })),
  { weight: 3, arbitrary: fc.constantFrom(...AGENTS).map((agent): Step => ({ kind: "event", event: { type: "agent.message", agent } })) },
  fc.constantFrom(...AGENTS).map((agent): Step => ({ kind: "event", event: { type: "agent.accepted", agent } })),
  fc.constant<Step>({ kind: "event", event: { type: "agent.ended" } }),
  fc.subarray([...AGENTS]).map((online): Step => ({ kind: "event", event: { type: "presence", online } })),
  { weight: 3, arbitrary: fc.constantFrom(10_000, MIN, 5 * MIN, 2 * 60 * MIN, 49 * 60 * MIN).map((ms): Step => ({ kind: "wait", ms })) },
  { weight: 2, arbitrary: fc.nat(2).map((index): Step => ({ kind: "config", index })) },
  { weight: 2, arbitrary: fc.record({ pick: fc.nat(), dismissal: fc.boolean() }).map(({ pick, dismissal }): Step => ({ kind: "redeliver", pick, dismissal })) },
);

/** How many more messages the window allows at `at` (no reserve, no margin), and until when (`Infinity`: no end). */
function allowance(s: ConversationState, at: number): { room: number; until: number } {
  const until = s.quotaUntil ?? Infinity;
  if (at >= until) return { room: 0, until: at };
  return { room: s.quotaLimit === null ? Infinity : Math.max(0, s.quotaLimit - s.quotaUsed), until };
}

/** The refusals a first delivery may meet: an event the phase does not allow, or a dismissal of a reply not sent. */
const REFUSED = new Set(["EVENT_OUT_OF_ORDER", "EVENT_INVALID"]);

function run(configs: readonly ConfigInput[], channel: (typeof CHANNELS)[number], steps: readonly Step[]): void {
  const engines: Engine[] = configs.map((c) => compile(c));
  let engine = engines[0] as Engine;
  let state = engine.start({ conversation: "m", channel, online: [...AGENTS] });
  let timers: Decision["timers"] = [];
  let now = T0;
  const applied: EngineEvent[] = [];

  const decide = (event: EngineEvent, redelivery: boolean): Decision | undefined => {
    const before = state;
    let d: Decision;
    try {
      d = engine.decide(before, deepFreeze(event));
    } catch (e) {
      expect(e).toBeInstanceOf(AutoreplyError);
      // A redelivery is recognised before anything that reads the state; a timer the engine gave is never refused.
      if (redelivery || event.type === "timer") throw e;
      expect(REFUSED.has((e as AutoreplyError).code), (e as Error).message).toBe(true);
      return undefined;
    }
    // The next decide takes this state as the engine's own (soundSettings's slow twin: nothing to adapt).
    expect(validateState(engine.config, d.state).state).toBe(d.state);
    if (redelivery) {
      expect(d.dropped.map((x) => x.reason)).toEqual(["redelivered"]);
      // The state as it was (adapted, when the config changed since the last event).
      expect(d.state).toEqual(validateState(engine.config, before).state);
      return d;
    }
    // Entering the chat or a menu click never lowers what the open window allows (count or time).
    if (event.type === "visitor.opened" || event.type === "visitor.menu") {
      // Measured on the state as this engine reads it (adapted, when the config changed since).
      const was = allowance(validateState(engine.config, before).state, event.at);
      const sent = d.replies.reduce((n, r) => n + r.messages.length, 0);
      const is = allowance({ ...d.state, quotaUsed: d.state.quotaUsed - sent }, event.at);
      expect(is.room, "the count left").toBeGreaterThanOrEqual(was.room);
      if (was.room > 0) expect(is.until, "the window's end").toBeGreaterThanOrEqual(was.until);
    }
    // S-KW-AGENTSILENT: a keyword answer leaves no agentSilent pending.
    if (d.replies.some((r) => r.kind === "keyword")) expect(d.state.timers.agentSilent).toBeNull();
    applied.push(event);
    state = d.state;
    timers = d.timers;
    return d;
  };

  steps.forEach((step, i) => {
    switch (step.kind) {
      case "wait": {
        const until = now + step.ms;
        for (let next = timers[0]; next !== undefined && next.due <= until; next = timers[0]) {
          now = Math.max(now, next.due);
          if (decide({ type: "timer", timer: next.timer, due: next.due, at: now, id: `t${i}.${next.timer}` }, false) === undefined) break;
        }
        now = until;
        return;
      }
      case "config":
        engine = engines[step.index % engines.length] as Engine;
        return;
      case "redeliver": {
        // One of the last few (a platform retries within seconds or minutes), or the last dismissal,
        // which may come back after the reply it dismissed is forgotten.
        // The memory keeps the last 16 ids (EVENT-REDELIVERED): an older one is a new event, not a redelivery.
        const dismissals = applied.slice(-16).filter((e) => e.type === "visitor.dismissed");
        const first = step.dismissal && dismissals.length > 0 ? dismissals.at(-1) : applied[applied.length - 1 - (step.pick % Math.min(6, Math.max(1, applied.length)))];
        // A platform delivers it again with the time it first carried.
        if (first !== undefined) decide(first, true);
        return;
      }
      case "event":
        now += 1000;
        decide({ ...step.event, at: now, id: `e${i}` } as EngineEvent, false);
        return;
    }
  });
}

describe("model: config changes, redeliveries and agents who change between events (issue 27)", () => {
  it("every state decide returns is taken by the next decide; redeliveries are recognised; windows never shrink; keyword answers cancel agentSilent", () => {
    fc.assert(
      fc.property(fc.array(changingConfigArb, { minLength: 1, maxLength: 3 }), fc.constantFrom(...CHANNELS), fc.array(stepArb, { minLength: 10, maxLength: 60, size: "max" }), (configs, channel, steps) => run(configs, channel, steps)),
      { numRuns: 600 },
    );
  }, 120_000);
});
