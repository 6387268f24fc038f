import { LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";

/** Where in the YAML text a config path is: the playground's errors and findings name their line. */

/** A config path as compile writes it (`app.replies.keyword[0].match`) as the keys and indexes of the YAML. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
    else if (m[1] !== undefined) out.push(m[1]);
  }
  return out;
}

/**
 * Finds the 1-based line of the YAML node at a path, or of its nearest parent the text has;
 * `undefined` when it has none. The text is parsed once, for every path asked (a config with a
 * thousand problems is not parsed a thousand times).
 */
export function lineFinder(text: string): (path: string) => number | undefined {
  const counter = new LineCounter();
  return linesOf(parseDocument(text, { lineCounter: counter }), counter);
}

/** `lineFinder` for a document already parsed with `counter` as its line counter (one parse for a check). */
export function linesOf(doc: Document.Parsed, counter: LineCounter): (path: string) => number | undefined {
  return (path) => {
    const segments = pathSegments(path);
    // Down to the first key: a path of which the text has nothing (a preset's channel) has no line.
    for (let n = segments.length; n >= 1; n--) {
      const node = doc.getIn(segments.slice(0, n), true) as YamlNode | null | undefined;
      const range = node !== null && typeof node === "object" && "range" in node ? node.range : undefined;
      if (range != null) return counter.linePos(range[0]).line;
    }
    return undefined;
  };
}

/** The line of one path (see `lineFinder`). */
export function lineOf(text: string, path: string): number | undefined {
  return lineFinder(text)(path);
}
