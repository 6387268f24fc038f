import { maskPersonal } from "../render/mask.js";
import { normalizeText } from "../match/normalize.js";
import { describe, type ConfigIssue } from "../model/errors.js";
import { MAX_DURATION } from "../model/limits.js";
import { PLACEHOLDERS, parseTemplate, type Template } from "../render/template.js";
import { parseDuration } from "./duration.js";

/** Names no id may take: a key inherited through them would be read from a prototype. */
const RESERVED_IDS = new Set(["__proto__", "constructor", "prototype"]);

export type Obj = Readonly<Record<string, unknown>>;

/** Collects problems instead of stopping at the first. */
export class Reader {
  readonly issues: ConfigIssue[] = [];
  /** Every message text as written, with its path: what `autoreply check` reads for risk words, links and personal data. */
  readonly texts: { readonly path: string; readonly text: string }[] = [];
  /** `compliance.mask.text`: the literal text of templates is masked as it is read (spec C-MASK-TEXT). */
  maskText = false;
  /** `compliance.allow`, folded: the link domains allowed (spec C-LINK). */
  allow: readonly string[] = [];

  problem(path: string, expected: string, value: unknown, hint: string): undefined {
    this.issues.push({ path: path || "(root)", expected, received: describe(value), hint });
    return undefined;
  }

  /** A plain object whose keys are all in `known`; unknown keys are reported with a suggestion. */
  object(value: unknown, path: string, known: readonly string[] | null): Obj | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      const hint =
        path === ""
          ? "a config is a mapping (an empty file is not a config); start from docs/config.md"
          : typeof value === "string" && /[：]/.test(value)
            ? "this text has a full-width colon ：; YAML needs an ASCII colon and a space after a key (key: value): retype the colon with the input method in English mode"
            : "write a mapping of keys to values here";
      return this.problem(path, "an object", value, hint);
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      return this.problem(path, "a plain object", value, "pass plain data (JSON or YAML parsed): keys inherited through a prototype are not read");
    }
    // A copy of the own keys with no prototype: a key inherited through `__proto__` is never read.
    const obj: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      if (RESERVED_IDS.has(key)) this.problem(join(path, key), "an ordinary name", key, `"${key}" is reserved; rename it`);
      else if (known !== null && !known.includes(key)) {
        this.problem(join(path, key), `one of: ${known.join(", ")}`, key, hintFor(key, known));
      } else obj[key] = (value as Obj)[key];
    }
    return obj;
  }

  /** Own entries of a map-shaped object, reserved names left out (they were reported). */
  entries(value: unknown, path: string): [string, unknown][] {
    const obj = value === undefined ? undefined : this.object(value, path, null);
    return obj === undefined ? [] : Object.entries(obj);
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    const said = typeof value === "string" ? value.trim().toLowerCase() : "";
    const as = ["yes", "on", "y", "是", "开"].includes(said) ? "true" : ["no", "off", "n", "否", "关"].includes(said) ? "false" : undefined;
    this.problem(path, "true or false", value, as === undefined ? "write true or false, without quotes" : `write ${as}, without quotes: YAML reads ${JSON.stringify(value)} as text`);
    return fallback;
  }

  count(value: unknown, path: string, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
    const quoted = typeof value === "string" && /^\s*\d+\s*$/.test(value);
    this.problem(path, "a whole number, 0 or more", value, quoted ? `write ${value.trim()} without quotes: in quotes it is text` : "write a count such as 0, 3 or 20");
    return fallback;
  }

  duration(value: unknown, path: string): number | undefined {
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined) this.problem(path, "a duration", value, 'write milliseconds or text such as "90s", "5m", "2h", "1h30m"');
    else if (ms > MAX_DURATION) this.problem(path, "a duration of at most 365d", value, "durations are bounded so that every time the engine computes stays exact (docs/limits.md)");
    else return ms;
    return undefined;
  }

  text(value: unknown, path: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "string" && value.trim() !== "") return value;
    return this.problem(path, "non-empty text", value, textHint(value, path, "write the text in quotes"));
  }

  /** The required id of one of a list's items (`what`: "variant", "segment"), none seen before in `ids`, which it joins. */
  uniqueId(value: unknown, path: string, ids: Set<string>, what: string, example: string): string | undefined {
    const id = this.text(value, path);
    if (id === undefined) this.problem(path, `the ${what}'s id`, value, `write id: ${example}`);
    else if (ids.has(id)) this.problem(path, `an id no other ${what} here has`, id, `give each ${what} its own id`);
    else ids.add(id);
    return id;
  }

  /** A word or a list of words. */
  words(value: unknown, path: string): string[] {
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    list.forEach((word, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (typeof word === "string" && normalizeText(word).trim() !== "") out.push(word);
      else if (typeof word === "string" && word.trim() !== "") this.problem(at, "a word with a visible character", word, "keyword matching folds invisible characters (such as U+200B) away, so this word could never match; write the word itself");
      else this.problem(at, "a non-empty word", word, textHint(word, at, "write the keyword as text"));
    });
    return out;
  }

  /** Messages: one text or a list of texts, each a valid template. */
  messages(value: unknown, path: string): Template[] {
    if (value === undefined) {
      this.problem(path, "one message or a list of messages", value, 'add messages: ["..."]');
      return [];
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) this.problem(path, "at least one message", value, "add a message, or remove this reply");
    const out: Template[] = [];
    list.forEach((text, i) => {
      const at = Array.isArray(value) ? `${path}[${i}]` : path;
      if (typeof text !== "string" || text.trim() === "") {
        this.problem(at, "non-empty text", text, textHint(text, at, "write the message text in quotes"));
        return;
      }
      const parsed = parseTemplate(text);
      for (const name of parsed.unknown) {
        this.problem(at, `a placeholder among ${PLACEHOLDERS.map((p) => `<<${p}>>`).join(", ")}`, `<<${name}>>`, hintFor(name, PLACEHOLDERS));
      }
      this.texts.push({ path: at, text });
      out.push(this.maskText ? parsed.parts.map((part) => (typeof part === "string" ? maskPersonal(part) : part)) : parsed.parts);
    });
    return out;
  }
}

