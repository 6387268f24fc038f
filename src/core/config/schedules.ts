import { inRanges, type CompiledSchedule, type Interval } from "../time/schedule.js";
import { dayOf, parseClock, parseDate, weekdayOf, Zone } from "../time/zone.js";
import { normalizeText } from "../match/normalize.js";
import { OBJECT_KEYS } from "./keys.js";
import { hintFor, join, type Reader } from "./reader.js";

/** The weekday keys of `hours`, Sunday first (the index is `weekdayOf`'s). */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const INTERVAL = "an interval HH:MM-HH:MM (times 00:00 to 24:00; an end before the start crosses midnight)";

/** The zones the runtime knows, for a hint; empty where `Intl.supportedValuesOf` is missing. */
function knownZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

function readZone(r: Reader, value: unknown, path: string): Zone | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    return r.problem(path, "an IANA time zone name", value, "write the zone the hours are kept in, e.g. zone: Asia/Shanghai");
  }
  try {
    return new Zone(value);
  } catch {
    const zones = knownZones();
    return r.problem(path, "an IANA time zone name this runtime knows", value, zones.length > 0 ? hintFor(value, zones) : "write a name such as Asia/Shanghai, Europe/Berlin or America/New_York");
  }
}

/** `HH:MM-HH:MM`: an end at or before the start crosses midnight (spec H-MIDNIGHT). */
export function readInterval(r: Reader, value: unknown, path: string, crossing = true): Interval | undefined {
  const parts = typeof value === "string" ? value.split("-").map((p) => p.trim()) : [];
  const [start, end] = parts.length === 2 ? [parseClock(parts[0] as string), parseClock(parts[1] as string)] : [undefined, undefined];
  if (start === undefined || end === undefined || start === 1440) return r.problem(path, INTERVAL, value, 'write it as "09:00-18:00"; 24:00 only ends an interval');
  if (start === end) return r.problem(path, "an interval whose end differs from its start", value, 'for the whole day write "00:00-24:00"');
  if (end < start && !crossing) return r.problem(path, "an interval within one day", value, "this interval cannot cross midnight; write its start before its end");
  return { start, end: end < start ? end + 1440 : end };
}

/** One day's intervals, merged where they overlap or touch, by start. */
function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, i.end) };
    else out.push(i);
  }
  return out;
}

function readHours(r: Reader, value: unknown, path: string, overlaps: string[]): Interval[][] {
  const hours: Interval[][] = WEEKDAYS.map(() => []);
  if (value === undefined) return hours;
  const o = r.object(value, path, OBJECT_KEYS.WeekHoursInput);
  if (o === undefined) return hours;
  WEEKDAYS.forEach((name, weekday) => {
    const raw = o[name];
    if (raw === undefined) return;
    const list = Array.isArray(raw) ? raw : [raw];
    const day: Interval[] = [];
    list.forEach((entry: unknown, i) => {
      const interval = readInterval(r, entry, Array.isArray(raw) ? `${path}.${name}[${i}]` : `${path}.${name}`);
      if (interval !== undefined) day.push(interval);
    });
    hours[weekday] = merge(day);
    const covered = day.reduce((n, i) => n + i.end - i.start, 0);
    if (covered > (hours[weekday] as Interval[]).reduce((n, i) => n + i.end - i.start, 0)) overlaps.push(`${path}.${name}`);
  });
  return hours;
}

function readHolidays(r: Reader, value: unknown, path: string): [number, number][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.problem(path, "a list of dates or date ranges", value, 'write holidays: ["2026-10-01..2026-10-07", "2027-01-01"]');
    return [];
  }
  const ranges: [number, number][] = [];
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    const parts = typeof entry === "string" ? entry.split("..") : [];
    const days = parts.map((p) => parseDate(p.trim()));
    const [from, to] = [days[0], days[days.length - 1]];
    if (parts.length < 1 || parts.length > 2 || from === undefined || to === undefined) {
      r.problem(at, "a date YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD", entry, "write a real date, e.g. 2026-10-01, or 2026-10-01..2026-10-07 for National Day");
    } else if (to < from) r.problem(at, "a range whose end is not before its start", entry, "write the earlier date first");
    else ranges.push([from, to]);
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

function readWorkdays(r: Reader, value: unknown, path: string, holidays: readonly [number, number][]): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.problem(path, "a list of dates", value, 'write workdays: ["2026-10-10"], the Saturdays and Sundays that are working days (调休)');
    return [];
  }
  const days: number[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    const day = typeof entry === "string" ? parseDate(entry.trim()) : undefined;
    if (day === undefined) r.problem(at, "a date YYYY-MM-DD", entry, "write a real date, e.g. 2026-09-27");
    else if (weekdayOf(day) !== 0 && weekdayOf(day) !== 6) r.problem(at, "a Saturday or a Sunday", entry, "a make-up working day (调休) replaces a weekend day; a weekday already has its hours");
    else if (inRanges(holidays, day)) r.problem(at, "a date that is not also a holiday", entry, "remove it from holidays or from workdays");
    else days.push(day);
  });
  return [...new Set(days)].sort((a, b) => a - b);
}

