import { definePolicy, type Policy } from "../pipeline/rule.js";

/**
 * Spec V-LOCALE-EMPTY (Intercom's "intentionally empty"): a reply whose variant for the visitor's
 * language is `[]` sends nothing in that language; it is dropped with the reason `language`, and the
 * replies it would have held back (seed 003's suppression lines) go out as if it had not fired.
 */
export const language: Policy = definePolicy({
  name: "language",
  verdict: "language",
  specs: ["V-LOCALE-EMPTY"],
  appliesTo: (reply) => reply.locales !== null && [...reply.locales.values()].some((l) => l.source.messages.length === 0),
  judge: (c) => (c.source.messages.length === 0 ? { verdict: "language", by: "V-LOCALE-EMPTY", detail: "its variant for the visitor's language is empty: nothing in this language" } : undefined),
});
