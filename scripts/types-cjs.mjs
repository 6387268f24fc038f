// After tsup: the CommonJS type declarations (dist/*.d.cts) without their doc comments. They are the
// ESM declarations' twins, read only by TypeScript's node16/nodenext resolution from a CommonJS file;
// the ESM ones (dist/*.d.ts, which the bundler resolution, node10 through typesVersions and every ESM
// project read) keep every comment. Half of the package's size was the declarations, twice (issue 28).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = join(import.meta.dirname, "..", "dist");
let before = 0;
let after = 0;
for (const name of readdirSync(dist).filter((n) => n.endsWith(".d.cts"))) {
  const file = join(dist, name);
  const text = readFileSync(file, "utf8");
  // Block comments only: a declaration file has no string or template that could hold "/*".
  const stripped = text.replace(/^[ \t]*\/\*[\s\S]*?\*\/[ \t]*\r?\n?/gm, "");
  writeFileSync(file, stripped);
  before += text.length;
  after += stripped.length;
}
if (process.argv.includes("--verbose")) console.log(`dist/*.d.cts: ${before} → ${after} characters`);
