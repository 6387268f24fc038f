/**
 * Folds text the way keyword matching compares it: NFKC (full-width letters and digits become
 * half-width, compatibility forms become plain) and then lower case. Applied once to each keyword at
 * compile time and once to each message.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}
