import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { run } from "../src/cli/main.js";
import { ROOT } from "./helpers.js";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README.md", () => {
  it("opens with the quick start: npm ci && npm start, and npm test", () => {
    const quickStart = readme.slice(0, readme.indexOf("## Use it as a library"));
    expect(quickStart).toContain("npm ci && npm start");
    expect(quickStart).toContain("npm test");
  });

  it("runs its library example and prints what its // → comments say", async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    if (block === undefined) throw new Error("README.md has no ```ts example");
    const expected = block.split("\n").filter((l) => l.startsWith("// → ")).map((l) => l.slice(5));
    expect(expected.length).toBeGreaterThan(3);
    // The example imports the package by name; here it runs against the source.
    const code = block.replace(/from "autoreply-engine"/, `from ${JSON.stringify(join(ROOT, "src", "index.ts"))}`);
    const dir = mkdtempSync(join(ROOT, "node_modules", ".readme-"));
    const file = join(dir, "example.ts");
    writeFileSync(file, `${code}\nexport {};\n`);
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(...args.map(String).join(" ").split("\n"));
    });
    try {
      await import(file);
    } finally {
      spy.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(printed).toEqual(expected);
  });

  it("shows the timeline that npm start really prints, and what --explain really prints", () => {
    const printed = (...argv: string[]) => {
      const out: string[] = [];
      run(argv, { out: (t) => out.push(t), err: () => undefined, color: false, cwd: ROOT });
      return out.join("\n").split("\n");
    };
    const [timeline, explained] = [...readme.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    const whyDoc = /```text\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, "docs", "why-didnt-my-reply-fire.md"), "utf8"))?.[1];
    const shown: [string | undefined, string[]][] = [
      [timeline, printed("simulate")],
      [explained, printed("simulate", "--explain")],
      [whyDoc, printed("simulate", "--explain")],
    ];
    for (const [block, real] of shown) {
      expect(block).toBeDefined();
      for (const line of (block ?? "").split("\n").filter((l) => l.trim() !== "" && l.trim() !== "...")) expect(real, line).toContain(line);
    }
  });
});
