import type { CompiledConfig } from "../config/compiled.js";
import { describe, fail } from "../model/errors.js";
import { hash64 } from "../model/hash.js";
import { MAX_FACTS, MAX_ID_LENGTH, MAX_ONLINE, MAX_PAGE_LENGTH, MAX_SURVEY, ONLINE_HINT, isTime } from "../model/limits.js";
import { isLocale, MAX_LOCALE_LENGTH } from "../model/locale.js";
import { NO_FACTS, stampHash, stampedWithin, type ConversationState } from "../model/state.js";
import { TIMER_NAMES, type EngineEvent, type Route } from "../model/types.js";

type Fields = Readonly<Record<string, unknown>>;

const FIELDS: Readonly<Record<EngineEvent["type"], readonly string[]>> = {
  "visitor.opened": ["page", "locale", "facts"],
  "visitor.message": ["text", "route", "page", "facts", "locale"],
  "visitor.page": ["page", "pageType", "source", "dwell", "scroll", "visits", "form", "facts", "locale"],
  "visitor.dismissed": ["rule"],
  "visitor.rated": ["score"],
  "visitor.transfer": ["route"],
  "visitor.menu": ["key"],
  "visitor.unsubscribed": [],
  "visitor.paid": [],
  "channel.refused": ["reason"],
  "queue.moved": ["position"],
  "agent.accepted": ["agent"],
  "agent.message": ["agent", "text"],
  "agent.ended": ["agent", "batch"],
  presence: ["online", "dnd"],
  timer: ["timer", "due"],
};

/** FIELDS as a Map: one lookup per event finds the type and its fields. */
const FIELD_LISTS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(FIELDS));

function bad(type: string, field: string, expected: string, value: unknown): never {
  return fail("EVENT_INVALID", `${type}: "${field}" should be ${expected}, received ${describe(value)}`);
}


function checkAgent(config: CompiledConfig, id: unknown, where: string): void {
  if (typeof id !== "string") bad(where.split(" ")[0] ?? where, "agent", "an agent id", id);
  if (!config.agents.has(id)) {
    fail("UNKNOWN_AGENT", `${where}: agent "${id}" is not in the config; add it under agents, or send one of: ${[...config.agents.keys()].join(", ") || "(none defined)"}`);
  }
}

/** The keys of each kind of route. */
const ROUTE_KEYS = { queue: ["queue", "agent", "group"], agent: ["agent"], robot: ["robot"] } as const satisfies Record<string, readonly string[]>;

function checkRoute(config: CompiledConfig, type: string, route: unknown): asserts route is Route {
  if (route === null || typeof route !== "object" || Array.isArray(route)) bad(type, "route", "{ agent } or { queue, agent?, group? } or { robot: true }", route);
  const r = route as Fields;
  // Unknown keys are refused at every depth: a typo such as { queue: 1, agnet: "a0" } would lose the designation.
  const keys: readonly string[] = "queue" in r ? ROUTE_KEYS.queue : "agent" in r ? ROUTE_KEYS.agent : ROUTE_KEYS.robot;
  for (const key in r) if (!keys.includes(key)) bad(type, `route.${key}`, `absent (this route takes: ${keys.join(", ")})`, r[key]);
  if ("queue" in r) {
    if (!Number.isSafeInteger(r["queue"]) || (r["queue"] as number) < 1) bad(type, "route.queue", "a queue position, 1 or more", r["queue"]);
    if (r["agent"] !== undefined) checkAgent(config, r["agent"], `${type} route`);
    if (r["group"] !== undefined) {
      if (typeof r["group"] !== "string" || !config.groups.has(r["group"])) {
        fail("UNKNOWN_GROUP", `${type} route: group ${describe(r["group"])} is not in the config; add it under groups, or send one of: ${[...config.groups.keys()].join(", ") || "(none defined)"}`);
      }
    }
  } else if ("agent" in r) {
    checkAgent(config, r["agent"], `${type} route`);
  } else if (r["robot"] !== true) {
    bad(type, "route", "{ agent } or { queue, agent?, group? } or { robot: true }", route);
  }
}

/** `facts`: a short list of names (G-TAG-COUNT, P-WHEN, V-SEGMENT). */
export function checkFacts(type: string, facts: unknown): void {
  const ok = Array.isArray(facts) && facts.length <= MAX_FACTS && facts.every((f) => typeof f === "string" && f.length > 0 && f.length <= MAX_ID_LENGTH);
  if (!ok) bad(type, "facts", `a list of at most ${MAX_FACTS} names, each 1 to ${MAX_ID_LENGTH} characters (what the host knows of the visitor: ordered, vip)`, facts);
}

/** `locale`: a well-formed BCP 47 language tag (spec V-LOCALE). */
export function checkLocale(type: string, locale: unknown): void {
  if (!isLocale(locale)) bad(type, "locale", `a BCP 47 language tag of at most ${MAX_LOCALE_LENGTH} characters, such as zh-CN, zh-Hant-HK or en (the browser's navigator.language, WeCom's language)`, locale);
}

