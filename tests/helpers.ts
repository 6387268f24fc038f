import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { AutoreplyError, compile, parseConfig, type ConfigInput, type ConversationState, type Engine, type EngineEvent } from "../src/core/index.js";

export const ROOT = join(import.meta.dirname, "..");

/** A config file of spec/, parsed. */
export function specConfig(name: string): ConfigInput {
  return parseConfig(parse(readFileSync(join(ROOT, "spec", name), "utf8")));
}

/** The engine of spec/rules/base.config.yaml, shared by the unit tests. */
export const base: Engine = compile(specConfig("rules/base.config.yaml"));

/** The AutoreplyError a call throws; fails the test if it throws anything else, or nothing. */
export function refusal(run: () => unknown): AutoreplyError {
  try {
    run();
  } catch (e) {
    if (e instanceof AutoreplyError) return e;
    throw e;
  }
  throw new Error("expected an AutoreplyError, but the call succeeded");
}

/** Freezes a value and everything in it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Applies events in order and returns every decision. */
export function play(engine: Engine, state: ConversationState, events: readonly EngineEvent[]) {
  const out = [];
  let s = state;
  for (const event of events) {
    const d = engine.decide(s, event);
    out.push(d);
    s = d.state;
  }
  return out;
}

/** The reply kinds of a decision, one per message. */
export function kinds(decision: { replies: readonly { kind: string; messages: readonly unknown[] }[] }): string[] {
  return decision.replies.flatMap((r) => r.messages.map(() => r.kind));
}

/** Every scenario file below `dir`. */
function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scenarioFiles(join(dir, e.name)) : e.name.endsWith(".scenario.yaml") ? [join(dir, e.name)] : []));
}

/**
 * The spec scenarios that fail with the engine as it is loaded now: imported afresh, so that a test
 * that replaces a module (`vi.doMock` after `vi.resetModules`) runs the spec against the replacement.
 */
export async function failingScenarios(): Promise<string[]> {
  const spec = join(ROOT, "spec");
  const { loadScenario } = await import("../src/cli/files.js");
  return scenarioFiles(spec).filter((file) => loadScenario(file, { cwd: spec }).mismatches.length > 0);
}
