import stringWidth from "string-width";

/** Terminal columns a string takes (string-width: East Asian wide characters, emoji and ZWJ sequences). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Pads to a number of terminal columns. */
export function pad(text: string, columns: number): string {
  return text + " ".repeat(Math.max(0, columns - displayWidth(text)));
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Cuts to at most `columns` terminal columns, with an ellipsis; never inside a character or an emoji. */
export function clip(text: string, columns: number): string {
  // Only the start of a long text can be shown: a look at a bounded prefix keeps this linear.
  const head = text.length > columns * 4 ? text.slice(0, columns * 4) : text;
  if (head === text && displayWidth(text) <= columns) return text;
  let out = "";
  let width = 0;
  for (const { segment } of graphemes.segment(head)) {
    const w = displayWidth(segment);
    if (width + w > columns - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

export interface Paint {
  readonly kind: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly bad: (s: string) => string;
  readonly good: (s: string) => string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const plain = (s: string) => s;

/**
 * Whether to colour the output: `FORCE_COLOR` (any value but `0` or `false`) forces it on, `NO_COLOR`
 * (any value but the empty one: no-color.org, so `NO_COLOR=` leaves colour on) or `TERM=dumb` turns
 * it off, and otherwise only a terminal gets colour.
 */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["TERM"] === "dumb") return false;
  return isTTY;
}

/** Colours only for a terminal that wants them. */
export function paint(color: boolean): Paint {
  return color
    ? { kind: ansi(36), dim: ansi(2), warn: ansi(33), bad: ansi(31), good: ansi(32) }
    : { kind: plain, dim: plain, warn: plain, bad: plain, good: plain };
}
