/**
 * What the forms show and what they change, without the DOM (forms.ts draws them): the layers a
 * form writes to, which layer a reply resolves from (the engine's own `resolveReply`), the values
 * a form shows, and the recipes (`editConfig`'s) each form edit makes. Pure, for the tests.
 */
import type { Draft } from "immer";
import type { CompiledConfig } from "../../../src/core/config/compiled.js";
import type { LayerContext } from "../../../src/core/config/layers.js";
import type { ConfigInput, RepliesInput } from "../../../src/core/config/input.js";
import { resolveReply } from "../../../src/core/internal.js";
import { parsePath } from "../../../src/tools/edit/edit.js";
import type { Layer, ReplyKind } from "../../../src/core/model/types.js";
import type { Key, Text } from "../i18n/index.js";

/** A layer a form writes to: the app, a channel, a group, an agent (by its id). */
export type LayerRef = { readonly layer: "app" } | { readonly layer: "channel" | "group" | "agent"; readonly owner: string };

/** The system replies every layer may set, in the order of seed 003's list; then the others, shown where a layer sets them. */
export const SYSTEM_KINDS = ["received", "opened", "accepted", "queued", "agentSilent", "visitorSilent", "autoEnd", "manualEnd", "batchEnd", "offline"] as const;
export const OTHER_KINDS = ["dnd", "unanswered", "repeated", "urgent", "upset", "survey"] as const;
export type SystemKind = (typeof SYSTEM_KINDS)[number] | (typeof OTHER_KINDS)[number];

/** The timing fields a kind has, by the form's order. */
export const TIMING: Readonly<Partial<Record<SystemKind, readonly ("interval" | "after" | "idleAfter")[]>>> = {
  queued: ["interval"],
  agentSilent: ["after"],
  visitorSilent: ["after"],
  autoEnd: ["after", "idleAfter"],
  offline: ["interval"],
};

export const SWITCHES = ["receivedWhileServing", "acceptedFromQueue", "idleEnd", "robot"] as const;
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const MATCH_MODES = ["any", "exact", "prefix", "all"] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A layer as the chooser's value: `app`, `channel:web`, `group:sales`, `agent:zhangsan`. */
export const layerKey = (ref: LayerRef): string => (ref.layer === "app" ? "app" : `${ref.layer}:${ref.owner}`);

export function layerOf(key: string): LayerRef {
  const at = key.indexOf(":");
  const layer = at < 0 ? key : key.slice(0, at);
  if (layer === "channel" || layer === "group" || layer === "agent") return { layer, owner: key.slice(at + 1) };
  return { layer: "app" };
}

/** Where a layer's settings sit in the config: `app`, `app.channels.web`, `groups.sales`, `agents.zhangsan`. */
export function layerPath(ref: LayerRef): string[] {
  switch (ref.layer) {
    case "app":
      return ["app"];
    case "channel":
      return ["app", "channels", ref.owner];
    case "group":
      return ["groups", ref.owner];
    case "agent":
      return ["agents", ref.owner];
  }
}

/** The value at a path of the config, or `undefined`. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** A layer's own replies as written (none when it sets none). */
export function repliesAt(config: ConfigInput, ref: LayerRef): RepliesInput | undefined {
  const replies = valueAt(config, [...layerPath(ref), "replies"]);
  return isObj(replies) ? (replies as RepliesInput) : undefined;
}

/** A layer's name in the page's words: 应用层, 渠道 web, 客服组 sales, 客服 zhangsan. */
export function layerText(layer: Layer, owner = ""): Text {
  return { t: `forms.layer.${layer}` as Key, params: { owner } };
}

/**
 * The conversation a layer's replies are looked up for: an agent's (with the agent's group), a
 * group's, a channel's, or the app's, on `channel` unless the layer is a channel.
 */
export function contextFor(config: CompiledConfig, ref: LayerRef, channel: string): LayerContext {
  switch (ref.layer) {
    case "app":
      return { agent: null, group: null, channel };
    case "channel":
      return { agent: null, group: null, channel: ref.owner };
    case "group":
      return { agent: null, group: ref.owner, channel };
    case "agent":
      return { agent: ref.owner, group: config.agents.get(ref.owner)?.group ?? null, channel };
  }
}

/** Which layer a reply resolves from in that conversation (agent > group > channel > app), and where it is written; `null` when no layer sets it. */
export function resolvedFrom(config: CompiledConfig, kind: SystemKind, context: LayerContext): { readonly layer: Layer; readonly owner: string; readonly path: (string | number)[] } | null {
  const reply = resolveReply(config, kind as Exclude<ReplyKind, "keyword" | "prompt">, context);
  if (reply === undefined) return null;
  const owner = reply.layer === "agent" ? (context.agent ?? "") : reply.layer === "group" ? (context.group ?? "") : reply.layer === "channel" ? context.channel : "";
  return { layer: reply.layer, owner, path: parsePath(reply.path) };
}

