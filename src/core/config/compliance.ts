import { normalizeText } from "../match/normalize.js";
import { OBJECT_KEYS } from "./keys.js";
import { hintFor, join, type Reader } from "./reader.js";

/** Why a word is a risk (docs/compliance.md). */
export type RiskCategory = "absolute" | "medical" | "inducement" | "guarantee" | "custom";
export const RISK_CATEGORIES: readonly RiskCategory[] = ["absolute", "medical", "inducement", "guarantee", "custom"];

/** A risk word as a config writes it (or the built-in list holds it). */
export interface RiskWord {
  readonly word: string;
  readonly category: RiskCategory;
  /** The rewrite `autoreply check` suggests and `check --fix` applies, if there is one. */
  readonly suggest: string | null;
}

export type Severity = "error" | "warning" | "off";

// `compliance` as `compile` prepares it.
export interface CompiledCompliance {
  // Link domains allowed everywhere, folded (spec C-LINK).
  readonly allow: readonly string[];
  // Mask the values the host fills in (spec C-MASK-VALUES), and the literal text (spec C-MASK-TEXT, applied at compile time).
  readonly maskValues: boolean;
  readonly maskText: boolean;
  // The config's own risk words, and the built-in ones it turns off (folded), for `autoreply check`.
  readonly words: readonly RiskWord[];
  readonly ignore: readonly string[];
  // Risk-word severity by channel, where the config sets one.
  readonly severity: ReadonlyMap<string, Severity>;
}

const SEVERITIES: readonly Severity[] = ["error", "warning", "off"];

/** A word that is nothing but punctuation and spaces, once folded, matches nearly any text. */
const visible = (word: string): boolean => /[\p{L}\p{N}]/u.test(normalizeText(word));

/** A domain of the allow list: a host name, folded; `*` and anything but a host name are refused. */
function readDomain(r: Reader, word: unknown, path: string): string | undefined {
  if (typeof word !== "string") return r.problem(path, "a domain such as example.com", word, "write the host name as text");
  const d = normalizeText(word).trim();
  if (d.includes("*")) return r.problem(path, "a domain such as example.com", word, "a wildcard could allow every link; name each domain (its subdomains are allowed with it), or set the channel's links: allow");
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)) return r.problem(path, "a domain such as example.com", word, "write the host name only, without scheme or path: example.com allows example.com and every subdomain of it");
  return d;
}

/** Reads `compliance` (spec C-LINK, C-MASK-VALUES, C-MASK-TEXT, C-RISK). */
export function readCompliance(r: Reader, value: unknown, channels: ReadonlyMap<string, unknown>): CompiledCompliance {
  const o = value === undefined ? {} : (r.object(value, "compliance", OBJECT_KEYS.ComplianceInput) ?? {});
  const allow: string[] = [];
  if (o["allow"] !== undefined && !Array.isArray(o["allow"])) r.problem("compliance.allow", "a list of domains", o["allow"], "write allow: [example.com]");
  (Array.isArray(o["allow"]) ? (o["allow"] as unknown[]) : []).forEach((word, i) => {
    const d = readDomain(r, word, `compliance.allow[${i}]`);
    if (d !== undefined) allow.push(d);
  });
  const mask = o["mask"] === undefined ? {} : (r.object(o["mask"], "compliance.mask", OBJECT_KEYS.MaskInput) ?? {});
  const words: RiskWord[] = [];
  const rawWords = o["words"];
  if (rawWords !== undefined && !Array.isArray(rawWords)) r.problem("compliance.words", "a list of words", rawWords, "write words: [保证提分, { word: 最优惠, category: absolute, suggest: 优惠 }]");
  (Array.isArray(rawWords) ? rawWords : []).forEach((raw, i) => {
    const at = `compliance.words[${i}]`;
    const entry = typeof raw === "string" ? { word: raw } : r.object(raw, at, OBJECT_KEYS.RiskWordInput);
    if (entry === undefined) return;
    const word = r.text(entry["word"], typeof raw === "string" ? at : `${at}.word`);
    if (word === undefined) {
      if (entry["word"] === undefined) r.problem(`${at}.word`, "the risk word", undefined, "write { word: 保证提分, category: guarantee }");
      return;
    }
    if (!visible(word)) {
      r.problem(typeof raw === "string" ? at : `${at}.word`, "a word with a letter or a digit", word, "a word of punctuation or invisible characters only would match nearly every text; write the word itself");
      return;
    }
    const category = entry["category"] ?? "custom";
    if (!(RISK_CATEGORIES as readonly unknown[]).includes(category)) r.problem(`${at}.category`, `one of: ${RISK_CATEGORIES.join(", ")}`, category, "say why it is a risk, or leave category out (custom)");
    const suggest = entry["suggest"] === undefined ? null : (r.text(entry["suggest"], `${at}.suggest`) ?? null);
    words.push({ word, category: category as RiskCategory, suggest });
  });
  const ignore = r.words(o["ignore"], "compliance.ignore").map(normalizeText);
  const severity = new Map<string, Severity>();
  for (const [channel, level] of r.entries(o["severity"], "compliance.severity")) {
    if (!channels.has(channel)) r.problem(join("compliance.severity", channel), `a channel: ${[...channels.keys()].join(", ")}`, channel, hintFor(channel, [...channels.keys()]));
    else if ((SEVERITIES as readonly unknown[]).includes(level)) severity.set(channel, level as Severity);
    else r.problem(join("compliance.severity", channel), "error, warning or off", level, "error fails autoreply check; warning reports; off says nothing");
  }
  return {
    allow,
    maskValues: r.boolean(mask["values"], "compliance.mask.values", true),
    maskText: r.boolean(mask["text"], "compliance.mask.text", false),
    words,
    ignore,
    severity,
  };
}
