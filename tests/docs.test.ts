import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compile } from "../src/core/index.js";
import { ROOT } from "./helpers.js";

describe("the config examples of docs/config.md and docs/getting-started.md", () => {
  const text = ["config.md", "getting-started.md"].map((f) => readFileSync(join(ROOT, "docs", f), "utf8")).join("\n");
  // A scenario file's block (its first line names it: # my.scenario.yaml) is run by tests/doc-blocks.test.ts.
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => !/^# \S+\.scenario\.yaml\n/.test(b));

  it("has examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
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
    const files = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f))];
    for (const file of files) {
      const dir = join(ROOT, file, "..");
      for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/\]\(((?!https?:)[^)#]+)(#[^)]*)?\)/g)) {
        expect(existsSync(join(dir, m[1] as string)), `${file} → ${m[1]}`).toBe(true);
      }
    }
  });
});

describe("docs/concepts.md", () => {
  it("shows the pipeline's order and precedence as the engine's tables give them", async () => {
    const { pipelineTables } = await import("../src/tools/docs/pipeline.js");
    const { blockOf } = await import("../src/tools/docs/blocks.js");
    expect(blockOf(readFileSync(join(ROOT, "docs", "concepts.md"), "utf8"), "pipeline")).toBe(pipelineTables());
  });
});

describe("docs/api.md", () => {
  const api = readFileSync(join(ROOT, "docs", "api.md"), "utf8");

  it("names every value each entry exports", async () => {
    const main = await import("../src/core/index.js");
    const tools = await import("../src/tools/index.js");
    const missing = [...Object.keys(main), ...Object.keys(tools)].filter((name) => !api.includes(`\`${name}`));
    expect(missing).toEqual([]);
  });

  it("its table of errors has a row for every code of ErrorCode (src/core/model/errors.ts), and no other", () => {
    const source = readFileSync(join(ROOT, "src", "core", "model", "errors.ts"), "utf8");
    const union = source.slice(source.indexOf("export type ErrorCode ="), source.indexOf(";", source.indexOf("export type ErrorCode =")));
    const codes = [...union.matchAll(/\| "([A-Z_]+)"/g)].map((m) => m[1]);
    const table = api.slice(api.indexOf("## Errors"), api.indexOf("\n## ", api.indexOf("## Errors") + 1));
    const rows = [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((m) => [...(m[1] ?? "").matchAll(/`([A-Z_]+)`/g)].map((c) => c[1]));
    expect(codes.length).toBeGreaterThan(10);
    expect(rows.sort()).toEqual(codes.sort());
  });

  it("lists exactly what autoreply-engine/tools exports under that entry", async () => {
    const tools = await import("../src/tools/index.js");
    const line = api.split("\n").find((l) => l.startsWith("- `autoreply-engine/tools`:")) ?? "";
    const listed = [...line.matchAll(/`(\w+)`/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(tools).sort());
  });
});

describe("docs/cli.md", () => {
  it("lists every finding autoreply check can report", () => {
    const dir = join(ROOT, "src", "tools", "lint");
    const ids = new Set(readdirSync(dir).filter((f) => f.endsWith(".ts")).flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/id: "([a-z]+(?:-[a-z]+)+)"/g)].map((m) => m[1] as string)));
    expect(ids.size).toBeGreaterThan(15);
    const cli = readFileSync(join(ROOT, "docs", "cli.md"), "utf8");
    expect([...ids].filter((id) => !cli.includes(`| \`${id}\` |`))).toEqual([]);
  });
});
