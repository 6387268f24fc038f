import { defineConfig } from "tsup";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Plugin } from "esbuild";
import { papaParseKept } from "./scripts/papaparse-kept.js";

/** Whether an import resolves to `file` under src/ (`core/index.ts`, `tools/index.ts`), by its path from the importer. */
const resolvesTo = (args: { path: string; resolveDir: string }, file: string): boolean => join(args.resolveDir, args.path.replace(/\.js$/, ".ts")) === join(import.meta.dirname, "src", file);

/**
 * In the tools, host and edit entries, the core's public entry (src/core/index.ts, imported by the
 * tools and the host kit as `…/core/index.js`) stays an import of the built main entry,
 * `./index.js` or `./index.cjs`, instead of being bundled a second time.
 */
const sameEngine: Plugin = {
  name: "same-engine",
  setup(build) {
    const target = build.initialOptions.format === "cjs" ? "./index.cjs" : "./index.js";
    build.onResolve({ filter: /core\/index\.js$/ }, (args) => (resolvesTo(args, join("core", "index.ts")) ? { path: target, external: true } : undefined));
  },
};

/**
 * In the command line, the engine and the tools are the package's own entries: imports of
 * src/core/index.ts and src/tools/index.ts (from src/cli, and from the tool modules it bundles) stay
 * imports of `./index.js` and `./tools.js` beside it, so the package carries one copy of each (issue
 * 28: the package's size).
 */
const sameEntries: Plugin = {
  name: "same-entries",
  setup(build) {
    build.onResolve({ filter: /(core|tools|edit)\/index\.js$|^\.\/index\.js$/ }, (args) => {
      if (resolvesTo(args, join("core", "index.ts"))) return { path: "./index.js", external: true };
      if (resolvesTo(args, join("tools", "index.ts"))) return { path: "./tools.js", external: true };
      if (resolvesTo(args, join("tools", "edit", "index.ts"))) return { path: "./edit.js", external: true };
      return undefined;
    });
  },
};

/**
 * In the console, Mermaid keeps the one diagram it draws (issue 29: the tables' `stateDiagram-v2`)
 * and the dagre layout that draws it. Mermaid's ES build loads each diagram type, each layout and
 * KaTeX (math in labels) by a dynamic `import()` of its own file; every other such import becomes a
 * rejected promise, so esbuild neither bundles those files nor their libraries (the parsers of the
 * other types, cytoscape, KaTeX). Their detectors stay: a flowchart, say, fails with
 * "… is not in this build" instead of being drawn. The build fails if Mermaid's files stop
 * loading the kept ones this way (a new Mermaid): console/tests/mermaid.test.ts holds the rest.
 */
const MERMAID_KEEPS = /^\.\/(?:chunks\/mermaid\.core\/)?(?:stateDiagram-v2|dagre|sizeCapture)-[A-Z0-9]+\.mjs$/;
const mermaidStateOnly: Plugin = {
  name: "mermaid-state-only",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]mermaid[\\/]dist[\\/].*\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const kept: string[] = [];
      const contents = source.replace(/\bimport\(\s*"([^"]+)"\s*\)/g, (call, spec: string) => {
        if (MERMAID_KEEPS.test(spec)) {
          kept.push(spec);
          return call;
        }
        const name = spec.replace(/^.*\//, "").replace(/(-[A-Z0-9]+)?\.mjs$/, "");
        return `Promise.reject(new Error(${JSON.stringify(`Mermaid's ${name} is not in this build (the console keeps the state diagram only)`)}))`;
      });
      const missing = [
        ["registerLazyLoadedDiagrams(", "stateDiagram-v2"],
        ["registerDefaultLayoutLoaders", "dagre"],
      ].filter(([marker, needed]) => source.includes(marker!) && !kept.some((spec) => spec.includes(`/${needed}-`)));
      if (missing.length > 0) return { errors: missing.map(([, needed]) => ({ text: `mermaid-state-only: ${args.path} no longer loads ${needed} by import("./…/${needed}-….mjs"); see tsup.config.ts` })) };
      return { contents, loader: "js" };
    });
  },
};

