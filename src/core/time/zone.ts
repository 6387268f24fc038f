import { fail } from "../model/errors.js";

/** Milliseconds in a day and a minute. */
export const DAY = 86_400_000;
export const MINUTE = 60_000;

/**
 * One UTC year of a zone's offsets, read from `Intl`: from `from` (the year's first instant) to
 * `to` (the next year's, excluded), offset `offsets[i]` holds from `starts[i]` up to the next start.
 * `starts[0]` is `from`; a year without a change has one entry.
 */
export interface YearOffsets {
  readonly from: number;
  readonly to: number;
  readonly starts: readonly number[];
  readonly offsets: readonly number[];
}

/**
 * How many years of offsets a zone keeps (the oldest built is dropped past it). A conversation's
 * events move forward in time, so a host's decisions read one or two years; a tool that walks many
 * years (edges, a test) rebuilds what it dropped. 16 years of tables are a few KB.
 */
export const ZONE_YEARS_KEPT = 16;

/** The largest |time| `Intl` (and `Date`) reads: ±8.64e15 ms. Past it, `offset` gives Intl's error. */
const INTL_LIMIT = 8_640_000_000_000_000;

// Offsets: `read(at)` is one `Intl` reading (~1.8 µs). `offset(at)` gives exactly what `read(at)`
// gives, from a table of the offset's changes in `at`'s UTC year: built on the first instant of
// that year asked (the year read at each day's start, each change then found to the ms by
// bisection: about 370 readings, once), then a binary search over its few entries (nanoseconds).
// The tables live on this object, made once per compiled config (src/core/config/schedules.ts), never
// in a module-level cache: two engines share nothing. They are a memo, not state: a table holds
// only what `Intl` answers for its year, so an answer is the same whether it came from a table, a
// rebuilt one, or `Intl` itself (src/core/time/zone.test.ts checks this around every change of
// 2000-2040 in zones with 30-minute and southern DST); at most `ZONE_YEARS_KEPT` years are kept,
// so the memory is bounded whatever instants are asked. What a table assumes, as `instant` and
// `autoreply edges` already do: no offset lasts less than a day (a change and its undoing within
// one day would be missed).
// One IANA time zone, read through the runtime's `Intl` (the package carries no time-zone data and
// reads no clock). A *wall time* is a local date and time written as milliseconds since
// 1970-01-01 00:00 local, so that days and minutes are plain arithmetic on it (spec H-WALL).
// - An instant has exactly one wall time: `wall(at)`, the zone's offset at `at` added.
// - A wall time has one instant, none (a DST gap: Berlin's 02:30 on the last Sunday of March) or two
//   (a DST overlap: Berlin's 02:30 on the last Sunday of October). `instant(wall)` gives the one, the
//   first instant after the gap, or the earlier of the two (spec H-DST-GAP, H-DST-OVERLAP).
export class Zone {
  // The formatter that reads offsets (one per zone, made when the config is compiled).
  readonly format: Intl.DateTimeFormat;
  // The memo of `offset`: the tables built, by UTC year, oldest first (at most `ZONE_YEARS_KEPT`),
  // and the table of the last instant asked (the next one is most often in the same year). Public
  // fields, not `#private` ones, so that a `Zone` of the built package and one of the sources stay
  // the same type; nothing outside this file reads them.
  readonly years = new Map<number, YearOffsets>();
  lastYear: YearOffsets | null = null;

  // Throws a `RangeError` for a name the runtime does not know (the config reader reports it).
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
  }

  // The zone's offset from UTC at `at`, in ms (Berlin in summer: 7,200,000): what `read(at)` gives, from the year's table.
  offset(at: number): number {
    // Intl reads a time as a whole number of ms, cut toward zero (the TimeClip of the ECMAScript specification).
    const t = Math.trunc(at);
    const year = this.lastYear;
    if (year !== null && t >= year.from && t < year.to) return offsetIn(year, t);
    return offsetOf(this, t);
  }

  // One `Intl` reading of the zone's offset at `at`, in ms, uncached: what `offset` always equals.
  read(at: number): number {
    let text: string;
    try {
      text = this.format.format(at);
    } catch {
      return fail("EVENT_INVALID", `the time ${at} is outside what this runtime's Intl reads in ${this.name}`);
    }
    // "…, GMT+05:45", "…, GMT-03:00", "…, GMT+00:53:28" (local mean time), or "…, GMT" for UTC.
    const at0 = text.lastIndexOf("GMT");
    if (at0 < 0) return fail("EVENT_INVALID", `this runtime's Intl gave no offset for ${this.name} at ${at} ("${text}")`);
    const rest = text.slice(at0 + 3);
    if (rest === "") return 0;
    const sign = rest.charCodeAt(0) === 45 || rest.charCodeAt(0) === 0x2212 ? -1 : 1;
    const [h = "0", m = "0", s = "0"] = rest.slice(1).split(":");
    return sign * ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }

  // The wall time of an instant.
  wall(at: number): number {
    return at + this.offset(at);
  }

  // The instant of a wall time. In a gap, the first instant after it (the wall time the clocks jumped
  // to); in an overlap, the earlier instant, or with `notBefore` the first one at or after it.
  instant(wall: number, notBefore = -Infinity): number {
    // The offsets half a day either side: a zone changes its offset at most once within them.
    const a = this.offset(wall - DAY / 2);
    const b = this.offset(wall + DAY / 2);
    // The instants whose offset is one of them (no list made: `nextOpen` asks on every decision that fills `<<next_open>>`).
    const fitsA = this.offset(wall - a) === a;
    const fitsB = b !== a && this.offset(wall - b) === b;
    if (fitsA || fitsB) {
      const first = fitsA && fitsB ? wall - Math.max(a, b) : wall - (fitsA ? a : b);
      const second = fitsA && fitsB ? wall - Math.min(a, b) : first;
      return first >= notBefore ? first : second;
    }
    // A gap: the transition lies between the two readings; find it to the ms.
    let low = wall - Math.max(a, b);
    let high = wall - Math.min(a, b);
    const before = this.offset(low);
    while (high - low > 1) {
      const mid = low + Math.floor((high - low) / 2);
      if (this.offset(mid) === before) low = mid;
      else high = mid;
    }
    return high;
  }
}

