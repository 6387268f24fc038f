import { describe, expect, it } from "vitest";
import { compile, type ConfigInput, type Route } from "../../index.js";

// dnd.test.ts covers D-URGENT (the agent in do-not-disturb); this file covers the hours (D-OFF-HOURS).
const WEEKDAYS = { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" };
const config = (extra: Readonly<Record<string, unknown>> = {}) =>
  ({ schedules: { office: { zone: "Asia/Shanghai", hours: WEEKDAYS, duty: { agent: "duty" } } }, agents: { a: {}, duty: {} }, app: { schedule: "office" }, ...extra }) as ConfigInput;
const FRIDAY_10 = Date.UTC(2026, 9, 16, 2); // Friday 10:00 in Shanghai: open
const FRIDAY_20 = Date.UTC(2026, 9, 16, 12); // Friday 20:00: closed
const SATURDAY_10 = Date.UTC(2026, 9, 17, 2); // Saturday 10:00: closed
const decide = (at: number, text: string, route: Route = { agent: "a" }, c = config()) => {
  const e = compile(c);
  return e.decide(e.start({ conversation: "u", channel: "web", online: ["a", "duty"] }), { type: "visitor.message", at, text, route }, { explain: true });
};

describe("urgent transfer out of hours (D-OFF-HOURS)", () => {
  it("outside the hours, an urgent word asks for a transfer to the schedule's duty, reason closed", () => {
    const d = decide(FRIDAY_20, "我要投诉!");
    const detail = '"投诉" is urgent and it is outside the hours of schedule office: transfer to the duty agent duty (schedule office)';
    expect(d.effects).toEqual([{ type: "transfer", to: { agent: "duty" }, reason: "closed", by: "D-OFF-HOURS", detail }]);
    expect(d.trace?.filter((x) => x.kind === "event").map((x) => [x.verdict, x.by, x.detail])).toEqual([["transfer", "D-OFF-HOURS", detail]]);
    // Any period but open: a Saturday, and a queued visitor as well as a served one.
    expect(decide(SATURDAY_10, "紧急", { queue: 1 }).effects.map((e) => e.by)).toEqual(["D-OFF-HOURS"]);
  });

  it("nothing within the hours, nor without an urgent word", () => {
    expect(decide(FRIDAY_10, "我要投诉").effects).toEqual([]);
    expect(decide(FRIDAY_20, "你好").effects).toEqual([]);
  });

  it("nothing without a duty, for the duty's own visitor, or for a word past what matching reads (LIMIT-TEXT)", () => {
    expect(decide(FRIDAY_20, "投诉", { agent: "a" }, config({ schedules: { office: { zone: "Asia/Shanghai", hours: WEEKDAYS } } })).effects).toEqual([]);
    expect(decide(FRIDAY_20, "投诉", { agent: "duty" }).effects).toEqual([]);
    expect(decide(FRIDAY_20, "你好你好投诉", { agent: "a" }, config({ limits: { text: 4 } })).effects).toEqual([]);
    expect(decide(FRIDAY_20, "你好投诉", { agent: "a" }, config({ limits: { text: 4 } })).effects).toHaveLength(1);
  });

  it("uses the conversation's most specific schedule: the serving agent's own hours win over the app's", () => {
    const allDay = { zone: "Asia/Shanghai", hours: { fri: "00:00-24:00", sat: "00:00-24:00" }, duty: { agent: "duty" } };
    const c = config({ schedules: { office: { zone: "Asia/Shanghai", hours: WEEKDAYS, duty: { agent: "duty" } }, allDay }, agents: { a: { schedule: "allDay" }, duty: {} } });
    expect(decide(FRIDAY_20, "投诉", { agent: "a" }, c).effects).toEqual([]);
    expect(decide(FRIDAY_20, "投诉", { queue: 1 }, c).effects.map((e) => e.by)).toEqual(["D-OFF-HOURS"]);
  });
});
