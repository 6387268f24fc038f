import type { Period, PersonalKind, ReplyKind, RiskCategory, TimerName } from "../../core/internal.js";

/**
 * The words of the lint's findings (issue 29 item 2): a finding's message and hint are each a key
 * of this table and the values that fill its `{name}`s (`LintText`), and its English `message` and
 * `hint` are those filled from this table, so that the English and the keys cannot drift. A reader
 * in another language fills the same key and values from a table of its own
 * (console/src/i18n/findings.zh.ts). A value is a name, a number, a list, or words of the table
 * themselves (a clause the sentence takes or leaves, a reply kind's name): never an English phrase.
 */

/** The reply kinds, periods, timers, kinds of personal data and risk categories, as the English message names them. */
const NAMES = {
  "kind.keyword": "keyword",
  "kind.received": "received",
  "kind.opened": "opened",
  "kind.accepted": "accepted",
  "kind.queued": "queued",
  "kind.agentSilent": "agentSilent",
  "kind.visitorSilent": "visitorSilent",
  "kind.autoEnd": "autoEnd",
  "kind.manualEnd": "manualEnd",
  "kind.batchEnd": "batchEnd",
  "kind.offline": "offline",
  "kind.dnd": "dnd",
  "kind.unanswered": "unanswered",
  "kind.repeated": "repeated",
  "kind.urgent": "urgent",
  "kind.upset": "upset",
  "kind.prompt": "prompt",
  "kind.survey": "survey",
  "kind.surveyThanks": "surveyThanks",
  "period.open": "open",
  "period.lunch": "lunch",
  "period.night": "night",
  "period.holiday": "holiday",
  "period.closed": "closed",
  "timer.agentSilent": "agentSilent",
  "timer.visitorSilent": "visitorSilent",
  "timer.autoEnd": "autoEnd",
  "timer.idleEnd": "idleEnd",
  "timer.backup": "backup",
  "personal.mobile": "mobile",
  "personal.landline": "landline",
  "personal.idCard": "idCard",
  "personal.bankCard": "bankCard",
  "personal.email": "email",
  "risk-word.category.absolute": "an absolute term (absolute)",
  "risk-word.category.medical": "a medical or efficacy claim (medical)",
  "risk-word.category.inducement": "an inducement (inducement)",
  "risk-word.category.guarantee": "a guaranteed outcome (guarantee)",
  "risk-word.category.custom": "a risk word of this config (custom)",
} as const satisfies Record<`kind.${ReplyKind}` | `period.${Period}` | `timer.${TimerName}` | `personal.${PersonalKind}` | `risk-word.category.${RiskCategory}`, string>;

