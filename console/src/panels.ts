/// <reference lib="dom" />
/**
 * How the console shows what the check found, and that the conversation plays on while the
 * editor's config is broken (issue 29, items 4 and 7). Plain DOM, called by app.ts; the words are
 * the console's (i18n/), in the page's language: a lint finding by its title, its message and hint
 * on demand, in the page's language too (i18n/findings.ts). The why panel is why.ts's.
 */
import type { Problem } from "./protocol.js";
import { isKey, type Key } from "./i18n/index.js";
import { named, show, tr, words } from "./i18n/dom.js";
import { lintText } from "./i18n/findings.js";
import { el } from "./dom.js";


/** A message's first clause: the short line; the rest is behind the finding's <details>. */
export function shortLine(message: string): string {
  const cut = /;\s|；/.exec(message);
  return cut === null ? message : message.slice(0, cut.index);
}

/** Where a problem is: its config path, or what the playground calls the YAML, the config, itself, in the page's language. */
function where(p: Problem): HTMLElement {
  const key = `where.${p.where}`;
  return isKey(key) ? tr(el("code"), key) : el("code", {}, p.where);
}

/** A button to a problem's line in the editor. */
function lineButton(line: number, goTo: (line: number) => void): HTMLElement {
  const go = tr(el("button", { type: "button", class: "line" }), "config.line", { n: line });
  go.addEventListener("click", () => goTo(line));
  return go;
}

/** A lint finding's id, if the console has a title for it. */
const titled = (p: Problem): Key | undefined => (p.id !== undefined && isKey(`lint.${p.id}`) ? (`lint.${p.id}` as Key) : undefined);

/**
 * The problems and lint findings, grouped by severity (errors, warnings, notes): each a short line
 * whose line number goes to it in the editor, its whole message and what to do on demand. A lint
 * finding's short line is its title (the id small beside it) and its path, its message and hint
 * in the page's language; the playground's own messages are in the page's language; compile's and
 * the YAML parser's stay as they wrote them.
 */
export function renderProblems(list: HTMLElement, problems: readonly Problem[], more: number, goTo: (line: number) => void): void {
  list.replaceChildren();
  for (const severity of ["error", "warning", "info"] as const) {
    const these = problems.filter((p) => p.severity === severity);
    if (these.length === 0) continue;
    const group = el("li", { class: "group", "data-severity": severity });
    const items = el("ul");
    group.append(tr(el("h3"), "panel.group", { group: { t: `panel.${severity}` }, n: these.length }), items);
    for (const p of these) {
      const li = el("li", { class: p.severity });
      if (p.line !== undefined) li.append(lineButton(p.line, goTo));
      const details = el("details");
      const summary = el("summary");
      const title = titled(p);
      details.append(summary);
      if (title !== undefined) {
        // The finding by its title; its message (with its numbers) and the hint on demand, in the page's language.
        summary.append(named(title, p.id as string, "finding"), " ", where(p));
        const english = p.message.replace(`${p.id as string}: `, "");
        details.append(p.lint === undefined ? el("p", { lang: "en" }, english) : lintText(el("p", { class: "message" }), p.lint.message, english));
      } else if (p.text !== undefined) {
        summary.append(where(p), " ", show(el("span"), p.text));
      } else {
        const short = shortLine(p.message);
        summary.append(where(p), " ", el("span", { lang: "en" }, short));
        if (short !== p.message) details.append(el("p", { lang: "en" }, p.message.slice(short.length).replace(/^[;；]\s*/, "")));
      }
      if (p.suggest !== undefined) details.append(words("p", "lint.suggested", { suggest: p.suggest }, { class: "suggest" }));
      if (p.hint !== undefined && p.lint !== undefined) {
        // "What to do:" in the console's words, then the finding's hint in the engine's (panel.hint's {hint} ends it).
        const hint = el("p", { class: "hint" });
        hint.append(tr(el("span"), "panel.hint", { hint: "" }), lintText(el("span"), p.lint.hint, p.hint));
        details.append(hint);
      } else if (p.hint !== undefined) details.append(words("p", "panel.hint", { hint: p.hint }, { class: "hint" }));
      if (details.childElementCount === 1) details.classList.add("whole");
      li.append(details);
      items.append(li);
    }
    list.append(group);
  }
  if (more > 0) list.append(words("li", "config.more", { n: more }, { class: "more" }));
}

/** Which config the conversation plays while the editor's does not check. */
export type Keeps = "last" | "kept" | "seed";

/**
 * The chat's note while the editor's config does not check: what is wrong (the first problem, at
 * its line, a button to it), and which config the conversation plays meanwhile. `null` clears it.
 */
export function chatNote(note: HTMLElement | null, problems: readonly Problem[] | string | null, keeps: Keeps, goTo: (line: number) => void): void {
  if (note === null) return;
  note.replaceChildren();
  note.hidden = problems === null;
  if (problems === null) return;
  const then = [" ", words("span", `note.keeps.${keeps}`), " ", words("span", "note.fix")];
  if (typeof problems === "string") {
    note.append(words("span", "note.failed", { message: problems }), ...then);
    return;
  }
  const first = problems.find((p) => p.severity === "error" && p.line !== undefined) ?? problems.find((p) => p.severity === "error") ?? problems[0];
  note.append(words("span", "note.broken"), " ");
  if (first?.line !== undefined) note.append(lineButton(first.line, goTo), " ");
  if (first !== undefined) {
    const title = titled(first);
    note.append(where(first), " ", title !== undefined ? words("span", title) : first.text !== undefined ? show(el("span"), first.text) : el("span", { lang: "en" }, shortLine(first.message)));
  }
  note.append(words("span", "note.end"), ...then);
}
