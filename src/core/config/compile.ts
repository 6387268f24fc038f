import { normalizeCondition, buildKeywordIndex, type IndexedKeywordRule, type KeywordCondition } from "../match/keywords.js";
import { AutoreplyError } from "../model/errors.js";
import { normalizeText } from "../match/normalize.js";
import { deepFreeze } from "../model/freeze.js";
import { REPLY_KINDS, type Button, type Layer, type ReplyKind } from "../model/types.js";
import { usesNextOpen, type Template } from "../render/template.js";
import type {
  CompiledAb,
  CompiledAgent,
  CompiledConfig,
  CompiledMessages,
  CompiledGroup,
  CompiledQueueRule,
  CompiledReply,
  CompiledSurvey,
  Frequency,
  KeywordOwner,
  LayerReplies,
  Switches,
} from "./compiled.js";
import { hintFor, join, listed, Reader, type Obj } from "./reader.js";
import { readScheduleName, readSchedules } from "./schedules.js";
import { PERIOD_NAMES, type CompiledSchedule, type Period } from "../time/schedule.js";
import { OBJECT_KEYS, REPLY_KEYS } from "./keys.js";
import { fingerprintOf } from "./fingerprint.js";
import { formatDuration } from "./duration.js";
import { readCompliance } from "./compliance.js";
import { readTags } from "./tags.js";
import { readConditions, usesInARow } from "./conditions.js";
import { readFacts, readLabels, readLocales, readSegments, resolveVariants, type MessageReaders } from "./variants.js";
import { DEFAULT_PROMPT_GAP, PROMPT_DISMISS, promptsByChannel, readPromptSettings, resolvePromptTags } from "./prompts.js";
import { findLinks } from "../render/links.js";
import { maskPersonal } from "../render/mask.js";
import { DEFAULT_TEXT_LIMIT, MAX_SURVEY } from "../model/limits.js";
import { chainFor } from "../rules/chain.js";
import { hash64 } from "../model/hash.js";
import { BREAKER_LIMIT, MARKER_LIMIT } from "../model/state.js";
import { guardsAutoResponders } from "../rules/auto-responder.js";
import { PRESETS, PRESET_NAMES, type ChannelSettings, type PresetName, type SmallWindow } from "./presets.js";

/** The most queue rules a queued reply may have (seed 003 line 18). */
export const MAX_QUEUE_RULES = 5;
/** The most prompt rules one layer may have: a few well-aimed ones work best (seed 000 line 23). */
const MAX_PROMPTS = 50;
const LAYER_RANK: Readonly<Record<Layer, number>> = { agent: 0, group: 1, channel: 2, app: 3 };

interface LayerSource {
  readonly layer: Layer;
  readonly owner: string;
  /** Where this layer's replies sit in the config, e.g. `agents.zhangsan.replies`. */
  readonly path: string;
}


/** Until `compileConfig` knows the switches: every reply's policies are chosen once all are read. */
const NO_POLICIES: CompiledReply["chain"] = Object.freeze([]);

function readReplies(r: Reader, value: unknown, source: LayerSource, keywords: WrittenKeywordRule[], prompts: CompiledReply[] | null = null, ads = false): LayerReplies {
  const out: Partial<Record<ReplyKind, CompiledReply>> = {};
  if (value === undefined) return out;
  const obj = r.object(value, source.path, OBJECT_KEYS.RepliesInput);
  if (obj === undefined) return out;
  for (const kind of REPLY_KINDS) {
    // The survey's thank-you is written in the survey (`thanks`).
    if (kind === "surveyThanks") continue;
    const raw = obj[kind];
    const path = `${source.path}.${kind}`;
    if (raw === undefined) continue;
    if (kind === "keyword") {
      readKeywordRules(r, raw, path, source, keywords);
      continue;
    }
    if (kind === "prompt") {
      if (prompts === null) r.problem(path, "prompts under app.replies or app.channels.NAME.replies", raw, "a prompt shows before the visitor writes, when no agent or group has the conversation: move it to the app or a channel layer");
      else readPromptRules(r, raw, path, source, prompts, ads);
      continue;
    }
    const o = r.object(raw, path, REPLY_KEYS[kind]);
    if (o === undefined) continue;
    const id = r.text(o["id"], `${path}.id`) ?? path;
    // A queued reply's messages live in its rules (`messages` is shorthand for one rule).
    const messages = kind === "queued" ? [] : r.messages(o["messages"], `${path}.messages`);
    const reply: CompiledReply = {
      kind,
      id,
      path,
      layer: source.layer,
      messages,
      ...fixedMessages(r, messages),
      interval: r.duration(o["interval"], `${path}.interval`) ?? 0,
      after: r.duration(o["after"], `${path}.after`) ?? null,
      idleAfter: r.duration(o["idleAfter"], `${path}.idleAfter`) ?? null,
      count: kind === "unanswered" || kind === "repeated" ? readCount(r, o["count"], `${path}.count`, kind) : null,
      alert: r.boolean(o["alert"], `${path}.alert`, kind === "urgent" || kind === "upset"),
      words: kind === "urgent" || kind === "upset" ? readWords(r, o["words"], `${path}.words`, kind) : NO_WORDS,
      within: kind === "repeated" ? (r.duration(o["within"], `${path}.within`) ?? 5 * 60_000) : null,
      mute: r.duration(o["mute"], `${path}.mute`) ?? (kind === "upset" ? UPSET_MUTE : 0),
      transfer: kind === "repeated" || kind === "agentSilent" ? readTransfer(r, o["transfer"], `${path}.transfer`) : null,
      rules: kind === "queued" ? readQueueRules(r, o, path, id) : [],
      frequency: readFrequency(r, o, path),
      chain: NO_POLICIES,
      periods: readPeriods(r, o["periods"], `${path}.periods`),
      segments: readSegments(r, o["segments"], `${path}.segments`, variantReaders(r)),
      locales: readLocales(r, o, path, variantReaders(r)),
      ab: readAb(r, o, path, id),
      backup: kind === "agentSilent" ? readBackup(r, o, path) : null,
      prompt: null,
      survey: kind === "survey" ? readSurvey(r, o, path, id, source.layer) : null,
    };
    if (kind === "queued" && o["rules"] !== undefined) perPosition(r, o, path);
    if ((kind === "agentSilent" || kind === "visitorSilent") && o["after"] === undefined) {
      r.problem(`${path}.after`, "a duration", undefined, `say how long the silence lasts before "${kind}" is sent, e.g. after: 2m`);
    }
    if (kind === "autoEnd" && o["after"] === undefined && o["idleAfter"] === undefined) {
      r.problem(`${path}.after`, "a duration in after or idleAfter", undefined, "say when the session ends: after: 10m (visitor silent) or idleAfter: 30m (no messages)");
    }
    out[kind] = reply;
  }
  return out;
}

