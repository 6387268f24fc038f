import { describe, expect, it } from "vitest";
import { DAY, MINUTE, Zone, ZONE_YEARS_KEPT } from "./zone.js";
// A deterministic generator (mulberry32), the soak's.
import { seeded } from "../../host/soak.js";

// `Zone.offset` answers from a table of each UTC year's offset changes, built from `Intl` and
// searched; `Zone.read` is one `Intl` reading. They must agree on every instant. The changes are
// found here independently of the tables: `read` every hour from 2000 to 2040, each change then
// bisected to the ms, and every instant around each change is compared.

const HOUR = 3_600_000;
const ZONES = [
  "Asia/Shanghai", // no DST since 1991
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe", // a 30-minute DST
  "America/Sao_Paulo", // southern DST, abolished in 2019
  "Africa/Casablanca", // DST suspended each Ramadan: four changes in some years
  "Pacific/Apia", // crossed the date line at the end of 2011, DST until 2021
];
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2041, 0, 1);

/** Every change of `zone`'s offset in [from, to), read hour by hour through Intl and bisected to the ms. */
function changesByIntl(zone: Zone, from: number, to: number): number[] {
  const out: number[] = [];
  let t = from;
  let offset = zone.read(t);
  while (t < to) {
    const next = t + HOUR;
    const o = zone.read(next);
    if (o !== offset) {
      let low = t;
      let high = next;
      while (high - low > 1) {
        const mid = low + Math.floor((high - low) / 2);
        if (zone.read(mid) === offset) low = mid;
        else high = mid;
      }
      out.push(high);
      offset = o;
    }
    t = next;
  }
  return out;
}