/** The words that make a message urgent when a schedule names a duty and none (seed 002 line 25). */
export const URGENT_WORDS: readonly string[] = ["紧急", "投诉"];

function readDuty(r: Reader, value: unknown, path: string, agents: ReadonlySet<string>, groups: ReadonlySet<string>): CompiledSchedule["duty"] {
  if (value === undefined) return null;
  const o = r.object(value, path, OBJECT_KEYS.DutyInput);
  if (o === undefined) return null;
  const agent = r.text(o["agent"], `${path}.agent`);
  const group = r.text(o["group"], `${path}.group`);
  if ((agent === undefined) === (group === undefined)) return r.problem(path, "one of agent or group", value, "write duty: { agent: wangwu } or duty: { group: night }") ?? null;
  if (agent !== undefined && !agents.has(agent)) return r.problem(`${path}.agent`, "an agent defined under agents", agent, agents.size > 0 ? hintFor(agent, [...agents]) : "define the duty agent under agents") ?? null;
  if (group !== undefined && !groups.has(group)) return r.problem(`${path}.group`, "a group defined under groups", group, groups.size > 0 ? hintFor(group, [...groups]) : "define the duty group under groups") ?? null;
  return agent !== undefined ? { agent } : { group: group as string };
}

/** The named schedules of a config (spec H-SCHEDULE), every problem reported at its path. */
export function readSchedules(r: Reader, value: unknown, agents: ReadonlySet<string>, groups: ReadonlySet<string>): Map<string, CompiledSchedule> {
  const schedules = new Map<string, CompiledSchedule>();
  for (const [name, raw] of r.entries(value, "schedules")) {
    const path = join("schedules", name);
    const o = r.object(raw, path, OBJECT_KEYS.ScheduleInput);
    if (o === undefined) continue;
    const zone = readZone(r, o["zone"], `${path}.zone`);
    const overlaps: string[] = [];
    const hours = readHours(r, o["hours"], `${path}.hours`, overlaps);
    const lunch = o["lunch"] === undefined ? null : (readInterval(r, o["lunch"], `${path}.lunch`, false) ?? null);
    const night = o["night"] === undefined ? null : (readInterval(r, o["night"], `${path}.night`) ?? null);
    const holidays = readHolidays(r, o["holidays"], `${path}.holidays`);
    const workdays = readWorkdays(r, o["workdays"], `${path}.workdays`, holidays);
    const as = o["workdaysAs"] ?? "mon";
    const workdaysAs = WEEKDAYS.indexOf(as as (typeof WEEKDAYS)[number]);
    if (workdaysAs < 0) r.problem(`${path}.workdaysAs`, `one of: ${WEEKDAYS.join(", ")}`, as, hintFor(String(as), WEEKDAYS));
    const duty = readDuty(r, o["duty"], `${path}.duty`, agents, groups);
    if (duty === null && o["urgent"] !== undefined) r.problem(`${path}.urgent`, "urgent words together with duty", o["urgent"], "urgent words say when to transfer to the duty agent or group: add duty, or remove urgent");
    const words = o["urgent"] === undefined ? URGENT_WORDS : r.words(o["urgent"], `${path}.urgent`);
    const urgent = duty === null ? [] : words.map((w) => normalizeText(w));
    if (zone !== undefined) schedules.set(name, { name, zone, hours, lunch, night, holidays, workdays, workdaysAs: Math.max(workdaysAs, 0), overlaps, duty, urgent });
  }
  return schedules;
}

/** A layer's `schedule`: the name of one under `schedules`, or `null` when it names none. */
export function readScheduleName(r: Reader, value: unknown, path: string, schedules: ReadonlyMap<string, CompiledSchedule>, written: ReadonlySet<string>): CompiledSchedule | null {
  if (value === undefined) return null;
  const name = r.text(value, path);
  if (name === undefined) return null;
  const schedule = schedules.get(name);
  // A schedule that was written but has problems of its own is reported there, not here again.
  if (schedule === undefined && !written.has(name)) {
    r.problem(path, written.size > 0 ? `one of the schedules: ${[...written].join(", ")}` : "a schedule defined under schedules", name, written.size > 0 ? hintFor(name, [...written]) : "define it under schedules, e.g. schedules: { office: { zone: Asia/Shanghai, hours: { mon: 09:00-18:00 } } }");
  }
  return schedule ?? null;
}

export { dayOf };
