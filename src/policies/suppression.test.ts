import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SUPPRESSIONS } from "./suppression-table.js";
import { ROOT } from "../../tests/helpers.js";

const SPEC = join(ROOT, "spec");

/** Every scenario file of spec/. */
function scenarios(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scenarios(join(dir, e.name)) : e.name.endsWith(".scenario.yaml") ? [join(dir, e.name)] : []));
}

/** How many spec scenarios fail with the engine as it is loaded now. */
async function failingScenarios(): Promise<string[]> {
  const { loadScenario } = await import("../cli/files.js");
  return scenarios(SPEC).filter((file) => loadScenario(file, { cwd: SPEC }).mismatches.length > 0);
}

describe("every row of the suppression table is enforced through the table", () => {
  afterEach(() => {
    vi.doUnmock("./suppression-table.js");
    vi.resetModules();
  });

  it("the spec passes with the whole table (the baseline of the rows below)", async () => {
    vi.resetModules();
    expect(await failingScenarios()).toEqual([]);
  });

  for (const row of SUPPRESSIONS) {
    it(`without ${row.id} (${row.winner} beats ${row.loser}, seed 003 line ${row.line}) a spec scenario fails`, async () => {
      vi.resetModules();
      vi.doMock("./suppression-table.js", () => ({ SUPPRESSIONS: SUPPRESSIONS.filter((r) => r !== row) }));
      expect((await failingScenarios()).length).toBeGreaterThan(0);
    });
  }
});
