import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AutoreplyError, compile, type ConfigInput } from "../index.js";
import { parseInstant } from "../../tools/scenario/scenario.js";
import { describePeriod, nextOpen, periodAt, type CompiledSchedule, type Period } from "./schedule.js";
import { civilOf, dateText, dayFromCivil, Zone } from "./zone.js";

type ScheduleInput = NonNullable<ConfigInput["schedules"]>[string];

const scheduleOf = (input: ScheduleInput): CompiledSchedule => compile({ schedules: { s: input } }).config.schedules.get("s") as CompiledSchedule;
const at = (iso: string): number => parseInstant(iso) as number;
const period = (s: CompiledSchedule, iso: string): Period => periodAt(s, at(iso)).period;

/** A Chinese office: weekdays 09:00-18:00 with lunch, National Day 2026 and its make-up days. */
const OFFICE: ScheduleInput = {
  zone: "Asia/Shanghai",
  hours: { mon: "09:00-18:00", tue: "09:00-18:00", wed: "09:00-18:00", thu: "09:00-18:00", fri: "09:00-18:00" },
  lunch: "12:00-13:30",
  night: "21:00-08:00",
  holidays: ["2026-10-01..2026-10-07"],
  workdays: ["2026-09-27", "2026-10-10"],
};

describe("schedules in the config (H-SCHEDULE)", () => {
  it("reports every problem at once, each at its path with a hint", () => {
    const bad = {
      schedules: {
        s: {
          zone: "Asia/Shangai",
          hours: { mon: "25:00-26:00", tue: "09:00-09:00", wed: ["09:00-12:00", "nine to five"] },
          lunch: "13:00-12:00",
          holidays: ["2026-02-30", "2026-10-07..2026-10-01"],
          workdays: ["2026-09-28"],
        },
      },
      agents: { a: { schedule: "office" } },
    };
    let error: unknown;
    try {
      compile(bad as ConfigInput);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AutoreplyError);
    const issues = (error as AutoreplyError).issues.map((i) => [i.path, i.hint]);
    expect(issues.map(([path]) => path)).toEqual([
      "schedules.s.zone",
      "schedules.s.hours.mon",
      "schedules.s.hours.tue",
      "schedules.s.hours.wed[1]",
      "schedules.s.lunch",
      "schedules.s.holidays[0]",
      "schedules.s.holidays[1]",
      "schedules.s.workdays[0]",
      "agents.a.schedule",
    ]);
    expect(issues[0]?.[1]).toBe('did you mean "Asia/Shanghai"?');
    expect(issues[2]?.[1]).toContain("00:00-24:00");
    expect(issues[7]?.[1]).toContain("调休");
    expect(issues[8]?.[1]).toBe("remove it, or use one of: s");
  });

  it("refuses a make-up day that is also a holiday", () => {
    expect(() => compile({ schedules: { s: { zone: "UTC", holidays: ["2026-10-03"], workdays: ["2026-10-03"] } } })).toThrow(/schedules\.s\.workdays\[0\].*also a holiday/s);
  });
});

