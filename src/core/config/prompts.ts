import type { Button } from "../model/types.js";
import type { CompiledAdThresholds, CompiledMessages, CompiledPageWhen, CompiledPrompt, CompiledPrompts, CompiledReply } from "./compiled.js";

export type { CompiledAdThresholds, CompiledPageWhen, CompiledPrompt, CompiledPrompts } from "./compiled.js";
import { OBJECT_KEYS } from "./keys.js";
import { hintFor, listed, type Obj, type Reader } from "./reader.js";

/**
 * Proactive prompts as `compile` prepares them (seed 000; spec P-WHEN, P-AD, P-BUTTONS, P-CAPTURE).
 * Each prompt rule is a reply of kind `prompt` with these settings beside its messages; the engine
 * looks at them on a `visitor.page` event only (src/core/rules/collect/prompts.ts).
 */

/**
 * The default of `prompts.gap`, the visitor's cooldown on prompts after a dismissal: seed 000 line 17,
 * "给他设置一段冷却时间(例如 24 小时或更长)".
 */
export const DEFAULT_PROMPT_GAP = 24 * 3_600_000;
/** A prompt's dismiss time when it sets none (seed 000 line 17: 例如 24 小时). */
export const PROMPT_DISMISS = 24 * 3_600_000;

/** Reads the settings of one prompt rule at `path`; the messages and frequency are read by `compile`. */
export function readPromptSettings(r: Reader, o: Obj, path: string, rank: number, channel: string | null, readMessages: (value: unknown, path: string) => CompiledMessages, ads: boolean): CompiledPrompt {
  const priority = o["priority"] ?? 0;
  if (typeof priority !== "number" || !Number.isSafeInteger(priority)) r.problem(`${path}.priority`, "a whole number", priority, "higher priorities are tried first; the default is 0");
  const when = readWhen(r, o["when"], `${path}.when`);
  const ad = o["ad"] === undefined ? null : readAd(r, o["ad"], `${path}.ad`, when);
  if (ad !== null && !ads) r.problem(`${path}.ad`, "ad thresholds with prompts.ads naming the ad sources", o["ad"], "list the traffic sources that are ad traffic in prompts.ads, e.g. ads: [baidu_sem]");
  const buttons = readButtons(r, o["buttons"], `${path}.buttons`);
  let capture: CompiledPrompt["capture"] = null;
  if (o["capture"] !== undefined) {
    const c = r.object(o["capture"], `${path}.capture`, OBJECT_KEYS.PromptCaptureInput);
    if (c !== undefined) capture = { source: readMessages(c["messages"], `${path}.capture.messages`), buttons: readButtons(r, c["buttons"], `${path}.capture.buttons`) };
  }
  return { priority: typeof priority === "number" ? priority : 0, rank, channel, when, ad, buttons, capture };
}

const NONE: readonly string[] = Object.freeze([]);
const NO_TAGS: readonly (readonly string[])[] = Object.freeze([]);

function readWhen(r: Reader, value: unknown, path: string): CompiledPageWhen {
  const o = value === undefined ? r.problem(path, "the page view that shows the prompt", value, "write when: { page: /pricing, dwell: 30s }; a prompt with no condition would show on every page") : r.object(value, path, OBJECT_KEYS.PromptWhenInput);
  const w = o ?? {};
  const pages = r.words(w["page"], `${path}.page`);
  pages.forEach((p, i) => {
    if (p.indexOf("*") !== (p.endsWith("/*") ? p.length - 1 : -1)) r.problem(`${path}.page[${i}]`, "a path such as /pricing, or /products/* for a page and those below it", p, "put * only at the end, after a /: patterns are not wildcards");
  });
  const form = w["form"];
  if (form !== undefined && form !== "open") r.problem(`${path}.form`, "open", form, "form: open shows the prompt while a form is open and not sent");
  const when: CompiledPageWhen = {
    pages: pages.filter((p) => !p.endsWith("/*")),
    prefixes: pages.filter((p) => p.endsWith("/*")).map((p) => p.slice(0, -1)),
    pageTypes: r.words(w["pageType"], `${path}.pageType`),
    sources: r.words(w["source"], `${path}.source`),
    dwell: r.duration(w["dwell"], `${path}.dwell`) ?? null,
    scroll: readPercent(r, w["scroll"], `${path}.scroll`),
    visits: w["visits"] === undefined ? null : Math.max(1, r.count(w["visits"], `${path}.visits`, 1)),
    form: form === "open",
    facts: r.words(w["facts"], `${path}.facts`),
    // Filled in by `resolvePromptTags` once the tag rules are read.
    tags: NO_TAGS,
    tagNames: r.words(w["tags"], `${path}.tags`),
  };
  if (o !== undefined && Object.keys(o).length === 0) r.problem(path, "at least one of: page, pageType, source, dwell, scroll, visits, form, facts, tags", o, "say what the page view must show, e.g. dwell: 30s on page: /pricing");
  return when;
}

function readPercent(r: Reader, value: unknown, path: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 100) {
    r.problem(path, "a whole percentage, 0 to 100", value, "100 is the bottom of the page (seed 000 line 6: 是否滚动到底部)");
    return null;
  }
  return value;
}

