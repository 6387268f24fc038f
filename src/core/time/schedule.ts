import { MAX_TIME } from "../model/limits.js";
import { clockText, dateText, dayOf, DAY, MINUTE, minuteOf, weekdayOf, type Zone } from "./zone.js";

/** The periods an instant can fall in, by a schedule (seed 002 lines 11, 23). */
export type Period = "open" | "lunch" | "night" | "holiday" | "closed";

/** Every period, in precedence order. */
export const PERIOD_NAMES: readonly Period[] = ["lunch", "open", "holiday", "night", "closed"];

/**
 * The period of an instant: the first row whose test holds (spec H-PERIOD). Order and tests are data;
 * docs/config.md and `autoreply tables` are generated from this table.
 */
export const PERIODS: readonly { readonly period: Period; readonly rule: string; readonly when: string }[] = [
  { period: "lunch", rule: "H-LUNCH", when: "a working day (one with hours), inside the schedule's lunch break" },
  { period: "open", rule: "H-OPEN", when: "inside the day's hours; an interval that crosses midnight belongs to the day it starts" },
  { period: "holiday", rule: "H-HOLIDAY", when: "a holiday (a date or range under holidays), outside hours carried over from the day before" },
  { period: "night", rule: "H-NIGHT", when: "inside the schedule's night hours, on any other day" },
  { period: "closed", rule: "H-CLOSED", when: "any other time: outside the day's hours, or a day without hours" },
];

/**
 * For each period, the variants a reply is asked for, in order, before its own messages (spec
 * H-VARIANT): `closed` stands for every time outside the hours that has no variant of its own.
 */
export const VARIANT_ORDER: Readonly<Record<Period, readonly Period[]>> = {
  open: ["open"],
  lunch: ["lunch", "closed"],
  holiday: ["holiday", "closed"],
  night: ["night", "closed"],
  closed: ["closed"],
};

/** Minutes of a day, `end` after `start`; an interval that crosses midnight ends past 1,440. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

// A schedule as `compile` prepares it (spec H-SCHEDULE).
export interface CompiledSchedule {
  readonly name: string;
  readonly zone: Zone;
  // By weekday (0 Sunday): the day's open intervals, merged where they overlap, by start.
  readonly hours: readonly (readonly Interval[])[];
  readonly lunch: Interval | null;
  readonly night: Interval | null;
  // Holiday ranges of day numbers, both ends included, by start, merged.
  readonly holidays: readonly (readonly [number, number])[];
  // Make-up working days (调休), by day number.
  readonly workdays: readonly number[];
  // The weekday whose hours a make-up working day keeps.
  readonly workdaysAs: number;
  // Where intervals of one day overlap (they were merged), for `autoreply lint`.
  readonly overlaps: readonly string[];
  // Who takes urgent messages (spec D-URGENT, D-OFF-HOURS), or `null`.
  readonly duty: { readonly agent: string } | { readonly group: string } | null;
  // With `duty`: the urgent words, folded as keyword words are.
  readonly urgent: readonly string[];
}

/** Where an instant falls: its period, and the local day and minute that decided it. */
export interface PeriodAt {
  readonly schedule: string;
  readonly period: Period;
  readonly day: number;
  readonly minute: number;
}

/** Why, in words, for the trace: "holiday 2026-10-01 in Asia/Shanghai". */
export function describePeriod(s: CompiledSchedule, p: PeriodAt): string {
  return `${p.period} ${p.period === "holiday" ? dateText(p.day) : `${dateText(p.day)} ${clockText(p.minute)}`} in ${s.zone.name}`;
}

/** Whether `day` is inside one of the sorted, disjoint `ranges` (both ends included), by binary search. */
export function inRanges(ranges: readonly (readonly [number, number])[], day: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const r = ranges[mid] as readonly [number, number];
    if (day < r[0]) high = mid - 1;
    else if (day > r[1]) low = mid + 1;
    else return true;
  }
  return false;
}

