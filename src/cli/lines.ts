import { closeSync, openSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { readChunk, UsageError } from "./files.js";

/** The longest line an event log may have: far more than any event the engine accepts. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Calls `each` with every non-empty line of a file (or of standard input, for `-`) and its number,
 * reading 64 KiB at a time: a log of any length is read in bounded memory.
 */
export function forEachLine(path: string, each: (line: string, n: number) => void): void {
  const fd = path === "-" ? 0 : openFile(path);
  const decoder = new StringDecoder("utf8");
  const chunk = Buffer.alloc(64 * 1024);
  let rest = "";
  let n = 0;
  const emit = (line: string) => {
    n++;
    if (line.trim() !== "") each(line, n);
  };
  try {
    for (let read = readChunk(fd, chunk, path); read > 0; read = readChunk(fd, chunk, path)) {
      const text = rest + decoder.write(chunk.subarray(0, read));
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      if (rest.length > MAX_LINE_BYTES) throw new UsageError(`${path}: line ${n + lines.length + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB`);
      for (const line of lines) emit(line.endsWith("\r") ? line.slice(0, -1) : line);
    }
    rest += decoder.end();
    if (rest !== "") emit(rest);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

function openFile(path: string): number {
  try {
    return openSync(path, "r");
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}
