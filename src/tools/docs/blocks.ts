/** The marker lines of a generated block of a Markdown file. */
function markers(name: string): readonly [RegExp, string] {
  return [new RegExp(`<!-- generated: ${name}\\b[^\\n]*-->\\n`), `<!-- end: ${name} -->`];
}

/** The text between a generated block's markers, or `undefined` when the file has no such block. */
export function blockOf(text: string, name: string): string | undefined {
  const [start, end] = markers(name);
  const m = start.exec(text);
  const stop = text.indexOf(end);
  if (m === null || stop < 0) return undefined;
  return text.slice(m.index + m[0].length, stop).replace(/\n$/, "");
}

/** `text` with the block `name` replaced by `content`. */
export function withBlock(text: string, name: string, content: string): string {
  const [start, end] = markers(name);
  const m = start.exec(text);
  const stop = text.indexOf(end);
  if (m === null || stop < 0) throw new Error(`no generated block "${name}"`);
  return `${text.slice(0, m.index + m[0].length)}${content}\n${text.slice(stop)}`;
}
