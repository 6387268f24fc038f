import type { Verdict } from "../../core/internal.js";

/** What each verdict of the engine's vocabulary (`VERDICTS`, src/core/model/verdicts.ts) means, for the docs and `autoreply tables`. */
export const MEANINGS: Readonly<Record<Verdict, string>> = Object.freeze({
  sent: "sent, all its messages or (see `cut`) the first of them",
  armed: "a timer was set for it (see `until`)",
  pending: "its timer was already set",
  notConfigured: "no layer sets this kind",
  noMatch: "no keyword rule matched",
  noRule: "no queue rule is for this position",
  cut: "keyword matching read only the first `limits.text` characters of the message",
  switchOff: "a switch keeps it off",
  notInPhase: "not a reply of this phase or move",
  muted: "automatic replies are muted after a `repeated` reply (see `until`)",
  automatic: "the visitor's message looks like an auto-responder's (a channel's `autoResponder`: a marker, or the same text again and again within seconds): no automatic reply to it",
  suppressed: "a rule says another reply beats it (see `by`)",
  interval: "sent too recently (see `until`)",
  frequency: "a frequency rule held it back (see `by`)",
  window: "the channel's window is closed (expired, within its margin, or the visitor unsubscribed)",
  platform: "the platform's API cannot send it now (WeCom: see `by`)",
  content: "its text breaks the channel's content rules: a link the channel forbids (see `by`)",
  quota: "the channel's message quota, less the reserve for agents, is used up",
  stale: "a timer that no longer applies",
  redelivered: "the event was applied before (its id was seen): nothing is decided again",
  tag: "not a reply: the visitor gets a tag (an effect)",
  route: "not a reply: a routing suggestion for the host (an effect)",
  transfer: "not a reply: the decision asks the host to transfer the conversation (an effect)",
  alert: "not a reply: the decision raises an alert for a person (an effect)",
});
