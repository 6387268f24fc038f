import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput } from "../index.js";

// Spec V-ORDER, V-LOCALE, V-LOCALE-EMPTY, V-SEGMENT, with H-VARIANT: a reply with languages,
// segments and period variants, all three at random, against a model of the documented order.

/** 2026-12-07 is a Monday: 10:00 and 22:00 in Shanghai, open and closed under the office hours. */
const OPEN = Date.UTC(2026, 11, 7, 2, 0);
const CLOSED = Date.UTC(2026, 11, 7, 14, 0);

type Block = { segments: ("vip" | "returning")[]; periods: ("open" | "closed")[] };
type Variant = { empty: true } | ({ empty: false } & Block);
interface Case {
  own: Block;
  locales: Partial<Record<"zh" | "zh-Hant" | "en", Variant>>;
  visitor: string | null;
  facts: ("vip" | "returning")[];
  open: boolean;
}

const block = fc.record({ segments: fc.uniqueArray(fc.constantFrom("vip" as const, "returning" as const), { maxLength: 2 }), periods: fc.uniqueArray(fc.constantFrom("open" as const, "closed" as const), { maxLength: 2 }) });
const variant: fc.Arbitrary<Variant> = fc.oneof({ weight: 1, arbitrary: fc.constant({ empty: true as const }) }, { weight: 4, arbitrary: block.map((b) => ({ empty: false as const, ...b })) });
const cases: fc.Arbitrary<Case> = fc.record({
  own: block,
  locales: fc.record({ zh: variant, "zh-Hant": variant, en: variant }, { requiredKeys: [] }),
  visitor: fc.constantFrom("zh-Hant-HK", "zh-CN", "en-US", "fr", null),
  facts: fc.uniqueArray(fc.constantFrom("vip" as const, "returning" as const), { maxLength: 2 }),
  open: fc.boolean(),
});

/** The reply's text for each source names where it comes from: `en/segment:vip`, `own/period:closed`, `zh/messages`. */
function written(name: string, b: Block): { messages: string; segments?: unknown; periods?: unknown } {
  return {
    messages: `${name}/messages`,
    ...(b.segments.length === 0 ? {} : { segments: b.segments.map((id) => ({ id, facts: [id], messages: `${name}/segment:${id}` })) }),
    ...(b.periods.length === 0 ? {} : { periods: Object.fromEntries(b.periods.map((p) => [p, `${name}/period:${p}`])) }),
  };
}

