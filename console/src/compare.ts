/**
 * Compare with the live config (issue 29, item 6): the batch's messages run through the config that
 * is live now and through the one in the editor; the rows are the messages whose replies would
 * change. Pure: the worker runs both batches, the page draws the rows.
 */
import type { BatchResult } from "../../src/scenario/batch.js";

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
