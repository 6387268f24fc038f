// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal, formatDuration } from "../../core/index.js";
import { prove, wholeOption, type ProofStep } from "../scenario/prove.js";
import { abFindings, scheduleFindings, urgentWordFindings } from "./schedules.js";
import { complianceFindings } from "./compliance.js";
import { escalationFindings } from "./escalation.js";
import { localeFindings } from "./locales.js";
import { formatLint, LINT_EN, list, phrase, worded, type LintText } from "./words.js";
import type { Finding } from "./finding.js";
import type { CompiledConfig, CompiledReply, IndexedKeywordRule, KeywordCondition, KeywordOwner, ReplyKind, Template, TimerName } from "../../core/internal.js";

const { WordTable, buildMatcher, describe, engineOf, layerReplies, resolveReply } = __internal;


// Declared with its type, so that TypeScript narrows after a call (it returns never).
const fail: typeof __internal.fail = __internal.fail;

export type { Finding } from "./finding.js";

type Kind = Exclude<ReplyKind, "keyword" | "prompt">;

/** Every non-keyword reply of the config, prompts included. */
function allReplies(config: CompiledConfig): CompiledReply[] {
  return [...layerReplies(config), ...config.prompts.all];
}

/** How deep the quota-budget search goes by default, and how many situations it explores at most per channel. */
export const BUDGET_DEPTH = 4;
const BUDGET_LIMIT = 5_000;

/**
 * quota-budget (seed 003 line 92): per channel with a quota, the most automatic messages that can go
 * out between two visitor messages, and the fewest slots they leave the agent, as `autoreply prove`
 * finds them: the same search (src/tools/scenario/prove.ts), `depth` steps deep. Not a sum of fixed paths:
 * what the search does not reach (the calendar, a second agent; see prove) is not counted.
 */
function quotaBudget(config: CompiledConfig, depth: number): Finding[] {
  const engine = engineOf(config);
  const findings: Finding[] = [];
  for (const [channel, settings] of config.channels) {
    if (settings.quota === null) continue;
    const proof = prove(engine, { channel, depth, limit: BUDGET_LIMIT });
    const { sent, cut, parts, fewestLeft, growing } = proof.budget;
    const n = sent + cut;
    if (n === 0) continue;
    const left = fewestLeft ?? settings.quota;
    const situations = proof.situations.toLocaleString("en-US");
    const text = phrase(n === 1 ? "quota-budget.one" : "quota-budget.other", {
      channel,
      n,
      parts: list("join.plus", parts.map(([kind, count]) => phrase("quota-budget.part", { kind: kindName(kind), count }))),
      search: proof.exhausted ? phrase("quota-budget.all", { situations }) : phrase(proof.depth === 1 ? "quota-budget.searched.one" : "quota-budget.searched.other", { situations, depth: proof.depth }),
      stopped: proof.complete ? null : phrase("quota-budget.stopped", { limit: BUDGET_LIMIT.toLocaleString("en-US") }),
      growing: growing ? phrase("quota-budget.growing", { step: stepText(proof.properties[0]?.path?.at(-1)) }) : null,
      quota: settings.quota,
      reserve: settings.reserve,
      cut: cut > 0 ? phrase(cut === 1 ? "quota-budget.cut.one" : "quota-budget.cut.other", { cut }) : null,
      left: left === 0 ? phrase("quota-budget.nothing", {}) : phrase(left === 1 ? "quota-budget.left.one" : "quota-budget.left.other", { left }),
    });
    const hint = left === 0 ? phrase("quota-budget.hint.nothing", { channel }) : cut > 0 ? phrase("quota-budget.hint.cut", { channel }) : phrase("quota-budget.hint.fine", {});
    findings.push({ id: "quota-budget", severity: left === 0 || cut > 0 ? "warning" : "info", path: `channels.${channel}`, ...worded(text, hint) });
  }
  return findings;
}

/** A reply kind's name (the engine's identifier in English); an identifier the table does not know, as it is. */
function kindName(kind: string): LintText | string {
  return Object.prototype.hasOwnProperty.call(LINT_EN, `kind.${kind}`) ? phrase(`kind.${kind as ReplyKind}`, {}) : kind;
}

/**
 * The last step of the quota search's worst path, as words of the table: what the event is, or for
 * a step of time the timer or the wait. The English is prove's note, byte for byte; a step the table
 * does not word alike (an agent name JSON escapes, a new event of prove) is the note as it is.
 */
