import type { Engine } from "../../core/index.js";
// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal, AutoreplyError, parseDuration, type ConfigIssue, type ErrorCode } from "../../core/index.js";
import type { ConversationState, Decision, Dropped, Effect, EngineEvent, EventCode, Layer, Phase, ReplyKind, Timer, TraceEntry } from "../../core/internal.js";

const { describe } = __internal;

/** An expected reply message: only the fields named are compared. */
export interface ExpectedReply {
  readonly kind?: ReplyKind;
  readonly text?: string;
  readonly layer?: Layer;
  readonly rule?: string;
  readonly cause?: "event" | "timer";
}

/** An expected drop: only the fields named are compared. */
export interface ExpectedDrop {
  readonly kind?: ReplyKind;
  readonly reason?: Dropped["reason"];
  readonly by?: string;
  readonly rule?: string;
}

/** One step of a scenario: time passes to `at`, due timers fire, then the event (if any) is applied. */
export interface ScenarioStep {
  /** The step's instant (epoch ms): `start`'s instant plus the time written, or the time written alone (from 0) without `start`. */
  readonly at: number;
  /** The event, without `at` (the step gives it); `timer` events are not written, they fire by themselves. */
  readonly event: Readonly<Record<string, unknown>> | null;
  /** Every reply message since the previous step, in order; `[]` means nothing is sent. */
  readonly expect: readonly ExpectedReply[] | null;
  /** Drops that must be among those since the previous step. */
  readonly dropped: readonly ExpectedDrop[] | null;
  /**
   * Every effect since the previous step, in order, matched on the fields written, in the shape of the
   * API's `Decision.effects` (`type`, `reason`, `by`, `rule`, `tag`, `group`, `until`, a transfer's
   * `to: { agent }` or `to: { group }`); `[]` means none. A transfer's older flat `agent:` or `group:`
   * is still read, and moved under `to` here.
   */
  readonly effects: readonly Readonly<Record<string, unknown>>[] | null;
  /** The phase after the step. */
  readonly phase: Phase | null;
  /** The event must be refused with this error code (the state stays as it was). */
  readonly error: ErrorCode | null;
  /** A note for people, shown by `simulate`. */
  readonly note: string | null;
}

/** A conversation written down to be run: a user's test, a spec entry, or the seed's worked example. */
export interface Scenario {
  readonly name: string;
  readonly channel: string;
  readonly config: unknown;
  readonly nickname: string | null;
  /** The visitor's language and facts at the start (`visitor.locale`, `visitor.facts`), or `null`. */
  readonly locale: string | null;
  readonly facts: readonly string[] | null;
  readonly online: readonly string[];
  /** Agents in do-not-disturb at the start. */
  readonly dnd: readonly string[];
  /** Spec rule ids this scenario demonstrates. */
  readonly rules: readonly string[];
  readonly steps: readonly ScenarioStep[];
  /** With `start`: the instant of `at: 0s` and the offset it was written with (minutes east of UTC); else `null`. */
  readonly start: { readonly at: number; readonly offset: number } | null;
}

/** One reply message as the timeline and `--json` show it. */
export interface FlatReply {
  readonly kind: ReplyKind;
  readonly layer: Layer;
  readonly rule: string;
  readonly text: string;
  /** Whether the step's event or a timer that fell due before it sent this. */
  readonly cause: "event" | "timer";
  /** Under an A/B test: its experiment and the variant sent. */
  readonly experiment?: string;
  readonly variant?: string;
  /** On the last message of a prompt: its buttons' texts, and whether it is the capture form (P-BUTTONS, P-CAPTURE). */
  readonly buttons?: readonly string[];
  readonly capture?: true;
  /** On WeCom: the event code that carries it (W-WECOM-CODE). */
  readonly code?: EventCode;
}

