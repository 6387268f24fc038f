import { isScalar, parseDocument } from "yaml";
import type { Finding } from "../lint/lint.js";
// The edit entry (in the command line, its built `./edit.js`: one copy in the package).
import { editConfig, parsePath, patchPath, type ConfigEdit, type Patch } from "./index.js";
import type { ConfigInput } from "../../core/internal.js";

/**
 * Config edits written back into the YAML text they came from, comments and layout kept: what
 * `autoreply check --fix` writes, and what the playground applies and undoes. No file, no Node:
 * it runs in a browser too.
 */

/** A rewrite that cannot be written back into the text as it is (the CLI reports it as a usage error). */
export class SourceEditError extends Error {}

/** The rewrites `autoreply check --fix` applies (spec C-RISK-FIX): each risk word with a suggestion, in the text it was found in. */
export function fixEdit(config: ConfigInput, findings: readonly Finding[]): ConfigEdit | undefined {
  const fixes = findings.filter((f) => f.fix !== undefined);
  if (fixes.length === 0) return undefined;
  return editConfig(config, (draft) => {
    for (const f of fixes) {
      const path = parsePath(f.path);
      const key = path[path.length - 1] as string | number;
      let parent: unknown = draft;
      for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
      const holder = parent as Record<string | number, unknown>;
      const text = holder[key];
      const fix = f.fix as NonNullable<Finding["fix"]>;
      if (typeof text === "string") holder[key] = text.split(fix.word).join(fix.suggest);
    }
  });
}

/**
 * The YAML (or JSON) text with the patches' string values written in place: every byte outside the
 * changed values stays as it was, comments and layout included. Each value is found through the
 * yaml package's Document (its source range). Its old text is replaced inside its own source when
 * it is written there as it reads (a plain or quoted scalar without escapes); otherwise, or when
 * the new text would not read back the same in that style, the value is written double-quoted
 * (JSON's quoting is valid YAML). The result is parsed again and checked value by value.
 */
export function writeBack(source: string, patches: readonly Patch[]): string {
  const doc = parseDocument(source, { uniqueKeys: true, merge: false });
  const targets = patches.map((patch) => {
    if (patch.op !== "replace" || typeof patch.value !== "string") throw new SourceEditError(`--fix writes back text values only; ${patch.op} at ${patchPath(patch.path)} is not one`);
    const node = doc.getIn(patch.path, true);
    if (!isScalar(node) || typeof node.value !== "string" || node.range == null) throw new SourceEditError(`--fix found no text at ${patchPath(patch.path)} in the file`);
    return { path: patch.path, value: patch.value, from: node.value, start: node.range[0], end: node.range[1] };
  });
  const splice = (text: string, t: (typeof targets)[number], value: string) => text.slice(0, t.start) + value + text.slice(t.end);
  const readsBack = (text: string, t: (typeof targets)[number]) => {
    const back = parseDocument(text, { uniqueKeys: true, merge: false });
    return back.errors.length === 0 && back.getIn(t.path) === t.value;
  };
  // Each value on its own first: in place if that reads back as the new value, else double-quoted.
  const texts = targets.map((t) => {
    const raw = source.slice(t.start, t.end);
    const at = raw.indexOf(t.from);
    if (t.from !== "" && at >= 0 && raw.indexOf(t.from, at + 1) < 0) {
      const inPlace = raw.slice(0, at) + t.value + raw.slice(at + t.from.length);
      if (readsBack(splice(source, t, inPlace), t)) return inPlace;
    }
    // A block scalar's source ends with its line break: the quoted value keeps it.
    return JSON.stringify(t.value) + (/\s*$/.exec(raw)?.[0] ?? "");
  });
  let out = source;
  for (const k of targets.map((t, k) => ({ t, k })).sort((a, b) => b.t.start - a.t.start).map((x) => x.k)) out = splice(out, targets[k] as (typeof targets)[number], texts[k] as string);
  if (!targets.every((t) => readsBack(out, t))) throw new SourceEditError("--fix could not write the rewrites back without changing what the file means; nothing was written: fix the words by hand");
  return out;
}