export function stepText(step: ProofStep | undefined): LintText {
  if (step === undefined) return phrase("step.none", {});
  const words = ((): LintText | undefined => {
    const e = step.event;
    const agent = typeof e?.["agent"] === "string" ? e["agent"] : undefined;
    if (e === null) {
      const timer = /^time passes to the (\w+) timer$/.exec(step.note)?.[1];
      if (timer !== undefined && Object.prototype.hasOwnProperty.call(LINT_EN, `timer.${timer}`)) return phrase("step.timer", { timer: phrase(`timer.${timer as TimerName}`, {}) });
      const wait = /^(.+) pass$/.exec(step.note)?.[1];
      return wait === undefined ? undefined : phrase("step.wait", { wait });
    }
    switch (e["type"]) {
      case "visitor.message": {
        const text = JSON.stringify(e["text"]);
        const route = e["route"] as Readonly<Record<string, unknown>> | undefined;
        if (route === undefined) return phrase("step.writes", { text });
        if (route["queue"] === 1) return phrase("step.writes.queue", { text });
        if (route["robot"] === true) return phrase("step.writes.robot", { text });
        return typeof route["agent"] === "string" ? phrase("step.writes.agent", { text, agent: route["agent"] }) : undefined;
      }
      case "visitor.opened":
        return phrase("step.opened", {});
      case "visitor.transfer": {
        const to = (e["route"] as Readonly<Record<string, unknown>> | undefined)?.["agent"];
        return typeof to === "string" ? phrase("step.transfer", { agent: to }) : undefined;
      }
      case "agent.accepted":
        return agent === undefined ? undefined : phrase("step.accepted", { agent });
      case "agent.message":
        return agent === undefined ? undefined : phrase("step.answers", { agent });
      case "agent.ended":
        return agent === undefined ? undefined : phrase(e["batch"] === true ? "step.batch" : "step.ended", { agent });
      case "presence": {
        const online = e["online"];
        if (Array.isArray(online) && online.length === 0) return phrase("step.offline", {});
        return Array.isArray(online) && online.length === 1 && typeof online[0] === "string" ? phrase("step.online", { agent: online[0] }) : undefined;
      }
      default:
        return undefined;
    }
  })();
  return words !== undefined && formatLint(LINT_EN, words) === step.note ? words : phrase("step.other", { note: step.note });
}

/** The word lists of a condition of which one holds for every message it matches (`all` gives one per group). */
function requiredLists(c: KeywordCondition): readonly (readonly string[])[] {
  return [c.exact, c.prefix, c.any, ...c.all].filter((list) => list.length > 0);
}

/**
 * Whether every message that satisfies `b` contains one of the words `contains` finds (so a rule
 * needing any of those words matches it too): some list of `b` that must hold has only words that
 * contain one of them.
 */
function guarantees(b: KeywordCondition, contains: (word: string) => boolean): boolean {
  return requiredLists(b).some((list) => list.every(contains));
}

function appliesWherever(a: KeywordOwner, b: KeywordOwner): boolean {
  return a.layer === "app" || (a.layer === b.layer && a.owner === b.owner);
}

function conditionKey(c: KeywordCondition): string {
  return JSON.stringify([c.exact, c.any, c.all, c.none, c.prefix]);
}

/**
 * keyword-shadowed: a rule that can never fire, because an earlier rule matches every message it
 * matches: one with the same condition, or one with only `any` words, one of which every message of
 * the later rule contains. Near-linear in the rules: conditions are compared by key, and the `any`
 * words of the earlier rules are found inside the later rule's words by one automaton.
 */
