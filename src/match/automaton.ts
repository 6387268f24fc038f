/**
 * A multi-pattern matcher (Aho–Corasick) over UTF-16 code units. Built once per compiled config; the
 * cost of a search grows with the text, not with the number of patterns. Immutable after build: a
 * search allocates its own result and touches nothing shared.
 */
export interface Automaton {
  /** The ids (indexes into the build input) of every pattern that occurs in `text`, each once. */
  readonly findAll: (text: string) => number[];
  /** How many distinct patterns it holds. */
  readonly size: number;
}

const NONE = -1;

/** Builds the matcher. Empty patterns never match. Duplicate patterns share one id: the first. */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  const next: Map<number, number>[] = [new Map()];
  const output: number[] = [NONE]; // the pattern that ends at this node
  for (let id = 0; id < patterns.length; id++) {
    const pattern = patterns[id] ?? "";
    if (pattern.length === 0) continue;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      const edges = next[node] as Map<number, number>;
      let child = edges.get(unit);
      if (child === undefined) {
        child = next.length;
        next.push(new Map());
        output.push(NONE);
        edges.set(unit, child);
      }
      node = child;
    }
    if (output[node] === NONE) output[node] = id;
  }

  // Breadth first: the failure link of a node is the longest proper suffix that is also a prefix;
  // the dictionary link skips to the nearest such suffix that ends a pattern.
  const fail = new Int32Array(next.length);
  const dict = new Int32Array(next.length).fill(NONE);
  const queue: number[] = [];
  for (const child of (next[0] as Map<number, number>).values()) queue.push(child);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const [unit, child] of next[node] as Map<number, number>) {
      let f = fail[node] as number;
      while (f !== 0 && !(next[f] as Map<number, number>).has(unit)) f = fail[f] as number;
      const target = (next[f] as Map<number, number>).get(unit);
      const link = target !== undefined && target !== child ? target : 0;
      fail[child] = link;
      dict[child] = output[link] !== NONE ? link : (dict[link] as number);
      queue.push(child);
    }
  }

  const findAll = (text: string): number[] => {
    const found: number[] = [];
    // A message usually holds a handful of keywords: an array is cheaper than a Set until it grows.
    let seen: Set<number> | null = null;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      let child = (next[node] as Map<number, number>).get(unit);
      while (child === undefined && node !== 0) {
        node = fail[node] as number;
        child = (next[node] as Map<number, number>).get(unit);
      }
      node = child ?? 0;
      for (let hit = output[node] !== NONE ? node : (dict[node] as number); hit !== NONE; hit = dict[hit] as number) {
        const id = output[hit] as number;
        if (seen !== null) {
          if (!seen.has(id)) {
            seen.add(id);
            found.push(id);
          }
        } else if (!found.includes(id)) {
          found.push(id);
          if (found.length > 16) seen = new Set(found);
        }
      }
    }
    return found;
  };

  return { findAll, size: output.filter((o) => o !== NONE).length };
}