/**
 * The messages as every decision sends them, when no template has a placeholder: built and frozen
 * once here, so that a decision sends them without rendering or freezing anything.
 */
function fixedMessages(r: Reader, templates: readonly Template[]): Omit<CompiledMessages, "messages"> {
  const nextOpen = usesNextOpen(templates);
  if (templates.length === 0 || !templates.every((t) => t.every((part) => typeof part === "string"))) return { fixed: null, hashes: null, nextOpen, linked: false };
  const texts = templates.map((t) => t.join(""));
  // Whether a channel that forbids links has to look at these texts (spec C-LINK): decided here, once.
  const linked = texts.some((text) => findLinks(text, r.allow).length > 0);
  return { fixed: Object.freeze(texts.map((text) => Object.freeze({ text }))), hashes: Object.freeze(texts.map(hash64)), nextOpen, linked };
}

function readQueueRules(r: Reader, o: Obj, path: string, id: string): CompiledQueueRule[] {
  const rules: CompiledQueueRule[] = [];
  if (o["messages"] !== undefined) {
    const messages = r.messages(o["messages"], `${path}.messages`);
    rules.push({ id, path, over: 0, messages, ...fixedMessages(r, messages) });
    if (o["rules"] !== undefined) r.problem(`${path}.rules`, "rules or messages, not both", o["rules"], "move the messages into a rule { over: 0, messages }");
    return rules;
  }
  const raw = o["rules"];
  if (!Array.isArray(raw) || raw.length === 0) {
    r.problem(`${path}.rules`, "a list of 1 to 5 rules", raw, "write rules: [{ over: 0, messages: [...] }], or just messages: [...]");
    return rules;
  }
  if (raw.length > MAX_QUEUE_RULES) {
    r.problem(`${path}.rules`, `at most ${MAX_QUEUE_RULES} rules (seed 003 line 18)`, raw, "merge rules whose positions are close");
  }
  const seen = new Set<number>();
  raw.forEach((rule: unknown, i: number) => {
    const at = `${path}.rules[${i}]`;
    const ro = r.object(rule, at, OBJECT_KEYS.QueueRuleInput);
    if (ro === undefined) return;
    const over = r.count(ro["over"], `${at}.over`, -1);
    if (ro["over"] === undefined) r.problem(`${at}.over`, "a whole number, 0 or more", undefined, "add over: 0 (sent at every position) or over: N (sent when the position is greater than N)");
    if (seen.has(over)) r.problem(`${at}.over`, "a threshold no other rule uses", over, "give each rule its own threshold");
    seen.add(over);
    const messages = r.messages(ro["messages"], `${at}.messages`);
    rules.push({ id: r.text(ro["id"], `${at}.id`) ?? `${id}.rules[${i}]`, path: at, over, messages, ...fixedMessages(r, messages) });
  });
  return rules.sort((a, b) => a.over - b.over);
}

function readKeywordRules(r: Reader, raw: unknown, path: string, source: LayerSource, keywords: WrittenKeywordRule[]): void {
  if (!Array.isArray(raw)) {
    r.problem(path, "a list of keyword rules", raw, "write keyword: [{ match: { any: [...] }, messages: [...] }]");
    return;
  }
  raw.forEach((rule: unknown, i: number) => {
    const at = `${path}[${i}]`;
    const o = r.object(rule, at, OBJECT_KEYS.KeywordRuleInput);
    if (o === undefined) return;
    const condition = readMatch(r, o["match"], `${at}.match`) ?? NO_CONDITION;
    const priority = o["priority"] ?? 0;
    if (typeof priority !== "number" || !Number.isSafeInteger(priority)) r.problem(`${at}.priority`, "a whole number", priority, typeof priority === "string" && /^\s*-?\d+\s*$/.test(priority) ? `write ${priority.trim()} without quotes: in quotes it is text` : "write a whole number such as priority: 10 (higher priorities are tried first), or leave it out for 0");
    const messages = r.messages(o["messages"], `${at}.messages`);
    const reply: CompiledReply = {
      kind: "keyword",
      id: r.text(o["id"], `${at}.id`) ?? at,
      path: at,
      layer: source.layer,
      messages,
      ...fixedMessages(r, messages),
      ...LIST_RULE,
      frequency: readFrequency(r, o, at),
      chain: NO_POLICIES,
      periods: readPeriods(r, o["periods"], `${at}.periods`),
      segments: readSegments(r, o["segments"], `${at}.segments`, variantReaders(r)),
      locales: readLocales(r, o, at, variantReaders(r)),
      ab: readAb(r, o, at, r.text(o["id"], `${at}.id`) ?? at),
      backup: null,
      prompt: null,
      survey: null,
    };
    keywords.push({
      rank: keywords.length,
      priority: typeof priority === "number" ? priority : 0,
      condition: normalizeCondition(condition),
      payload: { layer: source.layer, owner: source.owner, reply },
    });
  });
}

