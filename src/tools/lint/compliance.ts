// The engine comes from the main entry (one copy when an app imports both entries).
import { __internal } from "../../core/index.js";
import type { Finding } from "./finding.js";
import { PROMO_WORDS, RISK_WORDS } from "./risk-words.js";
import { list, phrase, worded, type LintValue } from "./words.js";
import type { CompiledConfig, CompiledReply, RiskWord, Severity } from "../../core/internal.js";

const { buildMatcher, findLinks, findPersonal, normalizeText } = __internal;

/** The channels a message written at `path` can go out on: its own under app.channels, else every channel. */
function reach(config: CompiledConfig, path: string): string[] {
  const m = /^app\.channels(?:\.([A-Za-z_$][\w$]*)|\["((?:[^"\\]|\\.)*)"\])\./.exec(path);
  if (m === null) return [...config.channels.keys()];
  return [m[1] ?? (JSON.parse(`"${m[2]}"`) as string)];
}

/** The risk-word severity on a channel: the config's, else error on official accounts and warning elsewhere. */
function severityOn(config: CompiledConfig, channel: string): Severity {
  return config.compliance.severity.get(channel) ?? (channel === "official_account" ? "error" : "warning");
}

/** The words to look for: the built-in list less `ignore`, with the config's own (the same word replaces the built-in entry). */
export function riskWords(config: CompiledConfig): RiskWord[] {
  const own = new Map(config.compliance.words.map((w) => [normalizeText(w.word), w]));
  const ignored = new Set(config.compliance.ignore);
  return [...RISK_WORDS.filter((w) => !ignored.has(normalizeText(w.word)) && !own.has(normalizeText(w.word))), ...own.values()];
}

/** A risk word found in a message: where, and what to write instead. */
export interface RiskHit {
  readonly path: string;
  readonly word: RiskWord;
  /** The channels it reaches, and the strictest severity among them. */
  readonly channels: readonly string[];
  readonly severity: Severity;
  /** Whether the word is written as the list writes it (else only its folded form matched, and --fix leaves it). */
  readonly literal: boolean;
}

/** Every risk word in every message (spec C-RISK), in config order. */
export function riskHits(config: CompiledConfig): RiskHit[] {
  const words = riskWords(config);
  const folded = words.map((w) => normalizeText(w.word));
  const matcher = buildMatcher(folded);
  const out: RiskHit[] = [];
  for (const { path, text } of config.texts) {
    const plain = normalizeText(text);
    const found = matcher.findAll(plain);
    if (found.length === 0) continue;
    const channels = reach(config, path);
    const levels = channels.map((c) => severityOn(config, c));
    const severity: Severity = levels.includes("error") ? "error" : levels.includes("warning") ? "warning" : "off";
    if (severity === "off") continue;
    // The patterns are deduplicated by the matcher; each may stand for several entries of the same folded word.
    // A word found only inside a longer one found too (最低价 in 全网最低价) is that one's hit, not its own.
    const spans = (w: string) => {
      const out: number[] = [];
      for (let k = plain.indexOf(w); k >= 0; k = plain.indexOf(w, k + 1)) out.push(k);
      return out;
    };
    const inside = (id: number) => {
      const w = folded[id] as string;
      return spans(w).every((k) => found.some((o) => (folded[o] as string).length > w.length && spans(folded[o] as string).some((j) => j <= k && k + w.length <= j + (folded[o] as string).length)));
    };
    // In the order the words stand in the text.
    for (const id of [...found].filter((id) => !inside(id)).sort((a, b) => plain.indexOf(folded[a] as string) - plain.indexOf(folded[b] as string) || a - b)) {
      for (let i = 0; i < words.length; i++) {
        if (folded[i] !== folded[id]) continue;
        const word = words[i] as RiskWord;
        out.push({ path, word, channels: channels.filter((_, k) => levels[k] === severity), severity, literal: text.includes(word.word) });
      }
    }
  }
  return dedupe(out);
}

