/** The base64url digits, as character codes: the hash is made in one `String.fromCharCode`, one flat string. */
const DIGITS = Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", (c) => c.charCodeAt(0));

/** The length of a `hash64`: 64 bits in base64url digits. */
export const HASH_LENGTH = 11;

/**
 * A 64-bit hash of a text, as 11 base64url digits: two 32-bit FNV-1a lanes with different offsets.
 * Not for security: it names contents (a config's fingerprint, an event id, a text or a rule in a
 * state's memory) so that the text itself need not be kept. Base64url rather than hex keeps the
 * memory of a busy conversation under 2 KB (docs/limits.md).
 */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  a >>>= 0;
  b >>>= 0;
  // The 64 bits a then b, six at a time; the last digit carries the last four bits.
  return String.fromCharCode(
    DIGITS[(a >>> 26) & 63]!, DIGITS[(a >>> 20) & 63]!, DIGITS[(a >>> 14) & 63]!, DIGITS[(a >>> 8) & 63]!, DIGITS[(a >>> 2) & 63]!,
    DIGITS[((a & 3) << 4) | (b >>> 28)]!,
    DIGITS[(b >>> 22) & 63]!, DIGITS[(b >>> 16) & 63]!, DIGITS[(b >>> 10) & 63]!, DIGITS[(b >>> 4) & 63]!, DIGITS[(b & 15) << 2]!,
  );
}
