import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

// The shape of src/ (issue 30): no import cycle between its files, type-only imports included, and
// no code that branches on a spec id: rules are found by what they are, not by the id they cite.
const SRC = join(ROOT, "src");
const files: string[] = [];
(function walk(dir: string) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (path.endsWith(".ts") && !path.endsWith(".test.ts")) files.push(path);
  }
})(SRC);

/** Every relative `import … from`, `export … from` and bare `import "…"` of a file (types too), as the files they name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.[^"']+)["']|(?:^|\n)\s*import\s*\(?\s*["'](\.[^"']+)["']/g)].map((m) => (m[1] ?? m[2]) as string);
  return specs.map((spec) => resolve(dirname(file), spec.replace(/\.js$/, ".ts"))).filter((f) => files.includes(f));
}

/** The strongly connected groups of more than one file (Tarjan): each one is a cycle. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("the architecture of src/ (issue 30)", () => {
  it("reads the files and their imports", () => {
    expect(files.length).toBeGreaterThan(90);
    expect(importsOf(join(SRC, "core", "engine.ts")).length).toBeGreaterThan(3);
  });

  it("finds a cycle where there is one (the check itself)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c"]]);
    expect(cycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    expect(cycles(graph).map((group) => group.map((f) => relative(SRC, f)))).toEqual([]);
  });

  it("keeps the core to itself: no file under src/core imports from the tools, the host kit or the command line", () => {
    const core = join(SRC, "core");
    const outside = files.filter((f) => f.startsWith(core + sep)).flatMap((f) => importsOf(f).filter((t) => !t.startsWith(core + sep)).map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`));
    expect(files.filter((f) => f.startsWith(core + sep)).length).toBeGreaterThan(60);
    expect(outside).toEqual([]);
  });

  it("the pipeline imports no rule: it runs the rules it is handed (src/core/engine.ts hands it the table)", () => {
    const [pipeline, rules] = [join(SRC, "core", "pipeline"), join(SRC, "core", "rules")];
    const found = files.filter((f) => f.startsWith(pipeline + sep)).flatMap((f) => importsOf(f).filter((t) => t.startsWith(rules + sep)).map((t) => `${relative(SRC, f)} -> ${relative(SRC, t)}`));
    expect(files.filter((f) => f.startsWith(pipeline + sep)).length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it("the tools and the host kit reach the core only through its entries: values from src/core/index.ts, types from it or src/core/internal.ts", () => {
    const core = join(SRC, "core");
    const [index, internal] = [join(core, "index.ts"), join(core, "internal.ts")];
    const around = files
      .filter((f) => f.startsWith(join(SRC, "tools") + sep) || f.startsWith(join(SRC, "host") + sep))
      .flatMap((f) => {
        const text = readFileSync(f, "utf8");
        return [...text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+["'](\.[^"']+)["']/g)].flatMap((m) => {
          const target = resolve(dirname(f), (m[3] as string).replace(/\.js$/, ".ts"));
          if (!target.startsWith(core + sep) || target === index || (target === internal && m[2] !== undefined)) return [];
          return [`${relative(SRC, f)} -> ${relative(SRC, target)}${m[2] === undefined ? "" : " (type)"}`];
        });
      });
    expect(around).toEqual([]);
  });

  it("branches on no spec id: no id compared, switched on or looked for in a condition", () => {
    const id = `"[A-Z]{1,3}(?:-[A-Z0-9]+)+"`;
    const condition = new RegExp(`(?:[=!]==\\s*${id}|${id}\\s*[=!]==|case\\s+${id}|\\.(?:includes|has|indexOf)\\(\\s*${id})`);
    const hits = files.flatMap((f) => readFileSync(f, "utf8").split("\n").flatMap((line, i) => (condition.test(line) ? [`${relative(SRC, f)}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });
});