/** Every sentence and clause of the findings, in English: `autoreply check` prints them, tests/ compare them. */
export const LINT_EN = {
  // How each language joins a list.
  "join.comma": ", ",
  "join.and": " and ",
  "join.or": " or ",
  "join.plus": " + ",
  "join.semicolon": "; ",
  /** More than three channels: the first three, and how many more. */
  "channels.more": "{channels} and {more} more",
  ...NAMES,

  // --- lint.ts ---
  "quota-budget.one": "on {channel}, up to {n} automatic message can be set off between two visitor messages ({parts}), found {search}{stopped}{growing}; the quota is {quota} with {reserve} kept for agents, so {cut}{left}",
  "quota-budget.other": "on {channel}, up to {n} automatic messages can be set off between two visitor messages ({parts}), found {search}{stopped}{growing}; the quota is {quota} with {reserve} kept for agents, so {cut}{left}",
  "quota-budget.part": "{kind} {count}",
  "quota-budget.all": "in all {situations} situations the search reaches",
  "quota-budget.searched.one": "searching {situations} situations {depth} step deep",
  "quota-budget.searched.other": "searching {situations} situations {depth} steps deep",
  "quota-budget.stopped": " (stopped at {limit})",
  "quota-budget.growing": "; the deepest step still found more ({step}), so a longer path may send more",
  "quota-budget.cut.one": "{cut} of them is cut and ",
  "quota-budget.cut.other": "{cut} of them are cut and ",
  "quota-budget.nothing": "the agent can be left nothing",
  "quota-budget.left.one": "at least {left} slot remains for the agent",
  "quota-budget.left.other": "at least {left} slots remain for the agent",
  "quota-budget.hint.nothing": "keep slots for agents (channels.{channel}.reserve or reserveForAgents), or send fewer messages per reply; autoreply prove --channel {channel} writes the path as a scenario",
  "quota-budget.hint.cut": "the quota cuts automatic messages; autoreply prove --channel {channel} writes the path as a scenario",
  "quota-budget.hint.fine": "fine as it is; the numbers are here to check against your intent",
  // The last step of the search's worst path (src/tools/scenario/prove.ts writes these notes).
  "step.none": "its last step",
  "step.writes": "the visitor writes {text}",
  "step.writes.queue": 'the visitor writes {text} (route {"queue":1})',
  "step.writes.robot": 'the visitor writes {text} (route {"robot":true})',
  "step.writes.agent": 'the visitor writes {text} (route {"agent":"{agent}"})',
  "step.opened": "the visitor opens the chat",
  "step.transfer": "the visitor asks for a human and gets {agent}",
  "step.accepted": "{agent} takes the visitor from the queue",
  "step.answers": "{agent} answers",
  "step.ended": "{agent} ends the session",
  "step.batch": "{agent} ends sessions in a batch",
  "step.offline": "every agent goes offline",
  "step.online": "{agent} is online again",
  "step.timer": "time passes to the {timer} timer",
  "step.wait": "{wait} pass",
  /** A step this table has no words for: prove's note as it is. */
  "step.other": "{note}",
  "keyword-shadowed": "keyword rule {rule} never fires: every message it matches is matched first by {first} ({firstPath})",
  "keyword-shadowed.hint": "give it a higher priority, narrow the earlier rule (all, none), or remove one of them",
  "keyword-unreachable": "keyword rule {rule} never fires: every message it matches contains one of its own exclusions ({words})",
  "keyword-unreachable.hint": "remove the exclusion that the rule's own words contain",
  "keyword-broad.one": 'keyword "{word}" of rule {rule} is a single character: it fires on many messages that are not about it',
  "keyword-broad.two": 'keyword "{word}" of rule {rule} is two characters with nothing to narrow it: it fires on many messages that are not about it',
  "keyword-broad.hint": "use a longer phrase, combine it with all: [...], or exclude with none: [...] (a lone 价格 fires on every price question)",
  "placeholder-never.serving": "<<queue_num>> is always empty in {kind}: the visitor is not in the queue then",
  "placeholder-never.serving.hint": "remove it, or move the text to the queued reply",
  "placeholder-never.prompt": "<<staff_name>> and <<queue_num>> are always empty in a prompt: it shows before a conversation has an agent or a queue (P-PHASE)",
  "placeholder-never.prompt.hint": "remove them; <<nick_name>> is what the host knows of the visitor",
  "placeholder-never.queued": "<<staff_name>> in the queued reply is empty unless the visitor is designated to an agent (seed 003 line 39)",
  "placeholder-never.queued.hint": "give a fallback, e.g. <<staff_name|客服>>, or leave it out",
  "offline-interval.one": "the offline reply ({n} message) goes out after every visitor message while offline; on {channels} each counts against a quota of 5",
  "offline-interval.other": "the offline reply ({n} messages) goes out after every visitor message while offline; on {channels} each counts against a quota of 5",
  "offline-interval.hint": "set an interval (e.g. 10m) so a visitor who writes several times gets it once (seed 003 line 34)",
  "duplicate-id": 'the rule id "{id}" is also used at {first}',
  "duplicate-id.hint": "give each rule its own id",
  "silence-order": "autoEnd after {autoEnd} ends the session before visitorSilent ({visitorSilentPath}) can fire after {visitorSilent}",
  "silence-order.hint": "make autoEnd.after longer than visitorSilent.after",
  "idle-switch.on": "switches.idleEnd is on but no autoEnd reply sets idleAfter, so no session ends for being idle",
  "idle-switch.on.hint": "add idleAfter to an autoEnd reply, e.g. idleAfter: 30m",
  "idle-switch.off": "idleAfter has no effect while switches.idleEnd is off",
  "idle-switch.off.hint": "turn on switches.idleEnd, or remove idleAfter",

  // --- schedules.ts ---
  "schedule-closed": "the schedule {schedule} has no open hours on any weekday: every time is outside the hours",
  "schedule-closed.hint": "give the weekdays their hours, e.g. hours: { mon: 09:00-18:00 }",
  "schedule-overlap": "intervals of this day overlap; they count as one",
  "schedule-overlap.hint": "write each stretch of open time once",
  "holidays-end": "the last holiday of {schedule} is before {year}: next year's holidays are not listed",
  "holidays-end.hint": "add next year's public holidays and make-up working days (China's change every year: National Day, Spring Festival)",
  "variant-unreachable.none": "no layer at or above this reply names a schedule: its periods are never used",
  "variant-unreachable.hint.app": "give the app a schedule: schedule: <name>",
  "variant-unreachable.hint.channel": "give the channel or a layer above it a schedule: schedule: <name>",
  "variant-unreachable.hint.group": "give the group or a layer above it a schedule: schedule: <name>",
  "variant-unreachable.hint.agent": "give the agent or a layer above it a schedule: schedule: <name>",
  "variant-unreachable.period": "no schedule this reply can use has a {period} period ({schedules})",
  "variant-unreachable.hint.open": "give the schedule open hours",
  "variant-unreachable.hint.add": "add {field} to the schedule, or remove this variant",
  "urgent-words": "the two lists of urgent words differ: {parts}",
  "urgent-words.reply-only.one": "a message with {words} gets {template} but is not transferred to the duty {duty} (in do-not-disturb or outside the hours): it is in {replyList}, not in {scheduleList}",
  "urgent-words.reply-only.other": "a message with {words} gets {template} but is not transferred to the duty {duty} (in do-not-disturb or outside the hours): they are in {replyList}, not in {scheduleList}",
  "urgent-words.schedule-only.one": "a message with {words} is transferred to the duty {duty} without {template}: it is in {scheduleList}, not in {replyList}",
  "urgent-words.schedule-only.other": "a message with {words} is transferred to the duty {duty} without {template}: they are in {scheduleList}, not in {replyList}",
  "urgent-words.template": "the urgent reply",
  "urgent-words.template.alert": "the urgent reply and its alert",
  "urgent-words.duty.agent": "agent {agent}",
  "urgent-words.duty.group": "group {group}",
  "urgent-words.hint": "add {additions}, so that both lists hold the same words (or remove a word from the list it is not meant for)",
  "urgent-words.add": "{words} to {list}",
  "ab-weight.zero": "variant {variant} of experiment {experiment} weighs 0: no conversation gets it",
  "ab-weight.zero.hint": "give it a weight, or remove it once the test is over",
  "ab-weight.shares": "the weights of experiment {experiment} add up to {total}, not 100: they are shares, so the split is {split}",
  "ab-weight.share": "{variant} {percent}%",
  "ab-weight.shares.hint": "make them add up to 100 if they are percentages",

  // --- compliance.ts ---
  "risk-word": '"{word}" is {category}; platforms warn, limit or block accounts for it on {channels} (seed 001 line 28, seed 004 line 14)',
  "risk-word.hint.rewrite": "rewrite the sentence without it, or list it in compliance.ignore if it is safe here",
  "risk-word.hint.fix": 'write "{suggest}" instead (autoreply check --fix does it)',
  "risk-word.hint.by-hand": 'write "{suggest}" instead (the word is written with full-width or invisible characters: fix it by hand)',
  "link.own": "links to {hosts}, which {refuses} will not deliver: the platform intercepts external links (seed 004 line 8)",
  "link.other": "links to {hosts}, which {refuses} would not deliver (the platform intercepts external links, seed 004 line 8); {served}, so it is an error only there",
  "link.drop": "{channel} (not sent)",
  "link.strip": "{channel} (link removed)",
  "link.serves": "the config serves {channels}",
  "link.serves.none": "the config names no channel it serves",
  "link.hint": "add the domain to compliance.allow if it is your own, move the reply under app.channels of the channels that allow links, or point to a menu item or mini program instead",
  "link.other.hint.one": "if the config serves {channels}, name it in its channels section (or check --channels) and {hint}",
  "link.other.hint.other": "if the config serves {channels}, name them in its channels section (or check --channels) and {hint}",
  "personal-data": "holds {kinds} data, sent as written to every visitor (seed 001 line 29)",
  "personal-data.hint": "if it is your own hotline or mailbox, leave it; if it is a person's, remove it or set compliance.mask.text: true",
  "promo-frequency": 'a promotional reply ("{word}") with no once or cooldown: on {channels} nothing stops it from reaching the same visitor again and again (seed 004 line 4: 过度营销, replies suspended for 3 days)',
  "promo-frequency.hint": "add once: visitor, or a cooldown such as cooldown: 24h; or set the channel's dedupe",

  // --- escalation.ts ---
  "condition-never.facts": "needs the fact {facts} and its absence at once: it never holds",
  "condition-never.facts.hint": "remove the fact from when or from unless",
  "condition-never.group": "the same condition is in all and in not: the group never holds",
  "condition-never.group.hint": "remove it from one of the two lists",
  "mute-long": "mutes every automatic reply for {hours} h: longer than most conversations, so the visitor gets no opening, queue or offline reply in the next ones either",
  "mute-long.hint": "a mute of minutes (10m, 30m) stops the prompts without leaving the next conversation silent",
  "prompt-way-out": "the prompt offers no way out: none of its buttons dismisses it (seed 000 line 14: 给用户一个退路)",
  "prompt-way-out.capture": "the prompt's capture form offers no way out: none of its buttons dismisses it",
  // --- locales.ts ---
  "locale-missing": "no {locales} variant, which {rule} of the same layer has: a visitor of that language gets this reply in the default one",
  "locale-missing.hint": "add the variant under locales, or [] to send nothing in that language",
  "locale-placeholders": "the {locale} variant's placeholders ({theirs}) differ from the reply's own ({own})",
  "locale-placeholders.hint": "give each language the same placeholders, so every visitor is told the same",
  "prompt-way-out.hint": "add a button { text: 暂时不需要, dismiss: true }: its click dismisses the prompt (visitor.dismissed) and starts the cooldown",
} as const;

