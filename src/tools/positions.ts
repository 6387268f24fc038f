import { CST, isAlias, isMap, isScalar, isSeq, LineCounter, Parser, parseDocument, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLError } from "yaml";
import type { ConfigIssue } from "../core/internal.js";

/**
 * Where in a YAML (or JSON) text a config path is, and the fixes only the text can tell (a number
 * where text is expected, written as it was; a text split by a comma in `{ }`; the YAML syntax
 * errors). Shared by `autoreply check` and the playground's worker: no file, no Node, it runs in a
 * browser too. It imports `yaml`, so no library entry imports it (the command line and the
 * playground bundle yaml).
 */

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A config path as compile writes it (`app.replies.keyword[0].match`) as the keys and indexes of the YAML. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/** One step of a path found in the document: the key's node (a map's entry) and the value's. */
interface Step {
  readonly key: YamlNode | null;
  readonly value: YamlNode | null;
  /** The map the entry is in (a flow `{ }` one is where a comma splits a text). */
  readonly map?: YamlNode;
  readonly pair?: Pair;
}

const rangeOf = (node: YamlNode | null | undefined): readonly number[] | undefined => (node !== null && node !== undefined && node.range != null ? node.range : undefined);

/** The steps of `segments` the document has, from the first: as many as it has (none when the first key is missing). */
function walk(doc: Document.Parsed, segments: readonly (string | number)[]): Step[] {
  const steps: Step[] = [];
  let node = doc.contents as YamlNode | null;
  for (const segment of segments) {
    if (isAlias(node)) node = (node.resolve(doc) ?? null) as YamlNode | null;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (pair === undefined) break;
      steps.push({ key: pair.key as YamlNode, value: pair.value as YamlNode | null, map: node, pair });
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      const item = node.items[segment] as YamlNode | null;
      steps.push({ key: null, value: item });
      node = item;
    } else break;
  }
  return steps;
}

/**
 * The position of the YAML node at `path`, or of its nearest parent the text has; the start of the
 * document when the text has none of it (a preset's channel in a file without `channels`).
 * `about: "key"` points at a map entry's key (an unknown key); by default a scalar value is pointed
 * at itself, and a mapping, a list or an empty value at its key. A path the text has only in part
 * (a missing required key) points at the key of the nearest parent. The text is parsed once, for
 * every path asked.
 */