/**
 * The prompt rules of the app or a channel layer (seed 000; spec P-WHEN): each a reply of kind
 * `prompt` with its page conditions, buttons and capture form; dismiss is 24h unless set (seed 000 line 17).
 */
function readPromptRules(r: Reader, raw: unknown, path: string, source: LayerSource, prompts: CompiledReply[], ads: boolean): void {
  if (!Array.isArray(raw) || raw.length > MAX_PROMPTS) {
    r.problem(path, `a list of at most ${MAX_PROMPTS} prompt rules`, raw, "write prompt: [{ when: { page: /pricing, dwell: 30s }, messages: [...], buttons: [...] }]");
    return;
  }
  const readMessages = (value: unknown, at: string): CompiledMessages => {
    const messages = r.messages(value, at);
    return { messages, ...fixedMessages(r, messages) };
  };
  raw.forEach((rule: unknown, i: number) => {
    const at = `${path}[${i}]`;
    const o = r.object(rule, at, OBJECT_KEYS.PromptRuleInput);
    if (o === undefined) return;
    const id = r.text(o["id"], `${at}.id`) ?? at;
    const own = readMessages(o["messages"], `${at}.messages`);
    const frequency = readFrequency(r, o, at);
    prompts.push({
      kind: "prompt",
      id,
      path: at,
      layer: source.layer,
      ...own,
      ...LIST_RULE,
      frequency: { once: frequency?.once ?? null, cooldown: frequency?.cooldown ?? null, dismiss: frequency?.dismiss ?? PROMPT_DISMISS },
      chain: NO_POLICIES,
      periods: readPeriods(r, o["periods"], `${at}.periods`),
      segments: readSegments(r, o["segments"], `${at}.segments`, variantReaders(r)),
      locales: readLocales(r, o, at, variantReaders(r)),
      ab: readAb(r, o, at, id),
      backup: null,
      prompt: readPromptSettings(r, o, at, prompts.length, source.layer === "channel" ? source.owner : null, readMessages, ads),
      survey: null,
    });
  });
}

/**
 * The settings of the reply kinds with settings of their own, as a keyword or a prompt rule has them:
 * none. Spread in the same place as `readReplies` writes them, so every compiled reply has one key order.
 */
const LIST_RULE = { interval: 0, after: null, idleAfter: null, count: null, alert: false, words: [] as readonly string[], within: null, mute: 0, transfer: null, rules: [] as readonly CompiledQueueRule[] } as const;

const NO_CONDITION: KeywordCondition = { exact: [], any: [], all: [], none: [], prefix: [] };

/** A `match` (keyword rules, tags, routes), as written: `undefined` when it is not an object. */
function readMatch(r: Reader, value: unknown, path: string): KeywordCondition | undefined {
  const m = r.object(value, path, OBJECT_KEYS.MatchInput);
  const condition: KeywordCondition = {
    exact: r.words(m?.["exact"], `${path}.exact`),
    any: r.words(m?.["any"], `${path}.any`),
    all: readAll(r, m?.["all"], `${path}.all`),
    none: r.words(m?.["none"], `${path}.none`),
    prefix: r.words(m?.["prefix"], `${path}.prefix`),
  };
  if (m !== undefined && condition.exact.length + condition.any.length + condition.all.length + condition.prefix.length === 0) {
    r.problem(path, "at least one of exact, any, all, prefix", m, "say which words make this rule fire");
  }
  return m === undefined ? undefined : condition;
}

/** A keyword rule as written: `rank` is its place in the config, before the total order is applied. */
interface WrittenKeywordRule extends IndexedKeywordRule<KeywordOwner> {
  readonly priority: number;
}

/**
 * The total order of keyword rules (spec K-ORDER): layer first (agent > group > channel > app, seed 003
 * line 13), then higher `priority`, then the order written. Only the first rule that matches is sent.
 */
function rankKeywordRules(rules: readonly WrittenKeywordRule[]): IndexedKeywordRule<KeywordOwner>[] {
  const sorted = [...rules].sort(
    (a, b) => LAYER_RANK[a.payload.layer] - LAYER_RANK[b.payload.layer] || b.priority - a.priority || a.rank - b.rank,
  );
  return sorted.map((rule, rank) => ({ rank, condition: rule.condition, payload: rule.payload }));
}

function readAll(r: Reader, value: unknown, path: string): string[][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.problem(path, "a list whose entries are words or lists of synonyms", value, "write all: [[退款, 退货], 订单]");
    return [];
  }
  return value.map((entry: unknown, i: number) => r.words(entry, `${path}[${i}]`));
}

function readSmallWindow(r: Reader, value: unknown, path: string): SmallWindow {
  const o = r.object(value, path, OBJECT_KEYS.SmallWindowInput);
  if (o !== undefined && o["quota"] === undefined) r.problem(`${path}.quota`, "a count of messages", undefined, "write quota: 3");
  if (o !== undefined && o["window"] === undefined) r.problem(`${path}.window`, "a duration", undefined, "write window: 1m");
  return { quota: r.count(o?.["quota"], `${path}.quota`, 0), window: r.duration(o?.["window"], `${path}.window`) ?? 0 };
}

