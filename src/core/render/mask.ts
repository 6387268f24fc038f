import { fold, isDigitUnit } from "./fold.js";

/**
 * Personal data in outgoing text, found and masked (spec C-MASK-VALUES, C-MASK-TEXT; seed 001 line
 * 29: 敏感信息自动打码). What counts as each kind, on the folded text (src/core/render/fold.ts: full-width
 * digits are digits, invisible characters are skipped):
 * - a number is a run of digit groups joined by one to three spaces, dashes or brackets; digits glued
 *   to other digits are one longer number (an order number is not a phone number followed by more);
 * - `mobile`: 11 digits 1[3-9]…, with or without 86 before them → 138****5678;
 * - `idCard`: 18 characters, a real birth date at 7-14 and the ISO 7064 check character → 110***********123X;
 * - `bankCard`: 16 to 19 digits starting 3, 4, 5, 6 or 9 that pass the Luhn check → 6222***********1234;
 * - `landline`: an area code (010, 02x, 0[3-9]xx) and a local number of 7 or 8 digits starting 2-8 → 010-****5678;
 * - `email`: local@domain.tld → z*******@example.com.
 * A part of the text is one kind at most, tried in the order email, idCard, bankCard, mobile,
 * landline. Linear in the text: each number is read once, each `@` once.
 */
export type PersonalKind = "mobile" | "landline" | "idCard" | "bankCard" | "email";

export const PERSONAL_KINDS: readonly PersonalKind[] = ["mobile", "landline", "idCard", "bankCard", "email"];

/** One piece of personal data: its kind and where it is in the original text, `[start, end)`. */
export interface PersonalHit {
  readonly kind: PersonalKind;
  readonly start: number;
  readonly end: number;
}

/** Whether a text can hold personal data at all: seven digits or an `@`. Cheap, and most texts fail it. */
function mayHold(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u === 0x40 || u === 0xff20) return true;
    if (isDigitUnit(u) && ++digits >= 7) return true;
  }
  return false;
}

