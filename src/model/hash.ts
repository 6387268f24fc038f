/**
 * A 64-bit hash of a text, as 16 hex digits: two 32-bit FNV-1a lanes with different offsets. Not
 * for security: it names contents (a config's fingerprint, an event id in a state's memory) so that
 * the text itself need not be kept.
 */
export function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  return hex(a) + hex(b);
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