/** "来自:应用层" / "from: app"; "没有哪一层设置" when none does. */
export function fromText(from: { readonly layer: Layer; readonly owner: string } | null): Text {
  return from === null ? { t: "forms.from.none" } : { t: "forms.from", params: { layer: layerText(from.layer, from.owner) } };
}

// --- Values as the forms show them --------------------------------------------------------

/** Messages (one text or a list) as a list. */
export const textsOf = (m: unknown): string[] => (typeof m === "string" ? [m] : Array.isArray(m) ? m.map((x) => String(x)) : []);

/** Words (one or a list) as a list; an `all` entry (a synonym group) as its words joined by ` | `. */
export const wordsOf = (w: unknown): string[] => (typeof w === "string" ? [w] : Array.isArray(w) ? w.map((x) => (Array.isArray(x) ? x.map(String).join(" | ") : String(x))) : []);

/** Lines of a text area as a list: trimmed, empty ones left out. */
export const linesOf = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** A keyword rule's match mode: the first of any, exact, prefix, all it has; and whether it has more than that one (and `none`). */
export function modeOf(match: unknown): { readonly mode: MatchMode; readonly others: boolean } {
  const m = isObj(match) ? match : {};
  const present = MATCH_MODES.filter((k) => m[k] !== undefined);
  return { mode: present[0] ?? "any", others: present.length > 1 };
}

/** A duration, a count or a number as the form's text. */
export const fieldText = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

/** A number field's text as the config's value: a number when it reads as one, else the text itself (for the engine to refuse with its message), `undefined` when empty. */
export function numberValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** A duration field's text: `5m`, `90s`; plain digits are milliseconds; `undefined` when empty. */
export const durationValue = numberValue;

// --- Recipes --------------------------------------------------------------------------------

export type Recipe = (draft: Draft<ConfigInput>) => void;

/** The object at `path` in the draft, made (as `{}`) where missing. */
function ensure(draft: unknown, path: readonly string[]): Obj {
  let at = draft as Obj;
  for (const key of path) {
    if (!isObj(at[key])) at[key] = {};
    at = at[key] as Obj;
  }
  return at;
}

/** Deletes `key` of the object at `path`, then each object on the way that this left empty (the layer's `replies: {}`). */
function prune(draft: unknown, path: readonly string[], key: string, stop = 0): void {
  const holders: Obj[] = [];
  let at = draft as Obj;
  for (const k of path) {
    holders.push(at);
    if (!isObj(at[k])) return;
    at = at[k] as Obj;
  }
  delete at[key];
  for (let i = path.length - 1; i >= stop; i--) {
    const holder = holders[i] as Obj;
    const child = holder[path[i] as string];
    if (isObj(child) && Object.keys(child).length === 0) delete holder[path[i] as string];
    else break;
  }
}

/** A copy of a reply set on another layer, for this layer to set: its `id` left out (two rules cannot share one). */
function copyOf(reply: unknown): Obj {
  if (!isObj(reply)) return {};
  const { id: _id, ...rest } = JSON.parse(JSON.stringify(reply)) as Obj;
  return rest;
}

/** What a timed reply set from nothing starts with: the timer it needs (the engine refuses one without), as docs/config.md's example has it. */
const STARTS: Readonly<Partial<Record<SystemKind, Obj>>> = { agentSilent: { after: "2m" }, visitorSilent: { after: "5m" }, autoEnd: { after: "10m" } };

/**
 * Changes the reply `kind` of the layer `ref`: when the layer does not set it yet, it starts as a
 * copy of `inherited` (what the conversation gets now, from the layer it resolves from), or, when
 * no layer sets it, with the timer it needs.
 */
export function atReply(ref: LayerRef, kind: SystemKind, inherited: unknown, change: (reply: Obj) => void): Recipe {
  return (draft) => {
    const replies = ensure(draft, [...layerPath(ref), "replies"]);
    if (!isObj(replies[kind])) replies[kind] = inherited === undefined ? { ...STARTS[kind] } : copyOf(inherited);
    change(replies[kind] as Obj);
  };
}

/** Removes the layer's own setting of `kind`: the conversation falls back to the next layer's. */
export function removeReply(ref: LayerRef, kind: SystemKind): Recipe {
  return (draft) => prune(draft, [...layerPath(ref), "replies"], kind, layerPath(ref).length);
}

/** Sets message `index` of `holder[key]` (one text, or a list): past the end it is added; an empty text removes it. */
export function setMessage(holder: Obj, index: number, text: string, key = "messages"): void {
  const now = holder[key];
  if (text === "") return removeMessage(holder, index, key);
  if (Array.isArray(now)) {
    if (index < now.length) now[index] = text;
    else now.push(text);
  } else if (typeof now === "string" && index > 0) holder[key] = [now, text];
  else holder[key] = text;
}

/** Removes message `index`: a list keeps the others; the only text goes (the engine then says a reply needs one). */
export function removeMessage(holder: Obj, index: number, key = "messages"): void {
  const now = holder[key];
  if (Array.isArray(now)) now.splice(index, 1);
  else delete holder[key];
}

/** Sets a field to a value, or deletes it for `undefined`. */
export function setField(holder: Obj, key: string, value: unknown): void {
  if (value === undefined) delete holder[key];
  else holder[key] = value;
}

