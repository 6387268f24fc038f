import { isLocale, localeCase, MAX_LOCALE_LENGTH } from "../model/locale.js";
import { MAX_FACTS } from "../model/limits.js";
import type { Button } from "../model/types.js";
import type { CompiledLocale, CompiledMessages, CompiledReply, CompiledSegment } from "./compiled.js";
import { OBJECT_KEYS } from "./keys.js";
import { shorterTag } from "../variants/choose.js";
import { hintFor, join, listed, type Obj, type Reader } from "./reader.js";

/** How the config reader reads a reply's messages and period variants (src/core/config/compile.ts). */
export interface MessageReaders {
  readonly messages: (value: unknown, path: string) => CompiledMessages;
  readonly periods: (value: unknown, path: string) => CompiledReply["periods"];
}

const NONE: readonly string[] = Object.freeze([]);

/** A reply's `segments` (spec V-SEGMENT), tags and facts still by name (`resolveVariants` checks them), or `null`. */
export function readSegments(r: Reader, value: unknown, path: string, read: MessageReaders): readonly CompiledSegment[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    r.problem(path, "a list of 1 to 10 segments", value, "write segments: [{ id: vip, facts: [vip], messages: ... }]");
    return null;
  }
  const ids = new Set<string>();
  return value.flatMap((raw: unknown, i: number): CompiledSegment[] => {
    const at = `${path}[${i}]`;
    const o = r.object(raw, at, OBJECT_KEYS.SegmentInput);
    if (o === undefined) return [];
    const id = r.uniqueId(o["id"], `${at}.id`, ids, "segment", "vip");
    if (o["facts"] === undefined && o["tags"] === undefined) r.problem(at, "at least one of facts, tags", raw, "say who it is for: facts: [vip] (the host's) or tags: [...] (the tag rules')");
    const tagNames = r.words(o["tags"], `${at}.tags`);
    return id === undefined ? [] : [{ id, facts: r.words(o["facts"], `${at}.facts`), unless: r.words(o["unless"], `${at}.unless`), tags: tagNames.map(() => NONE), tagNames, source: read.messages(o["messages"], `${at}.messages`) }];
  });
}

/**
 * A reply's `locales` (spec V-LOCALE, V-LOCALE-EMPTY), by tag in its conventional case (`localeCase`), or `null`.
 * A language's `options` are its labels for the reply's buttons, kept as buttons with a text only
 * until `resolveVariants` knows the reply's own buttons (S-SURVEY-LOCALE, P-LOCALE).
 */
export function readLocales(r: Reader, o: Obj, path: string, read: MessageReaders): ReadonlyMap<string, CompiledLocale> | null {
  const value = o["locales"];
  if (value === undefined) return null;
  const at = `${path}.locales`;
  const out = new Map<string, CompiledLocale>();
  for (const [tag, raw] of r.entries(value, at)) {
    const lp = join(at, tag);
    if (!isLocale(tag)) {
      r.problem(lp, `a BCP 47 language tag of at most ${MAX_LOCALE_LENGTH} characters`, tag, "write a language tag such as en, zh-HK or zh-Hant");
      continue;
    }
    // Keyed in the case the state keeps its locale in, so that the lookup never changes the case of a tag.
    const key = localeCase(tag);
    if (out.has(key)) {
      r.problem(lp, "a tag no other variant has (case does not count)", tag, `merge it with ${out.get(key)?.tag ?? ""}`);
      continue;
    }
    if (Array.isArray(raw) && raw.length === 0) {
      out.set(key, { tag, source: EMPTY, segments: null, periods: null, buttons: null, capture: null });
      continue;
    }
    const block = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? r.object(raw, lp, OBJECT_KEYS.LocaleVariantInput) : undefined;
    out.set(key, {
      tag,
      source: read.messages(block === undefined ? raw : block["messages"], block === undefined ? lp : `${lp}.messages`),
      segments: block === undefined ? null : readSegments(r, block["segments"], `${lp}.segments`, read),
      periods: block === undefined ? null : read.periods(block["periods"], `${lp}.periods`),
      buttons: labelsOf(r, block?.["options"], `${lp}.options`),
      capture: readCapture(r, block?.["capture"], `${lp}.capture`, read),
    });
  }
  return out;
}

/** A prompt's capture form in one language (P-LOCALE): its messages, and labels for its buttons. */
function readCapture(r: Reader, value: unknown, path: string, read: MessageReaders): CompiledLocale["capture"] {
  if (value === undefined) return null;
  const o = r.object(value, path, OBJECT_KEYS.LocaleCaptureInput);
  return o === undefined ? null : { source: read.messages(o["messages"], `${path}.messages`), buttons: labelsOf(r, o["options"], `${path}.options`) };
}

/** A language's `options`, as buttons with a text only until `relabel` gives them the reply's. */
function labelsOf(r: Reader, value: unknown, path: string): readonly Button[] | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return readLabels(r, value, path).map((text): Button => ({ text }));
  r.problem(path, "a list of labels", value, "write options: [Good, OK, Poor]");
  return null;
}

/** Labels of buttons (a survey's options, a language's), each its own; texts the visitor reads, so `check` reads them as a prompt's buttons (C-RISK). */
export function readLabels(r: Reader, value: unknown, path: string): string[] {
  const labels = Array.isArray(value) ? value.map((label: unknown, i) => r.text(label, `${path}[${i}]`) ?? "") : [];
  for (const [i, label] of labels.entries()) {
    if (labels.indexOf(label) < i) r.problem(`${path}[${i}]`, "a label no other option has", label, "give each its own");
    else if (label !== "") r.texts.push({ path: `${path}[${i}]`, text: label });
  }
  return labels;
}

