// What each means: src/tools/docs/verdicts.ts (words only the docs read, kept out of the main entry).
/**
 * The one vocabulary of what happened to a candidate reply. Both the explain trace (every verdict)
 * and `dropped` (the verdicts marked `dropped`) speak it: a policy returns one of these, and the
 * decision derives both lists from what the policies returned. `autoreply tables` and
 * docs/concepts.md list this table, with what each means.
 */
export const VERDICTS = {
  sent: { dropped: false },
  armed: { dropped: false },
  pending: { dropped: false },
  notConfigured: { dropped: false },
  noMatch: { dropped: false },
  noRule: { dropped: false },
  cut: { dropped: false },
  switchOff: { dropped: false },
  notInPhase: { dropped: false },
  muted: { dropped: true },
  automatic: { dropped: true },
  language: { dropped: true },
  suppressed: { dropped: true },
  interval: { dropped: true },
  frequency: { dropped: true },
  window: { dropped: true },
  platform: { dropped: true },
  content: { dropped: true },
  quota: { dropped: true },
  stale: { dropped: true },
  redelivered: { dropped: true },
  tag: { dropped: false },
  route: { dropped: false },
  transfer: { dropped: false },
  alert: { dropped: false },
  survey: { dropped: false },
} as const satisfies Readonly<Record<string, { readonly dropped: boolean }>>;

/** What happened to one candidate reply of a decision. */
export type Verdict = keyof typeof VERDICTS;

/** The verdicts that put a reply (or part of it) in `dropped`: it was configured and would have gone out. */
export type DropReason = { [V in Verdict]: (typeof VERDICTS)[V]["dropped"] extends true ? V : never }[Verdict];

/** Whether a verdict puts the reply in `dropped`. */
export function isDropped(verdict: Verdict): verdict is DropReason {
  return VERDICTS[verdict].dropped;
}