function shadowedKeywords(rules: readonly IndexedKeywordRule<KeywordOwner>[]): Finding[] {
  const findings: Finding[] = [];
  // The earliest rule with each condition, by owner: "app", or "layer owner".
  const firstByKey = new Map<string, IndexedKeywordRule<KeywordOwner>>();
  const scope = (o: KeywordOwner) => (o.layer === "app" ? "app" : `${o.layer} ${o.owner}`);
  // The rules with only `any` words, and the automaton over those words.
  const anyOnly = rules.filter((r) => r.condition.exact.length === 0 && r.condition.prefix.length === 0 && r.condition.all.length === 0 && r.condition.none.length === 0 && r.condition.any.length > 0);
  const table = new WordTable();
  anyOnly.forEach((rule, i) => {
    for (const word of rule.condition.any) table.add(word, i);
  });
  const { words, rules: rulesOfWord } = table;
  const matcher = buildMatcher(words);
  // For each word of a later rule: the `any`-only rules that have a word inside it (memoised).
  const coverCache = new Map<string, readonly number[]>();
  const coveredBy = (word: string): readonly number[] => {
    let list = coverCache.get(word);
    if (list === undefined) {
      const found = new Set<number>();
      for (const id of matcher.findAll(word)) for (const i of rulesOfWord[id] ?? []) found.add(i);
      list = [...found].sort((a, b) => a - b);
      coverCache.set(word, list);
    }
    return list;
  };
  let nextAnyOnly = 0; // anyOnly is in rank order: the ones before b are anyOnly[0 .. nextAnyOnly)
  for (const b of rules) {
    while (nextAnyOnly < anyOnly.length && (anyOnly[nextAnyOnly] as IndexedKeywordRule<KeywordOwner>).rank < b.rank) nextAnyOnly++;
    const key = conditionKey(b.condition);
    // The earliest earlier rule with the same condition and b's owner. (An app rule applies wherever b
    // does, but app rules rank after every other layer's: only an app rule has one before it.)
    const here = `${key}|${scope(b.payload)}`;
    let a = firstByKey.get(here);
    // The earliest any-only rule before b, applying wherever b does, that covers every word of one list of b.
    for (const list of requiredLists(b.condition)) {
      let common: readonly number[] = [];
      list.forEach((word, k) => {
        if (k > 0 && common.length === 0) return;
        const before = coveredBy(word).filter((i) => i < nextAnyOnly);
        if (k === 0) common = before;
        else {
          const keep = new Set(before);
          common = common.filter((i) => keep.has(i));
        }
      });
      const first = common.find((i) => appliesWherever((anyOnly[i] as IndexedKeywordRule<KeywordOwner>).payload, b.payload));
      const candidate = first === undefined ? undefined : anyOnly[first];
      if (candidate !== undefined && (a === undefined || candidate.rank < a.rank)) a = candidate;
    }
    if (!firstByKey.has(here)) firstByKey.set(here, b);
    if (a !== undefined) {
      findings.push({
        id: "keyword-shadowed",
        severity: "warning",
        path: b.payload.reply.path,
        ...worded(phrase("keyword-shadowed", { rule: b.payload.reply.id, first: a.payload.reply.id, firstPath: a.payload.reply.path }), phrase("keyword-shadowed.hint", {})),
      });
    }
  }
  return findings;
}

/** keyword-unreachable: a rule whose exclusions veto every message it could match. */
function unreachableKeywords(rules: readonly IndexedKeywordRule<KeywordOwner>[]): Finding[] {
  return rules
    .filter((rule) => {
      if (rule.condition.none.length === 0) return false;
      const vetoes = buildMatcher(rule.condition.none);
      return guarantees(rule.condition, (word) => vetoes.findAll(word).length > 0);
    })
    .map((rule) => ({
      id: "keyword-unreachable",
      severity: "warning" as const,
      path: rule.payload.reply.path,
      ...worded(phrase("keyword-unreachable", { rule: rule.payload.reply.id, words: list("join.comma", rule.condition.none) }), phrase("keyword-unreachable.hint", {})),
    }));
}

/** keyword-broad (seed 001): a lone short word fires on far more messages than meant. */
function broadKeywords(rules: readonly IndexedKeywordRule<KeywordOwner>[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const c = rule.condition;
    const alone = c.all.length === 0 && c.none.length === 0 && c.exact.length === 0;
    for (const word of [...c.any, ...c.prefix]) {
      const length = [...word].length;
      if (length === 1 || (length === 2 && alone)) {
        findings.push({
          id: "keyword-broad",
          severity: length === 1 ? "warning" : "info",
          path: rule.payload.reply.path,
          ...worded(phrase(length === 1 ? "keyword-broad.one" : "keyword-broad.two", { word, rule: rule.payload.reply.id }), phrase("keyword-broad.hint", {})),
        });
      }
    }
  }
  return findings;
}

function holes(templates: readonly Template[], name: string): boolean {
  return templates.some((t) => t.some((part) => typeof part !== "string" && part.name === name && part.fallback === ""));
}

