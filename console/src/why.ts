/// <reference lib="dom" />
/**
 * What the console says of a verdict (src/core/model/verdicts.ts): a sentence an operator reads, in the
 * page's language, from the trace entry's (or dropped entry's) verdict and rule. The engine's own
 * `detail` (English, with the numbers and the seed's line) stays available beside it; the rule id
 * (`by`) and the seed sentence (`quote`) are shown with it by the page.
 */
import type { TraceEntry } from "../../src/core/explain/trace.js";
import { SUPPRESSIONS } from "../../src/core/rules/suppression-table.js";
import type { Decision } from "../../src/core/index.js";
import { VERDICTS } from "../../src/core/model/verdicts.js";
import { isKey, type Param, type Text } from "./i18n/index.js";
import { kindLabel, named, show, words } from "./i18n/dom.js";

/** What a sentence reads of an entry: a trace entry, or a dropped one (its `reason` as the verdict). */
export type Judged = { readonly [K in "kind" | "verdict"]: TraceEntry[K] } & { readonly [K in "by" | "until" | "layer" | "sent" | "cut"]?: TraceEntry[K] | undefined };

/** The suppression rules of seed 003 by id: which reply beats which. */
const BEATS = new Map(SUPPRESSIONS.map((r) => [r.id, r]));

/** Words of the tables for `key`, or `fallback` (an identifier) where they have none. */
const wordsOr = (key: string, fallback: string): Param => (isKey(key) ? { t: key } : fallback);
const kindName = (kind: string): Param => wordsOr(`kind.${kind}`, kind);

/** Why a verdict was given, without the verdict's word: `关键词回复优先于收到消息回复`. `when` writes an instant (`until`) as the page shows times. */
export function reasonText(entry: Judged, when: (at: number) => string): Text {
  const { verdict, by } = entry;
  const params: Record<string, Param> = { kind: kindName(entry.kind) };
  if (entry.until !== undefined) params["until"] = when(entry.until);
  if (entry.layer !== undefined) params["layer"] = { t: `layer.${entry.layer}` };
  if (entry.sent !== undefined) params["sent"] = entry.sent;
  if (entry.cut !== undefined) params["cut"] = entry.cut;
  let why = `why.${verdict}`;
  const beaten = by === undefined ? undefined : BEATS.get(by);
  if (verdict === "suppressed" && beaten !== undefined) {
    why = "why.suppressed.winner";
    params["winner"] = kindName(beaten.winner);
    params["loser"] = kindName(beaten.loser);
  } else if (by !== undefined && isKey(`why.${verdict}.${by}`)) why = `why.${verdict}.${by}`;
  // A sent reply whose tail a limit cut; a limit that let only the head of a reply out.
  if (verdict === "sent" && (entry.cut ?? 0) > 0 && entry.sent !== undefined) why = "why.sent.cut";
  if (verdict === "quota" && (entry.cut ?? 0) > 0 && (entry.sent ?? 0) > 0) why = "why.quota.cut";
  return isKey(why) ? { t: why, params } : { t: "why.unknown", params: { verdict } };
}

/** The sentence of a verdict: `没有发送:关键词回复优先于收到消息回复`. */
export function verdictText(entry: Judged, when: (at: number) => string): Text {
  const reason = reasonText(entry, when);
  return { t: "why.sentence", params: { verdict: wordsOr(`verdict.${entry.verdict}`, entry.verdict), why: reason } };
}

/**
 * A step's explain trace, one row per candidate: the kind (its name, the identifier small), the
 * verdict's sentence, the rule id small, the seed sentence the rule comes from, and the engine's
 * own note (English, with its numbers) on demand.
 */
export function renderTrace(out: HTMLElement, decisions: readonly Decision[], when: (at: number) => string): void {
  out.replaceChildren();
  const entries = decisions.flatMap((d) => d.trace ?? []);
  if (entries.length === 0) {
    out.append(words("p", "timeline.noDecision"));
    return;
  }
  const list = document.createElement("ul");
  list.className = "why";
  for (const t of entries) {
    const row = document.createElement("li");
    row.className = VERDICTS[t.verdict].dropped ? "dropped" : t.verdict === "sent" ? "sent" : "other";
    row.dataset["verdict"] = t.verdict;
    const head = document.createElement("div");
    head.append(t.kind === "event" ? named("kind.event", "event", "kind") : kindLabel(t.kind), " ", show(document.createElement("span"), verdictText(t, when)));
    head.lastElementChild?.classList.add("sentence");
    if (t.by !== undefined) {
      const small = document.createElement("small");
      small.className = "by";
      small.textContent = t.by;
      head.append(" ", small);
    }
    row.append(head);
    if (t.quote !== undefined) {
      const quote = document.createElement("q");
      quote.className = "quote";
      quote.lang = "zh-CN";
      quote.textContent = t.quote;
      row.append(quote);
    }
    const detail = document.createElement("details");
    detail.className = "detail";
    const text = document.createElement("p");
    text.lang = "en";
    text.textContent = t.detail;
    detail.append(words("summary", "why.engine"), text);
    row.append(detail);
    list.append(row);
  }
  out.append(list);
}
