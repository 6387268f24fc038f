/** The placeholders seed 003 defines (line 9, 19), and the next opening time of a schedule (spec H-NEXT-OPEN). */
export type PlaceholderName = "staff_name" | "nick_name" | "queue_num" | "next_open";
export const PLACEHOLDERS: readonly PlaceholderName[] = ["staff_name", "nick_name", "queue_num", "next_open"];

/** A template cut once, at compile time, into literal text and holes. */
export type TemplatePart = string | { readonly name: PlaceholderName; readonly fallback: string };
export type Template = readonly TemplatePart[];

/** The values a template is filled with; `""` means unknown. */
export interface TemplateValues {
  readonly staff_name: string;
  readonly nick_name: string;
  readonly queue_num: string;
  /** The next opening time of the reply's schedule, `YYYY-MM-DD HH:MM` in its zone. */
  readonly next_open: string;
}

/** Whether any of the templates has a `<<next_open>>` hole (it costs `Intl` readings to fill). */
export function usesNextOpen(templates: readonly Template[]): boolean {
  for (let i = 0; i < templates.length; i++) {
    const t = templates[i] as Template;
    for (let j = 0; j < t.length; j++) if (typeof t[j] !== "string" && (t[j] as { name: string }).name === "next_open") return true;
  }
  return false;
}

/** The result of reading a template: its parts, and every unknown placeholder name in it. */
export interface ParsedTemplate {
  readonly parts: Template;
  readonly unknown: readonly string[];
}

/**
 * The placeholder that starts at `at` (`<<` or `{{`), if one does: `<<name>>` or `{{name}}` (seed 003
 * spells it that way) with an optional `|fallback`; the name is trimmed, and the text between the
 * brackets holds no bracket of its kind. A scan by hand, not a regular expression: templates are read
 * on the compile step's cold start. tests/template.test.ts checks it against the expression
 * `<<\s*([^<>|]*?)\s*(?:\|([^<>]*))?>>` (and its `{{ }}` twin) that it replaced.
 */
function holeAt(source: string, at: number): { readonly end: number; readonly name: string; readonly fallback: string } | undefined {
  const [open, close] = source.startsWith("<<", at) ? ["<", ">"] : ["{", "}"];
  // Up to the first bracket of either way: a failed attempt reads only as far as the next one, so a
  // template full of unclosed brackets is still read in linear time.
  let end = at + 2;
  while (end < source.length && source[end] !== open && source[end] !== close) end++;
  if (source[end] !== close || source[end + 1] !== close) return undefined;
  const inner = source.slice(at + 2, end);
  const bar = inner.indexOf("|");
  return { end: end + 2, name: (bar < 0 ? inner : inner.slice(0, bar)).trim(), fallback: bar < 0 ? "" : inner.slice(bar + 1) };
}

/**
 * Cuts a template into parts. Unknown names are reported, not dropped: they are config errors. A
 * backslash makes the brackets after it literal: `\\<<b>>` is the text `<<b>>` (spec P-ESCAPE).
 */
export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const unknown: string[] = [];
  let last = 0;
  // The next `<<` and the next `{{`, each searched again only once the scan has passed it: a search
  // per attempt would read to the end of a long template each time.
  let angle = source.indexOf("<<");
  let brace = source.indexOf("{{");
  const next = (from: number): number => {
    if (angle >= 0 && angle < from) angle = source.indexOf("<<", from);
    if (brace >= 0 && brace < from) brace = source.indexOf("{{", from);
    return angle < 0 ? brace : brace < 0 ? angle : Math.min(angle, brace);
  };
  for (let at = next(0); at >= 0; ) {
    // Escapes (spec P-ESCAPE): `\<<` and `\{{` are the brackets themselves; `\\` before them is one backslash.
    let slashes = 0;
    while (at - slashes > last && source.charCodeAt(at - slashes - 1) === 0x5c) slashes++;
    if (slashes > 0) {
      const before = source.slice(last, at - slashes) + "\\".repeat(slashes >> 1);
      if (before !== "") parts.push(before);
      last = at;
      if (slashes % 2 === 1) {
        parts.push(source.slice(at, at + 2));
        last = at + 2;
        at = next(last);
        continue;
      }
    }
    const hole = holeAt(source, at);
    if (hole === undefined) {
      at = next(at + 1);
      continue;
    }
    if (at > last) parts.push(source.slice(last, at));
    if ((PLACEHOLDERS as readonly string[]).includes(hole.name)) {
      parts.push({ name: hole.name as PlaceholderName, fallback: hole.fallback });
    } else {
      unknown.push(hole.name);
      parts.push(source.slice(at, hole.end));
    }
    last = hole.end;
    at = next(last);
  }
  if (last < source.length) parts.push(source.slice(last));
  return { parts, unknown };
}

/**
 * Fills a template in one pass. A value is inserted as it is and never read again, so a nickname that
 * contains `<<staff_name>>` stays literal. An empty value uses the template's fallback, if any.
 */
export function renderTemplate(parts: Template, values: TemplateValues): string {
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Template[number];
    if (typeof part === "string") out += part;
    else out += values[part.name] || part.fallback;
  }
  return out;
}

/** The largest queue position shown as a number; above it `<<queue_num>>` reads `5000+` (seed 003 line 18). */
export const QUEUE_NUM_CAP = 5000;

/** Formats a queue position for `<<queue_num>>`. */
export function formatQueueNum(position: number | null): string {
  if (position === null) return "";
  return position > QUEUE_NUM_CAP ? `${QUEUE_NUM_CAP}+` : String(position);
}