function dedupe(hits: RiskHit[]): RiskHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const key = `${h.path}\u0000${h.word.word}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Channels by name: all of them, or the first three and how many more. */
const names = (channels: readonly string[]): LintValue =>
  channels.length > 3 ? phrase("channels.more", { channels: list("join.comma", channels.slice(0, 3)), more: channels.length - 3 }) : list("join.comma", channels);

/** risk-word (C-RISK): each hit, with its category and suggestion. */
function riskFindings(config: CompiledConfig): Finding[] {
  return riskHits(config).map((h) => ({
    id: "risk-word",
    severity: h.severity === "error" ? "error" : "warning",
    path: h.path,
    ...worded(
      phrase("risk-word", { word: h.word.word, category: phrase(`risk-word.category.${h.word.category}`, {}), channels: names(h.channels) }),
      h.word.suggest === null ? phrase("risk-word.hint.rewrite", {}) : phrase(h.literal ? "risk-word.hint.fix" : "risk-word.hint.by-hand", { suggest: h.word.suggest }),
    ),
    ...(h.word.suggest === null || !h.literal ? {} : { fix: { word: h.word.word, suggest: h.word.suggest } }),
  }));
}

/**
 * link (C-LINK-LINT): a link in a message that reaches a channel that holds back or strips links. An
 * error where that channel is one the config serves (`served`); else a warning that names the channel
 * that would refuse it: an app-level reply reaches every channel, official accounts too, even in a
 * config that only serves a mini program.
 */
function linkFindings(config: CompiledConfig, served: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const { path, text } of config.texts) {
    const links = findLinks(text, config.compliance.allow);
    if (links.length === 0) continue;
    const strict = reach(config, path).filter((c) => config.channels.get(c)?.links !== "allow");
    if (strict.length === 0) continue;
    const hosts = list("join.comma", [...new Set(links.map((l) => l.host))]);
    const refuses = (channels: readonly string[]) => list("join.comma", channels.map((channel) => phrase(config.channels.get(channel)?.links === "drop" ? "link.drop" : "link.strip", { channel })));
    const own = strict.filter((c) => served.has(c));
    const hint = phrase("link.hint", {});
    if (own.length > 0) {
      out.push({ id: "link", severity: "error", path, ...worded(phrase("link.own", { hosts, refuses: refuses(own) }), hint) });
    } else {
      const known = served.size === 0 ? phrase("link.serves.none", {}) : phrase("link.serves", { channels: names([...served]) });
      out.push({
        id: "link",
        severity: "warning",
        path,
        ...worded(phrase("link.other", { hosts, refuses: refuses(strict), served: known }), phrase(strict.length === 1 ? "link.other.hint.one" : "link.other.hint.other", { channels: list("join.or", strict), hint })),
      });
    }
  }
  return out;
}

/** personal-data (C-MASK-TEXT): a phone or ID number written in a template goes out as written unless mask.text is on. */
function personalFindings(config: CompiledConfig): Finding[] {
  if (config.compliance.maskText) return [];
  const out: Finding[] = [];
  for (const { path, text } of config.texts) {
    const hits = findPersonal(text);
    if (hits.length === 0) continue;
    out.push({
      id: "personal-data",
      severity: "warning",
      path,
      ...worded(phrase("personal-data", { kinds: list("join.comma", hits.map((h) => phrase(`personal.${h.kind}`, {}))) }), phrase("personal-data.hint", {})),
    });
  }
  return out;
}

/**
 * promo-frequency (C-PROMO-FREQUENCY): a promotional reply with no frequency limit on a channel
 * without dedupe. Keyword replies are left out: each answers a visitor who asked, so the visitor
 * sets how often it goes out; the others are pushed (opened, received, queued, silences, ...).
 */
function promoFindings(config: CompiledConfig, replies: readonly CompiledReply[]): Finding[] {
  const matcher = buildMatcher(PROMO_WORDS.map(normalizeText));
  const out: Finding[] = [];
  const reported = new Set<string>();
  // The reply a text belongs to: the longest prefix of its path that is a reply's (a lookup per
  // dot, so that thousands of agents cost no more than their texts).
  const byPath = new Map(replies.map((r) => [r.path, r]));
  const replyOf = (path: string): CompiledReply | undefined => {
    for (let at = path.length; at > 0; at = path.lastIndexOf(".", at - 1)) {
      const found = byPath.get(path.slice(0, at));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  for (const { path, text } of config.texts) {
    const found = matcher.findAll(normalizeText(text));
    if (found.length === 0) continue;
    const reply = replyOf(path);
    if (reply === undefined || reply.kind === "keyword" || reported.has(reply.path)) continue;
    if (reply.frequency !== null && (reply.frequency.once !== null || reply.frequency.cooldown !== null)) continue;
    const open = reach(config, path).filter((c) => config.channels.get(c)?.dedupe === null);
    if (open.length === 0) continue;
    reported.add(reply.path);
    out.push({
      id: "promo-frequency",
      severity: "warning",
      path: reply.path,
      ...worded(phrase("promo-frequency", { word: PROMO_WORDS[found[0] as number] as string, channels: names(open) }), phrase("promo-frequency.hint", {})),
    });
  }
  return out;
}

/**
 * The compliance checks of `autoreply check` (spec C-RISK, C-LINK-LINT, C-MASK-TEXT,
 * C-PROMO-FREQUENCY). `served`: the channels the config serves (a link is an error only on those).
 */
export function complianceFindings(config: CompiledConfig, replies: readonly CompiledReply[], served: ReadonlySet<string>): Finding[] {
  return [...riskFindings(config), ...linkFindings(config, served), ...personalFindings(config), ...promoFindings(config, replies)];
}
