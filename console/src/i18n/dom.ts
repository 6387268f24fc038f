/// <reference lib="dom" />
/**
 * The console's words on the page. An element that shows words of the tables carries their key
 * (`data-i18n`, and `data-i18n-params` for what fills it): index.html's fixed labels and what
 * app.ts writes alike, so that switching the language redraws every one of them in place,
 * whatever panel wrote it. Attributes: `data-i18n-placeholder`, `data-i18n-aria-label`,
 * `data-i18n-title` hold a key each.
 */
import { isKey, preferred, remember, remembered, say, t, useLang, type Key, type Lang, type Params, type Text } from "./index.js";

const ATTRIBUTES = ["placeholder", "aria-label", "title"] as const;

/** Shows `key`'s words in `el` (its whole text), and keeps the key for a change of language. */
export function tr<E extends HTMLElement>(el: E, key: Key, params?: Params): E {
  el.dataset["i18n"] = key;
  if (params === undefined) delete el.dataset["i18nParams"];
  else el.dataset["i18nParams"] = JSON.stringify(params);
  el.textContent = t(key, params);
  return el;
}

/** Shows `text` as it is (a user's text, an English message of the engine) in `el`, which no longer follows the language. */
export function plain<E extends HTMLElement>(el: E, text: string): E {
  delete el.dataset["i18n"];
  delete el.dataset["i18nParams"];
  el.textContent = text;
  return el;
}

/** Shows a Text (what the worker said) in `el`. */
export const show = <E extends HTMLElement>(el: E, text: Text): E => tr(el, text.t, text.params);

/** A new element showing `key`'s words. */
export function words(tag: string, key: Key, params?: Params, attrs: Record<string, string> = {}): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return tr(e, key, params);
}

/**
 * An identifier of the engine (a reply kind, an event type, a verdict) as the page names it: the
 * words of `key`, and the identifier small beside them. Without words for it, the identifier alone.
 */
export function named(key: string, id: string, className: string): HTMLElement {
  const e = document.createElement("span");
  e.className = className;
  e.dataset["id"] = id;
  if (isKey(key)) e.append(words("span", key, undefined, { class: "name" }), " ");
  const small = document.createElement("small");
  small.className = "id";
  small.textContent = id;
  e.append(small);
  return e;
}

/** A reply kind: 收到消息回复 `received`. */
export const kindLabel = (kind: string): HTMLElement => named(`kind.${kind}`, kind, "kind");

/** Redraws every element under `root` that shows words of the tables, in the page's language now. */
export function translate(root: ParentNode = document): void {
  for (const e of Array.from(root.querySelectorAll<HTMLElement>("[data-i18n]"))) {
    const key = e.dataset["i18n"] as string;
    if (!isKey(key)) continue;
    const params = e.dataset["i18nParams"];
    e.textContent = say({ t: key, ...(params === undefined ? {} : { params: JSON.parse(params) as Params }) });
  }
  for (const attribute of ATTRIBUTES) {
    for (const e of Array.from(root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`))) {
      const key = e.getAttribute(`data-i18n-${attribute}`) as string;
      if (isKey(key)) e.setAttribute(attribute, t(key));
    }
  }
}

/** Where the choice is kept: localStorage, or nothing where the browser blocks it (reading it can throw). */
const storage = (): Storage | null => globalThis.localStorage ?? null;

/** What a change of language tells the page (the editor's flags, which are not elements of the page). */
const listeners: Array<(l: Lang) => void> = [];

/** Calls `f` after each change of language. */
export function onLanguage(f: (l: Lang) => void): void {
  listeners.push(f);
}

/** Speaks `l`: the words, the page's `lang`, the switch's state; remembered unless `keep` is false. */
export function setLanguage(l: Lang, keep = true): void {
  useLang(l);
  document.documentElement.lang = l === "zh" ? "zh-CN" : "en";
  document.title = t("page.title");
  translate(document);
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>("#lang [data-lang]"))) b.setAttribute("aria-pressed", String(b.dataset["lang"] === l));
  if (keep) remember(storage, l);
  for (const f of listeners) f(l);
}

/**
 * Starts the page in the remembered language, or the browser's, and wires the switch (its buttons
 * `#lang [data-lang]`). With storage blocked the switch works for as long as the page is open.
 */
export function startLanguage(): Lang {
  const l = remembered(storage) ?? preferred(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  setLanguage(l, false);
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>("#lang [data-lang]"))) {
    b.addEventListener("click", () => {
      const chosen = b.dataset["lang"];
      if (chosen === "zh" || chosen === "en") setLanguage(chosen);
    });
  }
  return l;
}