describe("Zone.offset: a table of each year's changes gives exactly what Intl gives", () => {
  for (const name of ZONES) {
    it(`${name}: around every change of 2000-2040, and the table holds exactly those changes`, () => {
      const intl = new Zone(name);
      const table = new Zone(name);
      const changes = changesByIntl(intl, FROM, TO);
      if (name === "Asia/Shanghai") expect(changes).toEqual([]);
      else expect(changes.length).toBeGreaterThan(name === "America/Sao_Paulo" || name === "Pacific/Apia" ? 10 : 40);
      for (const c of changes) {
        for (const d of [-DAY, -HOUR, -MINUTE, -1000, -1, 0, 1, 1000, MINUTE, HOUR, DAY]) expect(table.offset(c + d), `${name} at ${c + d}`).toBe(intl.read(c + d));
      }
      // The tables' own changes (besides each year's first instant) are the ones Intl shows.
      const inTables: number[] = [];
      for (let year = 2000; year <= 2040; year++) {
        table.offset(Date.UTC(year, 6, 1));
        const y = table.lastYear;
        if (y === null) throw new Error("no table");
        inTables.push(...y.starts.slice(1));
      }
      expect(inTables).toEqual(changes);
      expect(table.years.size).toBeLessThanOrEqual(ZONE_YEARS_KEPT);
    });
  }

  it("Australia/Lord_Howe moves by 30 minutes, and Asia/Shanghai not at all", () => {
    const lordHowe = new Zone("Australia/Lord_Howe");
    expect(lordHowe.offset(Date.UTC(2026, 0, 15))).toBe(11 * HOUR);
    expect(lordHowe.offset(Date.UTC(2026, 6, 15))).toBe(10.5 * HOUR);
    const shanghai = new Zone("Asia/Shanghai");
    shanghai.offset(Date.UTC(2026, 6, 15));
    expect(shanghai.lastYear?.offsets).toEqual([8 * HOUR]);
  });

  it("at random instants from 1900 to 2100, in two years taken in turn, and at the changes of those years ±1 ms and ±0.5 ms", () => {
    const next = seeded(30);
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    for (const name of ZONES) {
      const intl = new Zone(name);
      const table = new Zone(name);
      const instants = Array.from({ length: 4000 }, () => from + Math.floor(next() * (to - from))).sort((a, b) => a - b);
      // The sorted instants, from each half in turn: each year is built once, and each answer
      // comes from the last table or from another one kept.
      const half = instants.length / 2;
      for (let i = 0; i < half; i++) {
        for (const t of [instants[i] as number, instants[half + i] as number]) expect(table.offset(t), `${name} at ${t}`).toBe(intl.read(t));
      }
      // Every change of the tables built, before 1970 too (local mean times with seconds, negative
      // times: Intl cuts a fraction of a ms toward zero), with its neighbours.
      for (let year = 1900; year < 2100; year += 1) {
        table.offset(Date.UTC(year, 6, 1));
        for (const c of table.lastYear?.starts.slice(1) ?? []) {
          for (const d of [-1, -0.5, 0, 0.5, 1]) expect(table.offset(c + d), `${name} at ${c + d}`).toBe(intl.read(c + d));
        }
      }
      expect(table.years.size).toBe(ZONE_YEARS_KEPT);
    }
  });

  it("a year dropped from the tables is built again the same", () => {
    const zone = new Zone("Europe/London");
    const t = Date.UTC(2026, 2, 29, 0, 59, 59, 999);
    const first = [zone.offset(t), zone.offset(t + 1)];
    zone.offset(Date.UTC(2026, 6, 1));
    const table = zone.lastYear;
    for (let year = 2027; year < 2027 + ZONE_YEARS_KEPT; year++) zone.offset(Date.UTC(year, 0, 1));
    expect(zone.years.has(2026)).toBe(false);
    expect([zone.offset(t), zone.offset(t + 1)]).toEqual(first);
    expect(first).toEqual([0, HOUR]);
    expect(zone.lastYear).toEqual(table);
    expect(zone.lastYear).not.toBe(table);
  });

  it("the ends of Intl's range: the same offsets, and the same errors past them", () => {
    const intl = new Zone("America/New_York");
    const table = new Zone("America/New_York");
    for (const t of [8.64e15, 8.64e15 - 1, -8.64e15, -8.64e15 + 1, 0, -1, -0.5, 0.5]) expect(table.offset(t), String(t)).toBe(intl.read(t));
    for (const t of [8.64e15 + 1, -8.64e15 - 1, Number.NaN, Infinity, -Infinity]) {
      let expected: unknown;
      let actual: unknown;
      try {
        intl.read(t);
      } catch (e) {
        expected = e;
      }
      try {
        table.offset(t);
      } catch (e) {
        actual = e;
      }
      expect(expected, String(t)).toBeDefined();
      expect(actual, String(t)).toEqual(expected);
      expect((actual as { code?: string }).code).toBe("EVENT_INVALID");
    }
  });

  it("instant: what the list-based search gave, through gaps and overlaps (Berlin, Lord Howe's half hour, New York)", () => {
    // The version before issue 30, which made three lists per call: the candidate offsets either side,
    // those that fit, sorted; the first at or after `notBefore`, else the last.
    const listed = (zone: Zone, wall: number, notBefore: number): number | undefined => {
      const a = zone.read(wall - DAY / 2);
      const b = zone.read(wall + DAY / 2);
      const found = [a, b].filter((o, i) => (i === 0 || o !== a) && zone.read(wall - o) === o).map((o) => wall - o).sort((x, y) => x - y);
      return found.length > 0 ? (found.find((t) => t >= notBefore) ?? found[found.length - 1]) : undefined;
    };
    for (const name of ["Europe/Berlin", "Australia/Lord_Howe", "America/New_York"]) {
      const zone = new Zone(name);
      const intl = new Zone(name);
      // Every 5 minutes of the days around each change of 2026, and a week of ordinary days.
      const changes = changesByIntl(intl, Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
      expect(changes.length).toBe(2);
      const walls: number[] = [];
      for (const c of [...changes, Date.UTC(2026, 5, 1)]) for (let w = c - DAY; w < c + DAY; w += 5 * MINUTE) walls.push(w);
      let gaps = 0;
      let overlaps = 0;
      for (const wall of walls) {
        for (const notBefore of [-Infinity, wall - 11 * HOUR, wall - 10 * HOUR]) {
          const expected = listed(intl, wall, notBefore);
          if (expected === undefined) gaps++;
          else {
            if (zone.wall(expected) === wall && expected !== listed(intl, wall, Infinity)) overlaps++;
            expect(zone.instant(wall, notBefore), `${name} ${wall} ${notBefore}`).toBe(expected);
          }
        }
      }
      expect(gaps).toBeGreaterThan(0);
      expect(overlaps).toBeGreaterThan(0);
    }
  });
});
