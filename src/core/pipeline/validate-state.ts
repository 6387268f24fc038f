import type { CompiledConfig } from "../config/compiled.js";
import type { ChannelSettings, SmallWindow } from "../config/presets.js";
import { HASH_LENGTH } from "../model/hash.js";
import { AutoreplyError, describe, fail, type ConfigIssue } from "../model/errors.js";
import { MAX_FACTS, MAX_ID_LENGTH, MAX_NICKNAME_LENGTH, MAX_ONLINE, ONLINE_HINT, isTime, later } from "../model/limits.js";
import { isLocale } from "../model/locale.js";
import { BREAKER_LIMIT, NO_AGENTS, NO_FACTS, NO_MEMORY, NO_TIMERS, RULE_LIMIT, SEEN_LIMIT, SENT_LIMIT, STATE_VERSION, TAG_LIMIT, MARK_LIMIT, type ConversationState } from "../model/state.js";
import { PHASES, TIMER_NAMES, type Phase } from "../model/types.js";
import { listOf, phaseIn } from "./placement.js";

type Fields = Readonly<Record<string, unknown>>;

/** Every field a state may have; any other is refused (a typo in an edited state, or a foreign object). */
const STATE_FIELDS: ReadonlySet<string> = new Set([
  "v", "config", "conversation", "channel", "nickname", "locale", "facts", "phase", "waitingIn", "agent", "group", "position",
  "online", "dnd", "at", "quotaUsed", "quotaLimit", "quotaUntil", "lastQueuedAt", "lastOfflineAt", "timers", "memory",
]);

/**
 * Whether `value` has the shape of a hash the memory keeps (`hash64`: `HASH_LENGTH` characters). Only the type
 * and the length are checked: they bound the state's size, and a hash that is not one matches
 * nothing. A pattern test of each, on every decision, would cost more than the rest of the check.
 */
const isHash = (value: unknown): boolean => typeof value === "string" && value.length === HASH_LENGTH;

/**
 * Whether `value` has the shape of a stamp of the memory: a text of a hash and up to 11 base-36
 * digits. As for hashes, only the type and the length are checked, on every decision: a stamp whose
 * digits are not base 36 reads as no time (`NaN`), is past every window, and is forgotten.
 */
const isStamp = (entry: unknown): boolean => typeof entry === "string" && entry.length > HASH_LENGTH && entry.length <= HASH_LENGTH + 11;

/** Whether `list` is a list of at most `limit` stamps. */
function isStamps(list: unknown, limit: number): boolean {
  if (!Array.isArray(list) || list.length > limit) return false;
  // Indexed loops here and below: a for-of allocated an iterator on every decision (docs/performance.md, "Measured choices").
  for (let i = 0; i < list.length; i++) if (!isStamp(list[i])) return false;
  return true;
}

/** The fields of a memory, in order. */
export const MEMORY_FIELDS = ["seen", "auto", "sent", "fired", "dismissed", "replies", "page", "ended", "unanswered", "repeat", "repeats", "muted", "tags", "marks", "prompt", "closed", "survey", "rated"] as const;

/** What a memory looks like, for error messages. */
export const MEMORY_SHAPE = `{ seen: at most ${SEEN_LIMIT} event id hashes in one text, auto: a count, sent: [at most ${SENT_LIMIT} text stamps], fired and dismissed: [at most ${RULE_LIMIT} rule stamps], replies: [at most ${BREAKER_LIMIT} times], page: a page stamp or null, ended: a time or null, unanswered: a count, repeat: a text stamp or null, repeats: a count, muted: a time or null, tags: at most ${TAG_LIMIT} rule hashes in one text, marks: [at most ${MARK_LIMIT} rule stamps], prompt: a rule stamp or null, closed: a time or null, survey: a rule stamp or null, rated: a time or null }, each stamp a hash of ${HASH_LENGTH} characters and a time in base 36`;

/**
 * Whether a state's memory is one decide could have written (`MEMORY_SHAPE`): every field, each
 * list within its limit. The times are not compared with the state's: a wrong one only holds a
 * reply back, or lets it out, as a wrong clock would.
 */