function configOf(c: Case): ConfigInput {
  const locales = Object.fromEntries(Object.entries(c.locales).map(([tag, v]) => [tag, v.empty ? [] : written(tag, v)]));
  return {
    facts: ["vip", "returning"],
    schedules: { office: { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" } } },
    agents: { a: {} },
    app: { schedule: "office", replies: { received: { ...written("own", c.own), ...(Object.keys(locales).length === 0 ? {} : { locales }) } as never } },
  };
}

/** The documented order, written apart from the engine: the text sent, or `null` for a drop (reason language). */
function expected(c: Case): string | null {
  const chain = c.visitor === null ? [] : c.visitor === "zh-Hant-HK" ? ["zh-Hant", "zh"] : c.visitor === "zh-CN" ? ["zh"] : c.visitor === "en-US" ? ["en"] : [];
  const tag = chain.find((t) => c.locales[t as keyof Case["locales"]] !== undefined);
  const chosen = tag === undefined ? { name: "own", v: { empty: false as const, ...c.own } } : { name: tag, v: c.locales[tag as keyof Case["locales"]] as Variant };
  if (chosen.v.empty) return null;
  const segment = chosen.v.segments.find((s) => c.facts.includes(s));
  if (segment !== undefined) return `${chosen.name}/segment:${segment}`;
  const period = c.open ? "open" : "closed";
  if (chosen.v.periods.includes(period)) return `${chosen.name}/period:${period}`;
  return `${chosen.name}/messages`;
}

describe("a reply's messages by language, segment and period, in the documented order (V-ORDER)", () => {
  it("sends what the model of the order says, for every combination, and drops an intentionally empty language", () => {
    fc.assert(
      fc.property(cases, (c) => {
        const engine = compile(configOf(c));
        const s0 = engine.start({ conversation: "c", channel: "web", online: ["a"], visitor: { ...(c.visitor === null ? {} : { locale: c.visitor }), facts: c.facts } });
        const d = engine.decide(s0, { type: "visitor.message", at: c.open ? OPEN : CLOSED, text: "你好", route: { queue: 1 } }, { explain: true });
        const want = expected(c);
        expect(d.replies.map((r) => r.messages[0]?.text)).toEqual(want === null ? [] : [want]);
        expect(d.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual(want === null ? [["received", "language", "V-LOCALE-EMPTY"]] : []);
        const why = d.trace?.find((t) => t.kind === "received");
        // Explain names the language (when the reply has locales) and the segment chosen.
        expect(why?.language !== undefined).toBe(Object.keys(c.locales).length > 0);
        expect(why?.segment?.startsWith(`segment ${want?.split("segment:")[1] ?? "-"}:`) ?? false).toBe(want?.includes("/segment:") ?? false);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the facts between events: a segment holds on an event that carries none, until a visitor event replaces them", () => {
    const engine = compile({ facts: ["vip"], agents: { a: { name: "A" } }, switches: { acceptedFromQueue: true }, app: { replies: { accepted: { messages: "hi", segments: [{ id: "vip", facts: ["vip"], messages: "vip hi" }] }, received: { messages: "ok" } } } });
    const s0 = engine.start({ conversation: "c", channel: "web", online: ["a"], visitor: { facts: ["other", "vip"] } });
    // What start and decide return is frozen, the list of facts too.
    expect([s0.facts, Object.isFrozen(s0.facts)]).toEqual([["vip"], true]);
    const d1 = engine.decide(s0, { type: "visitor.message", at: 0, text: "x", route: { queue: 1 }, facts: ["vip", "other"] });
    expect([d1.state.facts, Object.isFrozen(d1.state.facts)]).toEqual([["vip"], true]);
    const d2 = engine.decide(d1.state, { type: "agent.accepted", at: 1, agent: "a" });
    expect(d2.replies.map((r) => r.messages[0]?.text)).toEqual(["vip hi"]);
    const d3 = engine.decide(d2.state, { type: "visitor.message", at: 2, text: "y", facts: [] });
    expect(d3.state.facts).toEqual([]);
  });

  it("a segment reads the visitor's tags from the tag rules", () => {
    const engine = compile({ tags: [{ tag: "售后需求", match: { any: ["维修"] } }], app: { replies: { received: { messages: "收到", segments: [{ id: "aftersales", tags: ["售后需求"], messages: "售后请稍等" }] } } } });
    const s0 = engine.start({ conversation: "c", channel: "web" });
    const d1 = engine.decide(s0, { type: "visitor.message", at: 0, text: "你好" });
    const d2 = engine.decide(d1.state, { type: "visitor.message", at: 1, text: "要维修" });
    const d3 = engine.decide(d2.state, { type: "visitor.message", at: 2, text: "在吗" });
    // The tag is given by the message that carries the word, after its replies are chosen.
    expect([d1, d2, d3].map((d) => d.replies.map((r) => r.messages[0]?.text))).toEqual([["收到"], ["收到"], ["售后请稍等"]]);
  });

  it("refuses, in one error with every path, a fact or tag nobody gives, ab beside segments or locales, variants of a queued reply's own messages beside its rules, repeated ids and too many facts", () => {
    const config = {
      facts: ["vip"],
      app: {
        replies: {
          received: { messages: "x", segments: [{ id: "a", facts: ["vpi"], messages: "y" }, { id: "a", tags: ["无此标签"], messages: "z" }] },
          offline: { messages: "x", locales: { en: "y" }, ab: { variants: [{ id: "A", messages: "a" }, { id: "B", messages: "b" }] } },
          queued: { rules: [{ over: 0, messages: "q" }], locales: { en: "q" }, segments: [{ id: "v", facts: ["vip"], messages: "v" }], ab: { variants: [{ id: "A", messages: "a" }, { id: "B", messages: "b" }] } },
          accepted: { messages: "x", locales: { EN: "a", en: "b" } },
        },
      },
    } as unknown as ConfigInput;
    try {
      compile(config);
      expect.unreachable();
    } catch (e) {
      const issues = (e as AutoreplyError).issues;
      expect(issues.map((i) => i.path).sort()).toEqual(
        ["app.replies.accepted.locales.en", "app.replies.offline.ab", "app.replies.queued.ab", "app.replies.queued.locales", "app.replies.queued.segments", "app.replies.received.segments[0].facts[0]", "app.replies.received.segments[1].id", "app.replies.received.segments[1].tags[0]"].sort(),
      );
      expect(issues.find((i) => i.path.endsWith("facts[0]"))?.hint).toMatch(/did you mean "vip"/);
    }
    expect(() => compile({ facts: Array.from({ length: 33 }, (_, i) => `f${i}`) })).toThrow(/facts: expected at most 32 facts/);
  });
});
