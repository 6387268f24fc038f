/**
 * Per-rule counts of a batch (issue 29, item 6): for each reply rule, how many messages it answered,
 * how often a suppression rule beat it (and which), and how often a limit cut it (the quota, the
 * channel's window, a frequency rule). Pure: the worker counts the results of runBatch as they come,
 * the page draws the rows.
 */
import type { BatchResult } from "../../src/tools/scenario/batch.js";

/** What the counts read of a batch result: its replies (`kind:rule`) and its dropped entries. */
export type Counted = Pick<BatchResult, "replies" | "dropped">;

/** One reply rule's counts over a batch. */
export interface RuleCount {
  /** The reply kind (`keyword`). */
  readonly kind: string;
  /** The rule id (`price-list`, `app.replies.received`), or `""` where the engine resolved none. */
  readonly rule: string;
  /** Messages it was sent to. */
  readonly sent: number;
  /** Times it was suppressed, by the suppression rule (`S-KW-RECEIVED`), most first. */
  readonly suppressed: readonly (readonly [by: string, n: number])[];
  /** Times the channel's message quota cut it (all or its tail). */
  readonly quota: number;
  /** Times the channel's window was closed to it. */
  readonly window: number;
  /** Times a frequency rule held it back. */
  readonly frequency: number;
  /** Times it was dropped for another reason (muted, interval, content...). */
  readonly other: number;
}

interface Tally {
  kind: string;
  rule: string;
  sent: number;
  suppressed: Map<string, number>;
  quota: number;
  window: number;
  frequency: number;
  other: number;
}

const key = (kind: string, rule: string) => `${kind}\u0000${rule}`;

/**
 * The counts of `results`, added to `before` (the counts of the slices already run; neither is
 * changed). Rows: most sent first, then most dropped, then by kind and rule.
 */
export function countRules(results: readonly Counted[], before: readonly RuleCount[] = []): RuleCount[] {
  const rows = new Map<string, Tally>();
  const row = (kind: string, rule: string): Tally => {
    const k = key(kind, rule);
    let r = rows.get(k);
    if (r === undefined) {
      r = { kind, rule, sent: 0, suppressed: new Map(), quota: 0, window: 0, frequency: 0, other: 0 };
      rows.set(k, r);
    }
    return r;
  };
  for (const b of before) {
    const r = row(b.kind, b.rule);
    r.sent += b.sent;
    for (const [by, n] of b.suppressed) r.suppressed.set(by, (r.suppressed.get(by) ?? 0) + n);
    r.quota += b.quota;
    r.window += b.window;
    r.frequency += b.frequency;
    r.other += b.other;
  }
  for (const result of results) {
    for (const reply of result.replies) {
      const at = reply.indexOf(":");
      row(at < 0 ? reply : reply.slice(0, at), at < 0 ? "" : reply.slice(at + 1)).sent++;
    }
    for (const d of result.dropped) {
      // An event not applied (a redelivery) is no reply rule's.
      if (d.kind === "event") continue;
      const r = row(d.kind, d.rule ?? "");
      if (d.reason === "suppressed") {
        const by = d.by ?? "";
        r.suppressed.set(by, (r.suppressed.get(by) ?? 0) + 1);
      } else if (d.reason === "quota" || d.reason === "window" || d.reason === "frequency") r[d.reason]++;
      else r.other++;
    }
  }
  const dropped = (r: Tally) => [...r.suppressed.values()].reduce((a, b) => a + b, 0) + r.quota + r.window + r.frequency + r.other;
  return [...rows.values()]
    .sort((a, b) => b.sent - a.sent || dropped(b) - dropped(a) || a.kind.localeCompare(b.kind) || a.rule.localeCompare(b.rule))
    .map((r) => ({ kind: r.kind, rule: r.rule, sent: r.sent, suppressed: [...r.suppressed].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])), quota: r.quota, window: r.window, frequency: r.frequency, other: r.other }));
}