/** placeholder-never: placeholders a reply kind can never (or rarely) fill. */
function unfilledPlaceholders(config: CompiledConfig): Finding[] {
  const findings: Finding[] = [];
  const servingOnly: Kind[] = ["accepted", "agentSilent", "visitorSilent", "autoEnd", "manualEnd", "batchEnd", "survey"];
  for (const reply of allReplies(config)) {
    const templates = reply.kind === "queued" ? reply.rules.flatMap((r) => r.messages) : reply.messages;
    if (servingOnly.includes(reply.kind as Kind) && holes(templates, "queue_num")) {
      findings.push({ id: "placeholder-never", severity: "warning", path: reply.path, ...worded(phrase("placeholder-never.serving", { kind: kindName(reply.kind) }), phrase("placeholder-never.serving.hint", {})) });
    }
    if (reply.kind === "prompt" && (holes(templates, "staff_name") || holes(templates, "queue_num"))) {
      findings.push({ id: "placeholder-never", severity: "warning", path: reply.path, ...worded(phrase("placeholder-never.prompt", {}), phrase("placeholder-never.prompt.hint", {})) });
    }
    if (reply.kind === "queued" && reply.layer !== "agent" && holes(templates, "staff_name")) {
      findings.push({ id: "placeholder-never", severity: "info", path: reply.path, ...worded(phrase("placeholder-never.queued", {}), phrase("placeholder-never.queued.hint", {})) });
    }
  }
  return findings;
}

/** offline-interval: an offline reply sent for every message on a channel with a small quota. */
function offlineInterval(config: CompiledConfig): Finding[] {
  const findings: Finding[] = [];
  for (const reply of allReplies(config).filter((r) => r.kind === "offline" && r.interval === 0)) {
    const small = [...config.channels].filter(([, p]) => p.quota !== null && p.quota <= 5).map(([name]) => name);
    if (small.length === 0) continue;
    findings.push({
      id: "offline-interval",
      severity: "info",
      path: `${reply.path}.interval`,
      ...worded(phrase(reply.messages.length === 1 ? "offline-interval.one" : "offline-interval.other", { n: reply.messages.length, channels: list("join.comma", small) }), phrase("offline-interval.hint", {})),
    });
  }
  return findings;
}

/** duplicate-id: two rules with the same id make replies, drops and expectations ambiguous. */
function duplicateIds(config: CompiledConfig): Finding[] {
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  const all = [
    ...config.keywords.rules.map((r) => ({ id: r.payload.reply.id, path: r.payload.reply.path })),
    ...allReplies(config).flatMap((r) => (r.kind === "queued" ? r.rules.map((q) => ({ id: q.id, path: q.path })) : [{ id: r.id, path: r.path }])),
  ];
  for (const { id, path } of all) {
    const first = seen.get(id);
    if (first !== undefined && first !== path) {
      findings.push({ id: "duplicate-id", severity: "error", path, ...worded(phrase("duplicate-id", { id, first }), phrase("duplicate-id.hint", {})) });
    } else seen.set(id, path);
  }
  return findings;
}

/** silence-order (seed 003 line 29): an autoEnd that comes before visitorSilent leaves visitorSilent no chance. */
function silenceOrder(config: CompiledConfig): Finding[] {
  const findings = new Map<string, Finding>();
  const agents: (string | null)[] = [null, ...config.agents.keys()];
  for (const agent of agents) {
    for (const channel of config.channels.keys()) {
      const context = { agent, group: agent === null ? null : (config.agents.get(agent)?.group ?? null), channel };
      const visitorSilent = resolveReply(config, "visitorSilent", context);
      const autoEnd = resolveReply(config, "autoEnd", context);
      if (visitorSilent?.after == null || autoEnd?.after == null || autoEnd.after > visitorSilent.after) continue;
      findings.set(`${autoEnd.path}|${visitorSilent.path}`, {
        id: "silence-order",
        severity: "warning",
        path: `${autoEnd.path}.after`,
        ...worded(phrase("silence-order", { autoEnd: formatDuration(autoEnd.after), visitorSilentPath: visitorSilent.path, visitorSilent: formatDuration(visitorSilent.after) }), phrase("silence-order.hint", {})),
      });
    }
  }
  return [...findings.values()];
}

