import { WordTable } from "./words.js";
import { buildMatcher, type Automaton } from "./automaton.js";
import { normalizeText } from "./normalize.js";

// What a keyword rule asks of a message, already folded by `normalizeText`. Every condition present
// must hold (all of them), and at least one of `exact`, `any`, `all`, `prefix` is present.
export interface KeywordCondition {
  // The whole message (trimmed) equals one of these.
  readonly exact: readonly string[];
  // The message contains one of these (a synonym group).
  readonly any: readonly string[];
  // For each group, the message contains one of its words.
  readonly all: readonly (readonly string[])[];
  // The message contains none of these.
  readonly none: readonly string[];
  // The message (trimmed) starts with one of these, e.g. `#售后服务`.
  readonly prefix: readonly string[];
}

// A keyword rule with its place in the total order.
export interface IndexedKeywordRule<T> {
  // Lower ranks are tried first: layer, then priority, then the order written.
  readonly rank: number;
  readonly condition: KeywordCondition;
  // Whatever the caller attaches (the reply it sends, who owns it).
  readonly payload: T;
}

// Every keyword rule of a config, with one matcher over all their words (see `buildMatcher`).
export interface KeywordIndex<T> {
  // The first rule, in rank order, that `accepts` and whose condition holds for `text`, or `undefined`.
  // `accepts` filters rules by context (for example: only the serving agent's own rules).
  readonly match: (text: string, accepts: (payload: T) => boolean) => IndexedKeywordRule<T> | undefined;
  // How many distinct words the matcher holds.
  readonly words: number;
  // Every rule, in rank order (the order in which they are tried).
  readonly rules: readonly IndexedKeywordRule<T>[];
}

const NO_IDS: readonly number[] = Object.freeze([]);
const NO_ID_GROUPS: readonly (readonly number[])[] = Object.freeze([]);

/** A rule's `any`, `all` and `none` words, as the matcher's ids. */
interface RuleWords {
  readonly any: readonly number[];
  readonly all: readonly (readonly number[])[];
  readonly none: readonly number[];
}

/** Whether one of `ids` was found. */
function foundAny(ids: readonly number[], present: readonly number[] | ReadonlySet<number>): boolean {
  // Indexed loops on the matching path: a for-of allocated an iterator per loop (docs/performance.md, "Measured choices").
  if (Array.isArray(present)) {
    for (let i = 0; i < ids.length; i++) if (present.includes(ids[i] as number)) return true;
  } else {
    for (let i = 0; i < ids.length; i++) if ((present as ReadonlySet<number>).has(ids[i] as number)) return true;
  }
  return false;
}

/** Whether a rule's condition holds for a message, given the ids of the words found in it. */
function holds(c: KeywordCondition, w: RuleWords, trimmed: string, present: readonly number[] | ReadonlySet<number>): boolean {
  if (c.exact.length > 0 && !c.exact.includes(trimmed)) return false;
  if (c.prefix.length > 0) {
    let starts = false;
    for (let i = 0; i < c.prefix.length; i++) if (trimmed.startsWith(c.prefix[i] as string)) starts = true;
    if (!starts) return false;
  }
  if (w.any.length > 0 && !foundAny(w.any, present)) return false;
  for (let i = 0; i < w.all.length; i++) if (!foundAny(w.all[i] as readonly number[], present)) return false;
  return !foundAny(w.none, present);
}

/** Builds the index once, at compile time. */
export function buildKeywordIndex<T>(rules: readonly IndexedKeywordRule<T>[]): KeywordIndex<T> {
  const sorted = [...rules].sort((a, b) => a.rank - b.rank);
  const table = new WordTable();
  const exactRules = new Map<string, number[]>();
  sorted.forEach((rule, index) => {
    const c = rule.condition;
    // A rule becomes a candidate through any word it needs present; `none` words only ever veto.
    const triggers = [...c.any, ...c.all.flat(), ...c.prefix];
    for (const word of triggers) table.add(word, index);
    for (const word of c.none) table.idOf(word);
    for (const text of c.exact) {
      const list = exactRules.get(text) ?? [];
      list.push(index);
      exactRules.set(text, list);
    }
  });
  const { words, rules: rulesByWord } = table;
  const matcher: Automaton = buildMatcher(words);
  // Each rule's words as the matcher's ids (every one was given an id above), so that a match
  // compares numbers with what it found.
  const ids = (list: readonly string[]): readonly number[] => (list.length === 0 ? NO_IDS : list.map((word) => table.idOf(word)));
  const wordsOf: RuleWords[] = sorted.map(({ condition: c }) => ({ any: ids(c.any), all: c.all.length === 0 ? NO_ID_GROUPS : c.all.map(ids), none: ids(c.none) }));

  const match = (raw: string, accepts: (payload: T) => boolean): IndexedKeywordRule<T> | undefined => {
    const text = normalizeText(raw);
    const trimmed = text.trim();
    const found = matcher.findAll(text);
    const exact = exactRules.size === 0 ? undefined : exactRules.get(trimmed); // spares hashing the message
    if (found.length === 0 && exact === undefined) return undefined;
    // A message holds a few keywords: `found` is searched as it is, and made a Set only when long.
    const present = found.length > 16 ? new Set(found) : found;
    // Candidates repeat when a rule has several of the words found. A few are checked as they come
    // (a repeat costs one more check); past 16, each rule is checked once, so that one rule with
    // thousands of words found costs its words once, not once per word found.
    const candidates: number[] = exact === undefined ? [] : [...exact];
    for (let i = 0; i < found.length; i++) {
      const rules = rulesByWord[found[i] as number] as number[];
      for (let j = 0; j < rules.length; j++) candidates.push(rules[j] as number);
    }
    const distinct: readonly number[] = candidates.length > 16 ? [...new Set(candidates)] : candidates;
    let best: IndexedKeywordRule<T> | undefined;
    let bestIndex = Infinity;
    for (let i = 0; i < distinct.length; i++) {
      const index = distinct[i] as number;
      if (index >= bestIndex) continue;
      const rule = sorted[index] as IndexedKeywordRule<T>;
      if (accepts(rule.payload) && holds(rule.condition, wordsOf[index] as RuleWords, trimmed, present)) {
        best = rule;
        bestIndex = index;
      }
    }
    return best;
  };

  return { match, words: matcher.size, rules: sorted };
}

/** Folds every word of a condition as the matcher compares them. */
export function normalizeCondition(c: KeywordCondition): KeywordCondition {
  return { exact: fold(c.exact), any: fold(c.any), all: c.all.length === 0 ? NO_WORDS_GROUPS : c.all.map(fold).filter((g) => g.length > 0), none: fold(c.none), prefix: fold(c.prefix) };
}

/** Empty lists are shared: a config of 100k rules has 400k of them. */
const NO_WORDS: readonly string[] = Object.freeze([]);
const NO_WORDS_GROUPS: readonly (readonly string[])[] = Object.freeze([]);

function fold(list: readonly string[]): readonly string[] {
  if (list.length === 0) return NO_WORDS;
  const out: string[] = [];
  for (const word of list) {
    const folded = normalizeText(word).trim();
    if (folded !== "") out.push(folded);
  }
  return out;
}