export function isMemory(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !isPlain(value) || countKeys(value) !== MEMORY_FIELDS.length) return false;
  const m = value as Partial<Record<(typeof MEMORY_FIELDS)[number], unknown>>;
  const { seen, auto, replies, page, ended } = m;
  if (typeof seen !== "string" || seen.length > SEEN_LIMIT * HASH_LENGTH || seen.length % HASH_LENGTH !== 0 || !(Number.isSafeInteger(auto) && (auto as number) >= 0)) return false;
  if (!isStamps(m.sent, SENT_LIMIT) || !isStamps(m.fired, RULE_LIMIT) || !isStamps(m.dismissed, RULE_LIMIT)) return false;
  if (!Array.isArray(replies) || replies.length > BREAKER_LIMIT) return false;
  for (let i = 0; i < replies.length; i++) if (!isTime(replies[i])) return false;
  if (!(page === null || isStamp(page)) || !(ended === null || isTime(ended)) || !isCount(m.unanswered)) return false;
  const tags = m.tags;
  if (typeof tags !== "string" || tags.length > TAG_LIMIT * HASH_LENGTH || tags.length % HASH_LENGTH !== 0 || !isStamps(m.marks, MARK_LIMIT)) return false;
  if (!(m.prompt === null || isStamp(m.prompt)) || !(m.closed === null || isTime(m.closed))) return false;
  if (!(m.survey === null || isStamp(m.survey)) || !(m.rated === null || (isTime(m.rated) && m.survey !== null))) return false;
  return (m.repeat === null || isStamp(m.repeat)) && isCount(m.repeats) && (m.repeat === null) === (m.repeats === 0) && (m.muted === null || isTime(m.muted));
}

/** A state that passed, with its channel's settings. */
export interface CheckedState {
  readonly state: ConversationState;
  readonly settings: ChannelSettings;
}

/** Collects the problems of one state, so the error lists them all. */
class Problems {
  readonly list: ConfigIssue[] = [];
  add(path: string, expected: string, value: unknown, hint: string): void {
    this.list.push({ path, expected, received: describe(value), hint });
  }
}

/** The times of a state besides `at`. */
const TIME_FIELDS = ["quotaUntil", "lastQueuedAt", "lastOfflineAt"] as const;

/**
 * Whether `o` is plain data: its prototype is `Object.prototype` (of this realm or another) or
 * `null`. An object made by `Object.create(proto)` or a class is refused, as the config refuses it: a
 * field read through a prototype is not the host's stored value.
 */