/** A key of the findings' words. */
export type LintKey = keyof typeof LINT_EN;
/** Every key, in the table's order. */
export const LINT_KEYS = Object.keys(LINT_EN) as readonly LintKey[];
/** The keys that join the items of a list. */
export type JoinKey = Extract<LintKey, `join.${string}`>;

/** A `{name}` of a template: letters, digits and `_` only (so `{ mon: 09:00-18:00 }` and `{"queue":1}` are words, not names). */
export const PLACEHOLDER = /\{(\w+)\}/g;

/** Characters a name never has: where one is between braces, the braces are the template's own words. */
type NotInName = " " | '"' | ":" | "," | "." | "-" | "(" | ")" | "[" | "]" | "<" | ">" | "|" | "'" | "/" | "%" | "+" | ";" | "=";
/** The `{name}`s of a template, at the type level (as PLACEHOLDER finds them): `{"agent":"{agent}"}` holds `agent`. */
type Names<S extends string> = S extends `${string}{${infer N}}${infer R}`
  ? N extends `${string}{${infer Inner}`
    ? Names<`{${Inner}}${R}`>
    : (N extends "" | `${string}${NotInName}${string}` ? never : N) | Names<R>
  : never;

/**
 * What fills a `{name}`: a name, id, path or word of the config, a number, nothing (`null`: a clause
 * the sentence leaves out), words of the table (filled in turn), or a list (joined as the language joins).
 */