/** `ad`: stricter thresholds; a threshold looser than the rule's own would not be stricter, and is refused. */
function readAd(r: Reader, value: unknown, path: string, when: CompiledPageWhen): CompiledAdThresholds | null {
  const o = r.object(value, path, OBJECT_KEYS.PromptAdInput);
  if (o === undefined) return null;
  const ad: CompiledAdThresholds = {
    dwell: r.duration(o["dwell"], `${path}.dwell`) ?? null,
    scroll: readPercent(r, o["scroll"], `${path}.scroll`),
    visits: o["visits"] === undefined ? null : r.count(o["visits"], `${path}.visits`, 1),
  };
  if (ad.dwell === null && ad.scroll === null && ad.visits === null) r.problem(path, "at least one of: dwell, scroll, visits", value, "the ad thresholds replace when's for ad traffic");
  for (const name of ["dwell", "scroll", "visits"] as const) {
    const own = when[name];
    const stricter = ad[name];
    if (own !== null && stricter !== null && stricter < own) r.problem(`${path}.${name}`, `at least when.${name} (${own}): ad traffic gets stricter thresholds`, o[name], "seed 000 line 16: 高风险渠道(广告、外链投放)触发更克制; raise it, or lower when's");
  }
  return ad;
}

/** `buttons`: at most 5, each with its text and one of key, dismiss. */
function readButtons(r: Reader, value: unknown, path: string): readonly Button[] {
  if (value === undefined) return NO_BUTTONS;
  if (!Array.isArray(value) || value.length > 5) {
    r.problem(path, "a list of at most 5 buttons", value, "write buttons: [{ text: 我要报价, key: quote }, { text: 暂时不需要, dismiss: true }]");
    return NO_BUTTONS;
  }
  const out: Button[] = [];
  value.forEach((raw: unknown, i: number) => {
    const at = `${path}[${i}]`;
    const b = r.object(raw, at, OBJECT_KEYS.ButtonInput);
    if (b === undefined) return;
    const text = r.text(b["text"], `${at}.text`);
    if (text === undefined) r.problem(`${at}.text`, "the button's text", b["text"], "write text: 暂时不需要");
    const key = r.text(b["key"], `${at}.key`);
    const dismiss = r.boolean(b["dismiss"], `${at}.dismiss`, false);
    if ((key === undefined) === !dismiss) r.problem(at, "exactly one of key, dismiss: true", raw, "a button sends a menu key, or is the way out");
    if (text === undefined) return;
    r.texts.push({ path: `${at}.text`, text });
    out.push(Object.freeze(dismiss ? { text, dismiss: true as const } : { text, key: key ?? "" }));
  });
  return Object.freeze(out);
}

const NO_BUTTONS: readonly Button[] = Object.freeze([]);

/**
 * `when.tags` of each prompt: for every tag named, the hashes of the tag rules that give it (G-TAG);
 * a tag no rule gives is a config problem (the host's own tags are facts).
 */
export function resolvePromptTags(r: Reader, prompts: readonly CompiledReply[], rules: readonly { readonly tag: string; readonly hash: string }[]): void {
  const byName = new Map<string, string[]>();
  for (const rule of rules) {
    const list = byName.get(rule.tag);
    if (list === undefined) byName.set(rule.tag, [rule.hash]);
    else list.push(rule.hash);
  }
  const names = [...byName.keys()];
  for (const reply of prompts) {
    const when = (reply.prompt as CompiledPrompt).when;
    (when as { tags: CompiledPageWhen["tags"] }).tags = when.tagNames.map((name, i) => {
      const given = byName.get(name);
      if (given === undefined) r.problem(`${reply.path}.when.tags[${i}]`, names.length > 0 ? `a tag the tag rules give: ${listed(names)}` : "a tag that a rule under tags gives", name, names.length > 0 ? hintFor(name, names) : "tags the host knows are facts: write when.facts instead");
      return given ?? NONE;
    });
  }
}

/** The order prompts are tried in (P-ONE): higher priority, then a channel's before the app's, then as written. */
export function sortPrompts(prompts: readonly CompiledReply[]): readonly CompiledReply[] {
  const p = (reply: CompiledReply) => reply.prompt as CompiledPrompt;
  const layer = (reply: CompiledReply) => (p(reply).channel === null ? 1 : 0);
  return Object.freeze([...prompts].sort((a, b) => p(b).priority - p(a).priority || layer(a) - layer(b) || p(a).rank - p(b).rank));
}

/** The prompts of every channel: its own and the app's, in the order they are tried. */
export function promptsByChannel(app: readonly CompiledReply[], channels: ReadonlyMap<string, readonly CompiledReply[]>, gap: number, ads: readonly string[]): CompiledPrompts {
  const byChannel = new Map<string, readonly CompiledReply[]>();
  for (const [name, own] of channels) if (own.length > 0) byChannel.set(name, sortPrompts([...own, ...app]));
  return { gap, ads, byChannel, app: sortPrompts(app), all: Object.freeze([...app, ...[...channels.values()].flat()]) };
}
