/**
 * npm run size: the engine's minified and gzipped size, checked against scripts/size-limit.json.
 * Exit 1 when a limit is exceeded (CI runs it). Figures for the ESM entries as a bundler makes them:
 * the main entry (the engine, no dependency), only `compile` from it, and what the tools and edit
 * entries add to it (they import the main entry for the engine, as tsup.config.ts builds them).
 * immer may be in the edit entry's bundle only: anywhere else it fails the check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";
import { papaParseKept } from "./papaparse-kept.js";

const ROOT = join(import.meta.dirname, "..");
const limits = JSON.parse(readFileSync(join(ROOT, "scripts", "size-limit.json"), "utf8")) as Record<string, number>;

/** The main entry stays outside a bundle of the tools entry, as in the package (tsup.config.ts). */
const mainEntryOutside: Plugin = {
  name: "main-entry-outside",
  setup(b) {
    b.onResolve({ filter: /core\/index\.js$/ }, () => ({ path: "./index.js", external: true }));
  },
};

/** Each entry's source, as tsup.config.ts builds it. */
const ENTRIES: Record<string, string> = { index: "core/index.ts", tools: "tools/index.ts", edit: "tools/edit/index.ts" };

async function measure(entry: string, imports = "*"): Promise<{ min: number; gz: number; immer: boolean }> {
  const out = await build({
    plugins: entry === "tools" || entry === "edit" ? [mainEntryOutside, papaParseKept] : [],
    metafile: true,
    stdin: { contents: `export ${imports} from "./src/${ENTRIES[entry]}";`, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    // As tsup.config.ts builds the tools entry: Papa Parse's UMD file by `main`, what the batch reader never calls left out.
    mainFields: ["module", "main"],
    external: ["stream"],
    target: "es2022",
    write: false,
  });
  const code = out.outputFiles[0]?.contents ?? new Uint8Array();
  // Whether immer's code is in the bundle (issue 13: only the edit entry may carry it).
  const immer = Object.keys(out.metafile?.inputs ?? {}).some((f) => f.includes("node_modules/immer/"));
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length, immer };
}

/** The figures, and the table that compares them with the limits. */
export async function sizeReport(): Promise<{ lines: string[]; failed: boolean }> {
  const figures: Record<string, { min: number; gz: number; immer: boolean }> = {
    "esm, main entry": await measure("index"),
    "esm, only { compile } (what a handler imports)": await measure("index", "{ compile }"),
    "esm, autoreply-engine/tools, beside the main entry": await measure("tools"),
    "esm, autoreply-engine/edit, beside the main entry, immer included": await measure("edit"),
  };
  let failed = false;
  const lines = ["| entry | minified | min + gzip | limit (min + gzip) | immer |", "| --- | --- | --- | --- | --- |"];
  for (const [name, { min, gz, immer }] of Object.entries(figures)) {
    const limit = limits[name];
    const over = limit !== undefined && gz > limit;
    // immer in any bundle but the edit entry's is a failure: the engine stays free of it.
    const stray = immer !== name.includes("/edit");
    failed ||= over || stray;
    lines.push(`| ${name} | ${(min / 1024).toFixed(1)} KiB | ${(gz / 1024).toFixed(1)} KiB | ${limit === undefined ? "—" : `${(limit / 1024).toFixed(1)} KiB${over ? " EXCEEDED" : ""}`} | ${immer ? "yes" : "no"}${stray ? (immer ? " (NOT ALLOWED)" : " (MISSING)") : ""} |`);
  }
  return { lines, failed };
}

if (process.argv[1] === import.meta.filename) {
  const { lines, failed } = await sizeReport();
  console.log(lines.join("\n"));
  if (failed) {
    console.error("size: a limit in scripts/size-limit.json is exceeded, or immer is where it must not be; make the code smaller, or raise the limit on purpose in the same commit");
    process.exit(1);
  }
}