function inSorted(days: readonly number[], day: number): boolean {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const d = days[mid] as number;
    if (day < d) high = mid - 1;
    else if (day > d) low = mid + 1;
    else return true;
  }
  return false;
}

/** Whether `day` is a holiday (a make-up working day never is). */
export function isHoliday(s: CompiledSchedule, day: number): boolean {
  return inRanges(s.holidays, day);
}

/** The open intervals of a day: none on a holiday, a make-up day's borrowed ones, else its weekday's. */
export function hoursOf(s: CompiledSchedule, day: number): readonly Interval[] {
  if (inRanges(s.holidays, day)) return NO_HOURS;
  if (inSorted(s.workdays, day)) return s.hours[s.workdaysAs] as readonly Interval[];
  return s.hours[weekdayOf(day)] as readonly Interval[];
}

const NO_HOURS: readonly Interval[] = Object.freeze([]);

/** Whether minute `m` of a day is inside one of the day's intervals, by binary search on the starts. */
function inDay(intervals: readonly Interval[], m: number): boolean {
  let low = 0;
  let high = intervals.length - 1;
  let last = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((intervals[mid] as Interval).start <= m) {
      last = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return last >= 0 && m < (intervals[last] as Interval).end;
}

/** Whether minute `m` of `day` is open: the day's own hours, or the end of the day before's last interval past midnight. */
export function isOpen(s: CompiledSchedule, day: number, m: number): boolean {
  if (inDay(hoursOf(s, day), m)) return true;
  const before = hoursOf(s, day - 1);
  const last = before[before.length - 1];
  return last !== undefined && last.end > 1440 && m < last.end - 1440;
}

/** Whether minute `m` is inside a clock interval that may cross midnight. */
function inClock(i: Interval, m: number): boolean {
  return i.end <= 1440 ? i.start <= m && m < i.end : m >= i.start || m < i.end - 1440;
}

/** The period of a local day and minute, by `PERIODS`. */
export function periodOfWall(s: CompiledSchedule, day: number, m: number): Period {
  if (s.lunch !== null && inClock(s.lunch, m) && hoursOf(s, day).length > 0) return "lunch";
  if (isOpen(s, day, m)) return "open";
  if (isHoliday(s, day)) return "holiday";
  if (s.night !== null && inClock(s.night, m)) return "night";
  return "closed";
}

/** Where the instant `at` falls in a schedule: one `Intl` reading, then binary searches (spec H-PERIOD). */
export function periodAt(s: CompiledSchedule, at: number): PeriodAt {
  const wall = s.zone.wall(at);
  const day = dayOf(wall);
  const minute = minuteOf(wall);
  return { schedule: s.name, period: periodOfWall(s, day, minute), day, minute };
}

/** How far ahead `nextOpen` looks: a year and a bit, so that a long holiday is always crossed. */
const LOOKAHEAD_DAYS = 400;

/**
 * The first instant at or after `at` whose period is `open`, or `null` when the schedule opens
 * nowhere within 400 days (or before the engine's last time, `MAX_TIME`). Candidates are the starts of intervals and the end of lunch, each
 * checked with `periodOfWall`; a start inside a DST gap opens at the end of the gap, and one in a
 * repeated hour at its first instant not before `at`.
 */
export function nextOpen(s: CompiledSchedule, at: number): number | null {
  const wall = s.zone.wall(at);
  const today = dayOf(wall);
  if (periodOfWall(s, today, minuteOf(wall)) === "open") return at;
  for (let day = today; day <= today + LOOKAHEAD_DAYS; day++) {
    const starts = hoursOf(s, day).map((i) => i.start);
    if (s.lunch !== null && starts.length > 0) starts.push(s.lunch.end % 1440);
    starts.sort((a, b) => a - b);
    for (const m of starts) {
      const candidate = day * DAY + m * MINUTE;
      // Past the last time the engine reads (and Intl with it), nothing opens that can be named.
      if (candidate + DAY > MAX_TIME) return null;
      if (candidate > wall && periodOfWall(s, day, m) === "open") return Math.max(at, s.zone.instant(candidate, at));
    }
  }
  return null;
}