/** idle-switch (seed 003 line 31): idleAfter without the switch, or the switch without idleAfter. */
function idleSwitch(config: CompiledConfig): Finding[] {
  const withIdle = allReplies(config).filter((r) => r.kind === "autoEnd" && r.idleAfter !== null);
  if (config.switches.idleEnd && withIdle.length === 0) {
    return [{ id: "idle-switch", severity: "warning", path: "switches.idleEnd", ...worded(phrase("idle-switch.on", {}), phrase("idle-switch.on.hint", {})) }];
  }
  if (!config.switches.idleEnd) {
    return withIdle.map((r) => ({ id: "idle-switch", severity: "info" as const, path: `${r.path}.idleAfter`, ...worded(phrase("idle-switch.off", {}), phrase("idle-switch.off.hint", {})) }));
  }
  return [];
}

/** Options of `lintConfig`. */
export interface LintOptions {
  /** The time the config is checked at (epoch ms), for the checks that depend on it (holidays-end); they are skipped without it. */
  readonly now?: number;
  /**
   * How many steps deep the quota-budget search goes (default 4, about 0.1-0.3 s per channel with a
   * quota for seed 003's config); 0 skips it, and the finding. Anything but a whole number of at
   * least 0 is `OPTION_INVALID`.
   */
  readonly depth?: number;
  /**
   * The channels the config serves: a link a channel drops or strips is an error on those, a warning
   * elsewhere (C-LINK-LINT). Default: the channels the config's `channels` section and `app.channels`
   * name. A name the config does not know is `UNKNOWN_CHANNEL`; anything but a list of names `OPTION_INVALID`.
   */
  readonly channels?: readonly string[];
}

/** The channels a config serves: `option`, checked, or those its `channels` section and `app.channels` name. */
function servedChannels(config: CompiledConfig, option: unknown): Set<string> {
  if (option === undefined) return new Set([...config.channelsNamed, ...config.channelReplies.keys()]);
  if (!Array.isArray(option) || option.some((c) => typeof c !== "string")) fail("OPTION_INVALID", `lintConfig: channels must be a list of channel names, received ${describe(option)}`);
  const unknown = (option as string[]).filter((c) => !config.channels.has(c));
  if (unknown.length > 0) fail("UNKNOWN_CHANNEL", `lintConfig: channels: ${unknown.map((c) => JSON.stringify(c)).join(", ")} ${unknown.length === 1 ? "is" : "are"} not a channel of the config; use ${[...config.channels.keys()].join(", ")}`);
  return new Set(option as string[]);
}

/**
 * Static checks of a compiled config: things that are valid but probably wrong. Errors first, then
 * warnings, then info; within a severity, in config order.
 */
export function lintConfig(config: CompiledConfig, options: LintOptions = {}): Finding[] {
  if (config === null || typeof config !== "object" || typeof (config as Partial<CompiledConfig>).fingerprint !== "string" || typeof (config as Partial<CompiledConfig>).keywords?.match !== "function") {
    fail("CONFIG_INVALID", `lintConfig takes a compiled config, received ${describe(config)}; pass compile(config).config`);
  }
  const depth = wholeOption("lintConfig", "depth", options.depth, BUDGET_DEPTH, 0);
  const served = servedChannels(config, options.channels);
  const findings = [
    ...duplicateIds(config),
    ...(depth === 0 ? [] : quotaBudget(config, depth)),
    ...shadowedKeywords(config.keywords.rules),
    ...unreachableKeywords(config.keywords.rules),
    ...broadKeywords(config.keywords.rules),
    ...unfilledPlaceholders(config),
    ...offlineInterval(config),
    ...silenceOrder(config),
    ...idleSwitch(config),
    ...scheduleFindings(config, options.now),
    ...urgentWordFindings(config),
    ...abFindings(config),
    ...complianceFindings(config, [...allReplies(config), ...config.keywords.rules.map((r) => r.payload.reply)], served),
    ...escalationFindings(config, allReplies(config)),
    // A survey's thanks is a reply of its layer too: a language the layer has and it lacks thanks in the default one (S-SURVEY-LOCALE).
    ...localeFindings([...allReplies(config), ...config.keywords.rules.map((r) => r.payload.reply), ...allReplies(config).flatMap((r) => (r.survey?.thanks == null ? [] : [r.survey.thanks]))]),
  ];
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map(({ f }) => Object.freeze(f));
}