/** What a difference between a step's expectation and what happened looks like. */
export interface Mismatch {
  /** 1-based step number. */
  readonly step: number;
  readonly message: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface StepResult {
  /** 1-based step number. */
  readonly step: number;
  readonly at: number;
  readonly event: Readonly<Record<string, unknown>> | null;
  readonly note: string | null;
  readonly phase: Phase;
  readonly replies: readonly FlatReply[];
  readonly dropped: readonly Dropped[];
  readonly timers: readonly Timer[];
  /** The effects of the step's decisions, in order. */
  readonly effects: readonly Effect[];
  /** With `{ explain: true }`: the trace of every decision of the step (due timers first, then the event). */
  readonly trace?: readonly TraceEntry[];
  /** The error the event was refused with, if it was; the state then stayed as it was. */
  readonly error: { readonly code: ErrorCode; readonly message: string } | null;
}

export interface ScenarioRun {
  readonly name: string;
  readonly steps: readonly StepResult[];
  readonly mismatches: readonly Mismatch[];
  /** Steps whose event was refused though the scenario did not say `error:` for them. */
  readonly unexpectedRefusals: readonly number[];
  readonly state: ConversationState;
  /** As `Scenario.start`. */
  readonly start: Scenario["start"];
}

const STEP_KEYS = ["at", "event", "expect", "dropped", "effects", "phase", "error", "note"];
const SCENARIO_KEYS = ["name", "channel", "config", "visitor", "online", "dnd", "rules", "steps", "description", "cites", "start"];

/**
 * Reads a scenario (parsed YAML or JSON). `loadConfig` turns a `config: ./file.yaml` reference into
 * the config object; without it only an inline config is accepted. Throws `SCENARIO_INVALID` with
 * every problem at once.
 */
export function parseScenario(raw: unknown, loadConfig?: (reference: string) => unknown): Scenario {
  const issues: ConfigIssue[] = [];
  const problem = (path: string, expected: string, value: unknown, hint: string): void => {
    issues.push({ path, expected, received: describe(value), hint });
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AutoreplyError("SCENARIO_INVALID", `a scenario should be a mapping with channel, config and steps, received ${describe(raw)}`);
  }
  const o = raw as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(o)) if (!SCENARIO_KEYS.includes(key)) problem(key, `one of: ${SCENARIO_KEYS.join(", ")}`, key, "remove it");
  const name = typeof o["name"] === "string" ? o["name"] : "scenario";
  const channel = typeof o["channel"] === "string" ? o["channel"] : (problem("channel", "a channel name", o["channel"], "write channel: miniprogram (or minigame, official_account, web)"), "");
  let config: unknown = o["config"] ?? {};
  if (typeof config === "string") {
    if (loadConfig === undefined) problem("config", "an inline config", config, "write the config inline, or run the scenario from a file");
    else config = loadConfig(config);
  }
  const visitor = o["visitor"];
  let nickname: string | null = null;
  let locale: string | null = null;
  let facts: readonly string[] | null = null;
  if (visitor !== undefined) {
    const v = visitor as Readonly<Record<string, unknown>> | null;
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      problem("visitor", "{ nickname?: text, locale?: tag, facts?: [names] }", visitor, "write visitor: { nickname: 小明 }, or leave it out");
    } else {
      const nick = v["nickname"];
      if (nick !== undefined && typeof nick !== "string") {
        // YAML reads nickname: 13812345678 as a number: the fix is the quotes.
        const quote = typeof nick === "number" || typeof nick === "boolean" ? `YAML reads ${String(nick)} as a ${typeof nick === "number" ? "number" : "true/false value"}, not text: put it in quotes, nickname: "${String(nick)}"` : undefined;
        problem("visitor.nickname", "text", nick, quote ?? "write the nickname as text, e.g. visitor: { nickname: 小明 }, or leave it out");
      } else nickname = nick ?? null;
      // The engine checks the tag and the names at start; here only their types.
      if (typeof v["locale"] === "string") locale = v["locale"];
      else if (v["locale"] !== undefined) problem("visitor.locale", "a language tag", v["locale"], "write visitor: { locale: en }, a BCP 47 tag");
      if (Array.isArray(v["facts"]) && v["facts"].every((f) => typeof f === "string")) facts = v["facts"] as string[];
      else if (v["facts"] !== undefined) problem("visitor.facts", "a list of facts", v["facts"], "write visitor: { facts: [vip] }");
    }
  }
  const texts = (key: string, hint: string): string[] => {
    const value = o[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((x) => typeof x === "string")) return value as string[];
    problem(key, "a list of texts", value, hint);
    return [];
  };
  const online = texts("online", "write online: [zhangsan], or online: [] for nobody");
  const dnd = texts("dnd", "write dnd: [zhangsan], the agents in do-not-disturb at the start");
  const rules = texts("rules", "write rules: [S-KW-QUEUED], the spec ids the scenario demonstrates");
  const steps: ScenarioStep[] = [];
  if (!Array.isArray(o["steps"]) || o["steps"].length === 0) problem("steps", "a list of steps", o["steps"], "add steps: [{ at: 0s, event: { type: visitor.message, text: 你好 } }]");
  // `start`: the instant of `at: 0s`, so that steps can say "Friday 20:59" (spec H-WALL); 0 without it.
  const start = o["start"] === undefined ? 0 : parseInstant(o["start"]);
  const offset = typeof o["start"] === "string" ? offsetOf(o["start"]) : 0;
  if (start === undefined) problem("start", "an ISO date and time with an offset, e.g. 2026-10-02T20:59:00+08:00", o["start"], "write the zone's offset (+08:00) or Z: a time without one means different instants in different places");
  let last = start ?? 0;
  (Array.isArray(o["steps"]) ? (o["steps"] as unknown[]) : []).forEach((rawStep, i) => {
    const path = `steps[${i}]`;
    if (rawStep === null || typeof rawStep !== "object" || Array.isArray(rawStep)) {
      problem(path, "a step { at, event?, expect? }", rawStep, "write each step as a mapping");
      return;
    }
    const s = rawStep as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(s)) if (!STEP_KEYS.includes(key)) problem(`${path}.${key}`, `one of: ${STEP_KEYS.join(", ")}`, key, "remove it");
    const raw = s["at"];
    const relative = raw === undefined ? undefined : parseDuration(raw);
    const at = raw === undefined ? last : relative !== undefined ? (start ?? 0) + relative : parseInstant(raw);
    if (at === undefined) problem(`${path}.at`, "a time since the start (ms, or 90s, 5m, 2h), or an ISO date and time with an offset", raw, "write at: 0s, at: 3m, or at: 2026-10-02T21:01:00+08:00");
    else if (at < last) problem(`${path}.at`, `a time at or after the previous step (${last} ms)`, raw, "time only moves forward; reorder the steps");
    const event = s["event"] === undefined ? null : (s["event"] as Readonly<Record<string, unknown>>);
    if (event !== null && (typeof event !== "object" || Array.isArray(event))) problem(`${path}.event`, "an event { type, ... }", event, "see CONTRACT.md for the event types");
    else if (event !== null && "at" in event) problem(`${path}.event.at`, "no at inside the event", event["at"], "the step's at gives the event's time");
    else if (event !== null && event["type"] === "timer") problem(`${path}.event`, "an event other than timer", "timer", "timers fire by themselves; add a step with only at to let time pass");
    const expect = s["expect"] === undefined ? null : s["expect"];
    if (expect !== null && !Array.isArray(expect)) problem(`${path}.expect`, "a list of expected replies", expect, "write expect: [] for nothing, or [{ kind: accepted, text: ... }]");
    const dropped = s["dropped"] === undefined ? null : s["dropped"];
    if (dropped !== null && !Array.isArray(dropped)) problem(`${path}.dropped`, "a list of expected drops", dropped, "write dropped: [{ kind: queued, by: S-KW-QUEUED }]");
    const effects = s["effects"] === undefined ? null : s["effects"];
    if (effects !== null && !Array.isArray(effects)) problem(`${path}.effects`, "a list of expected effects", effects, "write effects: [] for none, or [{ type: transfer, to: { agent: wangwu } }]");
    const expectedEffects = Array.isArray(effects) ? effects.map((e, j) => expectedEffect(e, `${path}.effects[${j}]`, problem)) : null;
    steps.push({
      at: at ?? last,
      event,
      expect: (expect as ExpectedReply[] | null) ?? null,
      dropped: (dropped as ExpectedDrop[] | null) ?? null,
      effects: expectedEffects,
      phase: typeof s["phase"] === "string" ? (s["phase"] as Phase) : null,
      error: typeof s["error"] === "string" ? (s["error"] as ErrorCode) : null,
      note: typeof s["note"] === "string" ? s["note"] : null,
    });
    last = at ?? last;
  });
  if (issues.length > 0) {
    const lines = issues.map((i) => `  - ${i.path}: expected ${i.expected}, received ${i.received}; ${i.hint}`);
    throw new AutoreplyError("SCENARIO_INVALID", `the scenario "${name}" has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n${lines.join("\n")}`, issues);
  }
  return { name, channel, config, nickname, locale, facts, online, dnd, rules, steps, start: o["start"] === undefined || start === undefined ? null : { at: start, offset } };
}

