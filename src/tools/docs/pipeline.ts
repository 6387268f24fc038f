// The engine's tables come from the main entry (one copy when an app imports both entries).
import { __internal } from "../../core/index.js";
import { OTHER_SOURCES } from "../sources.js";
import { SUMMARIES } from "./summaries.js";
import { MEANINGS } from "./verdicts.js";

const { REPLY_ORDER, STAGES, RULES, rulesOf, VERDICTS, PERIODS, VARIANT_ORDER, CITATIONS } = __internal;

/**
 * The order in which a reply's messages are chosen (spec V-ORDER), first to last, as the engine's
 * `Step.offer` (src/core/pipeline/step.ts) runs it; src/core/variants/choose.test.ts checks the
 * engine against a model of this order over random replies with all three kinds of variants.
 */
export const MESSAGE_ORDER: readonly { readonly name: string; readonly spec: string; readonly says: string }[] = [
  { name: "language", spec: "V-LOCALE", says: "the visitor's language picks the reply itself or one of its locales: the most specific tag given, else the reply (its segments and periods belong to it)" },
  { name: "segment", spec: "V-SEGMENT", says: "within it, the first segment whose facts and tags hold" },
  { name: "period", spec: "H-VARIANT", says: "else the variant of the period of the event's time" },
  { name: "ab", spec: "AB-ASSIGN", says: "else, in the reply's own language, the A/B test's variant" },
  { name: "messages", spec: "V-ORDER", says: "else its messages" },
];

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** Where a spec rule comes from: the engine's citations, else the tools' own. */
const sourceOf = (id: string): string | undefined => CITATIONS[id]?.source ?? OTHER_SOURCES[id];
const rules = (ids: readonly string[]): string => ids.map((id) => `${id}${sourceOf(id) === undefined ? "" : ` (${sourceOf(id)})`}`).join(", ");

/**
 * The pipeline's order and precedence, as Markdown, from the tables the engine runs on: the stages
 * (STAGES), the rules of the one table by stage (RULES: the triggers, the policy chain, the content
 * rules, the limits of the quota cut) with the reply order, what the rules keep, the periods and the verdicts. `autoreply tables` prints
 * it, and docs/concepts.md holds a copy that a test compares with it.
 */
export function pipelineTables(): string {
  return [
    `Each event goes through one data path: ${STAGES.map((s) => s.says).join(" → ")}. Both \`dropped\` and the explain trace are made from the verdicts the rules return.`,
    "",
    "**Triggers**, in the order they run on the events each looks at: they offer the candidate replies, or say why a configured reply is not one.",
    "",
    table(
      ["#", "trigger", "events", "offers", "rules"],
      rulesOf("collect").map((r, i) => [String(i + 1), r.name, r.on.map((e) => `\`${e}\``).join(", "), SUMMARIES[r.name] ?? "", rules(r.specs)]),
    ),
    "",
    "**Reply order** (ORDER): " + REPLY_ORDER.map((k) => `\`${k}\``).join(" → ") + ".",
    "",
    "**Policy chain**, in precedence order: the first policy that holds a candidate back gives its verdict.",
    "",
    table(
      ["#", "policy", "verdict", "holds a reply back when", "rules"],
      rulesOf("judge").map((p, i) => [String(i + 1), p.name, `\`${p.verdict}\``, SUMMARIES[p.name] ?? "", rules(p.specs)]),
    ),
    "",
    "**Quota cut**, in precedence order: each reply sends as many messages as the smallest room allows; the first limit with that room is named. A reply the platform limits (window, quota) leave room for first loses, one by one, the messages a filter holds back (dedupe: the texts the visitor got within the channel's `dedupe` window).",
    "",
    table(
      ["#", "limit", "verdict", "cuts when", "rules"],
      rulesOf("limit").map((l, i) => [String(i + 1), l.name, `\`${l.reason}\``, SUMMARIES[l.name] ?? "", rules(l.specs)]),
    ),
    "",
    "**Content rules**, in the order they apply: personal data is masked before anything reads the text.",
    "",
    table(
      ["#", "rule", "when", "what it does", "rules"],
      rulesOf("content").map((c, i) => [String(i + 1), c.name, c.when, SUMMARIES[c.name] ?? "", rules(c.specs)]),
    ),
    "",
    "**What the rules keep**: besides its stage's work, a rule may take part in an event's move (its memory, the quota window), remember a reply that went out, act at commit, and forget at the end of a session.",
    "",
    table(
      ["rule", "moves with", "when a reply goes out", "at commit", "at the end of a session"],
      RULES.filter((r) => r.move !== undefined || r.sent !== undefined || r.commit !== undefined || r.ended !== undefined).map((r) => [
        r.name,
        (r.moves ?? []).map((e) => `\`${e}\``).join(", "),
        r.sent === undefined ? "" : "yes",
        r.commit === undefined ? "" : "yes",
        r.ended === undefined ? "" : "yes",
      ]),
    ),
    "",
    "**Periods** (H-PERIOD), in precedence order: with a schedule, the period of the event's time is the first row whose test holds; a reply with `periods` sends the first of the period's variants it sets, else its own messages (H-VARIANT).",
    "",
    table(
      ["#", "period", "when", "variants asked, in order", "rule"],
      PERIODS.map((p, i) => [String(i + 1), `\`${p.period}\``, p.when, VARIANT_ORDER[p.period].map((v) => `\`${v}\``).join(" → "), rules([p.rule])]),
    ),
    "",
    "**A reply's messages** are chosen in this order; the first that gives messages wins.",
    "",
    table(
      ["#", "choice", "how", "rule"],
      MESSAGE_ORDER.map((m, i) => [String(i + 1), `\`${m.name}\``, m.says, rules([m.spec])]),
    ),
    "",
    "**Verdicts**: those marked *dropped* also go to `dropped`.",
    "",
    table(
      ["verdict", "dropped", "meaning"],
      Object.entries(VERDICTS).map(([v, d]) => [`\`${v}\``, d.dropped ? "yes" : "", MEANINGS[v as keyof typeof MEANINGS] ?? ""]),
    ),
  ].join("\n");
}
