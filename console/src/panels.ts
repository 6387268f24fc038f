/// <reference lib="dom" />
/**
 * How the console shows what the check found, why a step did what it did, and that the
 * conversation plays on while the editor's config is broken (issue 29, items 4 and 7). Plain DOM,
 * called by app.ts.
 */
import type { Decision } from "../../src/index.js";
import { VERDICTS } from "../../src/model/verdicts.js";
import type { Problem } from "./protocol.js";

/** Every sentence these panels show, in one place for translation. */
export const PANEL_TEXT = {
  groups: { error: "Errors", warning: "Warnings", info: "Notes" } as Record<Problem["severity"], string>,
  line: (n: number) => `line ${n}`,
  more: (n: number) => `and ${n} more`,
  hint: "What to do: ",
  noDecision: "(no decision)",
  by: "by ",
  /** The chat's note while the editor's config has problems. */
  broken: "The config in the editor has problems",
  keeps: {
    last: "The conversation plays on with the last config that checked valid.",
    kept: "The conversation plays the last valid config this browser kept.",
    seed: "The conversation plays the seed example's config.",
  },
  failed: "The config in the editor could not be checked",
  fix: "Fix the config and press Check and apply.",
} as const;

const el = (tag: string, attrs: Record<string, string> = {}, text = ""): HTMLElement => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== "") e.textContent = text;
  return e;
};

/** A message's first clause: the short line; the rest is behind the finding's <details>. */
export function shortLine(message: string): string {
  const cut = /;\s|；/.exec(message);
  return cut === null ? message : message.slice(0, cut.index);
}

/**
 * The problems and lint findings, grouped by severity (errors, warnings, notes): each a short line
 * whose line number goes to it in the editor, its whole message and what to do on demand.
 */
export function renderProblems(list: HTMLElement, problems: readonly Problem[], more: number, goTo: (line: number) => void): void {
  list.replaceChildren();
  for (const severity of ["error", "warning", "info"] as const) {
    const these = problems.filter((p) => p.severity === severity);
    if (these.length === 0) continue;
    const group = el("li", { class: "group", "data-severity": severity });
    const items = el("ul");
    group.append(el("h3", {}, `${PANEL_TEXT.groups[severity]} (${these.length})`), items);
    for (const p of these) {
      const li = el("li", { class: p.severity });
      if (p.line !== undefined) {
        // The line is a button: to that line in the editor.
        const line = p.line;
        const go = el("button", { type: "button", class: "line" }, PANEL_TEXT.line(line));
        go.addEventListener("click", () => goTo(line));
        li.append(go);
      }
      const details = el("details");
      const summary = el("summary");
      const short = shortLine(p.message);
      summary.append(el("code", {}, p.where), document.createTextNode(` ${short}`));
      details.append(summary);
      if (short !== p.message) details.append(el("p", {}, p.message.slice(short.length).replace(/^[;；]\s*/, "")));
      if (p.hint !== undefined) details.append(el("p", { class: "hint" }, `${PANEL_TEXT.hint}${p.hint}`));
      if (details.childElementCount === 1) details.classList.add("whole");
      li.append(details);
      items.append(li);
    }
    list.append(group);
  }
  if (more > 0) list.append(el("li", { class: "more" }, PANEL_TEXT.more(more)));
}

/** A step's explain trace as prose: each candidate reply, its verdict (what it means on hover), the rule behind it, and the detail, wrapped. */
export function renderWhy(out: HTMLElement, decisions: readonly Decision[]): void {
  out.replaceChildren();
  const entries = decisions.flatMap((d) => d.trace ?? []);
  if (entries.length === 0) {
    out.textContent = PANEL_TEXT.noDecision;
    return;
  }
  const list = el("ul", { class: "why" });
  for (const t of entries) {
    const verdict = VERDICTS[t.verdict];
    const row = el("li", { class: verdict.dropped ? "dropped" : t.verdict === "sent" ? "sent" : "other" });
    row.append(el("strong", {}, t.kind), document.createTextNode(" "), el("span", { class: "verdict", title: verdict.meaning }, t.verdict));
    if (t.by !== undefined) row.append(document.createTextNode(" "), el("span", { class: "by" }, `${PANEL_TEXT.by}${t.by}`));
    row.append(document.createTextNode(" "), el("span", { class: "detail" }, t.detail));
    list.append(row);
  }
  out.append(list);
}

/**
 * The chat's note while the editor's config does not check: what is wrong (the first problem, at
 * its line, a button to it), and which config the conversation plays meanwhile. `null` clears it.
 */
export function chatNote(note: HTMLElement | null, problems: readonly Problem[] | string | null, keeps: keyof typeof PANEL_TEXT.keeps, goTo: (line: number) => void): void {
  if (note === null) return;
  note.replaceChildren();
  note.hidden = problems === null;
  if (problems === null) return;
  if (typeof problems === "string") {
    note.append(`${PANEL_TEXT.failed} (${problems}). ${PANEL_TEXT.keeps[keeps]} ${PANEL_TEXT.fix}`);
    return;
  }
  const first = problems.find((p) => p.severity === "error" && p.line !== undefined) ?? problems.find((p) => p.severity === "error") ?? problems[0];
  note.append(`${PANEL_TEXT.broken}: `);
  if (first?.line !== undefined) {
    const line = first.line;
    const go = el("button", { type: "button", class: "line" }, PANEL_TEXT.line(line));
    go.addEventListener("click", () => goTo(line));
    note.append(go, " ");
  }
  if (first !== undefined) note.append(el("code", {}, first.where), ` ${shortLine(first.message)}`);
  note.append(`. ${PANEL_TEXT.keeps[keeps]} ${PANEL_TEXT.fix}`);
}
