import type { Engine, Route } from "../../core/index.js";
// Papa Parse: RFC 4180 with the line of a malformed row, no Node built-in on this path (the tools
// entry and the playground's worker run in browsers and edge workers), 20 KB minified (issue 28).
import Papa from "papaparse";

/** Rows as CSV (RFC 4180, Papa Parse's writer), a header first. */
export function toCsv(fields: readonly string[], data: readonly (readonly (string | number)[])[]): string {
  return Papa.unparse({ fields: [...fields], data: data.map((row) => [...row]) }, { newline: "\n" });
}
import type { Dropped, Effect, ReplyKind } from "../../core/internal.js";

/** One test message of a batch, with what it should get (spec BATCH; seed 002 line 31). */
export interface BatchMessage {
  readonly text: string;
  /** Where it is written (a line of the file), for the report. */
  readonly line: number;
  /** The replies expected, in order, as `kind` or `kind:rule`; `undefined` checks nothing. */
  readonly kinds?: readonly string[];
  /** The tags expected, in any order; `undefined` checks nothing. */
  readonly tags?: readonly string[];
}

/** What one message got. */
export interface BatchResult {
  readonly text: string;
  readonly line: number;
  /** The replies sent, as `kind:rule`, in order. */
  readonly replies: readonly string[];
  /** Each reply's texts, in order. */
  readonly texts: readonly string[];
  readonly tags: readonly string[];
  readonly effects: readonly Effect[];
  /** The replies (or their tails) not sent, and why: the decision's `dropped`. */
  readonly dropped: readonly Dropped[];
  /** What differs from the expectation, one sentence each; empty when it matched or nothing was expected. */
  readonly problems: readonly string[];
}

/** A batch's results and its flow report: how many messages each rule answered, and how many no keyword rule did. */
export interface BatchReport {
  readonly results: readonly BatchResult[];
  /** Messages per reply (`kind:rule`), most first. */
  readonly byReply: readonly (readonly [string, number])[];
  /** Messages per tag given. */
  readonly byTag: readonly (readonly [string, number])[];
  /** Messages that no keyword rule answered. */
  readonly noKeyword: number;
  readonly failed: number;
}

/** How each message of a batch arrives: a fresh conversation on `channel`, with `online` agents, placed by `route`. */
export interface BatchOptions {
  readonly channel: string;
  readonly online: readonly string[];
  /** Where the host places the visitor; `undefined`: nowhere (the robot, or the default placement). */
  readonly route?: Route;
  /** The time of each message (epoch ms); the default is 2026-01-05 10:00 in Shanghai, a working Monday. */
  readonly at?: number;
}

/** 2026-01-05T10:00+08:00, a working Monday morning in Shanghai. */
const MONDAY_TEN = 1_767_578_400_000;

const count = (list: readonly string[]): [string, number][] => {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};

/** Whether a reply written `kind:rule` is the one expected as `kind` or `kind:rule`. */
const same = (got: string, want: string): boolean => (want.includes(":") ? got === want : got.split(":")[0] === want);

/**
 * Seed 002 line 31 (先批量输入200组不同类型的客户提问,观察系统回复的准确率): each message as the first
 * visitor message of a conversation of its own, so that no message's answer depends on another's;
 * what it got, checked against what it should get, and the flow report over all of them.
 */
export function runBatch(engine: Engine, messages: readonly BatchMessage[], options: BatchOptions): BatchReport {
  const at = options.at ?? MONDAY_TEN;
  const results = messages.map((m, i): BatchResult => {
    const state = engine.start({ conversation: `batch-${i + 1}`, channel: options.channel, online: options.online });
    const d = engine.decide(state, { type: "visitor.message", at, text: m.text, ...(options.route === undefined ? {} : { route: options.route }) });
    const replies = d.replies.map((r) => `${r.kind}:${r.rule}`);
    const tags = d.effects.flatMap((e) => (e.type === "tag" ? [e.tag] : []));
    const problems: string[] = [];
    if (m.kinds !== undefined && (m.kinds.length !== replies.length || m.kinds.some((k, j) => !same(replies[j] as string, k)))) {
      problems.push(`expected ${m.kinds.join(", ") || "no reply"}, got ${replies.join(", ") || "no reply"}`);
    }
    if (m.tags !== undefined && [...m.tags].sort().join("\u0000") !== [...tags].sort().join("\u0000")) problems.push(`expected the tags ${m.tags.join(", ") || "none"}, got ${tags.join(", ") || "none"}`);
    return { text: m.text, line: m.line, replies, texts: d.replies.flatMap((r) => r.messages.map((x) => x.text)), tags, effects: d.effects, dropped: d.dropped, problems };
  });
  const kinds = (r: BatchResult) => r.replies.map((x) => x.split(":")[0] as ReplyKind);
  return {
    results,
    byReply: count(results.flatMap((r) => r.replies)),
    byTag: count(results.flatMap((r) => r.tags)),
    noKeyword: results.filter((r) => !kinds(r).includes("keyword")).length,
    failed: results.filter((r) => r.problems.length > 0).length,
  };
}

