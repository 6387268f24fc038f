// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal, formatDuration, type Engine } from "../../core/index.js";
import type { CompiledReply, CompiledSchedule, Zone } from "../../core/internal.js";

const { DAY, clockText, dateText, dayFromCivil, dayOf, minuteOf, periodOfWall, wallText, weekdayOf } = __internal;

/** A scenario file as `autoreply edges` writes it: the fields of docs/scenarios.md, steps without expectations. */
export interface EdgeScenario {
  /** The file name, without folder: `agentSilent-before.scenario.yaml`. */
  readonly file: string;
  readonly name: string;
  readonly channel: string;
  readonly online: readonly string[];
  /** For a schedule's boundary: the instant of `at: 0s`, ISO 8601 with the zone's offset. */
  readonly start?: string;
  readonly steps: readonly { readonly at: string; readonly event?: Readonly<Record<string, unknown>>; readonly note: string }[];
}

const at = (ms: number): string => formatDuration(ms);
const message = (text: string, route?: Readonly<Record<string, unknown>>) => ({ type: "visitor.message", text, ...(route === undefined ? {} : { route }) });

/**
 * The boundaries a config creates, as scenario files to replay with `autoreply simulate` (issue
 * 16, item 4): for each one, a message one millisecond before it and one after. Operators review
 * the two timelines instead of guessing what happens at the edge. Covered: the serving timers
 * (agentSilent, visitorSilent, autoEnd, idleAfter), the intervals of the queued and offline
 * replies, the quota's last slot and the window's end less its margin, for the channel given; the
 * replies the app layer sets (an agent's or a group's own settings are not walked); and the
 * boundaries of the channel's (or the app's) schedule: each change of period in the week from
 * `from` (a Monday; 2027-01-04 by default), holidays, and DST changes within a year.
 */
export function edgeScenarios(engine: Engine, channel: string, from: number = EDGE_WEEK): EdgeScenario[] {
  const config = engine.config;
  const agent = [...config.agents.keys()][0] ?? "agent";
  const online = [agent];
  const app = config.app;
  const out: EdgeScenario[] = [];
  const pair = (id: string, what: string, make: (t: number) => EdgeScenario["steps"], edge: number, who: readonly string[] = online) => {
    for (const side of ["before", "after"] as const) {
      const t = side === "before" ? edge - 1 : edge + 1;
      out.push({ file: `${id}-${side}.scenario.yaml`, name: `${what}: 1 ms ${side} the edge at ${at(edge)} (${at(t)})`, channel, online: who, steps: make(t) });
    }
  };
  const serve = { at: at(0), event: message("你好", { agent }), note: `the visitor writes and is served by ${agent}` };
  const silence = (reply: CompiledReply | undefined) => reply?.after ?? null;
  const agentSilent = silence(app.agentSilent);
  if (agentSilent !== null) {
    pair("agentSilent", `agentSilent after ${at(agentSilent)} of the agent's silence`, (t) => [serve, { at: at(t), event: message("还在吗"), note: "the visitor writes again; the agent has not answered" }], agentSilent);
  }
  const visitorSilent = silence(app.visitorSilent);
  if (visitorSilent !== null) {
    pair("visitorSilent", `visitorSilent after ${at(visitorSilent)} of the visitor's silence`, (t) => [serve, { at: at(1), event: { type: "agent.message" }, note: "the agent answers: the visitor's silence is timed from here" }, { at: at(t + 1), event: message("在的"), note: "the visitor answers" }], visitorSilent);
  }
  const autoEnd = app.autoEnd;
  if (autoEnd?.after != null) {
    const after = autoEnd.after;
    pair("autoEnd", `autoEnd after ${at(after)} of the visitor's silence`, (t) => [serve, { at: at(1), event: { type: "agent.message" }, note: "the agent answers" }, { at: at(t + 1), event: message("在的"), note: "the visitor answers" }], after);
  }
  if (autoEnd?.idleAfter != null && config.switches.idleEnd) {
    const idle = autoEnd.idleAfter;
    pair("idleEnd", `the idle end after ${at(idle)} without any message`, (t) => [serve, { at: at(t), event: message("在的"), note: "the visitor writes" }], idle);
  }
  for (const kind of ["queued", "offline"] as const) {
    const reply = app[kind];
    if (reply === undefined || reply.interval <= 0) continue;
    const first = { at: at(0), event: message("你好", { queue: 3 }), note: kind === "queued" ? "the visitor is queued: the queued reply goes out" : "nobody is online: the offline reply goes out" };
    pair(`${kind}-interval`, `the ${kind} reply's interval of ${at(reply.interval)}`, (t) => [first, { at: at(t), event: message("还要多久"), note: `the visitor writes again, ${at(t)} after the first` }], reply.interval, kind === "offline" ? [] : online);
  }
  const settings = config.channels.get(channel);
  if (settings?.quota != null && app.manualEnd !== undefined) {
    const room = settings.quota - settings.reserve;
    // What the first message sends already counts: the engine says how much.
    const used = engine.decide(engine.start({ conversation: "edges", channel, online }), { type: "visitor.message", at: 0, text: "你好", route: { agent } }).quota.used;
    const last = Math.max(room - used - app.manualEnd.messages.length, 0);
    for (const side of ["last-slot", "over"] as const) {
      // The agent's own messages count too (Q-HUMAN): the end reply meets the quota's last slot, or none.
      const humans = side === "last-slot" ? last : last + 1;
      out.push({
        file: `quota-${side}.scenario.yaml`,
        name: `the quota's ${side === "last-slot" ? "last slot" : "end"}: ${humans} agent messages, then the end reply (quota ${settings.quota}, ${settings.reserve} kept for agents)`,
        channel,
        online,
        steps: [serve, ...Array.from({ length: humans }, (_, i) => ({ at: at(1000 * (i + 1)), event: { type: "agent.message" }, note: `agent message ${i + 1} of ${humans}` })), { at: at(1000 * (humans + 1)), event: { type: "agent.ended" }, note: "the agent ends the session: the manualEnd reply" }],
      });
    }
  }
  if (settings?.window != null && app.manualEnd !== undefined) {
    const edge = settings.window - settings.margin;
    pair("window", `the window of ${at(settings.window)}${settings.margin > 0 ? ` less its margin of ${at(settings.margin)}` : ""}`, (t) => [serve, { at: at(t), event: { type: "agent.ended" }, note: "the agent ends the session: is the window still open for the manualEnd reply?" }], edge);
  }
  const schedule = config.channelSchedules.get(channel) ?? config.appSchedule;
  if (schedule !== null) out.push(...scheduleEdges(schedule, channel, online, from));
  return out;
}