export default defineConfig([
  {
    // The library: pure, no Node built-ins, both module systems; no dependency but immer, which only
    // `edit` imports (kept external, as every dependency). Minified: a handler's cold start parses
    // the whole entry, and minified it parses ~30% faster. No source maps in the package (issue 28:
    // they were 1.8 MB of its 8; the tools entry bundles Papa Parse, whose sources a map would carry).
    // The main entry is one self-contained file (a shared chunk cost 0.7-1.2 ms more on a cold
    // import, docs/performance.md). `tools` imports that file itself for the engine
    // (`sameEngine`), so an app that imports both entries loads one engine.
    entry: { index: "src/core/index.ts", tools: "src/tools/index.ts", host: "src/host/index.ts", edit: "src/tools/edit/index.ts" },
    esbuildPlugins: [sameEngine, papaParseKept],
    format: ["esm", "cjs"],
    splitting: false,
    minify: true,
    // `@internal` declarations (the main entry's `__internal`, which only the tools entry reads, from
    // the sources) stay out of the package's declarations, and with them the types only it names.
    dts: { compilerOptions: { stripInternal: true } },
    clean: true,
    target: "es2022",
    platform: "neutral",
    // The batch reader's CSV parser (tools): Papa Parse, bundled, so that the tools entry needs no
    // dependency. Its UMD file is found by `main` (the neutral platform looks up no field by itself);
    // its Node stream reader, which the batch reader never asks for, keeps `require("stream")` as is.
    noExternal: ["papaparse"],
    esbuildOptions(options) {
      options.mainFields = ["module", "main"];
      options.external = [...(options.external ?? []), "stream"];
      // Chinese text (the seed sentences explain quotes, the findings' words) as UTF-8: esbuild's
      // default writes each character as a \uXXXX escape, six bytes where UTF-8 takes three.
      options.charset = "utf8";
    },
  },
  {
    // The playground page (issue 15): the page's bundle (the engine, yaml, the edit entry's
    // write-back, Mermaid loaded lazily) and its Web Worker's (the engine, the lint, the tables,
    // scenarios and batches),
    // beside index.html and app.css (copied from public/); `autoreply playground` serves the
    // folder, and it can be hosted anywhere as it is.
    entry: { app: "console/src/app.ts", worker: "console/src/worker.ts" },
    outDir: "console/dist",
    clean: true,
    publicDir: "console/src/public",
    format: ["esm"],
    target: "es2022",
    platform: "browser",
    minify: true,
    noExternal: [/.*/],
    loader: { ".yaml": "text", ".csv": "text" },
    // ES modules split into chunks: the engine's code shared by the page and its worker, and
    // Mermaid's, which the page loads only when the tables are asked for. Chunks go in a folder of
    // their own, beside the four files a reader looks for.
    splitting: true,
    esbuildPlugins: [mermaidStateOnly],
    esbuildOptions(options) {
      options.chunkNames = "chunks/[name]-[hash]";
    },
  },
  {
    // The command line: Node only, ESM. Its libraries (yaml, string-width) are bundled in, so the
    // package has no runtime dependency: an app that embeds the engine installs nothing else.
    entry: { cli: "src/cli/main.ts" },
    esbuildPlugins: [sameEntries],
    format: ["esm"],
    target: "node20",
    platform: "node",
    minify: true,
    noExternal: ["yaml", "string-width"],
    esbuildOptions(options) {
      options.charset = "utf8";
      // yaml's ES build (the one its package gives bundlers and browsers) instead of its CommonJS
      // one for Node: the same code, and esbuild leaves out what the command line does not use.
      options.alias = { yaml: "./node_modules/yaml/browser/index.js" };
    },
  },
]);
