/**
 * Any config edit written into the YAML (or JSON) text it came from, comments and layout kept: the
 * forms' edits (a number, a switch, a rule added or removed, a reply set on a new layer) and the
 * risk words' rewrites alike. The edit entry's `writeBack` writes text values in place; this writes
 * the rest the same way: each change goes into the text at its node's source range (the yaml
 * package's Document), and only there. A value changed is replaced where it is written; a key or a
 * list item added is a line (or a `, item` in flow style) put after its siblings, in their
 * indentation; one removed is its lines taken out. The result is parsed again and must read as the
 * patched config, else nothing is written. Pure: no DOM, runs in Node for the tests.
 */
import { applyPatches, type Patch } from "immer";
import { isAlias, isMap, isPair, isScalar, isSeq, parse, parseDocument, Scalar, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import { SourceEditError, writeBack } from "../../../src/tools/edit/source.js";

/** A change that cannot be written into the text as it is (its layout would have to change): the page says so, and writes nothing. */
export class WriteError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Collection = YAMLMap<unknown, unknown> | YAMLSeq<unknown>;
/** Where a node is: the document's root, a map's value, a list's item. */
type Place = { readonly kind: "root" } | { readonly kind: "pair"; readonly pair: Pair<unknown, unknown>; readonly map: YAMLMap<unknown, unknown> } | { readonly kind: "item"; readonly seq: YAMLSeq<unknown>; readonly index: number };
/** A splice of the source: [from, to) replaced by text; `order` keeps insertions at one place in the order made. */
interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly order: number;
}

const isObject = (v: unknown): v is { [key: string]: Json } => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalarValue = (v: unknown): v is null | boolean | number | string => v === null || ["string", "number", "boolean"].includes(typeof v);

/** Deep equality of parsed values. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  return false;
}

/** Whether a text reads back as itself written plain (unquoted) in YAML: in flow style (`[a, b]`) commas and brackets end it. */
export function plainOk(v: string, flow: boolean): boolean {
  if (v === "" || v !== v.trim() || /[\n\r\t]/.test(v)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) || /: |:$| #/.test(v)) return false;
  if (flow && /[,[\]{}]/.test(v)) return false;
  try {
    return parse(v) === v;
  } catch {
    return false;
  }
}

/**
 * The config's text with the patches written in, comments and layout kept. Throws `WriteError` when
 * the text does not parse, or when a change cannot be written there without changing the layout
 * around it (an alias on the way, say); the text is then to be edited by hand.
 */
export function writePatches(source: string, patches: readonly Patch[]): string {
  if (patches.length === 0) return source;
  // Text replaced by text (the risk words' rewrites): the edit entry's own write-back, as `check --fix` writes it.
  if (patches.every((p) => p.op === "replace" && typeof p.value === "string")) {
    try {
      return writeBack(source, patches);
    } catch (e) {
      if (!(e instanceof SourceEditError)) throw e;
    }
  }
  const doc = parseDocument(source, { uniqueKeys: true, merge: false });
  if (doc.errors.length > 0) throw new WriteError(`the YAML does not parse: ${doc.errors[0]?.message ?? ""}`);
  const before = doc.toJS() as Json;
  let after: Json;
  try {
    after = applyPatches(before as object, patches as Patch[]) as Json;
  } catch (e) {
    throw new WriteError(`the change does not apply to this text: ${e instanceof Error ? e.message : String(e)}`);
  }
  const writer = new Writer(source, doc);
  for (const path of changedRoots(doc, patches)) {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    writer.diff(node as Node, valueAt(after, path), placeOf(doc, path));
  }
  const out = writer.result();
  let back: unknown;
  try {
    back = parse(out, { uniqueKeys: true, merge: false });
  } catch {
    back = undefined;
  }
  if (!same(back, after)) throw new WriteError("the change cannot be written into this text with its layout kept: make it in the editor");
  return out;
}

