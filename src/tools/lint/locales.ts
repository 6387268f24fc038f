import type { Finding } from "./finding.js";
import { list, phrase, worded } from "./words.js";
import type { CompiledMessages, CompiledReply, Template } from "../../core/internal.js";

/** The placeholders of some messages, sorted: `<<nick_name>>` as `nick_name`. */
const holes = (templates: readonly Template[]): string[] => [...new Set(templates.flatMap((t) => t.flatMap((part) => (typeof part === "string" ? [] : [part.name]))))].sort();

/**
 * Spec V-LOCALE, issue 32: a language one reply of a layer has and another lacks (`locale-missing`:
 * a visitor of that language gets the second in the default language), and a language's variant
 * whose placeholders differ from the reply's own (`locale-placeholders`: a name or a queue number
 * missing, or added, in one language).
 */
export function localeFindings(replies: readonly CompiledReply[]): Finding[] {
  const out: Finding[] = [];
  const byLayer = new Map<string, CompiledReply[]>();
  for (const reply of replies) {
    const layer = reply.path.slice(0, reply.path.indexOf(".replies"));
    const list = byLayer.get(layer);
    if (list === undefined) byLayer.set(layer, [reply]);
    else list.push(reply);
  }
  for (const layer of byLayer.values()) {
    const tags = new Map<string, { tag: string; rule: string }>();
    for (const r of layer) for (const [key, l] of r.locales ?? []) if (!tags.has(key)) tags.set(key, { tag: l.tag, rule: r.id });
    for (const r of layer) {
      const lacking = [...tags].filter(([key]) => r.locales?.has(key) !== true).map(([, t]) => t);
      if (lacking.length > 0) out.push({ id: "locale-missing", severity: "warning", path: r.path, ...worded(phrase("locale-missing", { locales: list("join.comma", lacking.map((t) => t.tag)), rule: lacking[0]?.rule ?? "" }), phrase("locale-missing.hint", {})) });
    }
  }
  for (const r of replies) {
    if (r.locales === null) continue;
    const own = holes(r.messages).join(", ");
    const variants = [...r.locales.values()].flatMap((l): [string, string, CompiledMessages][] => {
      const at = `${r.path}.locales${/^[A-Za-z_$][\w$]*$/.test(l.tag) ? `.${l.tag}` : `[${JSON.stringify(l.tag)}]`}`;
      return [[l.tag, at, l.source], ...(l.segments ?? []).map((s, i): [string, string, CompiledMessages] => [`${l.tag} ${s.id}`, `${at}.segments[${i}]`, s.source])];
    });
    for (const [name, path, source] of variants) {
      const theirs = holes(source.messages).join(", ");
      if (source.messages.length > 0 && theirs !== own) out.push({ id: "locale-placeholders", severity: "warning", path, ...worded(phrase("locale-placeholders", { locale: name, theirs: theirs || "-", own: own || "-" }), phrase("locale-placeholders.hint", {})) });
    }
  }
  return out;
}
