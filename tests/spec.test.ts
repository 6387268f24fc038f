import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findScenarios, loadScenario, readDocument } from "../src/cli/files.js";
import { compile } from "../src/index.js";
import { parseScenario, runScenario } from "../src/tools.js";

const SPEC = join(import.meta.dirname, "..", "spec");
const files = findScenarios(SPEC);

describe("spec/: every scenario runs as written", () => {
  it("finds the scenario files", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file.slice(SPEC.length + 1), () => {
      const run = loadScenario(file);
      expect(run.mismatches).toEqual([]);
    });
  }
});

describe("the scenario runner can fail", () => {
  const path = join(SPEC, "seed-003.scenario.yaml");
  const raw = parse(readFileSync(path, "utf8")) as { steps: { expect?: { text?: string; kind?: string }[] }[] };
  const config = readDocument(join(SPEC, "seed-003.config.yaml"));

  it("reports a changed expected text as a mismatch of that step", () => {
    const changed = structuredClone(raw);
    const first = changed.steps[0]?.expect?.[0];
    if (first === undefined) throw new Error("the seed scenario's first step should expect a reply");
    first.text = "something else";
    const run = runScenario(compile(config), parseScenario({ ...changed, config }));
    expect(run.mismatches.map((m) => m.step)).toEqual([1]);
  });

  it("reports a missing reply as a mismatch", () => {
    const changed = structuredClone(raw);
    changed.steps[1]!.expect = [];
    const run = runScenario(compile(config), parseScenario({ ...changed, config }));
    expect(run.mismatches.map((m) => m.step)).toEqual([2]);
  });
});

