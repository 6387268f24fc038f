/**
 * Compare with the live config (issue 29, item 6): the batch's messages, or a recorded event log,
 * run through the config that is live now and through the one in the editor; the rows are the
 * messages, or the conversations, whose replies would change. Pure: the worker runs both sides, the
 * page draws the rows.
 */
import { AutoreplyError, type ConversationState, type Engine } from "../../src/core/index.js";
import { countRules, type Counted, type RuleCount } from "./counts.js";
import type { BatchResult } from "../../src/tools/scenario/batch.js";
import { LogDiff, type DiffSummary, type FirstChange, type LogLine } from "../../src/tools/diff/diff.js";

/** What the comparison reads of a batch result: the message, and its replies (`kind:rule`) and their texts. */
export type Compared = Pick<BatchResult, "line" | "text" | "replies" | "texts">;

/** One message whose replies would change: what the live config sends, what the edited one sends. */
export interface ChangedRow {
  readonly line: number;
  readonly text: string;
  readonly live: { readonly replies: readonly string[]; readonly texts: readonly string[] };
  readonly edited: { readonly replies: readonly string[]; readonly texts: readonly string[] };
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The messages whose replies differ between two runs of the same batch (the same messages in the
 * same order): another reply, another rule, another order, or another text.
 */
export function changedRows(live: readonly Compared[], edited: readonly Compared[]): ChangedRow[] {
  if (live.length !== edited.length) throw new Error(`the two batches differ in length: ${live.length} and ${edited.length}`);
  return live.flatMap((l, i): ChangedRow[] => {
    const e = edited[i] as Compared;
    if (same(l.replies, e.replies) && same(l.texts, e.texts)) return [];
    return [{ line: l.line, text: l.text, live: { replies: l.replies, texts: l.texts }, edited: { replies: e.replies, texts: e.texts } }];
  });
}

/** One conversation of an event log whose replies would change: its first changed step, both sides. */
export type ChangedConversation = FirstChange;

/** An event log compared: the `diff` tool's summary, each affected conversation's first change, in the log's order, and the edited config's counts per rule over the log. */
export interface LogComparison {
  readonly summary: DiffSummary;
  readonly changes: readonly ChangedConversation[];
  /** How often each rule of the edited config fired on the log's events, was suppressed (by which rule) or cut (counts.ts). */
  readonly counts: readonly RuleCount[];
}

/** A line of the event log that is not one: its line number (from 1), and what is wrong, in English. */
export class LogLineError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`event log line ${line}: ${detail}`);
  }
}

/**
 * The event log (JSONL, one `{ conversation, channel, event }` a line, as `autoreply diff` reads it)
 * through the live config and the edited one, each conversation keeping a state per side (`LogDiff`):
 * every conversation whose replies would change, at its first changed step; and the edited config's
 * counts per rule, each event's decision counted as a batch message's is. Blank lines are skipped; a
 * line that is not JSON, or not a log line, throws a `LogLineError` with its line.
 */
export function compareLog(live: Engine, edited: Engine, log: string): LogComparison {
  const diff = new LogDiff(live, edited);
  const changes: ChangedConversation[] = [];
  // The edited side's decisions again, for the counts (LogDiff keeps only outcomes): a state per conversation.
  const states = new Map<string, ConversationState>();
  let decided: Counted[] = [];
  let counts: RuleCount[] = [];
  const lines = log.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((text, i) => {
    if (text.trim() === "") return;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch (e) {
      throw new LogLineError(i + 1, `not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    let change: FirstChange | undefined;
    try {
      change = diff.push(line, i + 1);
    } catch (e) {
      if (!(e instanceof AutoreplyError) || e.code !== "EVENT_INVALID") throw e;
      throw new LogLineError(i + 1, e.message.replace(/^\[autoreply\] /, "").replace(/^event log line \d+: /, ""));
    }
    if (change !== undefined) changes.push(change);
    const { conversation, channel, event, start } = line as LogLine;
    try {
      const d = edited.decide(states.get(conversation) ?? edited.start(start ?? { conversation, channel }), event);
      states.set(conversation, d.state);
      decided.push({ replies: d.replies.map((r) => `${r.kind}:${r.rule}`), dropped: d.dropped });
    } catch (e) {
      // An event the edited config refuses sends nothing and counts nowhere (the summary counts it).
      if (!(e instanceof AutoreplyError)) throw e;
    }
    if (decided.length >= 1_000) [counts, decided] = [countRules(decided, counts), []];
  });
  return { summary: diff.summary(), changes, counts: countRules(decided, counts) };
}
