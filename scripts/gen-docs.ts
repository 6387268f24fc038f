/**
 * Writes the generated blocks of docs/concepts.md from the engine's own tables (src/tools/docs/pipeline.ts),
 * and docs/decision-tables.md (what `autoreply tables` prints, after a note of how it is made).
 * tests/docs.test.ts and tests/tables.test.ts fail when a file differs from what this writes. Run by `npm run gen`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipelineTables } from "../src/tools/docs/pipeline.js";
import { withBlock } from "../src/tools/docs/blocks.js";
import { run } from "../src/cli/main.js";
import { GENERATED_NOTE } from "../src/tools/docs/tables.js";

const file = join(import.meta.dirname, "..", "docs", "concepts.md");
writeFileSync(file, withBlock(readFileSync(file, "utf8"), "pipeline", pipelineTables()));

const tables: string[] = [];
run(["tables"], { out: (t) => tables.push(t), err: (t) => process.stderr.write(`${t}\n`), color: false, cwd: join(import.meta.dirname, "..") });
writeFileSync(join(import.meta.dirname, "..", "docs", "decision-tables.md"), `${GENERATED_NOTE}\n${tables.join("\n")}\n`);