/** The value at a path of a parsed config, `undefined` when it is not there. */
function valueAt(value: Json | undefined, path: readonly (string | number)[]): Json | undefined {
  let at: Json | undefined = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, Json>)[key];
  }
  return at;
}

/**
 * The collections whose content the patches change, each the nearest one the text has: a patch
 * at `a.b.c` changes `a.b` (or `a`, when the text has no `a.b`). None inside another.
 */
function changedRoots(doc: Document, patches: readonly Patch[]): (string | number)[][] {
  const roots: (string | number)[][] = [];
  for (const patch of patches) {
    const path = patch.path.slice(0, -1) as (string | number)[];
    let n = 0;
    let node: unknown = doc.contents;
    while (n < path.length) {
      if (!isMap(node) && !isSeq(node)) break;
      const next = node.get(path[n], true);
      if (!isMap(next) && !isSeq(next)) break;
      node = next;
      n++;
    }
    // A root that is not a collection (a scalar document): the document itself.
    roots.push(path.slice(0, n));
  }
  const prefix = (a: readonly unknown[], b: readonly unknown[]) => a.length <= b.length && a.every((k, i) => k === b[i]);
  const kept: (string | number)[][] = [];
  for (const r of roots.sort((a, b) => a.length - b.length)) if (!kept.some((k) => prefix(k, r))) kept.push(r);
  return kept;
}

/** Where the node at `path` is. */
function placeOf(doc: Document, path: readonly (string | number)[]): Place {
  if (path.length === 0) return { kind: "root" };
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  if (isSeq(parent)) return { kind: "item", seq: parent, index: key as number };
  if (isMap(parent)) {
    const pair = parent.items.find((p) => keyText(p) === String(key));
    if (pair !== undefined) return { kind: "pair", pair, map: parent };
  }
  throw new WriteError(`no place for ${path.join(".")} in the text`);
}

/** A map key as text; a key that is not a scalar cannot be edited here. */
function keyText(pair: Pair<unknown, unknown>): string {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  if (key === null || typeof key !== "object") return String(key);
  throw new WriteError("a key that is not a text");
}

class Writer {
  readonly #source: string;
  readonly #doc: Document;
  readonly #splices: Splice[] = [];
  /** JSON text (its root a `{`): what is added is written as JSON too. */
  readonly #json: boolean;

  constructor(source: string, doc: Document) {
    this.#source = source;
    this.#doc = doc;
    this.#json = /^\s*\{/.test(source.replace(/^(\s*#[^\n]*\n)*/, ""));
  }

  result(): string {
    let out = this.#source;
    const splices = [...this.#splices].sort((a, b) => b.from - a.from || b.order - a.order);
    let last = Infinity;
    for (const s of splices) {
      if (s.to > last) throw new WriteError("two changes overlap in the text");
      out = out.slice(0, s.from) + s.text + out.slice(s.to);
      last = s.from;
    }
    return out;
  }

  #splice(from: number, to: number, text: string): void {
    this.#splices.push({ from, to, text, order: this.#splices.length });
  }

