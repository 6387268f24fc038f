import { formatDuration } from "../config/duration.js";
import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * Whether a reply with a minimum interval may be sent at `at`, given when it was last sent.
 * An interval of 0 never holds a reply back (seed 003 line 34).
 */
export function isHeldByInterval(lastSentAt: number | null, interval: number, at: number): boolean {
  return interval > 0 && lastSentAt !== null && at - lastSentAt < interval;
}

/**
 * The queued and offline replies' minimum interval (Q-INTERVAL, seed 003 line 17; O-INTERVAL,
 * line 34): not again within `interval` after one was sent. `dropped` gives the time it may go out.
 */
export const interval: Policy = definePolicy({
  name: "interval",
  verdict: "interval",
  specs: ["Q-INTERVAL", "O-INTERVAL"],
  appliesTo: (reply) => (reply.kind === "queued" || reply.kind === "offline") && reply.interval > 0,
  judge(c, step) {
    if (c.kind !== "queued" && c.kind !== "offline") return undefined;
    const last = c.kind === "queued" ? step.draft.s.lastQueuedAt : step.draft.s.lastOfflineAt;
    const every = c.reply.interval;
    if (!isHeldByInterval(last, every, step.at)) return undefined;
    const line = c.kind === "queued" ? 17 : 34;
    const detail = `sent ${formatDuration(step.at - (last as number))} ago; the interval is ${formatDuration(every)} (seed 003 line ${line})`;
    return { verdict: "interval", by: c.kind === "queued" ? "Q-INTERVAL" : "O-INTERVAL", detail, until: (last as number) + every };
  },
  // The clocks it reads: when the queued and the offline reply last went out.
  sent(step, c) {
    if (c.kind === "queued") step.draft.s.lastQueuedAt = step.at;
    else if (c.kind === "offline") step.draft.s.lastOfflineAt = step.at;
  },
});