/** G-AUTO: markers folded as keywords (at most `MARKER_LIMIT`), more than `repeats` (3) identical messages within `within` (10 s). */
function readAutoResponder(r: Reader, value: unknown, path: string): ChannelSettings["autoResponder"] {
  const o = r.object(value, path, OBJECT_KEYS.AutoResponderInput);
  if (o === undefined) return null;
  const markers = r.words(o["markers"], `${path}.markers`);
  if (markers.length > MARKER_LIMIT) r.problem(`${path}.markers`, `at most ${MARKER_LIMIT} markers`, `${markers.length} markers`, "keep the phrases auto-responders really put in their messages, such as [自动回复] or 此消息为自动回复: each visitor message is searched for every one");
  const repeats = o["repeats"] === undefined ? 3 : r.count(o["repeats"], `${path}.repeats`, 0);
  if (repeats < 1) r.problem(`${path}.repeats`, "a count of 1 or more", o["repeats"], "write repeats: 3 (a fourth identical message within the time is taken for an auto-responder's)");
  const within = o["within"] === undefined ? 10_000 : r.duration(o["within"], `${path}.within`);
  return { markers: markers.map((m) => normalizeText(m)), repeats, within: within ?? 0 };
}

function readBreaker(r: Reader, value: unknown, path: string): ChannelSettings["breaker"] {
  const o = r.object(value, path, OBJECT_KEYS.BreakerInput);
  if (o === undefined) return null;
  const max = r.count(o["max"], `${path}.max`, 0);
  if (max < 1 || max > BREAKER_LIMIT) r.problem(`${path}.max`, `a count of 1 to ${BREAKER_LIMIT}`, o["max"], `write a count such as max: 3 (FreeScout caps 3 per 10 minutes), at most ${BREAKER_LIMIT}: the state keeps one time per counted reply`);
  const window = r.duration(o["window"], `${path}.window`);
  if (window === undefined) r.problem(`${path}.window`, "a duration", undefined, "add the sliding window, e.g. window: 10m");
  return { max, window: window ?? 0 };
}

/** A reply's `once`, `cooldown` and `dismiss` (F-ONCE-*, F-COOLDOWN, F-DISMISS), or `null` when none is set. */
function readFrequency(r: Reader, o: Obj, path: string): Frequency | null {
  const once = o["once"];
  if (once !== undefined && once !== "session" && once !== "visitor" && once !== "page") {
    r.problem(`${path}.once`, "one of: session, visitor, page", once, hintFor(String(once), ["session", "visitor", "page"]));
  }
  const cooldown = r.duration(o["cooldown"], `${path}.cooldown`) ?? null;
  const dismiss = r.duration(o["dismiss"], `${path}.dismiss`) ?? null;
  if (once === undefined && cooldown === null && dismiss === null) return null;
  return { once: once === "session" || once === "visitor" || once === "page" ? once : null, cooldown, dismiss };
}

/** How the readers of a reply's segments and languages read messages and period variants. */
const variantReaders = (r: Reader): MessageReaders => ({
  messages: (value, path) => {
    const messages = r.messages(value, path);
    return { messages, ...fixedMessages(r, messages) };
  },
  periods: (value, path) => readPeriods(r, value, path),
});

/** A queued reply with rules has messages per position: the variants of a reply's own messages (`ab`, `segments`, `locales`) are refused there. */
function perPosition(r: Reader, o: Obj, path: string): void {
  for (const key of ["ab", "segments", "locales"]) {
    if (o[key] !== undefined) r.problem(`${path}.${key}`, `${key} on a reply whose messages are its own`, o[key], `a queued reply with rules has messages per position: remove ${key}, or write messages instead of rules`);
  }
}

/** A reply's `periods`: messages by period (spec H-VARIANT), or `null` when it has none. */
function readPeriods(r: Reader, value: unknown, path: string): CompiledReply["periods"] {
  if (value === undefined) return null;
  const o = r.object(value, path, OBJECT_KEYS.PeriodsInput);
  if (o === undefined) return null;
  const out: Partial<Record<Period, CompiledMessages>> = {};
  for (const period of PERIOD_NAMES) {
    if (o[period] === undefined) continue;
    const messages = r.messages(o[period], `${path}.${period}`);
    out[period] = { messages, ...fixedMessages(r, messages) };
  }
  return out;
}

/** `unanswered.count`: 1 or more. */
function readCount(r: Reader, value: unknown, path: string, kind: "unanswered" | "repeated"): number {
  const n = r.count(value, path, 0);
  const least = kind === "repeated" ? 2 : 1;
  const what = kind === "repeated" ? "write count: 3 or more: how many identical visitor messages in a row; the seed's example is 3 within 5 minutes (seed 002 line 27)" : "write count: 1 or more: how many visitor messages in a row without a human answer; the seed's example is 3";
  if (value !== undefined && n < least) r.problem(path, `a count of ${least} or more`, value, what);
  if (value === undefined) r.problem(path, "a count of visitor messages", value, kind === "repeated" ? "write count: 3 (seed 002 line 27)" : "write count: 3 (seed 002 line 19)");
  return Math.max(n, least);
}

const NO_WORDS: readonly string[] = Object.freeze([]);
/** The default words (seed 002 line 25: 紧急, 投诉; line 29: 别烦我 and its like) and the upset reply's default mute. */
export const URGENT_WORDS: readonly string[] = ["紧急", "投诉"];
export const UPSET_WORDS: readonly string[] = ["别烦我", "烦死了", "别再发了", "不要再发"];
const UPSET_MUTE = 30 * 60_000;

/** The words of an `urgent` or `upset` reply, folded, or the defaults. */
function readWords(r: Reader, value: unknown, path: string, kind: "urgent" | "upset"): readonly string[] {
  const words = value === undefined ? (kind === "urgent" ? URGENT_WORDS : UPSET_WORDS) : r.words(value, path);
  return [...new Set(words.map((w) => normalizeText(w).trim()))];
}

