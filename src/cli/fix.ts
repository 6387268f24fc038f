import { readFileSync, writeFileSync } from "node:fs";
import type { Patch } from "../tools/edit/edit.js";
import { SourceEditError, writeBack } from "../tools/edit/source.js";
import { UsageError } from "./files.js";

export { fixEdit } from "../tools/edit/source.js";

/**
 * `writeBack` for the command line: the same text, or a usage error with its message (src/tools/edit/source.ts
 * says how a value is written back).
 */
export function applyToSource(source: string, patches: readonly Patch[]): string {
  try {
    return writeBack(source, patches);
  } catch (e) {
    if (e instanceof SourceEditError) throw new UsageError(e.message);
    throw e;
  }
}

/** The changed lines of a rewrite, as `-`/`+` lines with their numbers, for `--dry-run`. */
export function lineDiff(before: string, after: string, name: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const out = [`--- ${name}`, `+++ ${name} (fixed)`];
  if (a.length === b.length) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) out.push(`@@ line ${i + 1} @@`, `-${a[i]}`, `+${b[i]}`);
    return out;
  }
  let head = 0;
  while (head < a.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  out.push(`@@ line ${head + 1} @@`, ...a.slice(head, a.length - tail).map((l) => `-${l}`), ...b.slice(head, b.length - tail).map((l) => `+${l}`));
  return out;
}

/** Writes the fixed text, unless the file changed on disk since `original` was read: then nothing is written. */
export function writeFix(path: string, original: string, fixed: string): void {
  const now = readFileSync(path, "utf8");
  if (now !== original) throw new UsageError(`${path} changed on disk since it was read; nothing was written: run autoreply check --fix again`);
  writeFileSync(path, fixed);
}
