/**
 * Writes the generated blocks of docs/concepts.md from the engine's own tables (src/docs/pipeline.ts).
 * tests/docs.test.ts fails when a block differs from what this writes. Run by `npm run gen`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipelineTables } from "../src/docs/pipeline.js";
import { withBlock } from "../src/docs/blocks.js";

const file = join(import.meta.dirname, "..", "docs", "concepts.md");
writeFileSync(file, withBlock(readFileSync(file, "utf8"), "pipeline", pipelineTables()));