/** `agentSilent.backup` (E-BACKUP): later than the reply itself, with an alert or a transfer. */
function readBackup(r: Reader, o: Obj, path: string): CompiledReply["backup"] {
  const value = o["backup"];
  if (value === undefined) return null;
  const at = `${path}.backup`;
  const b = r.object(value, at, OBJECT_KEYS.BackupStageInput);
  if (b === undefined) return null;
  const after = r.duration(b["after"], `${at}.after`);
  const own = r.duration(o["after"], `${path}.after`);
  if (after === undefined) r.problem(`${at}.after`, "a duration", b["after"], "add how long after the first unanswered message, e.g. after: 10m (seed 002 line 39)");
  else if (own !== undefined && after <= own) r.problem(`${at}.after`, `a duration longer than agentSilent.after (${formatDuration(own)})`, b["after"], `make it longer than ${formatDuration(own)}, e.g. after: ${formatDuration(own * 2)}: the backup is the second stage, it comes after the reply`);
  const alert = r.boolean(b["alert"], `${at}.alert`, false);
  const transfer = readTransfer(r, b["transfer"], `${at}.transfer`);
  if (!alert && transfer === null) r.problem(at, "at least one of alert: true, transfer", value, "the backup stage sends no message: say what it does, e.g. transfer: { group: backup }, alert: true");
  return { after: after ?? 0, alert, transfer };
}

/**
 * `survey` (S-SURVEY): its buttons, `scale` numbered or `options` labelled, each answering with its
 * position; and the thank-you (`thanks`), a reply of its own kind (`surveyThanks`) without settings.
 */
function readSurvey(r: Reader, o: Obj, path: string, id: string, layer: Layer): CompiledSurvey {
  let labels: readonly string[] = [];
  if (o["scale"] !== undefined && o["options"] !== undefined) r.problem(path, "scale or options, not both", o["options"], "keep one");
  else if (o["scale"] !== undefined) {
    const scale = r.count(o["scale"], `${path}.scale`, 2);
    if (scale < 2 || scale > MAX_SURVEY) r.problem(`${path}.scale`, `a whole number from 2 to ${MAX_SURVEY}`, o["scale"], "a 1-5 rating is scale: 5");
    else labels = Array.from({ length: scale }, (_, i) => String(i + 1));
  } else if (Array.isArray(o["options"]) && o["options"].length >= 2 && o["options"].length <= MAX_SURVEY) {
    labels = readLabels(r, o["options"], `${path}.options`);
  } else {
    r.problem(o["options"] === undefined ? path : `${path}.options`, `scale: 2 to ${MAX_SURVEY}, or options: 2 to ${MAX_SURVEY} labels`, o["options"], "write scale: 5 (buttons 1 to 5), or options: [满意, 一般, 不满意]");
  }
  const buttons = labels.map((text, i): Button => ({ text, answer: i + 1 }));
  const value = o["thanks"];
  if (value === undefined) return { buttons, thanks: null };
  const at = `${path}.thanks`;
  // Messages, or messages with periods, segments and languages of their own (S-SURVEY-LOCALE).
  const block = value !== null && typeof value === "object" && !Array.isArray(value) ? (r.object(value, at, OBJECT_KEYS.SurveyThanksInput) ?? {}) : undefined;
  const messages = r.messages(block === undefined ? value : block["messages"], block === undefined ? at : `${at}.messages`);
  const periods = block === undefined ? null : readPeriods(r, block["periods"], `${at}.periods`);
  const segments = block === undefined ? null : readSegments(r, block["segments"], `${at}.segments`, variantReaders(r));
  const locales = block === undefined ? null : readLocales(r, block, at, variantReaders(r));
  const thanks: CompiledReply = { kind: "surveyThanks", id, path: at, layer, messages, ...fixedMessages(r, messages), ...LIST_RULE, frequency: null, chain: NO_POLICIES, periods, segments, locales, ab: null, backup: null, prompt: null, survey: null };
  return { buttons, thanks };
}

/** `repeated.transfer`: true (to any human), or the agent or group to transfer to (checked against the config once all is read). */
function readTransfer(r: Reader, value: unknown, path: string): CompiledReply["transfer"] {
  if (value === undefined || value === false) return null;
  if (value === true) return {};
  const o = r.object(value, path, OBJECT_KEYS.TransferToInput);
  if (o === undefined) return null;
  const agent = r.text(o["agent"], `${path}.agent`);
  const group = r.text(o["group"], `${path}.group`);
  if ((agent === undefined) === (group === undefined)) return r.problem(path, "true, { agent } or { group }", value, "name one agent or one group, or write transfer: true for any human") ?? null;
  return agent !== undefined ? { agent } : { group: group as string };
}

/** A reply's `ab` (spec AB-ASSIGN), or `null`. Not with `periods` (nor on a queued reply with rules: `perPosition`). */
function readAb(r: Reader, o: Obj, path: string, ruleId: string): CompiledAb | null {
  const value = o["ab"];
  if (value === undefined) return null;
  const at = `${path}.ab`;
  if (o["periods"] !== undefined) r.problem(at, "ab or periods, not both", value, "remove ab or periods: an A/B test chooses among this reply's own messages; test the variants of one period in a reply of its own");
  const a = r.object(value, at, OBJECT_KEYS.AbInput);
  if (a === undefined) return null;
  const experiment = r.text(a["experiment"], `${at}.experiment`) ?? ruleId;
  const raw = a["variants"];
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 10) r.problem(`${at}.variants`, "a list of 2 to 10 variants", raw, "write variants: [{ id: A, messages: ... }, { id: B, messages: ... }]");
  if (!Array.isArray(raw)) return null;
  const ids = new Set<string>();
  const variants = raw.flatMap((v: unknown, i: number) => {
    const vp = `${at}.variants[${i}]`;
    const vo = r.object(v, vp, OBJECT_KEYS.AbVariantInput);
    if (vo === undefined) return [];
    const id = r.uniqueId(vo["id"], `${vp}.id`, ids, "variant", "A");
    const weight = r.count(vo["weight"], `${vp}.weight`, 1);
    const messages = r.messages(vo["messages"], `${vp}.messages`);
    return id === undefined ? [] : [{ id, weight, source: { messages, ...fixedMessages(r, messages) } }];
  });
  const total = variants.reduce((n, v) => n + v.weight, 0);
  if (total === 0) r.problem(`${at}.variants`, "at least one variant with a weight above 0", raw, "give a variant a weight above 0, e.g. weight: 50: a test whose variants all weigh 0 sends nothing it could measure");
  if (total > 1_000_000) r.problem(`${at}.variants`, "weights that add up to at most 1000000", total, "write smaller weights: they are shares, so 50 and 50 work as well as 1 and 1");
  return { experiment, variants, total: Math.max(total, 1) };
}