describe("wall-clock time through Intl (H-WALL, H-DST-GAP, H-DST-OVERLAP)", () => {
  it("Asia/Shanghai is UTC+8 all year: no DST", () => {
    const zone = new Zone("Asia/Shanghai");
    for (let month = 1; month <= 12; month++) expect(zone.offset(Date.UTC(2026, month - 1, 15))).toBe(8 * 3_600_000);
  });

  it("Europe/Berlin: the spring gap opens at 03:00, the autumn overlap gives the earlier instant", () => {
    const zone = new Zone("Europe/Berlin");
    // 2026-03-29 02:30 does not exist: the first instant after the gap is 01:00Z (03:00 CEST).
    expect(zone.instant(Date.UTC(2026, 2, 29, 2, 30))).toBe(at("2026-03-29T03:00:00+02:00"));
    // 2026-10-25 02:30 happens twice: at 00:30Z (CEST) and 01:30Z (CET); the earlier.
    expect(zone.instant(Date.UTC(2026, 9, 25, 2, 30))).toBe(at("2026-10-25T02:30:00+02:00"));
    expect(zone.wall(at("2026-10-25T02:30:00+01:00"))).toBe(Date.UTC(2026, 9, 25, 2, 30));
  });

  it("America/New_York: an ordinary wall time has one instant", () => {
    const zone = new Zone("America/New_York");
    expect(zone.instant(Date.UTC(2026, 6, 4, 9, 0))).toBe(at("2026-07-04T09:00:00-04:00"));
    expect(zone.instant(Date.UTC(2026, 0, 4, 9, 0))).toBe(at("2026-01-04T09:00:00-05:00"));
  });

  it("day numbers and dates agree with Date.UTC (years 327 to 9909; Date.UTC reads years below 100 as 19xx)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 2_900_000 }), (day) => {
        const { year, month, date } = civilOf(day);
        expect(Date.UTC(year, month - 1, date) / 86_400_000).toBe(day);
        expect(dayFromCivil(year, month, date)).toBe(day);
        if (year >= 0 && year <= 9999) expect(dateText(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe("the period of an instant (H-PERIOD and its rows)", () => {
  const office = scheduleOf(OFFICE);

  it("H-OPEN, H-LUNCH, H-NIGHT, H-CLOSED on an ordinary week", () => {
    expect(period(office, "2026-09-30T09:00:00+08:00")).toBe("open");
    expect(period(office, "2026-09-30T08:59:00+08:00")).toBe("closed");
    expect(period(office, "2026-09-30T12:30:00+08:00")).toBe("lunch");
    expect(period(office, "2026-09-30T13:30:00+08:00")).toBe("open");
    expect(period(office, "2026-09-30T18:00:00+08:00")).toBe("closed");
    expect(period(office, "2026-09-30T21:00:00+08:00")).toBe("night");
    expect(period(office, "2026-10-17T02:00:00+08:00")).toBe("night"); // a Saturday: night hours every day
    expect(period(office, "2026-10-17T12:30:00+08:00")).toBe("closed"); // no lunch on a day without hours
  });

  it("H-HOLIDAY: National Day is a holiday all day, night included; its make-up days keep Monday's hours", () => {
    expect(describePeriod(office, periodAt(office, at("2026-10-01T10:00:00+08:00")))).toBe("holiday 2026-10-01 in Asia/Shanghai");
    expect(period(office, "2026-10-07T23:00:00+08:00")).toBe("holiday");
    expect(period(office, "2026-10-08T10:00:00+08:00")).toBe("open");
    expect(period(office, "2026-09-27T10:00:00+08:00")).toBe("open"); // a Sunday, 调休
    expect(period(office, "2026-10-10T12:15:00+08:00")).toBe("lunch"); // a Saturday, 调休
  });

  it("H-MIDNIGHT: an interval that crosses midnight belongs to the day it starts", () => {
    const bar = scheduleOf({ zone: "Europe/Berlin", hours: { fri: "22:00-02:00", thu: "18:00-24:00" }, holidays: ["2026-12-26"] });
    expect(period(bar, "2026-12-04T23:30:00+01:00")).toBe("open"); // Friday
    expect(period(bar, "2026-12-05T01:59:00+01:00")).toBe("open"); // Saturday, carried over
    expect(period(bar, "2026-12-05T02:00:00+01:00")).toBe("closed");
    expect(period(bar, "2026-12-04T00:30:00+01:00")).toBe("closed"); // Thursday's hours end at midnight
    // Christmas Day 2026 is a Friday: its interval belongs to the 25th, and still carries into the 26th, a holiday.
    expect(period(bar, "2026-12-26T01:00:00+01:00")).toBe("open");
    expect(period(bar, "2026-12-26T03:00:00+01:00")).toBe("holiday");
  });

  it("Europe/Berlin on its DST weekends: hours are wall-clock hours", () => {
    const early = scheduleOf({ zone: "Europe/Berlin", hours: { sun: "02:30-04:00" } });
    // 2026-03-29: 02:30 does not exist; the clocks go from 02:00 to 03:00, inside the interval.
    expect(period(early, "2026-03-29T01:59:00+01:00")).toBe("closed");
    expect(period(early, "2026-03-29T03:00:00+02:00")).toBe("open");
    expect(nextOpen(early, at("2026-03-29T01:00:00+01:00"))).toBe(at("2026-03-29T03:00:00+02:00"));
    // 2026-10-25: 02:30-03:00 happens twice, open both times.
    expect(period(early, "2026-10-25T02:30:00+02:00")).toBe("open");
    expect(period(early, "2026-10-25T02:30:00+01:00")).toBe("open");
    expect(nextOpen(early, at("2026-10-25T01:00:00+02:00"))).toBe(at("2026-10-25T02:30:00+02:00"));
    // The second 02:15 (CET) is closed again; the hours open at the second 02:30, not at the first (past).
    expect(period(early, "2026-10-25T02:15:00+01:00")).toBe("closed");
    expect(nextOpen(early, at("2026-10-25T02:15:00+01:00"))).toBe(at("2026-10-25T02:30:00+01:00"));
  });
});

describe("the next opening (H-NEXT-OPEN)", () => {
  const office = scheduleOf(OFFICE);

  it("Friday night to Monday morning; across National Day to its first working day; lunch to its end", () => {
    expect(nextOpen(office, at("2026-10-16T20:59:00+08:00"))).toBe(at("2026-10-19T09:00:00+08:00"));
    expect(nextOpen(office, at("2026-09-30T19:00:00+08:00"))).toBe(at("2026-10-08T09:00:00+08:00"));
    expect(nextOpen(office, at("2026-10-09T12:10:00+08:00"))).toBe(at("2026-10-09T13:30:00+08:00"));
    expect(nextOpen(office, at("2026-10-09T15:00:00+08:00"))).toBe(at("2026-10-09T15:00:00+08:00"));
  });

  it("is null for a schedule that never opens", () => {
    expect(nextOpen(scheduleOf({ zone: "UTC" }), 0)).toBeNull();
  });
});

/**
 * A naive reference, written apart from the engine's code: each instant's local date and time from
 * `Intl.DateTimeFormat#formatToParts` (not the offset the engine parses), the config's text read as
 * it is written (no merging, no binary search), holidays and make-up days compared as date texts.
 */
function naivePeriod(input: ScheduleInput, instant: number): Period {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: input.zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short" }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${get("year")}-${get("month")}-${get("day")}`;
  const minute = Number(get("hour")) * 60 + Number(get("minute"));
  const names = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
  const weekday = names.indexOf(get("weekday").toLowerCase() as (typeof names)[number]);
  const dayBefore = (d: string) => {
    const [y, m, dd] = d.split("-").map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, dd - 1)).toISOString().slice(0, 10);
  };
  const holiday = (d: string) => (input.holidays ?? []).some((h) => (h.includes("..") ? d >= (h.split("..")[0] as string) && d <= (h.split("..")[1] as string) : d === h));
  const hoursOn = (d: string, wd: number): string[] => {
    if (holiday(d)) return [];
    const key = (input.workdays ?? []).includes(d) ? (input.workdaysAs ?? "mon") : names[wd];
    const raw = input.hours?.[key as (typeof names)[number]];
    return raw === undefined ? [] : typeof raw === "string" ? [raw] : [...raw];
  };
  const clock = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const span = (i: string) => i.split("-").map((t) => clock(t.trim())) as [number, number];
  const open =
    hoursOn(date, weekday).some((i) => {
      const [s, e] = span(i);
      return e > s ? minute >= s && minute < e : minute >= s;
    }) ||
    hoursOn(dayBefore(date), (weekday + 6) % 7).some((i) => {
      const [s, e] = span(i);
      return e <= s && minute < e;
    });
  const inClock = (i: string | undefined) => {
    if (i === undefined) return false;
    const [s, e] = span(i);
    return e > s ? minute >= s && minute < e : minute >= s || minute < e;
  };
  if (inClock(input.lunch) && hoursOn(date, weekday).length > 0) return "lunch";
  if (open) return "open";
  if (holiday(date)) return "holiday";
  if (inClock(input.night)) return "night";
  return "closed";
}

describe("the period agrees with a naive reference over random instants and schedules", () => {
  const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 59)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
  const interval = fc.tuple(clock, clock).filter(([a, b]) => a !== b).map(([a, b]) => `${a}-${b}`);
  const date = fc.integer({ min: dayFromCivil(2026, 1, 1), max: dayFromCivil(2027, 12, 31) }).map(dateText);
  const schedule: fc.Arbitrary<ScheduleInput> = fc.record({
    zone: fc.constantFrom("Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "UTC"),
    // At most one interval per day: with several, the reference would need the merging it stands apart from.
    hours: fc.record({ mon: interval, tue: interval, wed: interval, thu: interval, fri: interval, sat: interval, sun: interval }, { requiredKeys: [] }),
    lunch: fc.option(fc.constant("12:00-13:30"), { nil: undefined }),
    night: fc.option(interval, { nil: undefined }),
    holidays: fc.array(date, { maxLength: 30 }),
    workdays: fc.array(date.filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())), { maxLength: 6 }),
  }).map((s) => ({ ...s, lunch: s.lunch ?? undefined, workdays: s.workdays.filter((d) => !s.holidays.includes(d)) }) as ScheduleInput);

  it("at random instants of 2026-2027", () => {
    fc.assert(
      fc.property(schedule, fc.array(fc.integer({ min: at("2026-01-02T00:00:00Z"), max: at("2027-12-30T00:00:00Z") }), { minLength: 20, maxLength: 20 }), (input, instants) => {
        const compiled = scheduleOf(JSON.parse(JSON.stringify(input)) as ScheduleInput);
        for (const t of instants) expect(periodAt(compiled, t).period, `${new Date(t).toISOString()} ${JSON.stringify(input)}`).toBe(naivePeriod(input, t));
      }),
      { numRuns: 150 },
    );
  });

  it("minute by minute across the DST weekends of 2026 in Berlin and New York", () => {
    for (const [zone, from] of [["Europe/Berlin", "2026-03-28T20:00:00Z"], ["Europe/Berlin", "2026-10-24T20:00:00Z"], ["America/New_York", "2026-03-08T00:00:00Z"], ["America/New_York", "2026-11-01T00:00:00Z"]] as const) {
      const input: ScheduleInput = { zone, hours: { sat: "22:00-02:30", sun: ["01:30-03:30"] }, night: "03:30-05:00" };
      const compiled = scheduleOf(input);
      for (let t = at(from); t < at(from) + 12 * 3_600_000; t += 60_000) expect(periodAt(compiled, t).period, `${zone} ${new Date(t).toISOString()}`).toBe(naivePeriod(input, t));
    }
  });

  it("nextOpen is open, the minute before it is not, nor any of 1,000 instants before it", () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: at("2026-01-02T00:00:00Z"), max: at("2027-12-01T00:00:00Z") }), (input, t) => {
        const compiled = scheduleOf(input);
        const open = nextOpen(compiled, t);
        if (open === null) return;
        expect(periodAt(compiled, open).period).toBe("open");
        if (open > t) expect(periodAt(compiled, open - 60_000).period).not.toBe("open");
        const step = Math.max(600_000, Math.ceil((open - t) / 1000));
        for (let m = t; m < open; m += step) expect(periodAt(compiled, m).period).not.toBe("open");
      }),
      { numRuns: 60 },
    );
  });
});
