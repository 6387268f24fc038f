import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findScenarios, loadScenario, readDocument } from "../src/cli/files.js";
import { AutoreplyError, compile, parseConfig } from "../src/core/index.js";
import { parseScenario, runScenario } from "../src/tools/index.js";

const SPEC = join(import.meta.dirname, "..", "spec");
const files = findScenarios(SPEC);

describe("spec/: every scenario runs as written", () => {
  it("finds the scenario files", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file.slice(SPEC.length + 1), () => {
      const run = loadScenario(file, { cwd: SPEC });
      expect(run.mismatches).toEqual([]);
    });
  }
});

describe("the scenario runner can fail", () => {
  const path = join(SPEC, "seed-003.scenario.yaml");
  const raw = parse(readFileSync(path, "utf8")) as { steps: { expect?: { text?: string; kind?: string }[] }[] };
  const config = parseConfig(readDocument(join(SPEC, "seed-003.config.yaml")));

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

describe("parseScenario on malformed input", () => {
  const refusal = (raw: unknown): string | null => {
    try {
      parseScenario(raw);
      return null;
    } catch (error) {
      if (!(error instanceof AutoreplyError)) throw error;
      return error.code;
    }
  };

  it("regression: steps that is not a list is a SCENARIO_INVALID problem, not a TypeError", () => {
    expect(refusal({ channel: "web", steps: 3 })).toBe("SCENARIO_INVALID");
    expect(refusal({ channel: "web", steps: "at: 0s" })).toBe("SCENARIO_INVALID");
  });

  it("a visitor's locale and facts: taken to start, and of the wrong type a problem at their path", () => {
    const steps = [{ at: "0s", event: { type: "visitor.opened" } }];
    const ok = parseScenario({ channel: "web", visitor: { nickname: "小明", locale: "en", facts: ["vip"] }, steps });
    expect([ok.nickname, ok.locale, ok.facts]).toEqual(["小明", "en", ["vip"]]);
    try {
      parseScenario({ channel: "web", visitor: { locale: 5, facts: "vip" }, steps });
      expect.unreachable();
    } catch (e) {
      expect((e as AutoreplyError).issues.map((i) => i.path)).toEqual(["visitor.locale", "visitor.facts"]);
    }
  });

  it("refuses anything malformed with SCENARIO_INVALID and nothing else", () => {
    const step = fc.oneof(fc.anything(), fc.record({ at: fc.anything(), event: fc.anything(), expect: fc.anything(), dropped: fc.anything(), phase: fc.anything() }, { requiredKeys: [] }));
    const scenario = fc.record(
      { name: fc.anything(), channel: fc.anything(), config: fc.anything(), visitor: fc.anything(), online: fc.anything(), rules: fc.anything(), steps: fc.oneof(fc.anything(), fc.array(step)) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(scenario, fc.anything()), (raw) => {
        expect([null, "SCENARIO_INVALID"]).toContain(refusal(raw));
      }),
    );
  });
});