/** `zone.offset` when its last table does not hold `t`: another year's table, built if needed. */
function offsetOf(zone: Zone, t: number): number {
  // NaN, infinities, and times past Intl's range: Intl's own answer (an EVENT_INVALID error).
  if (!(t >= -INTL_LIMIT && t <= INTL_LIMIT)) return zone.read(t);
  const y = civilOf(Math.floor(t / DAY)).year;
  let year = zone.years.get(y);
  if (year === undefined) {
    try {
      year = buildYear(zone, y);
    } catch {
      // A year Intl cannot read in full: this instant read alone, as before tables (its error, if any).
      return zone.read(t);
    }
    if (zone.years.size >= ZONE_YEARS_KEPT) zone.years.delete(zone.years.keys().next().value as number);
    zone.years.set(y, year);
  }
  zone.lastYear = year;
  return offsetIn(year, t);
}

/** The offsets of UTC year `y` in `zone`: `read` at each day's start, each change found to the ms by bisection. */
function buildYear(zone: Zone, y: number): YearOffsets {
  const from = Math.max(dayFromCivil(y, 1, 1) * DAY, -INTL_LIMIT);
  const to = Math.min(dayFromCivil(y + 1, 1, 1) * DAY, INTL_LIMIT + 1);
  const starts = [from];
  const offsets = [zone.read(from)];
  let low = from;
  let before = offsets[0] as number;
  while (low < to - 1) {
    const high = Math.min(low + DAY, to - 1);
    const o = zone.read(high);
    if (o === before) {
      low = high;
      continue;
    }
    // A change within (low, high]: the first instant whose offset is not `before`.
    let a = low;
    let b = high;
    while (b - a > 1) {
      const mid = a + Math.floor((b - a) / 2);
      if (zone.read(mid) === before) a = mid;
      else b = mid;
    }
    before = b === high ? o : zone.read(b);
    starts.push(b);
    offsets.push(before);
    // A second change within the same day (from `before` on) is found from here.
    low = b;
  }
  return { from, to, starts, offsets };
}

/** The offset a year's table gives at `t` (within it): the entry of the last start at or before `t`, by binary search. */
function offsetIn(year: YearOffsets, t: number): number {
  const starts = year.starts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= t) low = mid;
    else high = mid - 1;
  }
  return year.offsets[low] as number;
}

/** A wall time's day number (days since 1970-01-01), minute of the day, and weekday (0 Sunday). */
export function dayOf(wall: number): number {
  return Math.floor(wall / DAY);
}

export function minuteOf(wall: number): number {
  return Math.floor((wall - dayOf(wall) * DAY) / MINUTE);
}

/** 0 for Sunday … 6 for Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * A day number as a proleptic Gregorian year, month (1-12) and day, and back: Howard Hinnant's
 * `civil_from_days` and `days_from_civil`, plain integer arithmetic (no `Date`, no clock).
 */
export function civilOf(day: number): { readonly year: number; readonly month: number; readonly date: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const date = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, date };
}

export function dayFromCivil(year: number, month: number, date: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + date - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** A day number as `YYYY-MM-DD`. */
export function dateText(day: number): string {
  const { year, month, date } = civilOf(day);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
}

/** A wall time as `YYYY-MM-DD HH:MM`. */
export function wallText(wall: number): string {
  return `${dateText(dayOf(wall))} ${clockText(minuteOf(wall))}`;
}

/** A minute of the day as `HH:MM`. */
export function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/** `YYYY-MM-DD` as a day number, or `undefined` when it is not a real date. */
export function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || date < 1) return undefined;
  const day = dayFromCivil(year, month, date);
  return civilOf(day).month === month ? day : undefined;
}

/** `HH:MM` (00:00 to 24:00) as a minute of the day, or `undefined`. */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}