function isPlain(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** How many enumerable keys an object has, without making a list of them. */
function countKeys(o: object): number {
  let n = 0;
  for (const _ in o) n++;
  return n;
}

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function checkTime(p: Problems, s: Fields, field: string, nullable: boolean): void {
  const value = s[field];
  if (value === null && nullable) return;
  if (!isTime(value)) p.add(field, nullable ? "epoch ms or null" : "epoch ms", value, "a time the engine wrote: a whole number of ms from 0 to 8.64e15");
}

/** The small windows of a channel's settings: a menu click's and entering the chat's. */
function smallWindows(settings: ChannelSettings): SmallWindow[] {
  const out: SmallWindow[] = [];
  if (settings.menu !== null && settings.menu !== "message") out.push(settings.menu);
  if (settings.opened !== null) out.push(settings.opened);
  return out;
}

/**
 * The limit a state of another config takes under `settings`: the largest one `settings` opens (0, its
 * quota, or a small window's, as `isLimitOf` reads them) that is no larger than the state's own, so
 * that the adapted state is one this engine accepts as its own on the next decision. `null`
 * (unlimited) when the channel has no quota.
 */
function clampLimit(settings: ChannelSettings, limit: number | null): number | null {
  if (settings.quota === null || (limit === null && settings.paid !== null)) return null;
  let best = 0;
  for (const open of [settings.quota, ...smallWindows(settings).map((w) => w.quota)]) if ((limit === null || open <= limit) && open > best) best = open;
  return best;
}

/** The longest time any window of `settings` stays open (`null`: its windows do not expire). */
function longestWindow(settings: ChannelSettings): number | null {
  // No list, no spread: soundSettings asks on every decision of a channel with a window.
  const menu = settings.menu !== null && settings.menu !== "message" ? settings.menu.window : null;
  const opened = settings.opened === null ? null : settings.opened.window;
  if (settings.window === null && menu === null && opened === null && settings.paid === null) return null;
  return Math.max(settings.window ?? 0, menu ?? 0, opened ?? 0, settings.paid ?? 0);
}

/** Whether a state's quota limit is one `settings` opens: 0 (closed), its quota, or a small window's. */
function isLimitOf(settings: ChannelSettings, limit: unknown): boolean {
  return limit === 0 || limit === settings.quota || (limit === null && settings.paid !== null) || (settings.menu !== null && settings.menu !== "message" && limit === settings.menu.quota) || (settings.opened !== null && limit === settings.opened.quota);
}

/**
 * Spec STATE-CHECK. Checks every field of a state read back from storage: its type, its range, and its consistency with
 * the phase, the place and the timers, and with this engine's config (the channel, agents and groups
 * it names; the quota its channel allows). Throws `STATE_INVALID` listing every problem with its path
 * and a hint, or `UNKNOWN_CHANNEL`; the state is never changed.
 *
 * A state made under another config (its `config` fingerprint differs, or it has none: a state from
 * release 0.1) is taken as long as it is valid under this one, and adapted, never trusted: its quota is
 * cut to what this config's channel allows, and its phase is derived again from its presence list
 * (docs/limits.md, "A stored state and a new config"). A state of this config must agree exactly.
 */
export function validateState(config: CompiledConfig, input: unknown): CheckedState {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    fail("STATE_INVALID", `the state should be the object start() or decide() returned, received ${describe(input)}`);
  }
  // A state of version 1 (releases up to 0.1.0) is migrated: it remembered nothing, and it is
  // taken as one of another config (adapted, never trusted).
  if (!isPlain(input)) {
    fail("STATE_INVALID", `the state should be plain data (what start() or decide() returned, or its JSON parsed), received an object made by ${describe(Object.getPrototypeOf(input))}; its fields would be read through a prototype`);
  }
  const v = (input as Fields)["v"];
  const s: Fields = v === 1 ? migrateV2(migrateV1(input as Fields)) : v === 2 ? migrateV2(input as Fields) : (input as Fields);
  if (s["v"] !== STATE_VERSION) {
    fail("STATE_INVALID", `the state is not a version ${STATE_VERSION} conversation state, nor one of versions 1 and 2 to migrate (v: ${describe(s["v"])}); pass what start() or decide() returned`);
  }
  const p = new Problems();
  // Every field is checked below, so an unknown one shows as one field too many: the keys are
  // looked up one by one only then (a lookup of each, on every decision, cost more than the rest).
  if (countKeys(s) !== STATE_FIELDS.size - (s["config"] === undefined ? 1 : 0)) {
    for (const key in s) if (!STATE_FIELDS.has(key)) p.add(key, "absent", s[key], "a conversation state has no such field; remove it");
    // A field missing from the object itself, read through its prototype (Object.create(null) as the prototype) or left out.
    for (const key of STATE_FIELDS) if (key !== "config" && !Object.prototype.hasOwnProperty.call(s, key) && s[key] !== undefined) p.add(key, "a field of the state itself", s[key], "a conversation state holds its own fields; pass plain data");
  }
  const own = s["config"] === config.fingerprint;
  if (s["config"] !== undefined && typeof s["config"] !== "string") p.add("config", "the fingerprint of the config that made the state", s["config"], "leave the field as decide() wrote it");

  if (!isId(s["conversation"])) p.add("conversation", `the conversation id (text of 1 to ${MAX_ID_LENGTH} characters)`, s["conversation"], "pass the id given to start()");
  const settings = typeof s["channel"] === "string" ? config.channels.get(s["channel"]) : undefined;
  if (settings === undefined && typeof s["channel"] === "string" && p.list.length === 0) {
    fail("UNKNOWN_CHANNEL", `the state's channel ${describe(s["channel"])} is not in this config; use one of: ${[...config.channels.keys()].join(", ")}`);
  }
  if (typeof s["channel"] !== "string") p.add("channel", "a channel name", s["channel"], "pass the channel given to start()");
  if (typeof s["nickname"] !== "string" || s["nickname"].length > MAX_NICKNAME_LENGTH) {
    p.add("nickname", `text of at most ${MAX_NICKNAME_LENGTH} characters ("" when unknown)`, s["nickname"], "start() cuts a longer nickname; keep what it wrote");
  }
  if (s["locale"] !== null && !isLocale(s["locale"])) p.add("locale", "a BCP 47 language tag such as zh-CN, or null", s["locale"], "keep the locale decide() wrote");
  const facts = s["facts"];
  if (!isFactList(facts, own ? config.facts : null)) {
    p.add("facts", own ? `a sorted list of facts the config names (${config.facts.join(", ") || "none"}), without repeats` : `a sorted list of at most ${MAX_FACTS} names, without repeats`, facts, "keep the facts decide() wrote");
  }

  // Phase and place.
  const phase = s["phase"] as Phase;
  const validPhase = (PHASES as readonly unknown[]).includes(phase);
  if (!validPhase) p.add("phase", `one of: ${PHASES.join(", ")}`, phase, "keep the phase decide() wrote");
  const waitingIn = s["waitingIn"];
  if (phase === "offline" ? waitingIn !== "queued" && waitingIn !== "serving" : waitingIn !== null) {
    p.add("waitingIn", phase === "offline" ? '"queued" or "serving" (the list an offline visitor waits in)' : `null (the phase is ${phaseText(phase)})`, waitingIn, "only an offline visitor waits in a list");
  }
  const list = validPhase ? listOf(phase, waitingIn === "queued" || waitingIn === "serving" ? waitingIn : null) : null;
  const agent = s["agent"];
  const group = s["group"];
  const position = s["position"];
  if (agent !== null && !(typeof agent === "string" && config.agents.has(agent))) {
    p.add("agent", "an agent of this config, or null", agent, own ? "keep the agent decide() wrote" : "the config that made the state had this agent; end the conversation, or keep the agent in the config");
  }
  if (group !== null && !(typeof group === "string" && config.groups.has(group))) {
    p.add("group", "a group of this config, or null", group, own ? "keep the group decide() wrote" : "the config that made the state had this group; end the conversation, or keep the group in the config");
  }
  if (position !== null && !(Number.isSafeInteger(position) && (position as number) >= 1)) p.add("position", "a queue position (1 or more), or null", position, "keep the position decide() wrote");
  if (list === "serving") {
    if (agent === null) p.add("agent", "the serving agent", agent, "a visitor in the serving list is with an agent");
    if (group !== null) p.add("group", "null (a served visitor has no designated group)", group, "keep the group decide() wrote");
  }
  if (list !== "queued" && position !== null) p.add("position", `null (the visitor is not in the queue: ${phaseText(phase)})`, position, "only a queued visitor has a position");
  if (list === null && (agent !== null || group !== null)) p.add(agent !== null ? "agent" : "group", `null (the phase is ${phaseText(phase)})`, agent ?? group, "only a visitor with a human side has an agent or a group");

  // Presence and do-not-disturb: sorted, without repeats, agents of this config.
  const online = s["online"];
  for (const field of ["online", "dnd"] as const) {
    const list = s[field];
    if (!Array.isArray(list)) p.add(field, "a sorted list of agent ids", list, "keep the list decide() wrote");
    else if (list.length > MAX_ONLINE) p.add(field, `at most ${MAX_ONLINE} agents`, list, ONLINE_HINT);
    else {
      for (let i = 0; i < list.length; i++) {
        const id: unknown = list[i];
        if (typeof id !== "string" || !config.agents.has(id)) p.add(`${field}[${i}]`, "an agent of this config", id, "the list holds agents the config names");
        else if (i > 0 && !((list[i - 1] as string) < id)) p.add(`${field}[${i}]`, "an id after the one before it (the list is sorted, without repeats)", id, "keep the list decide() wrote");
      }
    }
  }

  // Times and the quota.
  checkTime(p, s, "at", true);
  const at = s["at"];
  for (const field of TIME_FIELDS) {
    checkTime(p, s, field, true);
    if (at === null && s[field] !== null) p.add(field, "null (no event has been applied yet)", s[field], "a state from start() has no times");
    else if (field !== "quotaUntil" && isTime(s[field]) && isTime(at) && (s[field] as number) > at) p.add(field, `a time at or before the last event (${at})`, s[field], "a reply cannot have been sent after the last event");
  }
  const used = s["quotaUsed"];
  if (!(Number.isSafeInteger(used) && (used as number) >= 0)) p.add("quotaUsed", "a count of messages, 0 or more", used, "keep the count decide() wrote");
  const limit = s["quotaLimit"];
  if (limit !== null && !(Number.isSafeInteger(limit) && (limit as number) >= 0)) p.add("quotaLimit", "a count of messages, or null (unlimited)", limit, "keep the limit decide() wrote");

  // Timers: the five names, each a time or null, pending only while serving.
  const timers = s["timers"];
  if (timers === null || typeof timers !== "object" || Array.isArray(timers) || !isPlain(timers)) p.add("timers", `{ ${TIMER_NAMES.join(", ")} }, each a time or null`, timers, "keep the timers decide() wrote");
  else {
    const t = timers as Fields;
    if (countKeys(t) !== TIMER_NAMES.length) {
      for (const key in t) if (!(TIMER_NAMES as readonly string[]).includes(key)) p.add(`timers.${key}`, "absent", t[key], `the timers are ${TIMER_NAMES.join(", ")}`);
    }
    for (const name of TIMER_NAMES) {
      const due = t[name];
      if (due !== null && !isTime(due)) p.add(`timers.${name}`, "epoch ms or null", due, "keep the time decide() wrote");
      else if (due !== null && phase !== "serving") p.add(`timers.${name}`, `null (timers are pending only while serving; the phase is ${phaseText(phase)})`, due, "serving replies need an agent online (seed 003 line 20)");
    }
  }

  if (!isMemory(s["memory"])) p.add("memory", MEMORY_SHAPE, s["memory"], "keep the memory decide() wrote");

  if (settings !== undefined && p.list.length === 0) {
    // The quota this config allows: a state of this config must stay inside it.
    const longest = longestWindow(settings);
    if (own) {
      if (!isLimitOf(settings, limit)) p.add("quotaLimit", `a limit channel ${s["channel"] as string} opens: ${[0, settings.quota, ...smallWindows(settings).map((w) => w.quota), ...(settings.paid === null ? [] : [null])].map((x) => (x === null ? "null" : String(x))).join(", ")}`, limit, "keep the limit decide() wrote");
      const until = s["quotaUntil"] as number | null;
      if (until !== null && (longest === null || until > later(at as number, longest))) p.add("quotaUntil", longest === null ? "null (this channel's window does not expire)" : `at most ${longest} ms after the last event`, until, "keep the time decide() wrote");
      const derived = list === "serving" || list === "queued" ? phaseIn(config, list, agent as string | null, group as string | null, online as readonly string[]) : phase;
      if (derived !== phase) p.add("phase", `${derived} (who is online puts the visitor there)`, phase, "keep the phase and the online list decide() wrote together");
    }
    if (p.list.length === 0) {
      const state = s as unknown as ConversationState;
      return { state: own ? state : adapt(config, settings, state, longest), settings };
    }
  }
  const shown = p.list.slice(0, 3).map((i) => `${i.path}: expected ${i.expected}, received ${i.received}; ${i.hint}`).join(" | ");
  throw new AutoreplyError("STATE_INVALID", `the state has ${p.list.length} problem${p.list.length === 1 ? "" : "s"}: ${shown}${p.list.length > 3 ? " | ..." : ""}`, p.list);
}