  /** Changes the text of `node` (at `place`) so that it reads `next`; `undefined` leaves it (its parent removes it). */
  diff(node: Node | null, next: Json | undefined, place: Place): void {
    if (next === undefined) return;
    if (node === null || node === undefined) {
      if (place.kind === "pair") return this.#replaceEmpty(place, next);
      throw new WriteError("an empty document");
    }
    if (isAlias(node)) throw new WriteError("an alias (*name) on the way: edit it in the editor");
    const old = node.toJS(this.#doc) as Json;
    if (same(old, next)) return;
    if (isScalar(node) && isScalarValue(next)) return this.#scalar(node, next, place);
    if (isMap(node) && isObject(next) && Object.keys(next).length > 0 && node.items.some((p) => Object.prototype.hasOwnProperty.call(next, keyText(p)))) return this.#map(node, next);
    if (isSeq(node) && Array.isArray(next) && next.length > 0) return this.#seq(node, next);
    this.#replace(node, next, place);
  }

  // --- Values in place --------------------------------------------------------------------

  /** A scalar's new value, written where the old one is, in its style when it reads back so. */
  #scalar(node: Scalar, next: null | boolean | number | string, place: Place): void {
    const range = node.range as [number, number, number];
    const flow = this.#inFlow(place);
    let text = this.#scalarText(next, flow);
    if (typeof next === "string" && typeof node.value === "string" && node.value !== "") {
      const raw = this.#source.slice(range[0], range[1]);
      if (node.type === Scalar.PLAIN && plainOk(next, flow)) text = next;
      else if (node.type === Scalar.QUOTE_DOUBLE) text = JSON.stringify(next);
      else if (node.type === Scalar.QUOTE_SINGLE && raw === `'${node.value.replaceAll("'", "''")}'` && !/\n/.test(next)) text = `'${next.replaceAll("'", "''")}'`;
      else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) text += /\s*$/.exec(raw)?.[0] ?? "";
    }
    if (range[0] === range[1] && !/[ \t]$/.test(this.#source.slice(0, range[0]))) text = ` ${text}`;
    this.#splice(range[0], range[1], text);
  }

  #scalarText(v: null | boolean | number | string, flow: boolean): string {
    if (typeof v === "string") return !this.#json && plainOk(v, flow) ? v : JSON.stringify(v);
    if (typeof v === "number" && !Number.isFinite(v)) throw new WriteError("a number that is not finite");
    return String(v);
  }