/** Words as written back: a list, or one text where the config had one text and one word is left. */
function wordsValue(before: unknown, words: readonly string[]): unknown {
  return typeof before === "string" && words.length === 1 ? words[0] : [...words];
}

/** The `all` entries from lines: a line with ` | ` is a synonym group. */
const allValue = (lines: readonly string[]): unknown[] => lines.map((l) => (l.includes("|") ? l.split("|").map((w) => w.trim()).filter((w) => w !== "") : l));

/** Changes the keyword rules of the layer `ref` (the list is made where missing, and removed when emptied). */
export function atRules(ref: LayerRef, change: (rules: Obj[]) => void): Recipe {
  return (draft) => {
    const replies = ensure(draft, [...layerPath(ref), "replies"]);
    if (!Array.isArray(replies["keyword"])) replies["keyword"] = [];
    change(replies["keyword"] as Obj[]);
    if ((replies["keyword"] as unknown[]).length === 0) prune(draft, [...layerPath(ref), "replies"], "keyword", layerPath(ref).length);
  };
}

/** A rule's words under its match mode: written under `mode`, moved there from the mode it had. */
export function setWords(rule: Obj, mode: MatchMode, lines: readonly string[]): void {
  const match = isObj(rule["match"]) ? (rule["match"] as Obj) : (rule["match"] = {});
  const { mode: was } = modeOf(match);
  const before = match[was];
  if (was !== mode) delete match[was];
  if (lines.length === 0) delete match[mode];
  else match[mode] = mode === "all" ? allValue(lines) : wordsValue(mode === was ? before : undefined, lines);
}

/** A rule's exclusions (`none`). */
export function setExclusions(rule: Obj, lines: readonly string[]): void {
  const match = isObj(rule["match"]) ? (rule["match"] as Obj) : (rule["match"] = {});
  if (lines.length === 0) delete match["none"];
  else match["none"] = wordsValue(match["none"], lines);
}

/** Moves a rule's words to another match mode. */
export function setMode(rule: Obj, mode: MatchMode): void {
  const match = isObj(rule["match"]) ? (rule["match"] as Obj) : (rule["match"] = {});
  const { mode: was } = modeOf(match);
  if (was === mode) return;
  const words = wordsOf(match[was]);
  delete match[was];
  match[mode] = mode === "all" ? allValue(words) : words.flatMap((w) => w.split("|").map((x) => x.trim())).filter((w) => w !== "");
}

/** A new keyword rule: an id not taken on the layer, its words, its message. */
export function newRule(rules: readonly Obj[], words: readonly string[], message: string): Obj {
  const taken = new Set(rules.map((r) => r["id"]));
  let n = rules.length + 1;
  while (taken.has(`rule-${n}`)) n++;
  return { id: `rule-${n}`, match: { any: words.length === 1 ? words[0] : [...words] }, messages: message };
}

/** Changes the schedule `name` (made with `zone` where missing). */
export function atSchedule(name: string, change: (schedule: Obj) => void): Recipe {
  return (draft) => {
    const schedules = ensure(draft, ["schedules"]);
    if (!isObj(schedules[name])) schedules[name] = { zone: "Asia/Shanghai" };
    change(schedules[name] as Obj);
  };
}

/** A weekday's hours from the field: one interval, or several split by commas. */
export function hoursValue(text: string): string | string[] | undefined {
  const parts = text
    .split(/[,，、;；]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : parts;
}

/** A weekday's hours as the field's text. */
export const hoursText = (v: unknown): string => (Array.isArray(v) ? v.join(", ") : fieldText(v));

/** Which schedule a layer names (its `schedule`), for the chooser. */
export const scheduleOf = (config: ConfigInput, ref: LayerRef): string => fieldText(valueAt(config, [...layerPath(ref), "schedule"]));

/** Points the layer at a schedule, or at none. */
export function useSchedule(ref: LayerRef, name: string): Recipe {
  return (draft) => {
    if (name === "") prune(draft, layerPath(ref), "schedule", layerPath(ref).length);
    else ensure(draft, layerPath(ref))["schedule"] = name;
  };
}

/** Removes a schedule (the engine refuses it while a layer names it). */
export const removeSchedule = (name: string): Recipe => (draft) => prune(draft, ["schedules"], name);

/** A channel's reserve; empty leaves it to `reserveForAgents`. */
export function setReserve(channel: string, value: number | string | undefined): Recipe {
  return (draft) => {
    if (value === undefined) prune(draft, ["channels", channel], "reserve");
    else ensure(draft, ["channels", channel])["reserve"] = value;
  };
}

/** A value at the top of the config (`preset`, `reserveForAgents`), or a switch; `undefined` removes it. */
export function setTop(path: readonly string[], value: unknown): Recipe {
  return (draft) => {
    const key = path[path.length - 1] as string;
    if (value === undefined) prune(draft, path.slice(0, -1), key);
    else setField(ensure(draft, path.slice(0, -1)), key, value);
  };
}