/**
 * A state of version 1 as version 2: the same fields, an empty memory, no fingerprint (so it is
 * adapted). Release 0.1.0 wrote no memory; a version 1 state that carries one (written by hand, or by
 * a host that added it) keeps it, checked like any memory, so the event ids it remembers are still
 * recognised as redeliveries.
 */
function migrateV1(s: Fields): Fields {
  const { config: _config, ...rest } = s;
  const { online, ...after } = rest;
  const timers = after["timers"];
  // 0.1.0 had no backup timer (E-BACKUP).
  const moreTimers = timers !== null && typeof timers === "object" && !Array.isArray(timers) ? { ...(timers as Fields), backup: null } : timers;
  return { ...after, v: 2, online, dnd: NO_AGENTS, memory: "memory" in after ? after["memory"] : NO_MEMORY, timers: moreTimers };
}

/** A state of version 2 as version 3: the same fields, a visitor of no known language and no facts (spec V-LOCALE, V-SEGMENT), and no survey asked (S-SURVEY-ONCE). */
function migrateV2(s: Fields): Fields {
  const m = s["memory"];
  const memory = m !== null && typeof m === "object" && !Array.isArray(m) ? { ...(m as Fields), survey: null, rated: null } : m;
  return { ...s, v: STATE_VERSION, locale: null, facts: NO_FACTS, memory };
}

