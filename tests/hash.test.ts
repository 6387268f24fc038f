import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hash64, HASH_LENGTH } from "../src/core/model/hash.js";

/** The two 32-bit FNV-1a lanes of hash64, written again here as the reference. */
function lanes(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}

/** The 64 bits a hash's base64url digits carry, read back with BigInt. */
function bitsOf(hash: string): bigint {
  const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let n = 0n;
  for (const c of hash) n = (n << 6n) | BigInt(digits.indexOf(c));
  return n >> 2n; // 11 digits carry 66 bits: the last two are padding
}

describe("hash64", () => {
  it("is 11 base64url digits that carry exactly the two FNV-1a lanes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 64 }), (text) => {
        const h = hash64(text);
        expect(h).toMatch(/^[A-Za-z0-9_-]{11}$/);
        expect(h).toHaveLength(HASH_LENGTH);
        const [a, b] = lanes(text);
        expect(bitsOf(h)).toBe((BigInt(a) << 32n) | BigInt(b));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives 10,000 distinct ids 10,000 distinct hashes", () => {
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => hash64(`msgid-${i}`)));
    expect(hashes.size).toBe(10_000);
  });
});