/** The messages of a variant that sends nothing in its language (V-LOCALE-EMPTY). */
const EMPTY: CompiledMessages = { messages: [], fixed: null, hashes: null, nextOpen: false, linked: false };

/** The config's `facts` (spec V-SEGMENT): sorted, without repeats, at most `MAX_FACTS`. */
export function readFacts(r: Reader, value: unknown): readonly string[] {
  const facts = r.words(value, "facts");
  if (facts.length > MAX_FACTS) r.problem("facts", `at most ${MAX_FACTS} facts`, facts.length, "keep the facts segments read");
  return [...new Set(facts)].sort();
}

/**
 * The segments' conditions checked against the config, once every layer is read: a fact is one of
 * `facts`, a tag one a tag rule gives (its names become the hashes of those rules, as a prompt's
 * `when.tags`). `ab` is refused beside segments or locales: a test chooses among the reply's own messages.
 */
export function resolveVariants(r: Reader, replies: readonly CompiledReply[], facts: readonly string[], rules: readonly { readonly tag: string; readonly hash: string }[]): void {
  const byName = new Map<string, string[]>();
  for (const rule of rules) byName.set(rule.tag, [...(byName.get(rule.tag) ?? []), rule.hash]);
  const names = [...byName.keys()];
  const check = (segments: readonly CompiledSegment[] | null, path: string): void => {
    segments?.forEach((s, i) => {
      const at = `${path}[${i}]`;
      for (const [field, list] of [["facts", s.facts], ["unless", s.unless]] as const) {
        list.forEach((fact, j) => {
          if (!facts.includes(fact)) r.problem(`${at}.${field}[${j}]`, facts.length > 0 ? `a fact of facts: ${listed([...facts])}` : "a fact listed under facts", fact, facts.length > 0 ? `${hintFor(fact, [...facts])} Or add it to facts` : `list the facts the host gives at the top of the config: facts: [${fact}]`);
        });
      }
      (s as { tags: CompiledSegment["tags"] }).tags = s.tagNames.map((name, j) => {
        const given = byName.get(name);
        if (given === undefined) r.problem(`${at}.tags[${j}]`, names.length > 0 ? `a tag the tag rules give: ${listed(names)}` : "a tag that a rule under tags gives", name, names.length > 0 ? hintFor(name, names) : "tags the host knows are facts: write facts instead");
        return given ?? NONE;
      });
    });
  };
  for (const reply of replies) {
    // (A queued reply with rules has had all three refused already: `perPosition` in compile.ts.)
    if (reply.ab !== null && reply.rules.length === 0 && (reply.segments !== null || reply.locales !== null)) r.problem(`${reply.path}.ab`, "ab, or segments and locales, not both", "ab", "test a segment's or a language's variants in a reply of its own");
    check(reply.segments, `${reply.path}.segments`);
    for (const locale of reply.locales?.values() ?? []) check(locale.segments, `${join(`${reply.path}.locales`, locale.tag)}.segments`);
    if (reply.locales !== null) resolveButtons(r, reply, reply.locales);
  }
}

/**
 * The languages' buttons and capture forms (S-SURVEY-LOCALE, P-LOCALE), once the reply's own are
 * read: each language's labels set on the reply's buttons (not when those failed: their problem is
 * reported already), then a language without labels or form given those of the nearest shorter tag
 * that has them (en-GB → en), else left to the reply's own.
 */
function resolveButtons(r: Reader, reply: CompiledReply, locales: ReadonlyMap<string, CompiledLocale>): void {
  const at = (locale: CompiledLocale) => join(`${reply.path}.locales`, locale.tag);
  let own: readonly Button[] | null | undefined;
  for (const locale of locales.values()) {
    if (locale.buttons !== null) {
      if (own === undefined) own = r.issues.some((i) => i.path === reply.path || (i.path.startsWith(reply.path) && /^\.(buttons|options|scale)\b/.test(i.path.slice(reply.path.length)))) ? null : (reply.survey?.buttons ?? reply.prompt?.buttons);
      if (own !== null) (locale as Mutable).buttons = relabel(r, locale.buttons, own, `${at(locale)}.options`);
    }
    if (locale.capture === null) continue;
    const form = reply.prompt?.capture;
    if (form == null) r.problem(`${at(locale)}.capture`, "capture only on a prompt with one", "capture", "remove it");
    else if (locale.capture.buttons !== null) (locale.capture as { buttons: readonly Button[] | null }).buttons = relabel(r, locale.capture.buttons, form.buttons, `${at(locale)}.capture.options`);
  }
  for (const [key, locale] of locales) {
    if (locale.source.messages.length === 0) continue;
    for (let tag = shorterTag(key); tag !== null && (locale.buttons === null || locale.capture === null); tag = shorterTag(tag)) {
      const shorter = locales.get(tag);
      (locale as Mutable).buttons ??= shorter?.buttons ?? null;
      (locale as Mutable).capture ??= shorter?.capture ?? null;
    }
  }
}

type Mutable = { -readonly [K in keyof CompiledLocale]: CompiledLocale[K] };

/**
 * A language's labels on the reply's own buttons, as many and in their order (S-SURVEY-LOCALE,
 * P-LOCALE): a click answers, names its key or dismisses as in any language.
 */
function relabel(r: Reader, labels: readonly Button[], own: readonly Button[] | undefined, path: string): readonly Button[] | null {
  const texts = labels.map((b) => b.text);
  if (own === undefined || own.length === 0) r.problem(path, "options only on a reply with buttons (a survey, a prompt)", texts, "remove them");
  else if (labels.length !== own.length) r.problem(path, `${own.length} labels`, texts, `label each of ${own.map((b) => b.text).join(", ")}, in order`);
  else return Object.freeze(own.map((b, i) => Object.freeze({ ...b, text: (labels[i] as Button).text })));
  return null;
}
