/**
 * A multi-pattern matcher (Aho–Corasick) over UTF-16 code units. Built once per compiled config; the
 * cost of a search grows with the text, not with the number of patterns. Immutable after build: a
 * search allocates its own result and touches nothing shared.
 *
 * Storage is flat typed arrays, sized from the total length of the patterns: edges live in one
 * open-addressing hash table keyed by (node, code unit); each node's children are also chained
 * (first child, next sibling) for the breadth-first pass that sets the failure links. At 100k
 * keywords this builds in a fraction of the time a Map per node took (docs/performance.md).
 */
export interface Automaton {
  /** The ids (indexes into the build input) of every pattern that occurs in `text`, each once. */
  readonly findAll: (text: string) => number[];
  /** How many distinct patterns it holds. */
  readonly size: number;
}

const NONE = -1;

/** The edge table: open addressing with linear probing; `node` is stored +1 so 0 means empty. */
interface Edges {
  readonly mask: number;
  readonly keyNode: Int32Array;
  readonly keyUnit: Uint16Array;
  readonly target: Int32Array;
}

function slot(edges: Edges, node: number, unit: number): number {
  let i = (Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b)) & edges.mask;
  while (edges.keyNode[i] !== 0 && (edges.keyNode[i] !== node + 1 || edges.keyUnit[i] !== unit)) i = (i + 1) & edges.mask;
  return i;
}

function child(edges: Edges, node: number, unit: number): number {
  const i = slot(edges, node, unit);
  return edges.keyNode[i] === 0 ? NONE : (edges.target[i] as number);
}

/** Builds the matcher. Empty patterns never match. Duplicate patterns share one id: the first. */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  let units = 0;
  for (const p of patterns) units += p.length;
  const maxNodes = units + 1;
  let capacity = 16;
  while (capacity < units * 2) capacity *= 2;
  const edges: Edges = { mask: capacity - 1, keyNode: new Int32Array(capacity), keyUnit: new Uint16Array(capacity), target: new Int32Array(capacity) };
  const output = new Int32Array(maxNodes).fill(NONE); // the pattern that ends at this node
  const firstChild = new Int32Array(maxNodes).fill(NONE);
  const nextSibling = new Int32Array(maxNodes).fill(NONE);
  const unitOf = new Uint16Array(maxNodes);
  let nodes = 1;
  let size = 0;

  for (let id = 0; id < patterns.length; id++) {
    const pattern = patterns[id] ?? "";
    if (pattern.length === 0) continue;
    let node = 0;
    for (let k = 0; k < pattern.length; k++) {
      const unit = pattern.charCodeAt(k);
      const i = slot(edges, node, unit);
      if (edges.keyNode[i] === 0) {
        const created = nodes++;
        edges.keyNode[i] = node + 1;
        edges.keyUnit[i] = unit;
        edges.target[i] = created;
        unitOf[created] = unit;
        nextSibling[created] = firstChild[node] as number;
        firstChild[node] = created;
        node = created;
      } else node = edges.target[i] as number;
    }
    if (output[node] === NONE) {
      output[node] = id;
      size++;
    }
  }

  // Breadth first: the failure link of a node is the longest proper suffix that is also a prefix;
  // the dictionary link skips to the nearest such suffix that ends a pattern.
  const fail = new Int32Array(nodes);
  const dict = new Int32Array(nodes).fill(NONE);
  const queue = new Int32Array(nodes);
  let tail = 0;
  for (let c = firstChild[0] as number; c !== NONE; c = nextSibling[c] as number) queue[tail++] = c;
  for (let head = 0; head < tail; head++) {
    const node = queue[head] as number;
    for (let c = firstChild[node] as number; c !== NONE; c = nextSibling[c] as number) {
      const unit = unitOf[c] as number;
      let f = fail[node] as number;
      let target = child(edges, f, unit);
      while (target === NONE && f !== 0) {
        f = fail[f] as number;
        target = child(edges, f, unit);
      }
      const link = target !== NONE && target !== c ? target : 0;
      fail[c] = link;
      dict[c] = output[link] !== NONE ? link : (dict[link] as number);
      queue[tail++] = c;
    }
  }

  const findAll = (text: string): number[] => {
    const found: number[] = [];
    // A message usually holds a handful of keywords: an array is cheaper than a Set until it grows.
    let seen: Set<number> | null = null;
    let node = 0;
    for (let k = 0; k < text.length; k++) {
      const unit = text.charCodeAt(k);
      let next = child(edges, node, unit);
      while (next === NONE && node !== 0) {
        node = fail[node] as number;
        next = child(edges, node, unit);
      }
      node = next === NONE ? 0 : next;
      // The patterns ending here, longest first along the dictionary links. A pattern already found
      // was found with every pattern after it on its chain, so the walk stops there: each chain
      // link is walked once per search, and nested keywords (a, aa, aaa, ...) cost no more than
      // their number plus the text's length.
      for (let hit = output[node] !== NONE ? node : (dict[node] as number); hit !== NONE; hit = dict[hit] as number) {
        const id = output[hit] as number;
        if (seen !== null) {
          if (seen.has(id)) break;
          seen.add(id);
          found.push(id);
        } else if (found.includes(id)) {
          break;
        } else {
          found.push(id);
          if (found.length > 16) seen = new Set(found);
        }
      }
    }
    return found;
  };

  return { findAll, size };
}

/**
 * Up to this many patterns, trying each with `includes` is faster than the automaton (measured on
 * short and long Chinese messages, docs/performance.md "Measured choices"), and there is
 * nothing to build: most configs have a handful of keywords, and compile runs on every cold start.
 */
export const SCAN_AT_MOST = 8;

/** A matcher for `patterns`, as `buildAutomaton` defines it: a scan for a few, the automaton beyond. */
export function buildMatcher(patterns: readonly string[]): Automaton {
  return patterns.length <= SCAN_AT_MOST ? buildScan(patterns) : buildAutomaton(patterns);
}

/** The same contract as `buildAutomaton`, by trying each distinct non-empty pattern in turn. */
export function buildScan(patterns: readonly string[]): Automaton {
  const ids: number[] = [];
  patterns.forEach((pattern, id) => {
    if (pattern.length > 0 && patterns.indexOf(pattern) === id) ids.push(id);
  });
  const findAll = (text: string): number[] => {
    const found: number[] = [];
    for (let i = 0; i < ids.length; i++) if (text.includes(patterns[ids[i] as number] as string)) found.push(ids[i] as number);
    return found;
  };
  return { findAll, size: ids.length };
}
