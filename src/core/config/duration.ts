const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

// A scan by hand rather than regular expressions: this runs on the compile step's cold start, where
// a first regular expression match costs more than the whole scan (tests/template.test.ts checks it
// against the regular expressions it replaced).
/**
 * Reads a duration: a whole number of milliseconds, or text such as `90s`, `5m`, `2h`, `48h`, `1h30m`,
 * `500ms`, `1d`. Returns milliseconds, or `undefined` when the input is not a duration.
 */
export function parseDuration(input: unknown): number | undefined {
  if (typeof input === "number") return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  if (typeof input !== "string") return undefined;
  const text = input.trim();
  if (text === "") return undefined;
  let total = 0;
  let i = 0;
  let unitless = true;
  while (i < text.length) {
    const start = i;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return undefined;
    const amount = Number(text.slice(start, i));
    if (i === text.length) return unitless ? parseDuration(amount) : undefined;
    unitless = false;
    const unit = text.startsWith("ms", i) ? "ms" : text[i] ?? "";
    const size = UNIT_MS[unit];
    if (size === undefined) return undefined;
    total += amount * size;
    i += unit.length;
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Writes milliseconds the short way people read them: `0s`, `90s`, `5m`, `1h30m`, `250ms`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return rest > 0 ? `${out}${rest}ms` : out;
}
