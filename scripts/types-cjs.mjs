// After tsup: one copy of the type declarations, with every doc comment, read by both module systems
// (issue 28: the declarations, written twice, were a fifth of the package).
//
// tsup writes each declaration twice, dist/X.d.ts (ESM) and dist/X.d.cts (CommonJS), shared chunks
// included. The CommonJS files are the copy kept: each gets the ESM twin's text (its comments), with
// its imports pointing at the `.cjs` chunks. Each ESM entry's declaration becomes one line,
// `export * from "./X.cjs"`, and the ESM chunks go. An ES module may import a CommonJS declaration
// file under every resolution TypeScript has (node16/nodenext, bundler, node10 through typesVersions);
// the other way round, a `.d.cts` importing a `.d.ts`, fails under node16 for a CommonJS project that
// checks its libraries (TS1479), which is why the kept copy is the CommonJS one.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist");
const ENTRIES = new Set(["index", "tools", "host", "edit"]);
const size = (name) => readFileSync(join(dist, name)).length;
const declarations = () => readdirSync(dist).filter((n) => n.endsWith(".d.ts") || n.endsWith(".d.cts"));

const before = declarations().reduce((sum, n) => sum + size(n), 0);
// tsup's CommonJS chunks may be hashed differently from the ESM ones; the ESM graph replaces them all.
for (const name of readdirSync(dist).filter((n) => n.endsWith(".d.cts") && !ENTRIES.has(n.slice(0, -".d.cts".length)))) rmSync(join(dist, name));
for (const name of readdirSync(dist).filter((n) => n.endsWith(".d.ts"))) {
  const base = name.slice(0, -".d.ts".length);
  const esm = readFileSync(join(dist, name), "utf8");
  // A relative import of a declaration chunk: `from './engine-CzWcoMcl.js'` → `.cjs`.
  // Indented by 2 spaces a level, not rollup's 4 (3.5 KB of the package).
  const cjs = esm.replace(/(from\s+["']\.\/[^"']+)\.js(["'])/g, "$1.cjs$2").replace(/^((?: {4})+)/gm, (indent) => " ".repeat(indent.length / 2));
  writeFileSync(join(dist, `${base}.d.cts`), cjs);
  if (ENTRIES.has(base)) writeFileSync(join(dist, name), `export * from "./${base}.cjs";\n`);
  else rmSync(join(dist, name));
}
const after = declarations().reduce((sum, n) => sum + size(n), 0);
if (process.argv.includes("--verbose")) console.log(`dist/*.d.ts, dist/*.d.cts: ${before} → ${after} bytes`);
