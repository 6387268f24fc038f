import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { compile, parseConfig } from "../core/index.js";
import { parseScenario, runScenario, type ScenarioRun } from "../tools/index.js";

/** A problem with the command line's input: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** The largest file (or standard input) the command line reads: 16 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * The next bytes of a file descriptor into `chunk`: how many, 0 at the end. Standard input that is
 * not ready yet (EAGAIN) is read again; an error is one clear line.
 */
export function readChunk(fd: number, chunk: Buffer, name: string): number {
  for (;;) {
    try {
      return readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EOF") return 0;
      throw new UsageError(`cannot read ${name}: ${(e as Error).message}`);
    }
  }
}

/** Reads at most `MAX_INPUT_BYTES` from a file descriptor; more is an error, so a stream that never ends is refused. */
export function readBounded(fd: number, name: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (let n = readChunk(fd, chunk, name); n > 0; n = readChunk(fd, chunk, name)) {
    total += n;
    if (total > MAX_INPUT_BYTES) throw new UsageError(`${name} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; the command line reads no more`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The text of a file, or of standard input for `-`: a regular file of at most `MAX_INPUT_BYTES`. */
export function readText(path: string, stdin: () => string): string {
  if (path === "-") return stdin();
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`cannot read ${path}: not a regular file${stat.isDirectory() ? " (a folder)" : ""}`);
    size = stat.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: no such file, or not readable`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${path} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB; the command line reads no more`);
  const fd = openSync(path, "r");
  try {
    return readBounded(fd, path);
  } finally {
    closeSync(fd);
  }
}

/** Reads a YAML or JSON file (`-`: standard input). */
export function readDocument(path: string, stdin: () => string = noStdin): unknown {
  return parseDocumentText(readText(path, stdin), path === "-" ? "standard input" : path);
}

/** A YAML or JSON document's text, parsed as `readDocument` parses a file. */
export function parseDocumentText(text: string, name: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true, merge: false, maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${name} is not valid YAML or JSON: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
}

function noStdin(): never {
  throw new UsageError("standard input (-) can be read once, for the file named on the command line");
}

/** A file of the built-in seed 003 example (spec/seed-003.*.yaml), found from where this file is installed. */
export function builtIn(name: "seed-003.scenario.yaml" | "seed-003.config.yaml"): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "spec", name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new UsageError(`the built-in seed 003 example is missing from this installation (spec/${name})`);
}

/**
 * Reads a scenario file (its config path taken relative to it, or `configOverride`) and runs it.
 * Either may be `-`, standard input; a scenario read from standard input takes config paths relative
 * to `cwd`.
 */
export function loadScenario(path: string, options: { readonly config?: string; readonly explain?: boolean; readonly cwd: string; readonly stdin?: () => string }): ScenarioRun {
  const stdin = options.stdin ?? noStdin;
  const raw = readDocument(path, stdin) as Record<string, unknown> | null;
  const base = path === "-" ? options.cwd : dirname(path);
  const override = options.config;
  const withConfig = override === undefined || raw === null || typeof raw !== "object" ? raw : { ...raw, config: override };
  const scenario = parseScenario(withConfig, (ref) => readDocument(override !== undefined && ref === override ? ref : resolve(base, ref), stdin));
  return runScenario(compile(parseConfig(scenario.config)), scenario, { explain: options.explain === true });
}

/** The scenario files at a path: the file itself, or every `*.scenario.{yaml,yml,json}` below a folder. */
export function findScenarios(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(path, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : findScenarios(full);
      return /\.scenario\.(ya?ml|json)$/.test(entry.name) ? [full] : [];
    });
}

