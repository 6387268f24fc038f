import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { ROOT } from "./helpers.js";

// Every block of README.md runs as written in tests/doc-blocks.test.ts, against the packed package.
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

describe("README.md", () => {
  it("opens with the quick start: npm ci && npm start, and npm test", () => {
    const quickStart = readme.slice(0, readme.indexOf("## Use it as a library"));
    expect(quickStart).toContain("npm ci && npm start");
    expect(quickStart).toContain("npm test");
  });
});

describe("docs/why-didnt-my-reply-fire.md", () => {
  it("shows lines that --explain really prints", () => {
    const out: string[] = [];
    run(["simulate", "--explain"], { out: (t) => out.push(t), err: () => undefined, color: false, cwd: ROOT });
    const real = out.join("\n").split("\n");
    const block = /```text\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, "docs", "why-didnt-my-reply-fire.md"), "utf8"))?.[1];
    expect(block).toBeDefined();
    for (const line of (block ?? "").split("\n").filter((l) => l.trim() !== "" && l.trim() !== "...")) expect(real, line).toContain(line);
  });
});