/** The facts of `given` that the config's `facts` names, sorted without repeats (the state keeps these: spec V-SEGMENT). */
export function knownFacts(config: CompiledConfig, given: readonly string[] | undefined): readonly string[] {
  if (given === undefined || config.facts.length === 0) return NO_FACTS;
  const kept = config.facts.filter((f) => given.includes(f));
  return kept.length === 0 ? NO_FACTS : Object.freeze(kept);
}

/** A page view (spec P-WHEN): each field within its range; the state keeps none of it but the page's hash. */
function checkPageView(e: Fields): void {
  const type = "visitor.page";
  if (typeof e["page"] !== "string" || e["page"].length === 0) bad(type, "page", `the page the visitor is on (a URL or a path), as text of 1 to ${MAX_PAGE_LENGTH} characters`, e["page"]);
  for (const field of ["pageType", "source"]) {
    const v = e[field];
    if (v !== undefined && !(typeof v === "string" && v.length > 0 && v.length <= MAX_ID_LENGTH)) bad(type, field, `a name of 1 to ${MAX_ID_LENGTH} characters`, v);
  }
  if (e["dwell"] !== undefined && !isTime(e["dwell"])) bad(type, "dwell", "how long the visitor has been on the page, in ms (a whole number, 0 or more)", e["dwell"]);
  const scroll = e["scroll"];
  if (scroll !== undefined && !(Number.isInteger(scroll) && (scroll as number) >= 0 && (scroll as number) <= 100)) bad(type, "scroll", "how far the visitor scrolled, a whole percentage from 0 to 100", scroll);
  if (e["visits"] !== undefined && !(Number.isSafeInteger(e["visits"]) && (e["visits"] as number) >= 1)) bad(type, "visits", "the visitor's visits, this one included (1 or more)", e["visits"]);
  if (e["form"] !== undefined && e["form"] !== "open" && e["form"] !== "sent") bad(type, "form", '"open" (a form opened and not sent) or "sent"', e["form"]);
  if (e["facts"] !== undefined) checkFacts(type, e["facts"]);
}

/**
 * A dismissal names a reply the visitor was sent and may dismiss: a rule with a `dismiss` time,
 * sent less than that time ago (spec F-DISMISS). `state` is `null` for a redelivery: only the shape
 * of the rule id is checked then.
 */
function checkDismissal(config: CompiledConfig, state: ConversationState | null, rule: unknown, at: number): void {
  const type = "visitor.dismissed";
  if (typeof rule !== "string" || rule.length === 0 || rule.length > MAX_ID_LENGTH) bad(type, "rule", "the rule id of the reply the visitor dismissed (a reply's rule)", rule);
  // A redelivery decides nothing: its rule was checked when it first came (the config may have changed since).
  if (state === null) return;
  const hash = hash64(rule);
  const setting = config.frequency.get(hash);
  if (setting?.dismiss == null) fail("EVENT_INVALID", `${type}: rule ${describe(rule)} has no dismiss time; give the reply dismiss: 24h (seed 000 line 17) to let the visitor dismiss it`);
  if (stampedWithin(state.memory.fired, hash, setting.dismiss, at) === undefined) fail("EVENT_OUT_OF_ORDER", `${type}: rule ${describe(rule)} was not sent to this visitor (or too long ago to remember); only a reply the visitor got can be dismissed`);
}

/**
 * An answer to the survey this conversation was asked last (a click after its answer is taken and
 * sends nothing, S-SURVEY-ONCE): a button's score, 1 to its number of buttons (to `MAX_SURVEY` when the config no longer has the survey). `state` is `null` for a
 * redelivery: only the shape of the score is checked then (S-SURVEY-ANSWER).
 */
function checkRating(config: CompiledConfig, state: ConversationState | null, score: unknown): void {
  const type = "visitor.rated";
  const asked = state?.memory.survey ?? null;
  const of = asked === null ? MAX_SURVEY : (config.surveys.get(stampHash(asked))?.survey?.buttons.length ?? MAX_SURVEY);
  if (!Number.isSafeInteger(score) || (score as number) < 1 || (score as number) > of) bad(type, "score", `the answer of the button clicked, a whole number from 1 to ${of}`, score);
  if (state === null) return;
  if (asked === null) fail("EVENT_OUT_OF_ORDER", `${type}: this conversation was not asked the survey; send it only for a click on a survey reply's button`);
}

/**
 * Checks an event against CONTRACT.md and the config before anything is decided. Throws a typed
 * `AutoreplyError` (EVENT_INVALID, UNKNOWN_AGENT, UNKNOWN_GROUP, TIME_BACKWARDS); the state is never
 * touched by a refused event.
 */
