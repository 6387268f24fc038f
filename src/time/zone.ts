import { fail } from "../model/errors.js";

/** Milliseconds in a day and a minute. */
export const DAY = 86_400_000;
export const MINUTE = 60_000;

/**
 * One IANA time zone, read through the runtime's `Intl` (the package carries no time-zone data and
 * reads no clock). A *wall time* is a local date and time written as milliseconds since
 * 1970-01-01 00:00 local, so that days and minutes are plain arithmetic on it (spec H-WALL).
 *
 * - An instant has exactly one wall time: `wall(at)`, one `Intl` call.
 * - A wall time has one instant, none (a DST gap: Berlin's 02:30 on the last Sunday of March) or two
 *   (a DST overlap: Berlin's 02:30 on the last Sunday of October). `instant(wall)` gives the one, the
 *   first instant after the gap, or the earlier of the two (spec H-DST-GAP, H-DST-OVERLAP).
 */
export class Zone {
  /** The formatter that reads offsets (one per zone, made when the config is compiled). */
  readonly format: Intl.DateTimeFormat;

  /** Throws a `RangeError` for a name the runtime does not know (the config reader reports it). */
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
  }

  /** The zone's offset from UTC at `at`, in ms (Berlin in summer: 7,200,000). */
  offset(at: number): number {
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

  /** The wall time of an instant. */
  wall(at: number): number {
    return at + this.offset(at);
  }

  /**
   * The instant of a wall time. In a gap, the first instant after it (the wall time the clocks jumped
   * to); in an overlap, the earlier instant, or with `notBefore` the first one at or after it.
   */
  instant(wall: number, notBefore = -Infinity): number {
    // The offsets half a day either side: a zone changes its offset at most once within them.
    const a = this.offset(wall - DAY / 2);
    const b = this.offset(wall + DAY / 2);
    const fits = (o: number) => this.offset(wall - o) === o;
    const found = [a, b].filter((o, i) => (i === 0 || o !== a) && fits(o)).map((o) => wall - o).sort((x, y) => x - y);
    if (found.length > 0) return found.find((t) => t >= notBefore) ?? (found[found.length - 1] as number);
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