  #inFlow(place: Place): boolean {
    if (place.kind === "pair") return place.map.flow === true;
    if (place.kind === "item") return place.seq.flow === true;
    return false;
  }

  // --- Maps and lists ---------------------------------------------------------------------

  #map(node: YAMLMap<unknown, unknown>, next: { [key: string]: Json }): void {
    const keys = new Set<string>();
    node.items.forEach((pair, i) => {
      const key = keyText(pair);
      keys.add(key);
      if (!Object.prototype.hasOwnProperty.call(next, key)) this.#remove(node, i);
      else this.diff(pair.value as Node | null, next[key], { kind: "pair", pair, map: node });
    });
    const added = Object.keys(next).filter((k) => !keys.has(k));
    if (added.length > 0) this.#add(node, node.items.length, added.map((k) => [k, next[k] as Json]));
  }

  #seq(node: YAMLSeq<unknown>, next: Json[]): void {
    const old = node.items.map((item) => (isScalar(item) || isMap(item) || isSeq(item) ? (item.toJS(this.#doc) as Json) : (item as Json)));
    const diffEach = (n: number) => {
      for (let i = 0; i < n; i++) this.diff(node.items[i] as Node, next[i], { kind: "item", seq: node, index: i });
    };
    if (old.length === next.length) return diffEach(old.length);
    // Items taken out, or put in, the others as they were: only those are written.
    const [long, short] = old.length > next.length ? [old, next] : [next, old];
    const unmatched: number[] = [];
    let j = 0;
    for (let i = 0; i < long.length; i++) {
      if (j < short.length && same(long[i], short[j])) j++;
      else unmatched.push(i);
    }
    if (j === short.length) {
      if (old.length > next.length) for (const i of unmatched) this.#remove(node, i);
      else {
        // Each new item goes before the old item that follows it.
        let k = 0;
        const runs = new Map<number, Json[]>();
        for (let i = 0; i < next.length; i++) {
          if (unmatched.includes(i)) runs.set(k, [...(runs.get(k) ?? []), next[i] as Json]);
          else k++;
        }
        for (const [at, items] of runs) this.#add(node, at, items.map((v) => [null, v]));
      }
      return;
    }
    // Something else: item by item, the tail added or taken out.
    diffEach(Math.min(old.length, next.length));
    if (next.length > old.length) this.#add(node, old.length, next.slice(old.length).map((v) => [null, v]));
    for (let i = next.length; i < old.length; i++) this.#remove(node, i);
  }

  /** Puts entries (a map's `[key, value]`, a list's `[null, value]`) in `node` before its item `at`. */
  #add(node: Collection, at: number, entries: readonly (readonly [string | null, Json])[]): void {
    const items = node.items as unknown[];
    if (node.flow === true) {
      const texts = entries.map(([k, v]) => (k === null ? this.#flow(v) : `${this.#key(k)}: ${this.#flow(v)}`));
      if (items.length === 0) {
        const range = node.range as [number, number, number];
        const [open, close] = isMap(node) ? (this.#json ? ["{", "}"] : ["{ ", " }"]) : ["[", "]"];
        return this.#splice(range[0], range[1], `${open}${texts.join(", ")}${close}`);
      }
      // A flow collection written over several lines (JSON as printed) gets its new items on lines of their own.
      const lastStart = this.#itemStart(items[items.length - 1]);
      const separator = this.#source.slice((node.range as [number, number, number])[0], lastStart).includes("\n") ? `,\n${/^[ \t]*/.exec(this.#source.slice(this.#lineStart(lastStart), lastStart))?.[0] ?? ""}` : ", ";
      if (at >= items.length) return this.#splice(this.#itemEnd(items[items.length - 1]), this.#itemEnd(items[items.length - 1]), texts.map((t) => `${separator}${t}`).join(""));
      const start = this.#itemStart(items[at]);
      return this.#splice(start, start, texts.map((t) => `${t}${separator}`).join(""));
    }
    if (items.length === 0) throw new WriteError("an empty block collection");
    const column = this.#column(node);
    const text = entries.map(([k, v]) => (k === null ? this.#item(v, column) : this.#pair(k, v, column))).join("");
    let position: number;
    if (at === 0) position = this.#lineStart(this.#itemStart(items[0]));
    else position = this.#nextLine(this.#nodeEnd(items[at - 1]));
    if (position > this.#source.length || (position === this.#source.length && !this.#source.endsWith("\n"))) {
      this.#splice(this.#source.length, this.#source.length, `\n${text.replace(/\n$/, "")}`);
    } else this.#splice(position, position, text);
  }

  /** Takes item `index` out of `node`: its lines in block style, the item and a comma in flow style. */
  #remove(node: Collection, index: number): void {
    const items = node.items as unknown[];
    if (items.length === 1) return this.#replace(node, isMap(node) ? {} : [], this.#placeOfNode(node));
    if (node.flow === true) {
      if (index < items.length - 1) return this.#splice(this.#itemStart(items[index]), this.#itemStart(items[index + 1]), "");
      return this.#splice(this.#itemEnd(items[index - 1]), this.#itemEnd(items[index]), "");
    }
    const start = this.#itemStart(items[index]);
    const lineStart = this.#lineStart(start);
    const before = this.#source.slice(lineStart, start);
    const end = this.#nextLine(this.#nodeEnd(items[index]));
    if (isSeq(node) ? /^[ \t]*-[ \t]+$/.test(before) : /^[ \t]*$/.test(before)) return this.#splice(lineStart, Math.min(end, this.#source.length), "");
    // The first key of a list item's map (`- id: x`): the next key moves up beside the dash.
    if (isMap(node) && index === 0) return this.#splice(start, this.#itemStart(items[1]), "");
    throw new WriteError("an item whose line holds something else");
  }

  /** Writes `next` in place of `node`, whole: a value of another type, or an emptied collection. */
  #replace(node: Node, next: Json, place: Place): void {
    if (place.kind === "root") throw new WriteError("the whole document");
    const range = node.range as [number, number, number];
    const flowText = () => (isScalarValue(next) ? this.#scalarText(next, this.#inFlow(place)) : this.#flow(next));
    // Inside a flow collection (`{ any: [a, b] }`): the value's own text, in flow style.
    if (this.#inFlow(place) || this.#json) return this.#splice(range[0], range[1], flowText());
    // A block collection starts on the line after its key (or dash) and ends at a line's start;
    // anything else ends where its text does (a block text `|` with its line break).
    const block = (isMap(node) || isSeq(node)) && node.flow !== true;
    const from = this.#afterIndicator(place);
    const to = block ? range[2] : range[1];
    const inline = isScalarValue(next) || this.#flowable(next);
    let text: string;
    if (inline) text = ` ${flowText()}\n`;
    else if (place.kind === "pair") text = this.#afterKey(next, this.#columnOf(this.#itemStart(place.pair)));
    else {
      const column = this.#column(place.seq);
      text = ` ${this.#item(next, column).slice(column + 2)}`;
    }
    if (!block) text = text.replace(/\n$/, "") + (/\s*$/.exec(this.#source.slice(range[0], range[1]))?.[0] ?? "");
    this.#splice(from, to, text);
  }

  /** A key with no value (`key:`) given one. */
  #replaceEmpty(place: Extract<Place, { kind: "pair" }>, next: Json): void {
    const at = this.#afterIndicator(place);
    const line = this.#source.slice(at, this.#lineEnd(at));
    if (!/^[ \t]*(#.*)?$/.test(line)) throw new WriteError("a key whose value is not written");
    if (isScalarValue(next) || this.#flowable(next) || this.#inFlow(place) || this.#json) return this.#splice(at, at, ` ${isScalarValue(next) ? this.#scalarText(next, this.#inFlow(place)) : this.#flow(next)}`);
    const column = this.#columnOf(this.#itemStart(place.pair));
    this.#splice(this.#lineEnd(at), this.#lineEnd(at), this.#afterKey(next, column).replace(/\n$/, ""));
  }

  /** Right after the `:` of a pair, or the `-` of a list item. */
  #afterIndicator(place: Exclude<Place, { kind: "root" }>): number {
    if (place.kind === "pair") {
      const key = place.pair.key as Node;
      const end = key !== null && typeof key === "object" && key.range != null ? key.range[1] : this.#itemStart(place.pair);
      const colon = this.#source.indexOf(":", end);
      if (colon < 0) throw new WriteError("a pair without its colon");
      return colon + 1;
    }
    const start = this.#itemStart(place.seq.items[place.index]);
    const dash = this.#source.lastIndexOf("-", start);
    if (dash < 0) throw new WriteError("a list item without its dash");
    return dash + 1;
  }

  #placeOfNode(node: Collection): Place {
    let found: Place | undefined;
    const walk = (n: unknown): void => {
      if (found !== undefined) return;
      if (isMap(n)) {
        for (const pair of n.items) {
          if (pair.value === node) found = { kind: "pair", pair, map: n };
          else walk(pair.value);
        }
      } else if (isSeq(n)) {
        n.items.forEach((item, index) => {
          if (item === node) found = { kind: "item", seq: n, index };
          else walk(item);
        });
      }
    };
    walk(this.#doc.contents);
    if (found === undefined) throw new WriteError("the document itself emptied");
    return found;
  }

  // --- Positions --------------------------------------------------------------------------

  #itemStart(item: unknown): number {
    if (isPair(item)) {
      const key = item.key as Node | null;
      if (key !== null && typeof key === "object" && key.range != null) return key.range[0];
      throw new WriteError("a pair without a key");
    }
    const range = (item as Node).range;
    if (range == null) throw new WriteError("an item with no place in the text");
    return range[0];
  }

  /** Where an item's value ends, in flow style (before the comma). */
  #itemEnd(item: unknown): number {
    if (isPair(item)) {
      const value = item.value as Node | null;
      if (value !== null && typeof value === "object" && value.range != null) return value.range[1];
      const key = item.key as Node;
      return (key.range as [number, number, number])[1];
    }
    return ((item as Node).range as [number, number, number])[1];
  }

  /** Where an item ends with its comment, in block style. */
  #nodeEnd(item: unknown): number {
    if (isPair(item)) {
      const value = item.value as Node | null;
      if (value !== null && typeof value === "object" && value.range != null) return value.range[2];
      return ((item.key as Node).range as [number, number, number])[2];
    }
    return ((item as Node).range as [number, number, number])[2];
  }

  #lineStart(at: number): number {
    return this.#source.lastIndexOf("\n", at - 1) + 1;
  }

  #lineEnd(at: number): number {
    const nl = this.#source.indexOf("\n", at);
    return nl < 0 ? this.#source.length : nl;
  }

  /** The start of the line after `at`, when only spaces or a comment are left on its line. */
  #nextLine(at: number): number {
    if (at > 0 && this.#source[at - 1] === "\n") return at;
    const end = this.#lineEnd(at);
    if (!/^[ \t]*(#.*)?\r?$/.test(this.#source.slice(at, end))) throw new WriteError("something else on the line after an item");
    return end + 1;
  }

  #columnOf(at: number): number {
    return at - this.#lineStart(at);
  }

  /** The column of a block collection's items: a map's keys, a list's dashes. */
  #column(node: Collection): number {
    const first = node.items[0];
    if (isSeq(node)) {
      const start = this.#itemStart(first);
      const dash = this.#source.lastIndexOf("-", start);
      return this.#columnOf(dash);
    }
    return this.#columnOf(this.#itemStart(first));
  }

  // --- New text -----------------------------------------------------------------------------

  #key(k: string): string {
    return !this.#json && plainOk(k, true) ? k : JSON.stringify(k);
  }

  /** A value in flow style: `{ any: [价格表, 报价] }`; JSON in a JSON text. */
  #flow(v: Json): string {
    if (this.#json) return JSON.stringify(v);
    if (isScalarValue(v)) return this.#scalarText(v, true);
    if (Array.isArray(v)) return `[${v.map((x) => this.#flow(x)).join(", ")}]`;
    const entries = Object.entries(v);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([k, x]) => `${this.#key(k)}: ${this.#flow(x)}`).join(", ")} }`;
  }

  /** Short lists of words and small maps of them are written in flow style, as the seed's `match: { any: [价格表, 产品报价] }`; messages stay lists. */
  #flowable(v: Json): boolean {
    if (isScalarValue(v)) return true;
    if (Array.isArray(v)) return v.length === 0 || (v.every((x) => isScalarValue(x) && String(x).length <= 24) && this.#flow(v).length <= 60);
    const values = Object.values(v);
    return values.length === 0 || (values.length <= 4 && values.every((x) => isScalarValue(x) || (Array.isArray(x) && this.#flowable(x))) && this.#flow(v).length <= 60);
  }

  /** `key: value` at `column`, its lines ending with a line break. */
  #pair(k: string, v: Json, column: number): string {
    return `${" ".repeat(column)}${this.#key(k)}:${this.#afterKey(v, column)}`;
  }

  /** What follows a key's colon: the value on its line, or its block on the lines below, indented two more. */
  #afterKey(v: Json, column: number): string {
    if (isScalarValue(v)) return ` ${this.#scalarText(v, false)}\n`;
    if (this.#flowable(v)) return ` ${this.#flow(v)}\n`;
    if (Array.isArray(v)) return `\n${v.map((x) => this.#item(x, column + 2)).join("")}`;
    return `\n${Object.entries(v)
      .map(([k, x]) => this.#pair(k, x, column + 2))
      .join("")}`;
  }

  /** `- item` at `column`: a map's first key beside the dash, the others under it. */
  #item(v: Json, column: number): string {
    const pad = " ".repeat(column);
    if (isScalarValue(v) || this.#flowable(v) || Array.isArray(v)) return `${pad}- ${isScalarValue(v) ? this.#scalarText(v, false) : this.#flow(v)}\n`;
    const lines = Object.entries(v).map(([k, x]) => this.#pair(k, x, column + 2));
    return `${pad}- ${(lines[0] ?? "").slice(column + 2)}${lines.slice(1).join("")}`;
  }
}