/** Whether `list` is a sorted list of facts without repeats: of `known` (a config's `facts`), or of at most `MAX_FACTS` names when `known` is `null` (another config's state, filtered by `adapt`). */
function isFactList(list: unknown, known: readonly string[] | null): boolean {
  if (list === NO_FACTS) return true;
  if (!Array.isArray(list) || list.length > MAX_FACTS) return false;
  for (let i = 0; i < list.length; i++) {
    const f: unknown = list[i];
    if (typeof f !== "string" || f.length === 0 || f.length > MAX_ID_LENGTH || (known !== null && !known.includes(f)) || (i > 0 && !((list[i - 1] as string) < f))) return false;
  }
  return true;
}

/**
 * A valid state of another config, made to fit this one: the quota no larger and the window no longer
 * than this config's channel allows, and the phase derived again from who is online. What it returns
 * is a state this engine takes as its own (`soundSettings`): a limit the channel opens, a window no
 * longer than its longest (none on a channel whose windows do not expire).
 */
function adapt(config: CompiledConfig, settings: ChannelSettings, s: ConversationState, longest: number | null): ConversationState {
  // No event yet: the quota `start` gives under this config (a channel with a window starts closed).
  const quotaLimit = s.at === null ? (settings.window === null ? settings.quota : 0) : clampLimit(settings, s.quotaLimit);
  // A count that does not expire stays so where the channel's own count does not expire either.
  const quotaUntil = longest === null || s.at === null ? null : s.quotaUntil !== null ? Math.min(s.quotaUntil, later(s.at, longest)) : settings.window === null ? null : later(s.at, longest);
  const list = listOf(s.phase, s.waitingIn);
  const phase = list === null ? s.phase : phaseIn(config, list, s.agent, s.group, s.online);
  const waitingIn = phase === "offline" ? list : null;
  const timers = phase === "serving" ? s.timers : NO_TIMERS;
  // The facts this config's segments read: those of another config's it does not name are forgotten.
  const facts = s.facts.every((f) => config.facts.includes(f)) ? s.facts : s.facts.filter((f) => config.facts.includes(f));
  return { ...s, phase, waitingIn, quotaLimit, quotaUntil, timers, facts, config: config.fingerprint };
}

