/**
 * Whether a reply with a minimum interval may be sent at `at`, given when it was last sent.
 * An interval of 0 never holds a reply back (seed 003 line 34).
 */
export function isHeldByInterval(lastSentAt: number | null, interval: number, at: number): boolean {
  return interval > 0 && lastSentAt !== null && at - lastSentAt < interval;
}
