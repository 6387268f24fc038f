/**
 * Characters that show nothing and change no meaning: zero-width space, joiners and non-joiners,
 * direction marks and embeddings, word joiner and invisible operators, the byte order mark, the soft
 * hyphen and the Mongolian vowel separator. Folded away, so that `价\u200B格表` is `价格表` (spec K-MATCH).
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/**
 * Folds text the way keyword matching compares it: NFKC (full-width letters and digits become
 * half-width, compatibility forms become plain), lower case, and invisible characters removed
 * (`INVISIBLE`). Applied once to each keyword at compile time and once to each message.
 *
 * Fast path: NFKC leaves ASCII and the CJK unified ideographs (U+4E00-U+9FFF) unchanged, so a message
 * made only of those skips it (docs/performance.md, "Measured choices"), and is lower-cased only if it has
 * an ASCII capital.
 */
export function normalizeText(text: string): string {
  let capital = false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      if (unit >= 0x41 && unit <= 0x5a) capital = true;
    } else if (unit < 0x4e00 || unit > 0x9fff) {
      return text.normalize("NFKC").toLowerCase().replace(INVISIBLE, "");
    }
  }
  return capital ? text.toLowerCase() : text;
}
