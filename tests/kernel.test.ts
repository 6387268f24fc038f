/**
 * An engine runs only the rules its config needs (`Rule.needed`, src/core/pipeline/kernel.ts): the
 * others would cost a call each and change nothing. Checked here, not assumed: over random configs
 * and random events, with explain on, the engine with the rules left out decides exactly what the
 * engine with every rule of the table decides, errors included.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, type ConfigInput, type ConversationState, type EngineEvent } from "../src/core/index.js";
import { compileConfig } from "../src/core/config/compile.js";
import { engineOf } from "../src/core/engine.js";
import { kernelOf } from "../src/core/pipeline/kernel.js";
import type { Rule } from "../src/core/pipeline/rule.js";
import { RULES } from "../src/core/rules/table.js";
import { WIRED } from "../src/core/rules/wiring.js";
import { wiringSource } from "../scripts/gen-wiring.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./helpers.js";
import { AGENTS, CHANNELS, configArb, textArb } from "./arbitraries.js";

const T0 = 1_700_000_000_000;
/** Every rule of the table, each one needed whatever the config. */
const EVERY_RULE: readonly Rule[] = RULES.map((r) => ({ ...r, needed: undefined }) as unknown as Rule);

/** What a host sends, mostly valid, sometimes not (the engines must refuse alike). */
const stepArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant("visitor.message" as const), text: fc.oneof(textArb, fc.constantFrom("我要投诉", "紧急!退款", "别烦我")), route: fc.option(fc.oneof(fc.record({ queue: fc.integer({ min: 1, max: 9 }) }), fc.record({ agent: fc.constantFrom(...AGENTS) })), { nil: undefined }) }) },
  fc.record({ type: fc.constant("agent.message" as const), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ type: fc.constant("agent.accepted" as const), agent: fc.constantFrom(...AGENTS) }),
  fc.record({ type: fc.constant("agent.ended" as const), batch: fc.boolean() }),
  fc.record({ type: fc.constant("presence" as const), online: fc.subarray([...AGENTS]) }),
  fc.record({ type: fc.constant("queue.moved" as const), position: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ type: fc.constant("visitor.opened" as const) }),
  fc.record({ type: fc.constant("visitor.page" as const), page: fc.constantFrom("/a", "/b", "/c/x") }),
  fc.constant({ type: "timers" as const }),
);

/** The features whose rules an engine may leave out, each on or off, over a random config. */
const featuresArb = fc.record({ breaker: fc.boolean(), dedupe: fc.boolean(), links: fc.boolean(), conditions: fc.boolean(), tags: fc.boolean(), alerts: fc.boolean(), schedule: fc.boolean(), wecom: fc.boolean() });
const withFeatures = (config: ConfigInput, f: Readonly<Record<"breaker" | "dedupe" | "links" | "conditions" | "tags" | "alerts" | "schedule" | "wecom", boolean>>): ConfigInput => {
  const app = config.app as { replies: Record<string, unknown> };
  const withLink = f.links ? { ...app.replies, received: { messages: ["收到", "详见 https://shop.example.cn/a"] } } : app.replies;
  const replies = f.alerts ? { ...withLink, urgent: { messages: "紧急请致电" }, upset: { mute: "1h", messages: "抱歉打扰" } } : withLink;
  return {
    ...config,
    channels: { web: { ...(f.breaker ? { breaker: { max: 2, window: "10m" } } : {}), ...(f.dedupe ? { dedupe: "10m" } : {}), ...(f.links ? { links: "strip" } : {}), ...(f.wecom ? { api: "wecom" } : {}) } },
    ...(f.conditions ? { conditions: [{ id: "long", all: [{ longer: 3 }], transfer: true }] } : {}),
    ...(f.tags ? { tags: [{ id: "after-sales", tag: "售后需求", match: { any: ["退款", "订单"] } }] } : {}),
    ...(f.schedule ? { schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00", tue: "09:00-18:00" }, duty: { group: "g1" } } } } : {}),
    app: { ...app, replies, ...(f.schedule ? { schedule: "office" } : {}) },
  } as ConfigInput;
};

describe("the wiring generated from the table (src/core/rules/wiring.ts)", () => {
  it("is what npm run gen writes from RULES now", async () => {
    expect(readFileSync(join(ROOT, "src", "core", "rules", "wiring.ts"), "utf8")).toBe(await wiringSource());
  });

  it("calls the rules of the table, the same objects in the same order", () => {
    expect(WIRED.length).toBe(RULES.length);
    WIRED.forEach((rule, i) => expect(rule, rule.name).toBe(RULES[i]));
  });
});

describe("the rules an engine leaves out (Rule.needed), and the wiring against the loops", () => {
  it("leaves some out on the seed-like configs (the check below is not vacuous)", () => {
    const [config] = fc.sample(configArb, { seed: 1, numRuns: 1 });
    const compiled = compileConfig(config as ConfigInput);
    expect(RULES.filter((r) => r.needed !== undefined && !r.needed(compiled)).length).toBeGreaterThan(3);
  });

  // `lean` runs the generated wiring without the rules its config does not need; `full`, handed
  // other rule objects, runs the kernel's loops over every rule of the table.
  it("decides exactly what every rule of the table decides: replies, drops, effects, timers, state and trace", () => {
    fc.assert(
      fc.property(configArb, featuresArb, fc.constantFrom(...CHANNELS), fc.array(fc.tuple(stepArb, fc.integer({ min: 1, max: 20 * 60_000 })), { maxLength: 40 }), (base, features, channel, steps) => {
        const compiled = compileConfig(withFeatures(base as ConfigInput, features));
        const lean = engineOf(compiled);
        const full = engineOf(compiled, (c) => kernelOf(EVERY_RULE, c));
        let a: ConversationState = lean.start({ conversation: "k", channel, online: ["a1"] });
        let b: ConversationState = full.start({ conversation: "k", channel, online: ["a1"] });
        let at = T0;
        for (const [step, gap] of steps) {
          at += gap;
          const events: EngineEvent[] =
            step.type === "timers" ? lean.decide(a, { type: "presence", at, online: [...a.online] }).timers.filter((t) => t.due <= at).map((t) => ({ type: "timer", at, timer: t.timer, due: t.due })) : [{ ...step, at } as EngineEvent];
          for (const event of events) {
            const outcome = (engine: typeof lean, state: ConversationState) => {
              try {
                return engine.decide(state, event, { explain: true });
              } catch (e) {
                if (!(e instanceof AutoreplyError)) throw e;
                return e.code;
              }
            };
            const x = outcome(lean, a);
            const y = outcome(full, b);
            expect(x).toEqual(y);
            if (typeof x !== "string" && typeof y !== "string") [a, b] = [x.state, y.state];
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
