/**
 * npm run size: the engine's minified and gzipped size, checked against scripts/size-limit.json.
 * Exit 1 when a limit is exceeded (CI runs it). Two figures for the ESM entry: as it ships (with the
 * few immer functions the compile step uses, bundled), and without immer (marked external), which is
 * the engine's own code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const limits = JSON.parse(readFileSync(join(ROOT, "scripts", "size-limit.json"), "utf8")) as Record<string, number>;

async function measure(external: string[], imports = "*"): Promise<{ min: number; gz: number }> {
  const out = await build({
    stdin: { contents: `export ${imports} from "./src/index.ts";`, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    external,
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

/** The figures, and the table that compares them with the limits. */
export async function sizeReport(): Promise<{ lines: string[]; failed: boolean }> {
  const figures: Record<string, { min: number; gz: number }> = {
    "esm, as shipped (immer bundled)": await measure([]),
    "esm, without immer": await measure(["immer"]),
    "esm, only { compile } (what a handler imports)": await measure([], "{ compile }"),
  };
  let failed = false;
  const lines = ["| entry | minified | min + gzip | limit (min + gzip) |", "| --- | --- | --- | --- |"];
  for (const [name, { min, gz }] of Object.entries(figures)) {
    const limit = limits[name];
    const over = limit !== undefined && gz > limit;
    failed ||= over;
    lines.push(`| ${name} | ${(min / 1024).toFixed(1)} KiB | ${(gz / 1024).toFixed(1)} KiB | ${limit === undefined ? "—" : `${(limit / 1024).toFixed(1)} KiB${over ? " EXCEEDED" : ""}`} |`);
  }
  return { lines, failed };
}

if (process.argv[1] === import.meta.filename) {
  const { lines, failed } = await sizeReport();
  console.log(lines.join("\n"));
  if (failed) {
    console.error("size: a limit in scripts/size-limit.json is exceeded; make the code smaller, or raise the limit on purpose in the same commit");
    process.exit(1);
  }
}