/**
 * An expected effect in the API's shape (`Decision.effects`). A transfer written with the older flat
 * `agent:` or `group:` has it moved under `to`; a `group:` without a `type` stays as written (a route
 * has its `group` there too), and matches either.
 */
function expectedEffect(raw: unknown, path: string, problem: (path: string, expected: string, value: unknown, hint: string) => void): Readonly<Record<string, unknown>> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    problem(path, "an expected effect { type, ... }", raw, "write { type: alert, reason: urgent }, or { type: transfer, to: { agent: wangwu } }");
    return {};
  }
  const e = raw as Readonly<Record<string, unknown>>;
  const to = e["to"];
  if (to !== undefined && !isTarget(to)) {
    problem(`${path}.to`, "{ agent: name } or { group: name }", to, "write to: { agent: wangwu }, or to: { group: backup }");
  }
  const transfer = e["type"] === "transfer" || (e["type"] === undefined && "agent" in e);
  if (!transfer || !("agent" in e || "group" in e)) return e;
  if (to !== undefined) {
    problem(path, "a transfer's target once, under to", raw, `write to: { ${"agent" in e ? "agent" : "group"}: ... } alone: the flat agent: and group: are the older form of it`);
    return e;
  }
  const { agent, group, ...rest } = e;
  if ("agent" in e && "group" in e) {
    problem(path, "a transfer to an agent or to a group", raw, "write to: { agent: wangwu } or to: { group: backup }, not both");
    return e;
  }
  return { ...rest, to: agent === undefined ? { group } : { agent } };
}

