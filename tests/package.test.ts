import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

const DIST = join(ROOT, "dist");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("the engine is pure", () => {
  // The command line (src/cli) is the only place allowed to touch Node, a clock or the console.
  const engineFiles = sources(join(ROOT, "src")).filter((f) => !relative(ROOT, f).startsWith(join("src", "cli")));
  const forbidden = [/Date\.now\(/, /new Date\(/, /Math\.random\(/, /performance\.now\(/, /\bprocess\./, /\bconsole\./, /from "node:/, /\brequire\(/, /globalThis/, /setTimeout|setInterval/];

  it("has engine files to check", () => {
    expect(engineFiles.length).toBeGreaterThan(10);
  });
  for (const pattern of forbidden) {
    it(`no ${pattern.source} under src/ outside src/cli`, () => {
      const hits = engineFiles.filter((f) => pattern.test(readFileSync(f, "utf8"))).map((f) => relative(ROOT, f));
      expect(hits).toEqual([]);
    });
  }
});

describe("the built package (`npm test` builds it first)", () => {
  it("exists", () => {
    expect(existsSync(join(DIST, "index.js")), "dist/index.js is missing: run npm run build").toBe(true);
  });

  it("loads and decides where `process` does not exist (edge workers, browsers)", () => {
    const script = `
      delete globalThis.process;
      const { compile } = await import(${JSON.stringify(join(DIST, "index.js"))});
      const e = compile({ agents: { a: { name: "A" } }, app: { replies: { accepted: { messages: "hi <<staff_name>>" } } } });
      const s = e.start({ conversation: "c", channel: "web", online: ["a"] });
      const d = e.decide(s, { type: "visitor.message", at: 0, text: "x", route: { agent: "a" } });
      globalThis.console.log(d.replies[0].messages[0].text);`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim()).toBe("hi A");
  });

  it("loads with require() too", () => {
    const require = createRequire(import.meta.url);
    const cjs = require(join(DIST, "index.cjs")) as typeof import("../src/index.js");
    expect(typeof cjs.compile).toBe("function");
    expect(cjs.PHASES).toEqual(["robot", "queued", "serving", "ended", "offline"]);
  });

  it("has no reference to process, Node built-ins or require in the library bundle", () => {
    const text = readFileSync(join(DIST, "index.js"), "utf8");
    expect(text).not.toMatch(/\bprocess\.|from ["']node:|\brequire\(/);
  });
});
