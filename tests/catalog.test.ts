import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findScenarios, loadScenario } from "../src/cli/files.js";
import { catalogSources } from "../scripts/gen-catalog.js";
import { SUPPRESSIONS, __internal } from "../src/core/index.js";

const ROOT = join(import.meta.dirname, "..");
const SEEDS = join(ROOT, "..", "shared", "seeds");

interface CatalogRule {
  id: string;
  source: { seed?: string; line?: number; design?: boolean; doc?: string; url?: string };
  quote?: string;
  rule: string;
  test?: string;
}

const catalog = parse(readFileSync(join(ROOT, "spec", "rules.yaml"), "utf8")) as CatalogRule[];
const ids = new Set(catalog.map((r) => r.id));
const scenarioRules = findScenarios(join(ROOT, "spec")).flatMap((file) => {
  const doc = parse(readFileSync(file, "utf8")) as { rules?: string[] };
  return (doc.rules ?? []).map((id) => ({ id, file }));
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("the citations the main entry carries (OTHER_CITATIONS stay in the tools)", () => {
  it("cover every rule a trace or a drop of any scenario names", () => {
    const named = new Set<string>();
    for (const file of findScenarios(join(ROOT, "spec"))) {
      const run = loadScenario(file, { cwd: join(ROOT, "spec"), explain: true });
      for (const step of run.steps) {
        for (const e of step.trace ?? []) {
          if (e.by === undefined) continue;
          named.add(e.by);
          expect(e.source, `${file}: ${e.by}`).toBeDefined();
        }
        for (const d of step.dropped) {
          if (d.by === undefined) continue;
          named.add(d.by);
          expect(__internal.CITATIONS[d.by], `${file}: ${d.by}`).toBeDefined();
        }
      }
    }
    expect(named.size).toBeGreaterThan(30);
  });
});

describe("spec/rules.yaml, the rule catalog", () => {
  it("gives every rule a unique id, a statement and a source", () => {
    expect(ids.size).toBe(catalog.length);
    for (const r of catalog) {
      expect(r.rule.length, r.id).toBeGreaterThan(10);
      expect(r.source.design === true || r.source.seed !== undefined || (r.source.doc !== undefined && r.source.url?.startsWith("https://") === true), r.id).toBe(true);
      // A platform's rule quotes its document, word for word (a design rule quotes nothing).
      if (r.source.doc !== undefined) expect(r.quote, r.id).toBeTruthy();
    }
  });

  it("names, in some scenario's rules, only ids that the catalog has", () => {
    const unknown = scenarioRules.filter((s) => !ids.has(s.id));
    expect(unknown).toEqual([]);
  });

  it("demonstrates every rule in a scenario, or in a test file that names it", () => {
    const named = new Set(scenarioRules.map((s) => s.id));
    const missing = catalog.filter((r) => {
      if (named.has(r.id)) return false;
      if (r.test === undefined) return true;
      const path = join(ROOT, r.test);
      return !existsSync(path) || !readFileSync(path, "utf8").includes(r.id);
    });
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it("points each rule's test at a file that exists and names the rule (the paths moved with the kernel once, unnoticed)", () => {
    const stale = catalog.filter((r) => r.test !== undefined && !(existsSync(join(ROOT, r.test)) && readFileSync(join(ROOT, r.test), "utf8").includes(r.id)));
    expect(stale.map((r) => `${r.id}: ${r.test}`)).toEqual([]);
  });

  it("lists every spec id the engine cites in its source and its suppression table", () => {
    const cited = new Set<string>(SUPPRESSIONS.map((s) => s.id));
    for (const file of sourceFiles(join(ROOT, "src"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/"([A-Z]{1,6}(?:-[A-Z0-9]+)+)"/g)) cited.add(m[1] as string);
      for (const m of readFileSync(file, "utf8").matchAll(/(?:spec |\(|, )([A-Z]{1,6}(?:-[A-Z0-9*]+)+)(?=[,) ])/g)) {
        if (!(m[1] as string).includes("*")) cited.add(m[1] as string);
      }
    }
    // Names that look like spec ids and are not: Web Crypto's algorithms and an encoding (src/host/push-crypto.ts).
    const notSpec = new Set(["AES-CBC", "SHA-1", "UTF-8"]);
    expect([...cited].filter((id) => !ids.has(id) && !notSpec.has(id))).toEqual([]);
  });

  it("is what src/core/explain/catalog.ts, src/tools/sources.ts and schema/rules.json hold (regenerate with npm run gen)", () => {
    const { engine, tools, json } = catalogSources();
    expect(readFileSync(join(ROOT, "src", "core", "explain", "catalog.ts"), "utf8")).toBe(engine);
    expect(readFileSync(join(ROOT, "src", "tools", "sources.ts"), "utf8")).toBe(tools);
    expect(readFileSync(join(ROOT, "schema", "rules.json"), "utf8")).toBe(json);
    const shipped = JSON.parse(json) as Record<string, { source: string; quote: string; rule: string }>;
    expect(Object.keys(shipped)).toEqual(catalog.map((r) => r.id));
    expect(shipped["S-KW-QUEUED"]).toEqual({ source: "seed 003 line 14", quote: catalog.find((r) => r.id === "S-KW-QUEUED")?.quote, rule: catalog.find((r) => r.id === "S-KW-QUEUED")?.rule });
  });

  it("cites for each suppression the line its table entry gives", () => {
    for (const s of SUPPRESSIONS) {
      const entry = catalog.find((r) => r.id === s.id);
      expect(entry?.source.line, s.id).toBe(s.line);
    }
  });
});

// The seeds sit beside the repository in this workplace and in CI (shared/seeds); a clone elsewhere
// has only the quotes, so the check against the source text runs where the source is.
describe.skipIf(!existsSync(SEEDS))("spec/rules.yaml quotes the seeds word for word", () => {
  const seedLines = (seed: string): string[] => {
    const file = readdirSync(SEEDS).find((f) => f.startsWith(`${seed}_`));
    if (file === undefined) throw new Error(`no seed ${seed} in ${SEEDS}`);
    return readFileSync(join(SEEDS, file), "utf8").split("\n");
  };
  for (const r of catalog.filter((c) => c.source.line !== undefined)) {
    it(`${r.id}: seed ${r.source.seed} line ${r.source.line}`, () => {
      const line = seedLines(r.source.seed as string)[(r.source.line as number) - 1] ?? "";
      expect(r.quote).toBeTruthy();
      expect(line).toContain(r.quote);
    });
  }
});