export function validateEvent(config: CompiledConfig, state: ConversationState, input: unknown, redelivered = false): EngineEvent {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    fail("EVENT_INVALID", `an event should be an object with "type" and "at", received ${describe(input)}`);
  }
  const e = input as Fields;
  const raw = e["type"];
  const allowed = typeof raw === "string" ? FIELD_LISTS.get(raw) : undefined;
  if (allowed === undefined) {
    fail("EVENT_INVALID", `unknown event type ${describe(raw)}; use one of: ${Object.keys(FIELDS).join(", ")}`);
  }
  const type = raw as EngineEvent["type"];
  if (!isTime(e["at"])) bad(type, "at", "epoch milliseconds (a whole number, 0 or more)", e["at"]);
  const at = e["at"] as number;
  // A redelivery carries the time it was first sent; it is recognised by its id, not refused.
  if (state.at !== null && at < state.at && !redelivered) {
    fail("TIME_BACKWARDS", `${type} at ${at} is before the previous event at ${state.at}; feed events in time order`);
  }
  for (const key in e) {
    if (key !== "type" && key !== "at" && key !== "id" && !allowed.includes(key)) bad(type, key, `absent (${type} takes: ${["at", "id", ...allowed].join(", ")})`, e[key]);
  }
  const id = e["id"];
  if (id !== undefined && !(typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH)) {
    bad(type, "id", `the platform's message id, as text of 1 to ${MAX_ID_LENGTH} characters (WeChat's msgid is a 64-bit number: pass it as text)`, id);
  }
  // The state's own locale was checked when it came (and the state is checked): only another one is read.
  if (e["locale"] !== undefined && e["locale"] !== state.locale) checkLocale(type, e["locale"]);
  if (type === "visitor.opened" && e["facts"] !== undefined) checkFacts(type, e["facts"]);
  const page = e["page"];
  if (page !== undefined && !(typeof page === "string" && page.length <= MAX_PAGE_LENGTH)) bad(type, "page", `the page the visitor is on, as text of at most ${MAX_PAGE_LENGTH} characters`, page);
  switch (type) {
    case "visitor.message":
      if (typeof e["text"] !== "string") bad(type, "text", "text", e["text"]);
      if (e["route"] !== undefined) checkRoute(config, type, e["route"]);
      if (e["facts"] !== undefined) checkFacts(type, e["facts"]);
      break;
    case "visitor.page":
      checkPageView(e);
      break;
    case "visitor.dismissed":
      // A redelivery is recognised before any check that reads the state (EVENT-REDELIVERED): the
      // reply it dismissed may be long forgotten by now, and it decides nothing anyway.
      checkDismissal(config, redelivered ? null : state, e["rule"], at);
      break;
    case "visitor.rated":
      checkRating(config, redelivered ? null : state, e["score"]);
      break;
    case "visitor.transfer":
      checkRoute(config, type, e["route"]);
      break;
    case "visitor.menu":
      if (typeof e["key"] !== "string") bad(type, "key", "the menu key, as text", e["key"]);
      break;
    case "channel.refused":
      if (e["reason"] !== "window" && e["reason"] !== "quota") bad(type, "reason", '"window" (the platform says the window is over: 45015, 95002, 95018) or "quota" (its count is spent: 45047, 95001)', e["reason"]);
      break;
    case "queue.moved":
      if (!Number.isSafeInteger(e["position"]) || (e["position"] as number) < 1) bad(type, "position", "a queue position, 1 or more", e["position"]);
      break;
    case "agent.accepted":
      checkAgent(config, e["agent"], type);
      break;
    case "agent.message":
      if (e["agent"] !== undefined) checkAgent(config, e["agent"], type);
      if (e["text"] !== undefined && typeof e["text"] !== "string") bad(type, "text", "text", e["text"]);
      break;
    case "agent.ended":
      if (e["agent"] !== undefined) checkAgent(config, e["agent"], type);
      if (e["batch"] !== undefined && typeof e["batch"] !== "boolean") bad(type, "batch", "true or false", e["batch"]);
      break;
    case "presence": {
      const online = e["online"];
      if (!Array.isArray(online)) bad(type, "online", "a list of agent ids", online);
      if (online.length > MAX_ONLINE) fail("EVENT_INVALID", `presence: "online" names ${online.length} agents; ${ONLINE_HINT}`);
      for (const id of online) checkAgent(config, id, type);
      const dnd = e["dnd"];
      if (dnd !== undefined) {
        if (!Array.isArray(dnd)) bad(type, "dnd", "a list of agent ids (the agents in do-not-disturb)", dnd);
        if (dnd.length > MAX_ONLINE) fail("EVENT_INVALID", `presence: "dnd" names ${dnd.length} agents; ${ONLINE_HINT}`);
        for (const id of dnd) checkAgent(config, id, type);
      }
      break;
    }
    case "timer":
      if (!(TIMER_NAMES as readonly unknown[]).includes(e["timer"])) bad(type, "timer", `one of: ${TIMER_NAMES.join(", ")}`, e["timer"]);
      if (!isTime(e["due"])) bad(type, "due", "the due time the engine gave (epoch ms)", e["due"]);
      if (at < (e["due"] as number)) bad(type, "at", `at or after its due time ${e["due"] as number}`, at);
      break;
  }
  return input as EngineEvent;
}