function isTarget(to: unknown): boolean {
  if (to === null || typeof to !== "object" || Array.isArray(to)) return false;
  const keys = Object.keys(to);
  return keys.length === 1 && (keys[0] === "agent" || keys[0] === "group") && typeof (to as Record<string, unknown>)[keys[0]] === "string";
}

/**
 * An ISO 8601 date and time with an offset (`2026-10-02T20:59:00+08:00`, `...Z`) as epoch ms, or
 * `undefined`: a time without an offset is refused, since it names no single instant.
 */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(value.trim());
  if (m === null) return undefined;
  const [year, month, date] = (m[1] as string).split("-").map(Number) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (days === undefined || date < 1 || date > days || h > 23 || min > 59 || sec > 59) return undefined;
  const zone = m[6] as string;
  const offset = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Number((m[5] ?? "").padEnd(3, "0"));
  const at = Date.UTC(year, month - 1, date, h, min - offset, sec, ms);
  return at >= 0 ? at : undefined;
}

/** The offset of an ISO time (minutes east of UTC): 0 for `Z`. */
function offsetOf(value: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(value.trim());
  return m === null ? 0 : (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/**
 * Whether `actual` has every field `expected` names, with an equal value (a nested one such as a
 * transfer's `to` compared whole). A transfer's target also answers to a flat `agent` or `group`
 * (the older form of an effect expectation, when no `type` says which effect it is).
 */
export function matches(expected: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, unknown>>): boolean {
  const to = actual["type"] === "transfer" ? (actual["to"] as Readonly<Record<string, unknown>> | undefined) : undefined;
  return Object.keys(expected).every((key) => same(expected[key], key in actual || to === undefined || (key !== "agent" && key !== "group") ? actual[key] : to[key]));
}

/** Deep equality of plain data (what YAML and JSON give). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Appends a decision's messages, drops and trace to a step's lists, one item at a time (a spread of 150k items overflows the stack). */
function collect(into: { replies: FlatReply[]; dropped: Dropped[]; effects: Effect[]; trace: TraceEntry[] }, decision: Decision, cause: "event" | "timer"): void {
  for (const r of decision.replies) {
    const ab = r.experiment === undefined ? {} : { experiment: r.experiment.id, variant: r.experiment.variant };
    const last = r.messages.length - 1;
    const prompt = { ...(r.buttons === undefined ? {} : { buttons: r.buttons.map((b) => b.text) }), ...(r.capture === true ? { capture: true as const } : {}) };
    const code = r.code === undefined ? {} : { code: r.code };
    r.messages.forEach((m, i) => into.replies.push({ kind: r.kind, layer: r.layer, rule: r.rule, text: m.text, cause, ...ab, ...code, ...(i === last ? prompt : {}) }));
  }
  for (const d of decision.dropped) into.dropped.push(d);
  for (const e of decision.effects) into.effects.push(e);
  for (const t of decision.trace ?? []) into.trace.push(t);
}

/**
 * Runs a scenario against an engine on a simulated clock starting at 0. Before each step every timer
 * due at or before its `at` fires, earliest first; then its event is applied. Returns each step's
 * replies, drops and timers, and every way they differ from the step's expectations.
 */
export function runScenario(engine: Engine, scenario: Scenario, options: { readonly explain?: boolean } = {}): ScenarioRun {
  const explain = options.explain === true ? { explain: true } : undefined;
  let state = engine.start({
    conversation: scenario.name,
    channel: scenario.channel,
    online: scenario.online,
    ...(scenario.dnd.length === 0 ? {} : { dnd: scenario.dnd }),
    ...(scenario.nickname === null && scenario.locale === null && scenario.facts === null
      ? {}
      : { visitor: { ...(scenario.nickname === null ? {} : { nickname: scenario.nickname }), ...(scenario.locale === null ? {} : { locale: scenario.locale }), ...(scenario.facts === null ? {} : { facts: scenario.facts }) } }),
  });
  let timers: readonly Timer[] = [];
  const results: StepResult[] = [];
  const mismatches: Mismatch[] = [];
  scenario.steps.forEach((step, index) => {
    const n = index + 1;
    const lists = { replies: [] as FlatReply[], dropped: [] as Dropped[], effects: [] as Effect[], trace: [] as TraceEntry[] };
    const { replies, dropped, effects, trace } = lists;
    for (let due = timers[0]; due !== undefined && due.due <= step.at; due = timers[0]) {
      const out = engine.decide(state, { type: "timer", at: due.due, timer: due.timer, due: due.due }, explain);
      collect(lists, out, "timer");
      state = out.state;
      timers = out.timers;
    }
    let error: StepResult["error"] = null;
    if (step.event !== null) {
      try {
        // A scenario's events are data from a file: decide checks them at run time.
        const out = engine.decide(state, { ...step.event, at: step.at } as unknown as EngineEvent, explain);
        collect(lists, out, "event");
        state = out.state;
        timers = out.timers;
      } catch (e) {
        // A refused event leaves the state as it was; the run goes on, and the refusal is reported.
        if (!(e instanceof AutoreplyError)) throw e;
        error = { code: e.code, message: e.message.replace(/^\[autoreply\] /, "") };
      }
    }
    results.push({ step: n, at: step.at, event: step.event, note: step.note, phase: state.phase, replies, dropped, timers, effects, ...(explain ? { trace } : {}), error });
    compareStep(step, n, replies, dropped, state.phase, error, mismatches);
    if (step.effects !== null) {
      const alike = step.effects.length === effects.length && step.effects.every((want, i) => matches(want, effects[i] as unknown as Record<string, unknown>));
      if (!alike) mismatches.push({ step: n, message: "the effects differ from effects", expected: step.effects, actual: effects });
    }
  });
  const unexpectedRefusals = results.filter((r, i) => r.error !== null && scenario.steps[i]?.error === null).map((r) => r.step);
  return { name: scenario.name, steps: results, mismatches, unexpectedRefusals, state, start: scenario.start };
}

function compareStep(step: ScenarioStep, n: number, replies: readonly FlatReply[], dropped: readonly Dropped[], phase: Phase, error: StepResult["error"], out: Mismatch[]): void {
  if (step.expect !== null) {
    const same = step.expect.length === replies.length && step.expect.every((e, i) => matches(e as Record<string, unknown>, replies[i] as unknown as Record<string, unknown>));
    if (!same) out.push({ step: n, message: "the replies differ from expect", expected: step.expect, actual: replies });
  }
  for (const want of step.dropped ?? []) {
    if (!dropped.some((d) => matches(want as Record<string, unknown>, d as unknown as Record<string, unknown>))) {
      out.push({ step: n, message: "an expected drop did not happen", expected: want, actual: dropped });
    }
  }
  if (step.phase !== null && step.phase !== phase) out.push({ step: n, message: "the phase differs", expected: step.phase, actual: phase });
  if (step.error !== null && error?.code !== step.error) out.push({ step: n, message: "the event was expected to be refused", expected: step.error, actual: error?.code ?? "accepted" });
  if (step.error === null && error !== null) out.push({ step: n, message: `the event was refused: ${error.code}: ${error.message}`, expected: "accepted", actual: error.code });
}