/** A sorted list of at most `MAX_ONLINE` agents of this config, without repeats. */
function isAgentList(config: CompiledConfig, list: unknown): boolean {
  if (!Array.isArray(list) || list.length > MAX_ONLINE) return false;
  for (let i = 0; i < list.length; i++) {
    const id: unknown = list[i];
    if (typeof id !== "string" || !config.agents.has(id) || (i > 0 && !((list[i - 1] as string) < id))) return false;
  }
  return true;
}

/** A phase for a message: the text itself, or a description of whatever else came (an object whose `toString` is not a function makes `String` throw). */
const phaseText = (phase: unknown): string => (typeof phase === "string" ? phase : describe(phase));

const isCount = (value: unknown): boolean => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isTimeOrNull = (value: unknown): boolean => value === null || isTime(value);
/** A timer's value: `null`, or a time while serving. */
const isDue = (value: unknown, serving: boolean): boolean => value === null || (serving && isTime(value));

/**
 * The fast path of `validateState`, taken on every decision: whether `s` is a state of this config
 * (its fingerprint) that agrees with every rule `validateState` checks, in straight-line checks that
 * allocate nothing. Returns the channel's settings, or `undefined` when anything is off, foreign or
 * unusual; `validateState` then decides, and explains. It may only ever say "sound" of a state
 * `validateState` takes unchanged: tests/state.test.ts checks that over arbitrary states.
 */