/** The first Monday at or after 2027-01-04: the week `edges` walks unless told otherwise (a fixed week, so files do not change from one day to the next). */
export const EDGE_WEEK = dayFromCivil(2027, 1, 4);

/** An instant as ISO 8601 with the zone's offset at it: what a scenario's `start` takes. */
function isoAt(zone: Zone, instant: number): string {
  const offset = zone.offset(instant);
  const wall = instant + offset;
  const sign = offset < 0 ? "-" : "+";
  const o = Math.abs(offset) / 60_000;
  const seconds = String(Math.floor((wall % 60_000) / 1000)).padStart(2, "0");
  return `${dateText(dayOf(wall))}T${clockText(minuteOf(wall))}:${seconds}${sign}${String(Math.floor(o / 60)).padStart(2, "0")}:${String(o % 60).padStart(2, "0")}`;
}

/**
 * The boundaries of a schedule: each change of period in one week from `from` (a day number, a
 * Monday), the first and the day after the last day of each holiday range ahead of it (within a
 * year), and each change of the zone's UTC offset (DST) within a year; for each, a visitor message
 * 1 ms before and 1 ms after, in a scenario whose `start` is a minute before the boundary.
 */
function scheduleEdges(schedule: CompiledSchedule, channel: string, online: readonly string[], from: number): EdgeScenario[] {
  const zone = schedule.zone;
  const edges: { readonly id: string; readonly what: string; readonly instant: number }[] = [];
  const periodAt = (day: number, m: number) => (m < 0 ? periodOfWall(schedule, day - 1, 1440 + m) : periodOfWall(schedule, day, m));
  for (let day = from; day < from + 7; day++) {
    const hours = [...(schedule.hours[weekdayOf(day)] ?? []), ...(schedule.hours[weekdayOf(day - 1)] ?? []).map((i) => ({ start: i.start - 1440, end: i.end - 1440 }))];
    const minutes = new Set<number>([0]);
    for (const i of [...hours, ...(schedule.lunch === null ? [] : [schedule.lunch]), ...(schedule.night === null ? [] : [schedule.night])]) {
      for (const m of [i.start, i.end]) if (m % 1440 >= 0) minutes.add(((m % 1440) + 1440) % 1440);
    }
    for (const m of [...minutes].sort((a, b) => a - b)) {
      const before = periodAt(day, m - 1);
      const after = periodAt(day, m);
      if (before === after) continue;
      const wall = day * DAY + m * 60_000;
      edges.push({ id: `${schedule.name}-${dateText(day)}-${clockText(m).replace(":", "")}`, what: `${before} → ${after} at ${wallText(wall)} in ${zone.name}`, instant: zone.instant(wall) });
    }
  }
  for (const [first, last] of schedule.holidays) {
    if (last < from || first > from + 366) continue;
    edges.push({ id: `${schedule.name}-holiday-${dateText(first)}`, what: `the holiday from ${dateText(first)} begins`, instant: zone.instant(first * DAY) });
    edges.push({ id: `${schedule.name}-holiday-end-${dateText(last)}`, what: `the holiday to ${dateText(last)} ends`, instant: zone.instant((last + 1) * DAY) });
  }
  // DST: the offset read at each day's start; a change is found to the ms by bisection.
  let t = zone.instant(from * DAY);
  let offset = zone.offset(t);
  for (let i = 0; i < 366; i++) {
    const next = t + DAY;
    const o = zone.offset(next);
    if (o !== offset) {
      let low = t;
      let high = next;
      while (high - low > 1) {
        const mid = low + Math.floor((high - low) / 2);
        if (zone.offset(mid) === offset) low = mid;
        else high = mid;
      }
      const change = `UTC${offset >= 0 ? "+" : ""}${offset / 3_600_000} → UTC${o >= 0 ? "+" : ""}${o / 3_600_000}`;
      edges.push({ id: `${schedule.name}-dst-${dateText(dayOf(high + o))}`, what: `the clocks change in ${zone.name} (${change})`, instant: high });
      offset = o;
    }
    t = next;
  }
  const out: EdgeScenario[] = [];
  for (const e of edges) {
    for (const side of ["before", "after"] as const) {
      const ms = side === "before" ? 59_999 : 60_001;
      out.push({
        file: `${e.id}-${side}.scenario.yaml`,
        name: `schedule ${schedule.name}: ${e.what}; a message 1 ms ${side}`,
        channel,
        online,
        start: isoAt(zone, e.instant - 60_000),
        steps: [{ at: at(ms), event: message("你好"), note: `1 ms ${side} ${isoAt(zone, e.instant)}: which period's replies go out?` }],
      });
    }
  }
  return out;
}
