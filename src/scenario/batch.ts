import type { Engine, Route } from "../index.js";
import type { Effect, ReplyKind } from "../model/types.js";

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
    return { text: m.text, line: m.line, replies, texts: d.replies.flatMap((r) => r.messages.map((x) => x.text)), tags, effects: d.effects, problems };
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

/** One CSV line's fields: commas separate, double quotes quote, `""` is a quote. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}

const list = (field: string | undefined): string[] | undefined => (field === undefined || field.trim() === "" ? undefined : field.trim() === "-" ? [] : field.split("|").map((x) => x.trim()).filter((x) => x !== ""));

/**
 * The messages of a batch file: one message a line (blank lines and lines starting with `#` are
 * skipped), or CSV with a header naming `text` and optionally `kinds` and `tags` (each a list
 * separated by `|`, `-` for none). Throws a plain Error naming the line for a CSV it cannot read.
 */
export function parseBatch(text: string, csv: boolean): BatchMessage[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!csv) return lines.flatMap((l, i) => (l.trim() === "" || l.startsWith("#") ? [] : [{ text: l, line: i + 1 }]));
  const head = csvFields(lines[0] ?? "").map((h) => h.trim().toLowerCase());
  const at = (name: string) => head.indexOf(name);
  if (at("text") < 0) throw new Error(`line 1: the CSV header names no text column (it has: ${head.join(", ") || "nothing"}); write text,kinds,tags`);
  return lines.slice(1).flatMap((l, i) => {
    if (l.trim() === "") return [];
    const f = csvFields(l);
    const kinds = at("kinds") < 0 ? undefined : list(f[at("kinds")]);
    const tags = at("tags") < 0 ? undefined : list(f[at("tags")]);
    return [{ text: f[at("text")] ?? "", line: i + 2, ...(kinds === undefined ? {} : { kinds }), ...(tags === undefined ? {} : { tags }) }];
  });
}
