/**
 * The console's two languages (issue 29 item 2): Simplified Chinese when the browser prefers it,
 * English otherwise, and the operator's choice, remembered. Plain typed tables (zh.ts, en.ts) and
 * `t(key, params)`: the console has some 250 short strings, no plural but English's one/other and
 * no formatting beyond filling `{name}`, which does not need a library. Pure: the worker uses it
 * too (dom.ts puts the words on the page).
 */
import { en } from "./en.js";
import { zh, type Key, type Messages } from "./zh.js";

export type { Key, Messages };
export type Lang = "zh" | "en";
export const LANGS: Readonly<Record<Lang, Messages>> = { zh, en };

/**
 * A value a template fills: text, a number, or words of the table (a kind's name inside a
 * sentence), themselves filled. Plain data, so that a worker's reply can carry it.
 */
export type Param = string | number | { readonly t: Key; readonly params?: Params };
export type Params = Readonly<Record<string, Param>>;

/** Words to show: a key and what fills it (what the worker says, what an element of the page shows). */
export interface Text {
  readonly t: Key;
  readonly params?: Params;
}

/** The key of the one/other pair `base` for the count `n`, in `lang`. */
export function plural(base: string, n: number, lang: Lang): Key {
  const form = new Intl.PluralRules(lang === "zh" ? "zh-CN" : "en-US").select(n) === "one" ? "one" : "other";
  return `${base}.${form}` as Key;
}

/** A key's template in `lang`, its `{name}`s filled; a name with no value stays as written. */
export function format(lang: Lang, key: Key, params: Params = {}): string {
  const template = LANGS[lang][key] ?? key;
  return template.replace(/\{([\w.-]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "object" ? format(lang, value.t, value.params) : String(value);
  });
}

/** The language the browser prefers: the first of its languages the console has (`zh-*` or `en-*`), English when none. */
export function preferred(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "zh" || base === "en") return base;
  }
  return "en";
}

let current: Lang = "en";

/** The language the page speaks now. */
export const lang = (): Lang => current;

/** Sets the language `t` speaks (dom.ts also redraws the page). */
export function useLang(l: Lang): void {
  current = l;
}

/** A key's words in the page's language. */
export const t = (key: Key, params?: Params): string => format(current, key, params);

/** Words of a Text in the page's language. */
export const say = (text: Text): string => format(current, text.t, text.params);

/** Whether a string is a key of the tables (a kind, a lint id from the engine may not be). */
export const isKey = (key: string): key is Key => Object.prototype.hasOwnProperty.call(zh, key);

/** The localStorage key of the operator's choice. */
export const STORAGE_KEY = "autoreply-console.lang";

/** The choice remembered, if storage can be read and holds one. */
export function remembered(storage: () => Storage | null): Lang | undefined {
  try {
    const value = storage()?.getItem(STORAGE_KEY);
    return value === "zh" || value === "en" ? value : undefined;
  } catch {
    // Storage blocked (a privacy setting, a sandboxed frame): no remembered choice.
    return undefined;
  }
}

/** Remembers the choice; says whether it could (blocked storage: the choice holds for this page only). */
export function remember(storage: () => Storage | null, l: Lang): boolean {
  try {
    const s = storage();
    if (s === null) return false;
    s.setItem(STORAGE_KEY, l);
    return true;
  } catch {
    return false;
  }
}
