/// <reference lib="dom" />
/**
 * A lint finding's message and hint on the page, in its language (issue 29 item 2): the engine
 * gives each as a key of its findings' table and the values that fill it (src/tools/lint/words.ts), and
 * its English; the page fills the key from findings.zh.ts in Chinese, and shows the engine's
 * English otherwise. As dom.ts's `tr` does for the console's words, an element keeps what it
 * shows (`data-lint`, `data-lint-en`), and a change of language redraws it in place.
 */
import { formatLint, type FindingText } from "../../../src/tools/lint/words.js";
import { onLanguage } from "./dom.js";
import { findingsZh } from "./findings.zh.js";
import { lang, type Lang } from "./index.js";

/** A finding's words in `l`: filled from the Chinese table, or the engine's English as it wrote it. */
export const findingWords = (l: Lang, text: FindingText, english: string): string => (l === "zh" ? formatLint(findingsZh, text) : english);

/** Shows a finding's words (`text`, whose English is `english`) in `el`, and keeps them for a change of language. */
export function lintText<E extends HTMLElement>(el: E, text: FindingText, english: string): E {
  delete el.dataset["i18n"];
  delete el.dataset["i18nParams"];
  el.dataset["lint"] = JSON.stringify(text);
  el.dataset["lintEn"] = english;
  el.textContent = findingWords(lang(), text, english);
  return el;
}

/** Redraws every finding's words under `root` in the page's language now. */
export function translateFindings(root: ParentNode = document): void {
  for (const e of Array.from(root.querySelectorAll<HTMLElement>("[data-lint]"))) {
    e.textContent = findingWords(lang(), JSON.parse(e.dataset["lint"] as string) as FindingText, e.dataset["lintEn"] ?? "");
  }
}

onLanguage(() => translateFindings());