export function soundSettings(config: CompiledConfig, input: unknown): ChannelSettings | undefined {
  if (input === null || typeof input !== "object" || !isPlain(input)) return undefined;
  const s = input as Partial<Record<keyof ConversationState, unknown>>;
  if (s.v !== STATE_VERSION || s.config !== config.fingerprint || typeof s.channel !== "string") return undefined;
  const settings = config.channels.get(s.channel);
  if (settings === undefined || countKeys(s) !== STATE_FIELDS.size || !isId(s.conversation)) return undefined;
  if (typeof s.nickname !== "string" || s.nickname.length > MAX_NICKNAME_LENGTH) return undefined;
  if ((s.locale !== null && !isLocale(s.locale)) || !isFactList(s.facts, config.facts)) return undefined;
  const { phase, waitingIn, agent, group, position, at } = s;
  let list: "queued" | "serving" | null;
  if (phase === "offline") {
    if (waitingIn !== "queued" && waitingIn !== "serving") return undefined;
    list = waitingIn;
  } else if (waitingIn !== null) return undefined;
  else if (phase === "serving" || phase === "queued") list = phase;
  else if (phase === "ended" || phase === "robot") list = null;
  else return undefined;
  if (agent !== null && !(typeof agent === "string" && config.agents.has(agent))) return undefined;
  if (group !== null && !(typeof group === "string" && config.groups.has(group))) return undefined;
  if (position !== null && !(Number.isSafeInteger(position) && (position as number) >= 1)) return undefined;
  if (list === "serving" ? agent === null || group !== null || position !== null : list === "queued" ? false : agent !== null || group !== null || position !== null) return undefined;
  const online = s.online;
  if (!isAgentList(config, online) || (s.dnd !== NO_AGENTS && !isAgentList(config, s.dnd))) return undefined;
  if (!isTimeOrNull(at) || !isTimeOrNull(s.quotaUntil) || !isTimeOrNull(s.lastQueuedAt) || !isTimeOrNull(s.lastOfflineAt)) return undefined;
  if (at === null ? s.quotaUntil !== null || s.lastQueuedAt !== null || s.lastOfflineAt !== null : (s.lastQueuedAt as number | null) !== null && (s.lastQueuedAt as number) > (at as number)) return undefined;
  if (at !== null && s.lastOfflineAt !== null && (s.lastOfflineAt as number) > (at as number)) return undefined;
  if (!isCount(s.quotaUsed)) return undefined;
  const limit = s.quotaLimit;
  if (!isLimitOf(settings, limit) || (limit !== null && !isCount(limit))) return undefined;
  const until = s.quotaUntil as number | null;
  if (until !== null) {
    const longest = longestWindow(settings);
    if (longest === null || until > later(at as number, longest)) return undefined;
  }
  // NO_TIMERS and NO_MEMORY are the engine's own frozen constants, valid in every phase: a state
  // that holds them (most states a conversation goes through) skips their checks.
  const t = s.timers as Partial<Record<string, unknown>> | null;
  if (t !== NO_TIMERS) {
    if (t === null || typeof t !== "object" || Array.isArray(t) || !isPlain(t) || countKeys(t) !== 5) return undefined;
    const serving = phase === "serving";
    if (!isDue(t["agentSilent"], serving) || !isDue(t["visitorSilent"], serving) || !isDue(t["autoEnd"], serving) || !isDue(t["idleEnd"], serving) || !isDue(t["backup"], serving)) return undefined;
  }
  if (list !== null && phaseIn(config, list, agent as string | null, group as string | null, online as readonly string[]) !== phase) return undefined;
  if (s.memory !== NO_MEMORY && !isMemory(s.memory)) return undefined;
  return settings;
}
