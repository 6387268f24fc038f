import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compile } from "../src/index.js";
import { ROOT } from "./helpers.js";

describe("docs/config.md", () => {
  const text = readFileSync(join(ROOT, "docs", "config.md"), "utf8");
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);

  it("has examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });
  blocks.forEach((block, i) => {
    it(`example ${i + 1} compiles`, () => {
      const config = parse(block) as Record<string, unknown>;
      delete config["$schema"];
      expect(() => compile(config)).not.toThrow();
    });
  });
});

describe("docs/", () => {
  it("every relative link points to a file that exists", () => {
    const files = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => join("docs", f))];
    for (const file of files) {
      const dir = join(ROOT, file, "..");
      for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/\]\(((?!https?:)[^)#]+)(#[^)]*)?\)/g)) {
        expect(existsSync(join(dir, m[1] as string)), `${file} → ${m[1]}`).toBe(true);
      }
    }
  });
});