function readChannels(r: Reader, value: unknown, preset: PresetName, reserveForAgents: number): Map<string, ChannelSettings> {
  const overrides = r.entries(value, "channels").map(([name, raw]): [string, Partial<ChannelSettings>] => {
    const path = join("channels", name);
    const o = r.object(raw, path, OBJECT_KEYS.ChannelInput);
    if (o === undefined) return [name, {}];
    const out: { -readonly [K in keyof ChannelSettings]?: ChannelSettings[K] } = {};
    if (o["quota"] === "unlimited") out.quota = null;
    else if (o["quota"] !== undefined) out.quota = r.count(o["quota"], `${path}.quota`, 0);
    const window = r.duration(o["window"], `${path}.window`);
    if (window !== undefined) out.window = window;
    if (o["reserve"] !== undefined) out.reserve = r.count(o["reserve"], `${path}.reserve`, 0);
    if (o["menu"] === null || o["menu"] === "message") out.menu = o["menu"];
    else if (o["menu"] !== undefined) out.menu = readSmallWindow(r, o["menu"], `${path}.menu`);
    if (o["opened"] === null) out.opened = null;
    else if (o["opened"] !== undefined) out.opened = readSmallWindow(r, o["opened"], `${path}.opened`);
    if (o["paid"] === null) out.paid = null;
    else if (o["paid"] !== undefined) out.paid = r.duration(o["paid"], `${path}.paid`) ?? null;
    if (o["contactMenuKeys"] !== undefined) out.contactMenuKeys = r.words(o["contactMenuKeys"], `${path}.contactMenuKeys`);
    const margin = r.duration(o["margin"], `${path}.margin`);
    if (margin !== undefined) out.margin = margin;
    if (o["perVisitorMessage"] === null) out.perVisitorMessage = null;
    else if (o["perVisitorMessage"] !== undefined) {
      out.perVisitorMessage = r.count(o["perVisitorMessage"], `${path}.perVisitorMessage`, 1);
      if (out.perVisitorMessage < 1) r.problem(`${path}.perVisitorMessage`, "a count of 1 or more, or null for no cap", o["perVisitorMessage"], "write perVisitorMessage: 2 (seed 004 line 5 finds 2-3 reasonable), or null to turn the cap off");
    }
    if (o["dedupe"] === null) out.dedupe = null;
    else if (o["dedupe"] !== undefined) out.dedupe = r.duration(o["dedupe"], `${path}.dedupe`) ?? null;
    if (o["links"] !== undefined) {
      if (o["links"] === "allow" || o["links"] === "drop" || o["links"] === "strip") out.links = o["links"];
      else r.problem(`${path}.links`, "one of: allow, drop, strip", o["links"], "write links: drop, strip or allow: drop holds a reply with a link back, strip removes the links, allow sends them (spec C-LINK)");
    }
    if (o["autoResponder"] === null) out.autoResponder = null;
    else if (o["autoResponder"] !== undefined) out.autoResponder = readAutoResponder(r, o["autoResponder"], `${path}.autoResponder`);
    if (o["breaker"] === null) out.breaker = null;
    else if (o["breaker"] !== undefined) out.breaker = readBreaker(r, o["breaker"], `${path}.breaker`);
    if (o["api"] === null || o["api"] === "wecom") out.api = o["api"];
    else if (o["api"] !== undefined) r.problem(`${path}.api`, "wecom or null", o["api"], "write api: wecom for WeCom customer service (微信客服), whose API sends only in some session states, or api: null (spec W-WECOM-STATE)");
    if (!(name in PRESETS[preset]) && out.quota === undefined) {
      r.problem(`${path}.quota`, "a quota for a channel of your own", undefined, 'write quota: 5, or quota: "unlimited"');
    }
    return [name, out];
  });
  // The preset's table with the operator's overrides applied on top, in new objects: the preset is
  // never touched. Plain spreads, not immer's produce, for cold start (docs/performance.md, "Measured choices").
  const table = new Map<string, ChannelSettings>();
  for (const [name, settings] of Object.entries(PRESETS[preset])) table.set(name, { ...settings, reserve: reserveForAgents });
  for (const [name, override] of overrides) {
    table.set(name, { ...(table.get(name) ?? { quota: null, window: null, reserve: reserveForAgents, menu: null, contactMenuKeys: [], opened: null, paid: null, margin: 0, perVisitorMessage: null, dedupe: null, breaker: null, links: "allow", api: null, autoResponder: null }), ...override });
  }
  return table;
}

/**
 * Validates a config and prepares every lookup. Throws one `AutoreplyError` with code
 * `CONFIG_INVALID` listing every problem (path, expected, received, hint); returns a deep-frozen
 * config otherwise, or, with `validateOnly`, nothing (the keyword matcher is not built). The input
 * is never changed.
 */