const LOCAL = /[a-z0-9._%+-]/;
const DOMAIN = /[a-z0-9.-]/;
const SEPARATOR = " -()";
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-character resident ID: region, a real birth date, and the check character. */
export function validIdCard(d: string): boolean {
  if (!/^[1-9][0-9]{16}[0-9x]$/.test(d)) return false;
  const year = Number(d.slice(6, 10));
  const month = Number(d.slice(10, 12));
  const day = Number(d.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (d.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return "10x98765432"[sum % 11] === d[17];
}

/** The Luhn check of a card number. */
export function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** The area code's length of a landline written as `d`, or 0 when `d` is none. `first` is the length of its first group. */
function landlineArea(d: string, first: number): number {
  if (d[0] !== "0" || d.length < 10 || d.length > 12 || /[^0-9]/.test(d)) return 0;
  // The first group is the area code when it can be one; else the code's own digits say how long it is.
  for (const area of first >= 3 && first <= 4 && first < d.length ? [first, 3, 4] : [3, 4]) {
    const code = d.slice(0, area);
    if (area === 3 ? !(code === "010" || /^02[0-9]$/.test(code)) : !/^0[3-9][0-9]{2}$/.test(code)) continue;
    const local = d.slice(area);
    if (local.length >= 7 && local.length <= 8 && local[0]! >= "2" && local[0]! <= "8") return area;
  }
  return 0;
}

/** The kind of the number `d` (its digits, `first` the length of its first group) and how many leading and trailing characters stay visible. */
function classify(d: string, first: number): { kind: PersonalKind; head: number; tail: number } | undefined {
  if (d.length === 18 && validIdCard(d)) return { kind: "idCard", head: 3, tail: 4 };
  if (d.length >= 16 && d.length <= 19 && "34569".includes(d[0]!) && !d.includes("x") && luhn(d)) return { kind: "bankCard", head: 4, tail: 4 };
  if (d.length === 11 && /^1[3-9][0-9]{9}$/.test(d)) return { kind: "mobile", head: 3, tail: 4 };
  if (d.length === 13 && /^861[3-9][0-9]{9}$/.test(d)) return { kind: "mobile", head: 5, tail: 4 };
  const area = landlineArea(d, first);
  return area === 0 ? undefined : { kind: "landline", head: area, tail: 4 };
}

const RANK: Readonly<Record<PersonalKind, number>> = { email: 0, idCard: 1, bankCard: 2, mobile: 3, landline: 4 };

/** Every piece of personal data in `text`, in text order, and which characters to mask. */
function scan(text: string): { hits: PersonalHit[]; stars: number[] } {
  const hits: PersonalHit[] = [];
  const stars: number[] = [];
  if (!mayHold(text)) return { hits, stars };
  const { text: f, at } = fold(text);
  const taken = new Uint8Array(f.length);
  // E-mail addresses first: a local part made of digits is not a phone number.
  for (let p = f.indexOf("@"); p >= 0; p = f.indexOf("@", p + 1)) {
    let left = p;
    while (left > 0 && LOCAL.test(f[left - 1]!) && taken[left - 1] === 0) left--;
    let right = p + 1;
    while (right < f.length && DOMAIN.test(f[right]!)) right++;
    while (right > p + 1 && (f[right - 1] === "." || f[right - 1] === "-")) right--;
    const labels = f.slice(p + 1, right).split(".");
    if (left === p || labels.length < 2 || labels.some((l) => l === "") || !/^[a-z]{2,}$/.test(labels[labels.length - 1]!)) continue;
    for (let i = left; i < right; i++) taken[i] = 1;
    for (let i = left + 1; i < p; i++) stars.push(at[i]!);
    hits.push({ kind: "email", start: at[left]!, end: at[right - 1]! + 1 });
  }
  // Digit groups, then chains of groups joined by separators.
  const groups: { start: number; end: number; digits: string }[] = [];
  for (let i = 0; i < f.length; ) {
    const u = f.charCodeAt(i);
    // An ID number's check character may stand apart, after a separator: 110105 19491231 002 X.
    if (u === 0x78 && taken[i] === 0 && i > 0 && SEPARATOR.includes(f[i - 1]!)) {
      groups.push({ start: i, end: i + 1, digits: "x" });
      i++;
      continue;
    }
    if (u < 0x30 || u > 0x39 || taken[i] === 1) {
      i++;
      continue;
    }
    let end = i;
    while (end < f.length && taken[end] === 0 && f.charCodeAt(end) >= 0x30 && f.charCodeAt(end) <= 0x39) end++;
    if (f[end] === "x" && taken[end] === 0) end++;
    groups.push({ start: i, end, digits: f.slice(i, end) });
    i = end;
  }
  const joined = (a: { end: number }, b: { start: number }): boolean => {
    const gap = b.start - a.end;
    if (gap < 1 || gap > 3) return false;
    for (let k = a.end; k < b.start; k++) if (!SEPARATOR.includes(f[k]!) || taken[k] === 1) return false;
    return true;
  };
  for (let c = 0; c < groups.length; ) {
    let last = c;
    while (last + 1 < groups.length && joined(groups[last]!, groups[last + 1]!)) last++;
    for (let i = c; i <= last; ) {
      let best: { j: number; kind: PersonalKind; head: number; tail: number } | undefined;
      let d = "";
      for (let j = i; j <= last; j++) {
        d += groups[j]!.digits;
        if (d.length > 19) break;
        const k = classify(d, groups[i]!.digits.length);
        if (k !== undefined && (best === undefined || RANK[k.kind] < RANK[best.kind] || (RANK[k.kind] === RANK[best.kind] && j > best.j))) best = { j, ...k };
      }
      if (best === undefined) {
        i++;
        continue;
      }
      // Star every digit but the first `head` and the last `tail`, leaving the separators as written.
      const positions: number[] = [];
      for (let g = i; g <= best.j; g++) for (let k = groups[g]!.start; k < groups[g]!.end; k++) positions.push(k);
      for (let k = best.head; k < positions.length - best.tail; k++) stars.push(at[positions[k]!]!);
      hits.push({ kind: best.kind, start: at[groups[i]!.start]!, end: at[groups[best.j]!.end - 1]! + 1 });
      i = best.j + 1;
    }
    c = last + 1;
  }
  hits.sort((a, b) => a.start - b.start);
  return { hits, stars };
}

/** The personal data in `text`, in text order (for `autoreply check` and the tests). */
export function findPersonal(text: string): PersonalHit[] {
  return scan(text).hits;
}

/** `text` with its personal data masked by `*`; the same string when it holds none. */
export function maskPersonal(text: string): string {
  const { stars } = scan(text);
  if (stars.length === 0) return text;
  stars.sort((a, b) => a - b);
  let out = "";
  let from = 0;
  for (const i of stars) {
    out += text.slice(from, i) + "*";
    from = i + 1;
  }
  return out + text.slice(from);
}
