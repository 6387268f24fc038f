import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { playgroundDir } from "../../src/cli/main.js";
import { chromiumFor, servedConsole } from "./browser.js";

// Issue 29: the console keeps of Mermaid the one diagram it draws, the tables' `stateDiagram-v2`,
// with the dagre layout that draws it (tsup.config.ts, `mermaidStateOnly`). Without that, the
// console's chunks/ held 109 files, most of them Mermaid's other kinds of diagram, and drawing the
// state diagram fetched 26 files, 196.2 KiB gzipped; with it, 12 and 7 files, 186.5 KiB.

const dir = playgroundDir();
const built = (): string => {
  if (dir === undefined) throw new Error("console/dist is missing: npm run build");
  return dir;
};

/** A chunk's name without esbuild's hash and Mermaid's: "stateDiagram-v2-MP3YSRHH-UMA7YSKN.js" is "stateDiagram-v2". */
const kind = (file: string) => file.replace(/(-[A-Z0-9]{8})+\.js$/, "");

// Marks of what the trimming leaves out: the class of each diagram type's database (Mermaid keeps
// its name in the minified code), and the libraries only other types or math labels load
// (cytoscape: mindmap and architecture; langium: @mermaid-js/parser, pie, packet, git graph…; KaTeX).
const LEFT_OUT = ['"FlowDB"', '"SequenceDB"', '"ClassDB"', '"ErDB"', '"MindmapDB"', '"ArchitectureDB"', '"RequirementDB"', '"PacketDB"', '"TreeMapDB"', '"IshikawaDB"', "cytoscape", "langium", "KaTeX parse error"];

describe("the console's Mermaid: the state diagram only", () => {
  it("builds no chunk of Mermaid's other diagram types, layouts or KaTeX", () => {
    const chunks = readdirSync(join(built(), "chunks"));
    // The engine's chunks ("chunk-…"), the editor, the forms, Mermaid's core, the state diagram, its layout
    // (dagre) and the size capture that layout loads when a test asks for it.
    expect([...new Set(chunks.map(kind))].sort()).toEqual(["chunk", "dagre", "editor", "forms", "mermaid.core", "sizeCapture", "stateDiagram-v2"]);
    expect(chunks.length).toBeLessThanOrEqual(20);
    const code = chunks.map((f) => readFileSync(join(built(), "chunks", f), "utf8")).join("\n");
    expect(code).toContain('"StateDB"');
    expect(LEFT_OUT.filter((mark) => code.includes(mark))).toEqual([]);
  });
});

const executable = chromiumFor("console/tests/mermaid.test.ts", "the bytes fetched to draw the state diagram are");

describe.skipIf(executable === undefined)("the bytes fetched to draw the state diagram (chromium)", () => {
  const served = servedConsole(executable as string);

  it("draws the tables' state diagram in strict security with 7 files, under 192 KiB gzipped, and refuses the types left out", async () => {
    const context = await served.context({ locale: "en-US", viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    // Every response, each file's body once, from the click on "Generate" to the drawing.
    let drawing = false;
    const fetched = new Map<string, Promise<Buffer>>();
    page.on("response", (r) => {
      if (drawing && !fetched.has(r.url())) fetched.set(r.url(), r.body());
    });
    await page.goto(served.url());
    await page.waitForSelector("#status:has-text('valid')");
    await page.waitForSelector("#editor .cm-content");
    drawing = true;
    await page.click("#tables");
    await page.waitForSelector("#diagram svg", { timeout: 30_000 });
    drawing = false;
    const drawn = await page.textContent("#diagram .drawing");
    for (const phase of ["robot", "queued", "serving", "ended", "offline"]) expect(drawn).toContain(phase);
    const files = [...fetched.keys()].map((u) => new URL(u).pathname);
    const gzipped = (await Promise.all([...fetched.values()])).reduce((sum, body) => sum + gzipSync(body).length, 0);
    // Measured here: 7 files, 186.5 KiB (Mermaid's core, its shared code, the state diagram, dagre);
    // without the trimming 26 files, 196.2 KiB. A bound, not a timing: a new Mermaid that passes it
    // moves the figures in docs/playground.md.
    expect(files.every((f) => f.startsWith("/chunks/"))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(10);
    expect(gzipped).toBeLessThan(192 * 1024);
    expect(gzipped).toBeGreaterThan(100 * 1024);
    // The module the page loaded refuses another type by name, in the page's strict security.
    const core = files.find((f) => /^\/chunks\/mermaid\.core-/.test(f));
    expect(core).toBeDefined();
    // (A string: vitest would rewrite an `import()` in a function.)
    const tried = (await page.evaluate(`(async () => {
      const { default: mermaid } = await import(${JSON.stringify(core)});
      const result = (text) => mermaid.render("t" + Math.random().toString(36).slice(2), text).then((drawn) => drawn.svg, (e) => e.message);
      return { flowchart: await result("flowchart TD\\n  a --> b"), state: await result("stateDiagram-v2\\n  [*] --> robot\\n  robot --> queued: <b onmouseover=alert(1)>transfer</b>") };
    })()`)) as { flowchart: string; state: string };
    expect(tried.flowchart).toMatch(/flowDiagram is not in this build/);
    // A state diagram still draws, its labels sanitized (strict: no handler is kept).
    expect(tried.state).toMatch(/^<svg[\s\S]*transfer[\s\S]*<\/svg>$/);
    expect(tried.state).not.toMatch(/onmouseover|alert/);
  }, 60_000);
});