export function positionsOf(doc: Document.Parsed, counter: LineCounter): (path: string, about?: "key" | "value") => Position {
  const at = (offset: number): Position => {
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
  const start = rangeOf(doc.contents as YamlNode | null);
  const top: Position = start === undefined ? { line: 1, column: 1 } : at(start[0] ?? 0);
  return (path, about) => {
    const segments = pathSegments(path);
    const steps = walk(doc, segments);
    const last = steps.at(-1);
    if (last === undefined) return top;
    const whole = steps.length === segments.length;
    const value = rangeOf(last.value);
    const key = rangeOf(last.key);
    const scalarValue = isScalar(last.value) && last.value.value !== null;
    if (whole && value !== undefined && (last.key === null || (about !== "key" && scalarValue))) return at(value[0] ?? 0);
    if (key !== undefined) return at(key[0] ?? 0);
    return value === undefined ? top : at(value[0] ?? 0);
  };
}

/**
 * Finds the 1-based line of the YAML node at a path, or of its nearest parent the text has, where
 * its block begins; `undefined` when it has none (the playground's list). The text is parsed once,
 * for every path asked (a config with a thousand problems is not parsed a thousand times).
 */
export function lineFinder(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  return linesOf(parseDocument(text, { lineCounter: counter }), counter);
}

/** `lineFinder` for a document already parsed with `counter` as its line counter (one parse for a check). */
export function linesOf(doc: Document.Parsed, counter: LineCounter): (path: string) => number | undefined {
  return (path) => {
    // Down to the first key: a path of which the text has nothing (a preset's channel) has no line.
    for (const step of walk(doc, pathSegments(path)).reverse()) {
      const range = rangeOf(step.value);
      if (range !== undefined) return counter.linePos(range[0] ?? 0).line;
    }
    return undefined;
  };
}

/** The line of one path (see `lineFinder`). */
export function lineOf(text: string, path: string): number | undefined {
  return lineFinder(text)(path);
}

/** A YAML syntax error as a problem: where, the parser's message (without its own "at line ..."), and the fix. */
export interface SyntaxProblem extends Position {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/** Every syntax error the parser reports, in file order, each with its position and what to do about it. */
export function syntaxProblems(doc: Document.Parsed, counter: LineCounter, text: string): SyntaxProblem[] {
  if (doc.errors.length === 0) return [];
  const unclosed = unclosedBrackets(text);
  return doc.errors
    .map((e): SyntaxProblem => {
      const [from] = e.linePos ?? [{ line: 1, col: 1 }];
      const message = (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, "");
      return { line: from.line, column: from.col, code: e.code, message, hint: syntaxHint(e, text, doc, counter, unclosed) };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

const QUOTE_ANY = "put a text that holds : # [ ] { } , & * ! | > ' \" % @ or ` in quotes";

function syntaxHint(e: YAMLError, text: string, doc: Document.Parsed, counter: LineCounter, unclosed: readonly { readonly offset: number; readonly open: string }[]): string {
  const line = e.linePos === undefined ? "" : (text.split(/\r?\n/)[e.linePos[0].line - 1] ?? "");
  const previous = e.linePos === undefined ? "" : (text.split(/\r?\n/)[e.linePos[0].line - 2] ?? "");
  if (/：/.test(line) || (e.code === "MULTILINE_IMPLICIT_KEY" && /：/.test(previous + line))) {
    return "this line has a full-width colon ：; YAML needs an ASCII colon and a space after a key (key: value): retype the colon with the input method in English mode";
  }
  switch (e.code) {
    case "TAB_AS_INDENT":
      return "indent with spaces: YAML does not take a tab as indentation (set the editor to insert spaces for Tab)";
    case "DUPLICATE_KEY": {
      const name = duplicateKey(doc, e.pos[0]);
      return `${name === undefined ? "this key" : JSON.stringify(name)} is written twice in the same mapping: keep one (merge what is under the two), or rename one`;
    }
    case "BAD_INDENT":
    case "MISSING_CHAR": {
      if (/quote/.test(e.message)) {
        return `close the quote ${quoteOpenedAt(doc, counter, e.pos[0])} with the same quote mark; for a quote inside the text, use the other kind around it ('他说"好"') or write it twice inside single quotes ('it''s')`;
      }
      const close = /end with a ([}\]])/.exec(e.message)?.[1];
      if (close !== undefined) {
        const open = close === "}" ? "{" : "[";
        const at = unclosed.filter((u) => u.open === open && u.offset < e.pos[0]).at(-1);
        const where = at === undefined ? "opened before here" : `opened on line ${counter.linePos(at.offset).line}, column ${counter.linePos(at.offset).col}`;
        return `close the ${open} ${where} with a ${close}; or put the text in quotes if the bracket is part of it`;
      }
      return "line this key up with the keys above it at the same level (the same number of spaces), or indent it further if it belongs under the key above";
    }
    case "BAD_SCALAR_START":
      return `put this text in quotes: a text without them cannot start with @, \`, %, | or >; ${QUOTE_ANY}`;
    case "BLOCK_AS_IMPLICIT_KEY":
      return "a colon followed by a space starts a key: put the text in quotes (messages: \"您好: 请稍等\"), or use the full-width colon ：inside the text";
    case "MULTILINE_IMPLICIT_KEY":
      return "a key and its colon go on one line: add the missing colon after the key above, or put a text that runs over lines in quotes";
    case "MULTIPLE_DOCS":
      return "a config is one document: remove the --- line, or keep one config a file";
    case "BAD_DQ_ESCAPE":
      return "in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes";
    case "KEY_OVER_1024_CHARS":
      return "a key is a short name: put a long text as the value of a key, in quotes";
    default:
      return `check the quotes and brackets on this line: ${QUOTE_ANY}`;
  }
}

/** Where the quoted text that an error at `offset` finds unclosed was opened: "opened on line 4, column 27". */
function quoteOpenedAt(doc: Document.Parsed, counter: LineCounter, offset: number): string {
  let best: number | undefined;
  const visit = (node: unknown): void => {
    const range = (node as YamlNode | null)?.range;
    if (isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && range != null && range[0] < offset && offset <= range[2] && (best === undefined || range[0] > best)) best = range[0];
    if (isMap(node)) for (const pair of node.items) (visit(pair.key), visit(pair.value));
    else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  if (best === undefined) return "opened before here";
  const { line, col } = counter.linePos(best);
  return `opened on line ${line}, column ${col}`;
}

/** The `{` and `[` of the text that are not closed by their own bracket (from yaml's CST), in text order. */
function unclosedBrackets(text: string): { readonly offset: number; readonly open: string }[] {
  const out: { offset: number; open: string }[] = [];
  const check = (token: CST.Token | undefined): void => {
    if (token?.type !== "flow-collection") return;
    const open = token.start.source;
    if (!token.end.some((t) => t.source === (open === "{" ? "}" : "]"))) out.push({ offset: token.offset, open });
  };
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    check(token.value);
    CST.visit(token, (item) => {
      check(item.key ?? undefined);
      check(item.value ?? undefined);
    });
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** The key written at `offset` (a duplicate key's error points at its second writing). */
function duplicateKey(doc: Document.Parsed, offset: number | undefined): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = String(pair.key.value);
        visit(pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
  };
  visit(doc.contents);
  return found;
}

/**
 * Texts a comma split in a flow mapping: in `{ messages: 你好,请稍等 }` the comma ends the text, and
 * YAML reads the text "你好" and a key 请稍等 with no value. Each such key (a plain key without a
 * colon, after a plain value or another such key), by its path's segments joined with `\0`, with
 * the fix: the text in quotes, as written.
 */
function splitTexts(doc: Document.Parsed, text: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: unknown, path: readonly (string | number)[]): void => {
    if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
    if (!isMap(node)) return;
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      const head = items[i] as Pair;
      const name = String(isScalar(head.key) ? head.key.value : head.key);
      visit(head.value, [...path, name]);
      if (node.flow !== true || !isScalar(head.value) || head.value.type !== "PLAIN" || head.value.value === null) continue;
      // The keys without a colon that follow: the rest of the text, a piece a comma.
      const rest: Scalar[] = [];
      for (let j = i + 1; j < items.length; j++) {
        const pair = items[j] as Pair;
        if (!isScalar(pair.key) || pair.key.type !== "PLAIN" || pair.value !== null) break;
        rest.push(pair.key);
      }
      const from = head.value.range?.[0];
      const to = rest.at(-1)?.range?.[1];
      if (from === undefined || to === undefined) continue;
      const written = text.slice(from, to);
      const first = String((head.value as Scalar & { source?: string }).source ?? head.value.value);
      const keys = rest.map((k) => JSON.stringify(String(k.value))).join(", ");
      const hint = `in { } a comma ends a text, so ${written} was read as ${name}: ${first} and ${rest.length === 1 ? "a key" : "keys"} ${keys} with no value: put the whole text in quotes, ${name}: ${JSON.stringify(written)}, or write the Chinese comma ，`;
      for (const k of rest) out.set([...path, String(k.value)].join("\0"), hint);
      i += rest.length;
    }
  };
  visit(doc.contents, []);
  return out;
}

/** A problem of compile or of the lint, with where it is in the text. */
export type Placed<T> = T & Position;

/** A config problem with where it is: compile's issue, or a YAML syntax error (its path `(YAML)`). */
export type PlacedIssue = Placed<ConfigIssue>;

/**
 * The issues of a config read from `doc`, each with its position and, where the text tells more
 * than the value did, a better hint: a number or true/false quoted as it was written (0571 stays
 * 0571), a text a comma split in `{ }`. In file order (issues at the same place keep their order).
 */
export function placeIssues(doc: Document.Parsed, counter: LineCounter, text: string, issues: readonly ConfigIssue[]): PlacedIssue[] {
  const position = positionsOf(doc, counter);
  const splits = splitTexts(doc, text);
  const placed = issues.map((issue) => {
    const segments = pathSegments(issue.path);
    const lastSegment = segments.at(-1);
    // An unknown key's problem names the key itself: point at the key.
    const aboutKey = typeof lastSegment === "string" && issue.received === JSON.stringify(lastSegment.length > 40 ? `${lastSegment.slice(0, 40)}…` : lastSegment);
    let hint = issue.hint;
    for (let n = segments.length; n >= 1; n--) {
      const split = splits.get(segments.slice(0, n).join("\0"));
      if (split !== undefined) {
        hint = split;
        break;
      }
    }
    if (hint === issue.hint) hint = asWritten(doc, segments, hint);
    return { ...issue, hint, ...position(issue.path, aboutKey ? "key" : "value") };
  });
  return inFileOrder(placed);
}

/**
 * A hint's example of a number or true/false in quotes, as the text wrote the value (YAML read 0571
 * as 571), and with the key in quotes where the text is JSON (`"nickname": "13812345678"`).
 */
function asWritten(doc: Document.Parsed, segments: readonly (string | number)[], hint: string): string {
  const steps = walk(doc, segments);
  const last = steps.length === segments.length ? steps.at(-1) : undefined;
  const node = last?.value;
  if (!isScalar(node) || (typeof node.value !== "number" && typeof node.value !== "boolean")) return hint;
  const source = (node as { source?: unknown }).source;
  const read = String(node.value);
  let out = hint;
  if (typeof source === "string" && source !== read) out = out.split(`"${read}"`).join(JSON.stringify(source)).split(`reads ${read} as`).join(`reads ${source} as`);
  const key = last?.key;
  if (isScalar(key) && key.type === "QUOTE_DOUBLE") out = out.split(`${String(key.value)}: "`).join(`${JSON.stringify(String(key.value))}: "`);
  return out;
}

/** Items with positions, sorted by line and column; items at the same place keep their order. */
export function inFileOrder<T extends Position>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A config's text parsed once, with its line counter, as `autoreply check` and the playground read it. */
export function parseWithPositions(text: string): { readonly doc: Document.Parsed; readonly counter: LineCounter } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, merge: false });
  return { doc, counter };
}
