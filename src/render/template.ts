/** The placeholders seed 003 defines (line 9, 19). */
export type PlaceholderName = "staff_name" | "nick_name" | "queue_num";
export const PLACEHOLDERS: readonly PlaceholderName[] = ["staff_name", "nick_name", "queue_num"];

/** A template cut once, at compile time, into literal text and holes. */
export type TemplatePart = string | { readonly name: PlaceholderName; readonly fallback: string };
export type Template = readonly TemplatePart[];

/** The values a template is filled with; `""` means unknown. */
export interface TemplateValues {
  readonly staff_name: string;
  readonly nick_name: string;
  readonly queue_num: string;
}

/** `<<name>>` or `{{name}}` (seed 003 spells it that way), with an optional `|fallback`. */
const HOLE = /<<\s*([^<>|]*?)\s*(?:\|([^<>]*))?>>|\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;

/** The result of reading a template: its parts, and every unknown placeholder name in it. */
export interface ParsedTemplate {
  readonly parts: Template;
  readonly unknown: readonly string[];
}

/** Cuts a template into parts. Unknown names are reported, not dropped: they are config errors. */
export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const unknown: string[] = [];
  let last = 0;
  for (const match of source.matchAll(HOLE)) {
    const name = match[1] ?? match[3] ?? "";
    const fallback = match[2] ?? match[4] ?? "";
    if (match.index > last) parts.push(source.slice(last, match.index));
    if ((PLACEHOLDERS as readonly string[]).includes(name)) {
      parts.push({ name: name as PlaceholderName, fallback });
    } else {
      unknown.push(name);
      parts.push(match[0]);
    }
    last = match.index + match[0].length;
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
  for (const part of parts) {
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
