import { afterEach, describe, expect, it, vi } from "vitest";
import { SUPPRESSIONS } from "./suppression-table.js";
import { failingScenarios } from "../../../tests/helpers.js";

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
