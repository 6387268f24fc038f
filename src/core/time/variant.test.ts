import { describe, expect, it } from "vitest";
import { compile, type ConfigInput } from "../index.js";
import { parseInstant } from "../../tools/scenario/scenario.js";

const at = (iso: string): number => parseInstant(iso) as number;
const OFFICE = { zone: "Asia/Shanghai", hours: { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" }, holidays: ["2026-10-01..2026-10-07"] };
const texts = (d: { replies: readonly { messages: readonly { text: string }[] }[] }) => d.replies.flatMap((r) => r.messages.map((m) => m.text));

function first(config: ConfigInput, iso: string, route?: { queue: number; agent?: string; group?: string }) {
  const engine = compile(config);
  const s = engine.start({ conversation: "c", channel: "web" });
  return engine.decide(s, { type: "visitor.message", at: at(iso), text: "你好", ...(route === undefined ? {} : { route }) }, { explain: true });
}

describe("period variants (H-VARIANT, H-LAYER, H-NEXT-OPEN)", () => {
  it("the trace says which schedule and period chose the variant", () => {
    const d = first({ schedules: { office: OFFICE }, app: { schedule: "office", replies: { offline: { messages: "不在线", periods: { holiday: "国庆放假,<<next_open>>见" } } } } }, "2026-10-01T10:00:00+08:00");
    expect(texts(d)).toEqual(["国庆放假,2026-10-08 09:00见"]);
    expect(d.trace?.find((t) => t.kind === "offline")?.period).toBe("holiday 2026-10-01 in Asia/Shanghai: the holiday variant (schedule office)");
  });

  it("a period without a variant of its own falls back to closed, then to the reply's messages", () => {
    const config = (periods: Record<string, string>): ConfigInput => ({ schedules: { office: OFFICE }, app: { schedule: "office", replies: { offline: { messages: "不在线", periods } } } });
    expect(texts(first(config({ closed: "下班了" }), "2026-10-01T10:00:00+08:00"))).toEqual(["下班了"]);
    const own = first(config({ open: "马上来" }), "2026-10-01T10:00:00+08:00");
    expect(texts(own)).toEqual(["不在线"]);
    expect(own.trace?.find((t) => t.kind === "offline")?.period).toContain("no variant for it, the reply's own messages");
    expect(texts(first(config({ open: "马上来" }), "2026-10-08T10:00:00+08:00"))).toEqual(["马上来"]);
  });

  it("the group's schedule chooses the group's reply; the app's reply below a group with none uses the app's", () => {
    const config: ConfigInput = {
      schedules: { office: OFFICE, weekend: { zone: "Asia/Shanghai", hours: { sat: "10:00-16:00", sun: "10:00-16:00" } } },
      agents: { a: { group: "sales" } },
      groups: { sales: { schedule: "weekend", replies: { offline: { messages: "销售不在线", periods: { open: "销售周末值班中", closed: "销售已下班" } } } }, support: {} },
      app: { schedule: "office", replies: { offline: { messages: "不在线", periods: { open: "客服在班", closed: "客服已下班" } } } },
    };
    // Saturday 11:00: open for the weekend schedule, closed for the office.
    expect(texts(first(config, "2026-10-17T11:00:00+08:00", { queue: 1, group: "sales" }))).toEqual(["销售周末值班中"]);
    expect(texts(first(config, "2026-10-17T11:00:00+08:00", { queue: 1, group: "support" }))).toEqual(["客服已下班"]);
    expect(texts(first(config, "2026-10-19T11:00:00+08:00", { queue: 1, group: "sales" }))).toEqual(["销售已下班"]);
  });

  it("a reply with periods and no schedule above it sends its own messages; <<next_open>> takes its fallback", () => {
    const d = first({ app: { replies: { offline: { messages: "我们<<next_open|尽快>>回复", periods: { closed: "下班了" } } } } }, "2026-10-01T10:00:00+08:00");
    expect(texts(d)).toEqual(["我们尽快回复"]);
    expect(d.trace?.find((t) => t.kind === "offline")?.period).toBeUndefined();
  });

  it("a variant is only messages: the quota, the interval and the suppression lines apply as to the reply", () => {
    const engine = compile({ channels: { web: { quota: 2 } }, schedules: { office: OFFICE }, app: { schedule: "office", replies: { offline: { interval: "10m", messages: "不在线", periods: { closed: ["下班了", "请留言", "明天见"] } } } } });
    const d1 = engine.decide(engine.start({ conversation: "c", channel: "web" }), { type: "visitor.message", at: at("2026-10-16T19:00:00+08:00"), text: "hi" });
    expect(texts(d1)).toEqual(["下班了", "请留言"]);
    expect(d1.dropped.map((x) => [x.kind, x.reason, x.messages])).toEqual([["offline", "quota", 1]]);
    const d2 = engine.decide(d1.state, { type: "visitor.message", at: at("2026-10-16T19:05:00+08:00"), text: "hi" });
    expect(d2.dropped.map((x) => [x.kind, x.reason, x.by])).toEqual([["offline", "interval", "O-INTERVAL"]]);
  });

  it("at the last time the engine reads, <<next_open>> takes its fallback instead of reading past it", () => {
    const engine = compile({ schedules: { office: OFFICE }, app: { schedule: "office", replies: { offline: { messages: "x", periods: { closed: "下次<<next_open|不知>>" } } } } });
    const d = engine.decide(engine.start({ conversation: "c", channel: "web" }), { type: "visitor.message", at: 8_640_000_000_000_000, text: "hi" });
    expect(texts(d)).toEqual(["下次不知"]);
  });

  it("the same event gives the same decision, and the state holds nothing of the schedule", () => {
    const config: ConfigInput = { schedules: { office: OFFICE }, app: { schedule: "office", replies: { offline: { messages: "不在线", periods: { closed: "<<next_open>>见" } } } } };
    const a = first(config, "2026-10-16T19:00:00+08:00");
    const b = first(config, "2026-10-16T19:00:00+08:00");
    expect(b).toEqual(a);
    expect(Object.keys(a.state)).toEqual(Object.keys(compile({}).start({ conversation: "c", channel: "web" })));
  });
});

describe("scenarios with absolute times (issue 11, item 6)", () => {
  it("reads ISO times with an offset, and refuses one without", async () => {
    const { parseScenario } = await import("../../tools/scenario/scenario.js");
    expect(parseInstant("2026-10-16T20:59:00+08:00")).toBe(Date.UTC(2026, 9, 16, 12, 59));
    expect(parseInstant("2026-03-29T03:00:00.250Z")).toBe(Date.UTC(2026, 2, 29, 3, 0, 0, 250));
    expect(parseInstant("2026-10-16T20:59:00")).toBeUndefined();
    expect(parseInstant("2026-02-30T10:00:00Z")).toBeUndefined();
    const ok = parseScenario({ channel: "web", start: "2026-10-16T20:59:00+08:00", steps: [{ at: "2m" }, { at: "2026-10-16T21:01:00+08:00" }] });
    expect(ok.steps.map((s) => s.at)).toEqual([Date.UTC(2026, 9, 16, 13, 1), Date.UTC(2026, 9, 16, 13, 1)]);
    expect(ok.start).toEqual({ at: Date.UTC(2026, 9, 16, 12, 59), offset: 480 });
    expect(() => parseScenario({ channel: "web", start: "2026-10-16 20:59", steps: [{ at: "0s" }] })).toThrow(/start: expected an ISO date and time with an offset/);
    expect(() => parseScenario({ channel: "web", start: "2026-10-16T20:59:00+08:00", steps: [{ at: "2026-10-16T20:00:00+08:00" }] })).toThrow(/steps\[0\]\.at: expected a time at or after the previous step/);
  });
});
