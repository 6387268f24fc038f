/**
 * Text folded for the content rules (links, personal data), with the way back to the original:
 * full-width ASCII (U+FF01-U+FF5E) and the ideographic space become ASCII, `。` becomes `.` (so
 * `taobao。com` is a link), ASCII capitals become lower case, dashes become `-`, and the invisible
 * characters of keyword matching (spec K-MATCH) are removed. One folded character for at most one
 * original one, so a match in the folded text is a span of the original: `at[i]` is where the
 * folded character `i` came from. Linear in the text.
 */
export interface Folded {
  readonly text: string;
  readonly at: readonly number[];
}

/** As `INVISIBLE` of src/core/match/normalize.ts, one code unit at a time. */
function invisible(u: number): boolean {
  return u === 0xad || u === 0x180e || (u >= 0x200b && u <= 0x200f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2060 && u <= 0x2064) || (u >= 0x2066 && u <= 0x206f) || u === 0xfeff;
}

/** The folded form of one code unit, or -1 to drop it. */
function foldUnit(u: number): number {
  if (u < 0x80) return u >= 0x41 && u <= 0x5a ? u + 0x20 : u;
  if (u >= 0xff01 && u <= 0xff5e) {
    const a = u - 0xfee0;
    return a >= 0x41 && a <= 0x5a ? a + 0x20 : a;
  }
  if (u === 0x3000) return 0x20;
  if (u === 0x3002 || u === 0xff61) return 0x2e;
  if (u === 0x2010 || u === 0x2011 || u === 0x2012 || u === 0x2013 || u === 0x2014 || u === 0x2212) return 0x2d;
  return invisible(u) ? -1 : u;
}

export function fold(text: string): Folded {
  const at: number[] = [];
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const f = foldUnit(text.charCodeAt(i));
    if (f < 0) continue;
    out += String.fromCharCode(f);
    at.push(i);
  }
  return { text: out, at };
}

/** Whether the code unit folds to an ASCII digit. */
export function isDigitUnit(u: number): boolean {
  return (u >= 0x30 && u <= 0x39) || (u >= 0xff10 && u <= 0xff19);
}
