/**
 * The one vocabulary of what happened to a candidate reply. Both the explain trace (every verdict)
 * and `dropped` (the verdicts marked `dropped`) speak it: a policy returns one of these, and the
 * decision derives both lists from what the policies returned. `autoreply tables` and
 * docs/concepts.md list this table.
 */
export const VERDICTS = {
  sent: { dropped: false, meaning: "sent, all its messages or (see `cut`) the first of them" },
  armed: { dropped: false, meaning: "a timer was set for it (see `until`)" },
  pending: { dropped: false, meaning: "its timer was already set" },
  notConfigured: { dropped: false, meaning: "no layer sets this kind" },
  noMatch: { dropped: false, meaning: "no keyword rule matched" },
  noRule: { dropped: false, meaning: "no queue rule is for this position" },
  cut: { dropped: false, meaning: "keyword matching read only the first `limits.text` characters of the message" },
  switchOff: { dropped: false, meaning: "a switch keeps it off" },
  notInPhase: { dropped: false, meaning: "not a reply of this phase or move" },
  muted: { dropped: true, meaning: "automatic replies are muted after a `repeated` reply (see `until`)" },
  suppressed: { dropped: true, meaning: "a rule says another reply beats it (see `by`)" },
  interval: { dropped: true, meaning: "sent too recently (see `until`)" },
  frequency: { dropped: true, meaning: "a frequency rule held it back (see `by`)" },
  window: { dropped: true, meaning: "the channel's window is closed (expired, within its margin, or the visitor unsubscribed)" },
  content: { dropped: true, meaning: "its text breaks the channel's content rules: a link the channel forbids (see `by`)" },
  quota: { dropped: true, meaning: "the channel's message quota, less the reserve for agents, is used up" },
  stale: { dropped: true, meaning: "a timer that no longer applies" },
  redelivered: { dropped: true, meaning: "the event was applied before (its id was seen): nothing is decided again" },
  tag: { dropped: false, meaning: "not a reply: the visitor gets a tag (an effect)" },
  route: { dropped: false, meaning: "not a reply: a routing suggestion for the host (an effect)" },
  transfer: { dropped: false, meaning: "not a reply: the decision asks the host to transfer the conversation (an effect)" },
  alert: { dropped: false, meaning: "not a reply: the decision raises an alert for a person (an effect)" },
} as const satisfies Readonly<Record<string, { readonly dropped: boolean; readonly meaning: string }>>;

/** What happened to one candidate reply of a decision. */
export type Verdict = keyof typeof VERDICTS;

/** The verdicts that put a reply (or part of it) in `dropped`: it was configured and would have gone out. */
export type DropReason = { [V in Verdict]: (typeof VERDICTS)[V]["dropped"] extends true ? V : never }[Verdict];

/** Whether a verdict puts the reply in `dropped`. */
export function isDropped(verdict: Verdict): verdict is DropReason {
  return VERDICTS[verdict].dropped;
}