/**
 * The line (from 1) of each position of `text`, asked in increasing order: one walk forward.
 * `startAt(i)`: the line of the first character at or after `i` that is not a line break (a record
 * starts after the empty lines skipped before it). CRLF is one line break.
 */
function lineCounter(text: string): (i: number) => number {
  let i = 0;
  let line = 1;
  const step = () => {
    const c = text.charCodeAt(i++);
    if (c === 10 || (c === 13 && text.charCodeAt(i) !== 10)) line++;
  };
  return (at) => {
    while (i < at && i < text.length) step();
    while (i < text.length && (text[i] === "\r" || text[i] === "\n")) step();
    return line;
  };
}

/** What a CSV error of Papa Parse means, in words, and what to write instead. */
const CSV_PROBLEMS: Readonly<Record<string, string>> = {
  MissingQuotes: "a quoted cell starting in this row is never closed; end it with a double quote",
  InvalidQuotes: 'a quote ends a quoted cell and more text follows it before the comma; inside a quoted cell write a quote as two (""), as in "他说""你好"""',
};

/**
 * The records of a CSV (RFC 4180, read by Papa Parse: quoted cells with commas, line breaks and
 * doubled quotes, CRLF or LF, a BOM), each with the line it starts on; empty lines are skipped.
 * A quote inside a cell that does not start with one is kept as written, as Excel reads it.
 * Throws a plain Error naming the line of the row it cannot read.
 */
function csvRecords(file: string): { fields: string[]; line: number }[] {
  // Papa Parse drops a leading BOM and counts its positions without it; so do the lines here.
  const text = file.replace(/^\uFEFF/, "");
  const lineAt = lineCounter(text);
  const out: { fields: string[]; line: number }[] = [];
  let start = 0;
  let problem: { line: number; code: string; message: string } | undefined;
  Papa.parse<string[]>(text, {
    delimiter: ",",
    skipEmptyLines: true,
    step: (row, parser) => {
      const error = row.errors[0];
      if (error !== undefined) {
        // Papa Parse's index is the position just past the quote at fault.
        problem = { line: lineAt(Math.max(start, (error.index ?? start + 1) - 1)), code: error.code, message: error.message };
        parser.abort();
        return;
      }
      out.push({ fields: row.data, line: lineAt(start) });
      start = row.meta.cursor;
    },
  });
  if (problem !== undefined) throw new Error(`line ${problem.line}: ${CSV_PROBLEMS[problem.code] ?? problem.message} (${problem.code})`);
  return out;
}

const list = (field: string | undefined): string[] | undefined => (field === undefined || field.trim() === "" ? undefined : field.trim() === "-" ? [] : field.split("|").map((x) => x.trim()).filter((x) => x !== ""));

/**
 * The messages of a batch file: one message a line (blank lines and lines starting with `#` are
 * skipped), or CSV with a header naming `text` and optionally `kinds` and `tags` (each a list
 * separated by `|`, `-` for none), read as RFC 4180 (a quoted cell may hold commas, doubled quotes
 * and line breaks: a message of several lines, as Excel exports it). Each message's `line` is the
 * line it starts on. Throws a plain Error naming the line of a row it cannot read.
 */
export function parseBatch(text: string, csv: boolean): BatchMessage[] {
  if (!csv) return text.replace(/^\uFEFF/, "").split(/\r?\n/).flatMap((l, i) => (l.trim() === "" || l.startsWith("#") ? [] : [{ text: l, line: i + 1 }]));
  const [header, ...rows] = csvRecords(text);
  const head = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  const at = (name: string) => head.indexOf(name);
  if (at("text") < 0) throw new Error(`line ${header?.line ?? 1}: the CSV header names no text column (it has: ${head.join(", ") || "nothing"}); write text,kinds,tags`);
  return rows.flatMap(({ fields: f, line }) => {
    if (f.every((x) => x.trim() === "")) return [];
    const extra = f.slice(head.length).filter((x) => x.trim() !== "");
    if (extra.length > 0) throw new Error(`line ${line}: ${f.length} cells, the header names ${head.length} (${head.join(", ")}): a comma in a message? Quote the cell ("…, …")`);
    const kinds = at("kinds") < 0 ? undefined : list(f[at("kinds")]);
    const tags = at("tags") < 0 ? undefined : list(f[at("tags")]);
    // A line break in a cell is a line break of the message, whichever the file's own (CRLF from Excel on Windows).
    return [{ text: (f[at("text")] ?? "").replace(/\r\n?/g, "\n"), line, ...(kinds === undefined ? {} : { kinds }), ...(tags === undefined ? {} : { tags }) }];
  });
}
