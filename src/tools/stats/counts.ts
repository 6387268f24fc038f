import type { Decision } from "../../core/index.js";

/** One reply a decision set off, as the numbers per rule count it (`autoreply stats`, the host kit's counters). */
export interface ReplyCount {
  readonly kind: string;
  readonly rule: string;
  /** Messages sent: 0 when the whole reply was dropped. */
  readonly messages: number;
  /** Whether some of it went out. */
  readonly sent: boolean;
  /** Why it, or part of it, was not sent: each reason once, with the rule behind it. */
  readonly dropped: readonly { readonly reason: string; readonly by: string | null }[];
}

/**
 * The replies a decision set off, one entry each: a reply cut in part (sent, and dropped by the
 * quota, say) is one reply with both, so it counts once as set off. A dropped event (a redelivery)
 * sets off nothing.
 */
export function replyCounts(decision: Decision): ReplyCount[] {
  const out = new Map<string, { kind: string; rule: string; messages: number; sent: boolean; dropped: { reason: string; by: string | null }[] }>();
  const entry = (kind: string, rule: string) => {
    const key = `${kind}\u0000${rule}`;
    let e = out.get(key);
    if (e === undefined) out.set(key, (e = { kind, rule, messages: 0, sent: false, dropped: [] }));
    return e;
  };
  for (const r of decision.replies) {
    const e = entry(r.kind, r.rule);
    e.sent = true;
    e.messages += r.messages.length;
  }
  for (const d of decision.dropped) {
    if (d.kind !== "event") entry(d.kind, d.rule ?? "").dropped.push({ reason: d.reason, by: d.by ?? null });
  }
  return [...out.values()];
}
