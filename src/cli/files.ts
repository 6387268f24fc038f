import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { compile } from "../engine.js";
import { parseScenario, runScenario, type ScenarioRun } from "../scenario/scenario.js";

/** A problem with the command line's input: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Reads a YAML or JSON file. */
export function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UsageError(`cannot read ${path}: no such file, or not readable`);
  }
  try {
    return parseYaml(text, { uniqueKeys: true, merge: false, maxAliasCount: 100 });
  } catch (e) {
    throw new UsageError(`${path} is not valid YAML or JSON: ${(e as Error).message.split("\n")[0] ?? ""}`);
  }
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

/** Reads a scenario file (its config path taken relative to it, or `configOverride`) and runs it. */
export function loadScenario(path: string, configOverride?: string, explain = false): ScenarioRun {
  const raw = readDocument(path) as Record<string, unknown> | null;
  const base = dirname(path);
  const withConfig = configOverride === undefined || raw === null || typeof raw !== "object" ? raw : { ...raw, config: configOverride };
  const scenario = parseScenario(withConfig, (ref) => readDocument(configOverride !== undefined && ref === configOverride ? ref : resolve(base, ref)));
  return runScenario(compile(scenario.config), scenario, { explain });
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