/** Names for a message: all of them when few, else the first ten and a count (a message stays one line). */
export function listed(names: readonly string[]): string {
  return names.length <= 10 ? names.join(", ") : `${names.slice(0, 10).join(", ")} and ${names.length - 10} more`;
}

export function join(path: string, key: string): string {
  return path === "" ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The fix where text is expected and YAML read something else: a number or true/false is quoted
 * (`nickname: 13812345678` is a number to YAML), an empty value is filled in; else `fallback`.
 */
export function textHint(value: unknown, path: string, fallback: string): string {
  const item = /\[\d+\]$/.test(path);
  const key = /([^.[\]"]+)"?\]?$/.exec(path)?.[1] ?? "text";
  if (typeof value === "number" || typeof value === "boolean") {
    return `YAML reads ${String(value)} as a ${typeof value === "number" ? "number" : "true/false value"}, not text: put it in quotes, ${item ? "-" : `${key}:`} "${String(value)}"`;
  }
  if (typeof value === "string" && value.trim() === "") return item ? "this item of the list is blank: write the text, or remove the item" : `the text is blank: write it, or remove "${key}"`;
  if (value === null) return item ? "this item of the list is empty: write the text after the -, or remove the item" : `nothing is written after "${key}:": write the text there (in quotes if it is null, ~ or a number), or remove the key`;
  return fallback;
}

/**
 * "did you mean" for a mistyped name: the known name with the smallest edit distance, if close;
 * else one that begins with it (mesa: messages), or that it begins with or holds (lunchBreak: lunch,
 * welcomeMessages: messages), the longest first; else the names there are.
 */
export function hintFor(name: string, known: readonly string[]): string {
  let best = "";
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (bestDistance <= Math.max(2, Math.floor(name.length / 3))) return `did you mean "${best}"?`;
  const near = known
    .map((k) => ({ k, lk: k.toLowerCase() }))
    .filter(({ lk }) => (lower.length >= 3 && lk.startsWith(lower)) || (lk.length >= 3 && lower.includes(lk)) || (lower.length >= 4 && lk.includes(lower)))
    .sort((a, b) => Number(lower.startsWith(b.lk) || b.lk.startsWith(lower)) - Number(lower.startsWith(a.lk) || a.lk.startsWith(lower)) || b.k.length - a.k.length);
  if (near[0] !== undefined) return `did you mean "${near[0].k}"?`;
  return `remove it, or use one of: ${known.join(", ")}`;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

