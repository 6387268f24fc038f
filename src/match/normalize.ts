/**
 * Folds text the way keyword matching compares it: NFKC (full-width letters and digits become
 * half-width, compatibility forms become plain) and then lower case. Applied once to each keyword at
 * compile time and once to each message.
 *
 * Fast path: NFKC leaves ASCII and the CJK unified ideographs (U+4E00-U+9FFF) unchanged, so a message
 * made only of those skips it (it costs ~85 ns on a short message), and is lower-cased only if it has
 * an ASCII capital.
 */
export function normalizeText(text: string): string {
  let capital = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (unit >= 0x41 && unit <= 0x5a) capital = true;
    } else if (unit < 0x4e00 || unit > 0x9fff) {
      return text.normalize("NFKC").toLowerCase();
    }
  }
  return capital ? text.toLowerCase() : text;
}
