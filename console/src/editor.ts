/// <reference lib="dom" />
/**
 * The playground's config editor (issue 15): CodeMirror with YAML, completion from the shipped JSON
 * Schema (complete.ts), and the check's problems inline, at their lines. The page loads this module
 * after it is usable (app.ts), and keeps its text area as the text's one home: the editor writes
 * every change into it, and `set` (a rewrite, undo, the text area written by a script) writes back.
 */
import { autocompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { isolateHistory } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorView, basicSetup } from "codemirror";
import { Compartment } from "@codemirror/state";
import schema from "../../schema/config.schema.json";
import { completionsAt, type SchemaNode } from "./complete.js";
import type { Problem } from "./protocol.js";

export interface ConfigEditor {
  /** Writes the text: only the part that differs is replaced (the cursor and the scroll stay), as one step of the editor's undo. */
  set(text: string): void;
  /** Shows the problems that have a line, at that line. */
  flag(problems: readonly Problem[]): void;
  /** Puts the cursor at the start of a line (1-based), scrolled into view. */
  goTo(line: number): void;
  /** Names the editor for a screen reader (the page's language changed). */
  label(text: string): void;
}

/** Keys as a word is typed (or on Ctrl-Space), values right after `key: `. */
function complete(context: CompletionContext): CompletionResult | null {
  const { from, options } = completionsAt(context.state.doc.toString(), context.pos, schema as unknown as SchemaNode);
  if (options.length === 0) return null;
  const line = context.state.doc.lineAt(context.pos);
  if (!context.explicit && from === context.pos && !/:\s$/.test(line.text.slice(0, context.pos - line.from))) return null;
  return { from, options: options.map((o) => ({ label: o.label, type: o.type, apply: o.apply, ...(o.detail === undefined ? {} : { detail: o.detail }), ...(o.info === undefined ? {} : { info: o.info }) })), validFor: /^[\w$-]*$/ };
}

/** Mounts the editor in place of `area` (kept, hidden, as the text's home). */
export function mountEditor(area: HTMLTextAreaElement): ConfigEditor {
  let writing = false;
  // Its name, as the text area's: the page's language, which may change.
  const name = new Compartment();
  const named = (text: string) => name.of(EditorView.contentAttributes.of({ "aria-label": text }));
  const view = new EditorView({
    doc: area.value,
    extensions: [
      basicSetup,
      yaml(),
      autocompletion({ override: [complete] }),
      lintGutter(),
      // Long lines (a Chinese reply is one long line) wrap in the editor's width instead of scrolling sideways.
      EditorView.lineWrapping,
      named(area.getAttribute("aria-label") ?? "config (YAML)"),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged || writing) return;
        area.value = update.state.doc.toString();
        // For the page's keeping of every edit (keep.ts): a keystroke here is a change of the text's home.
        area.dispatchEvent(new Event("change"));
      }),
    ],
  });
  view.dom.id = "editor";
  area.before(view.dom);
  area.hidden = true;
  const set = (text: string) => {
    const doc = view.state.doc.toString();
    if (text === doc) return;
    // What the two texts share at their start and at their end stays: a form's edit of one value
    // replaces that value, not the document. Its own step of the undo history (isolateHistory):
    // never joined with the typing before it or the next edit.
    const most = Math.min(text.length, doc.length);
    let from = 0;
    while (from < most && text.charCodeAt(from) === doc.charCodeAt(from)) from++;
    let end = 0;
    while (end < most - from && text.charCodeAt(text.length - 1 - end) === doc.charCodeAt(doc.length - 1 - end)) end++;
    writing = true;
    view.dispatch({ changes: { from, to: doc.length - end, insert: text.slice(from, text.length - end) }, annotations: isolateHistory.of("full") });
    writing = false;
  };
  // A script that writes the text area (a test, an extension) is followed.
  area.addEventListener("input", () => set(area.value));
  return {
    set,
    flag(problems) {
      const doc = view.state.doc;
      const diagnostics = problems.flatMap((p): Diagnostic[] => {
        if (p.line === undefined || p.line > doc.lines) return [];
        const line = doc.line(p.line);
        return [{ from: line.from, to: line.to, severity: p.severity, message: `${p.where}: ${p.message}` }];
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goTo(line) {
      const at = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines)).from;
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
    label(text) {
      view.dispatch({ effects: name.reconfigure(EditorView.contentAttributes.of({ "aria-label": text })) });
    },
  };
}