export function compileConfig(input: unknown): CompiledConfig;
export function compileConfig(input: unknown, validateOnly: true): undefined;
export function compileConfig(input: unknown, validateOnly = false): CompiledConfig | undefined {
  const r = new Reader();
  const root = r.object(input, "", OBJECT_KEYS.ConfigInput) ?? {};
  let preset: PresetName = "seed003";
  if (root["preset"] !== undefined) {
    if ((PRESET_NAMES as readonly unknown[]).includes(root["preset"])) preset = root["preset"] as PresetName;
    else r.problem("preset", `one of: ${PRESET_NAMES.join(", ")}`, root["preset"], hintFor(String(root["preset"]), PRESET_NAMES));
  }
  const sw = root["switches"] === undefined ? {} : (r.object(root["switches"], "switches", OBJECT_KEYS.SwitchesInput) ?? {});
  const switches: Switches = {
    receivedWhileServing: r.boolean(sw["receivedWhileServing"], "switches.receivedWhileServing", false),
    acceptedFromQueue: r.boolean(sw["acceptedFromQueue"], "switches.acceptedFromQueue", false),
    idleEnd: r.boolean(sw["idleEnd"], "switches.idleEnd", false),
    robot: r.boolean(sw["robot"], "switches.robot", false),
  };
  const reserve = r.count(root["reserveForAgents"], "reserveForAgents", 0);
  const limitsIn = root["limits"] === undefined ? {} : (r.object(root["limits"], "limits", OBJECT_KEYS.LimitsInput) ?? {});
  const textLimit = r.count(limitsIn["text"], "limits.text", DEFAULT_TEXT_LIMIT);
  if (textLimit < 1) r.problem("limits.text", "a length of 1 or more", textLimit, `write how many characters of a visitor message keyword matching reads, e.g. text: ${DEFAULT_TEXT_LIMIT} (the default when left out)`);
  const channels = readChannels(r, root["channels"], preset, reserve);
  // Before any reply: the allow list decides which fixed texts hold a link, and mask.text masks templates as they are read.
  const compliance = readCompliance(r, root["compliance"], channels);
  r.allow = compliance.allow;
  r.maskText = compliance.maskText;
  const nameOf = (o: Obj, path: string, id: string): string => {
    const name = r.text(o["name"], `${path}.name`) ?? id;
    return compliance.maskText ? maskPersonal(name) : name;
  };
  const keywordRules: WrittenKeywordRule[] = [];

  const groupEntries = r.entries(root["groups"], "groups");
  const groupIds = new Set(groupEntries.map(([id]) => id));
  // The names written under agents and schedules, for the references to them (their problems are reported where they are read).
  const keysOf = (value: unknown) => new Set(value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : []);
  const agentIds = keysOf(root["agents"]);
  const schedules = readSchedules(r, root["schedules"], agentIds, groupIds);
  const written = keysOf(root["schedules"]);
  const scheduleAt = (value: unknown, path: string) => readScheduleName(r, value, path, schedules, written);
  const agents = new Map<string, CompiledAgent>();
  const membersOf = new Map<string, string[]>();
  for (const [id, raw] of r.entries(root["agents"], "agents")) {
    const path = join("agents", id);
    const o = r.object(raw, path, OBJECT_KEYS.AgentInput);
    if (o === undefined) continue;
    const group = r.text(o["group"], `${path}.group`) ?? null;
    if (group !== null && !groupIds.has(group)) {
      r.problem(`${path}.group`, groupIds.size > 0 ? `one of the groups: ${listed([...groupIds])}` : "a group defined under groups", group, groupIds.size > 0 && hintFor(group, [...groupIds]).startsWith("did you mean") ? `${hintFor(group, [...groupIds])} Or define ${JSON.stringify(group)} under groups` : `define it under groups, e.g. groups: { ${JSON.stringify(group)}: {} }, or fix the name`);
    } else if (group !== null) {
      const members = membersOf.get(group);
      if (members === undefined) membersOf.set(group, [id]);
      else members.push(id);
    }
    const replies = readReplies(r, o["replies"], { layer: "agent", owner: id, path: `${path}.replies` }, keywordRules);
    agents.set(id, { id, name: nameOf(o, path, id), group, replies, schedule: scheduleAt(o["schedule"], `${path}.schedule`) });
  }
  const groups = new Map<string, CompiledGroup>();
  for (const [id, raw] of groupEntries) {
    const path = join("groups", id);
    const o = r.object(raw, path, OBJECT_KEYS.GroupInput);
    if (o === undefined) continue;
    const members = membersOf.get(id) ?? [];
    const replies = readReplies(r, o["replies"], { layer: "group", owner: id, path: `${path}.replies` }, keywordRules);
    groups.set(id, { id, name: r.text(o["name"], `${path}.name`) ?? id, members, replies, schedule: scheduleAt(o["schedule"], `${path}.schedule`) });
  }
  const promptsIn = root["prompts"] === undefined ? {} : (r.object(root["prompts"], "prompts", OBJECT_KEYS.PromptsInput) ?? {});
  const promptGap = r.duration(promptsIn["gap"], "prompts.gap") ?? DEFAULT_PROMPT_GAP;
  const ads = r.words(promptsIn["ads"], "prompts.ads");
  const appPrompts: CompiledReply[] = [];
  const channelPrompts = new Map<string, CompiledReply[]>();
  const app = root["app"] === undefined ? {} : (r.object(root["app"], "app", OBJECT_KEYS.AppInput) ?? {});
  const appReplies = readReplies(r, app["replies"], { layer: "app", owner: "", path: "app.replies" }, keywordRules, appPrompts, ads.length > 0);
  const appSchedule = scheduleAt(app["schedule"], "app.schedule");
  const channelReplies = new Map<string, LayerReplies>();
  const channelSchedules = new Map<string, CompiledSchedule>();
  for (const [name, raw] of r.entries(app["channels"], "app.channels")) {
    const path = join("app.channels", name);
    if (!channels.has(name)) r.problem(path, `a channel: ${[...channels.keys()].join(", ")}`, name, hintFor(name, [...channels.keys()]));
    const o = r.object(raw, path, OBJECT_KEYS.ChannelRepliesInput);
    const own: CompiledReply[] = [];
    channelPrompts.set(name, own);
    if (o !== undefined) channelReplies.set(name, readReplies(r, o["replies"], { layer: "channel", owner: name, path: `${path}.replies` }, keywordRules, own, ads.length > 0));
    const schedule = o === undefined ? null : scheduleAt(o["schedule"], `${path}.schedule`);
    if (schedule !== null) channelSchedules.set(name, schedule);
  }

  const tags = readTags(r, root, (value, path) => readMatch(r, value, path), groupIds, new Set(channels.keys()));
  const allPrompts = [...appPrompts, ...[...channelPrompts.values()].flat()];
  resolvePromptTags(r, allPrompts, tags.rules);
  const facts = readFacts(r, root["facts"]);
  const replyLayers = [appReplies, ...channelReplies.values(), ...[...agents.values()].map((a) => a.replies), ...[...groups.values()].map((g) => g.replies)];
  const thanks = replyLayers.flatMap((l) => (l.survey?.survey?.thanks == null ? [] : [l.survey.survey.thanks]));
  resolveVariants(r, [...replyLayers.flatMap((l) => Object.values(l)), ...keywordRules.map((k) => k.payload.reply), ...allPrompts, ...thanks], facts, tags.rules);
  const conditions = readConditions(r, root["conditions"], schedules.size > 0, (value, path) => readTransfer(r, value, path));
  for (const [i, rule] of conditions.entries()) {
    const to = rule.transfer;
    if (to == null) continue;
    if ("agent" in to && !agents.has(to.agent)) r.problem(`conditions[${i}].transfer.agent`, "an agent of agents", to.agent, hintFor(to.agent, [...agents.keys()]));
    if ("group" in to && !groups.has(to.group)) r.problem(`conditions[${i}].transfer.group`, "a group of groups", to.group, hintFor(to.group, [...groups.keys()]));
  }

  // E-REPEATED, E-UNREAD: a transfer names an agent or a group of this config.
  for (const replies of [appReplies, ...channelReplies.values(), ...[...agents.values()].map((a) => a.replies), ...[...groups.values()].map((g) => g.replies)]) {
    const transfers = [replies.repeated, replies.agentSilent].flatMap((reply) => (reply === undefined ? [] : [[reply.path, reply.transfer] as const, [`${reply.path}.backup`, reply.backup?.transfer ?? null] as const]));
    for (const [at, to] of transfers) {
      if (to == null) continue;
      if ("agent" in to && !agents.has(to.agent)) r.problem(`${at}.transfer.agent`, "an agent of agents", to.agent, hintFor(to.agent, [...agents.keys()]));
      if ("group" in to && !groups.has(to.group)) r.problem(`${at}.transfer.group`, "a group of groups", to.group, hintFor(to.group, [...groups.keys()]));
    }
  }

  if (r.issues.length > 0) {
    const lines = r.issues.map((i) => `  - ${i.path}: expected ${i.expected}, received ${i.received}; ${i.hint}`);
    throw new AutoreplyError("CONFIG_INVALID", `the config has ${r.issues.length} problem${r.issues.length === 1 ? "" : "s"}:\n${lines.join("\n")}`, r.issues);
  }
  if (validateOnly) return undefined;
  const layers = [...[...agents.values()].map((a) => a.replies), ...[...groups.values()].map((g) => g.replies), appReplies, ...channelReplies.values()];
  const frequency = new Map<string, Frequency>();
  const surveys = new Map<string, CompiledReply>();
  for (const reply of [...layers.flatMap((l) => Object.values(l)), ...keywordRules.map((k) => k.payload.reply), ...allPrompts, ...thanks]) {
    (reply as { chain: CompiledReply["chain"] }).chain = chainFor(reply, switches);
    if (reply.survey !== null) surveys.set(hash64(reply.id), reply);
    if (reply.frequency === null) continue;
    for (const id of reply.kind === "queued" ? reply.rules.map((q) => q.id) : [reply.id]) frequency.set(hash64(id), reply.frequency);
  }
  // The prompts' lists are frozen as they are sorted, so the freeze below would stop at them.
  for (const prompt of allPrompts) deepFreeze(prompt);
  const compiled: CompiledConfig = {
    fingerprint: fingerprintOf(input as object),
    compliance,
    texts: r.texts,
    limits: { text: textLimit },
    switches,
    channels,
    // (readChannels reported a `channels` that is not a mapping.)
    channelsNamed: root["channels"] !== null && typeof root["channels"] === "object" && !Array.isArray(root["channels"]) ? Object.keys(root["channels"]) : [],
    agents,
    groups,
    app: appReplies,
    channelReplies,
    // E-UNANSWERED, and E-CONDITION's inARow: the count of visitor messages without a human answer.
    countsUnanswered: layers.some((l) => l.unanswered !== undefined) || conditions.some((c) => [...c.all, ...c.any, ...c.not].some(usesInARow)),
    conditions,
    // G-AUTO reads the run of identical messages too.
    countsRepeats: layers.some((l) => l.repeated !== undefined) || guardsAutoResponders(channels),
    alertWords: layers.some((l) => l.urgent !== undefined || l.upset !== undefined),
    tags,
    facts,
    schedules,
    appSchedule,
    channelSchedules,
    keywords: buildKeywordIndex(rankKeywordRules(keywordRules)),
    prompts: promptsByChannel(appPrompts, channelPrompts, promptGap, ads),
    frequency,
    surveys,
  };
  return deepFreeze(compiled);
}