export type LintValue = string | number | null | LintText | LintList;
/** Items joined by the words of `join` (`join.comma`: `, ` in English, `、` in Chinese). */
export interface LintList {
  readonly join: JoinKey;
  readonly items: readonly LintValue[];
}
/** The values a key takes: exactly its template's `{name}`s (none: `{}`). */
export type LintValues<K extends LintKey> = [Names<(typeof LINT_EN)[K]>] extends [never] ? { readonly [name: string]: never } : { readonly [N in Names<(typeof LINT_EN)[K]>]: LintValue };
/** Words of a finding: a key of the table and what fills it. */
export type LintText = { readonly [K in LintKey]: { readonly key: K; readonly values: LintValues<K> } }[LintKey];

/** Words of the table, filled with `values`. */
export const phrase = <K extends LintKey>(key: K, values: LintValues<K>): LintText => ({ key, values }) as unknown as LintText;
/** A list of values, joined as the language joins `join`. */
export const list = (join: JoinKey, items: readonly LintValue[]): LintList => ({ join, items });

/** A table of the findings' words in one language: every key. */
export type LintTable = Readonly<Record<LintKey, string>>;

/**
 * A finding's words as the tools entry gives them (`Finding.text`, `Finding.hintText`): a key of
 * `FINDING_WORDS` and what fills its `{name}`s. The keys and their values are checked where the
 * findings are made (`LintText`); the public type stays loose so that the package's declarations do
 * not carry the table twice.
 */
export interface FindingText {
  readonly key: string;
  readonly values: Readonly<Record<string, FindingValue>>;
}
/** What fills a `{name}`: a name, id, path or word of the config, a number, nothing (`null`), words of the table, or a list. */
export type FindingValue = string | number | null | FindingText | FindingList;
/** Items joined by the words of `join`, a key of the table (`join.comma`). */
export interface FindingList {
  readonly join: string;
  readonly items: readonly FindingValue[];
}

/** The findings' words in English, by key: the templates of every `message` and `hint` (exported by the tools entry). */
export const FINDING_WORDS: Readonly<Record<string, string>> = LINT_EN;

/** `text` in the language of `table`: its template with each `{name}` filled (a name with no value stays as written; an unknown key, as the key). */
export function formatLint(table: Readonly<Record<string, string>>, text: FindingText): string {
  const values = text.values;
  return (table[text.key] ?? text.key).replace(PLACEHOLDER, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? fill(table, values[name] as FindingValue) : whole));
}

function fill(table: Readonly<Record<string, string>>, value: FindingValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if ("items" in value) return value.items.map((v) => fill(table, v)).join(table[value.join] ?? ", ");
  return formatLint(table, value);
}

/** A finding's words: its English message and hint, and the keys and values they are filled from. */
export function worded(text: LintText, hintText: LintText): { readonly message: string; readonly hint: string; readonly text: FindingText; readonly hintText: FindingText } {
  return { message: formatLint(LINT_EN, text), hint: formatLint(LINT_EN, hintText), text, hintText };
}
