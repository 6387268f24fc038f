import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";

/**
 * In the tools and host entries, `../index.js` (the main entry, from src/lint, src/docs, src/scenario,
 * src/explain, src/host) stays an import of the built main entry, `./index.js` or `./index.cjs`, instead of
 * being bundled a second time.
 */
const sameEngine: Plugin = {
  name: "same-engine",
  setup(build) {
    const target = build.initialOptions.format === "cjs" ? "./index.cjs" : "./index.js";
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => (/[\\/]src[\\/](lint|docs|scenario|explain|host|diff|edit)[\\/]/.test(args.importer) ? { path: target, external: true } : undefined));
  },
};

/**
 * In the command line, the engine and the tools are the package's own entries: `../index.js` and
 * `../tools.js` (from src/cli, and from the tool modules it bundles) stay imports of `./index.js` and
 * `./tools.js` beside it, so the package carries one copy of each (issue 28: the package's size).
 */
const sameEntries: Plugin = {
  name: "same-entries",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/(index|tools)\.js$/ }, (args) => (/[\\/]src[\\/](cli|lint|docs|scenario|explain|diff|edit)[\\/]/.test(args.importer) ? { path: `./${args.path.slice(3)}`, external: true } : undefined));
  },
};

export default defineConfig([
  {
    // The library: pure, no Node built-ins, both module systems; no dependency but immer, which only
    // `edit` imports (kept external, as every dependency). Minified: a handler's cold start parses
    // the whole entry, and minified it parses ~30% faster. No source maps in the package (issue 28:
    // they were 1.8 MB of its 8; the tools entry bundles csv-parse, whose sources a map would carry).
    // The main entry is one self-contained file (a shared chunk cost 0.7-1.2 ms more on a cold
    // import, docs/performance.md). `tools` imports that file itself for the engine
    // (`sameEngine`), so an app that imports both entries loads one engine.
    entry: { index: "src/index.ts", tools: "src/tools.ts", host: "src/host.ts", edit: "src/edit.ts" },
    esbuildPlugins: [sameEngine],
    format: ["esm", "cjs"],
    splitting: false,
    minify: true,
    dts: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    // The batch reader's CSV parser (tools): bundled, so that the tools entry needs no dependency. It is
    // csv-parse's browser build, which carries its own Buffer: the entry runs in browsers too.
    noExternal: ["csv-parse"],
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
    esbuildOptions(options) {
      options.chunkNames = "chunks/[name]-[hash]";
    },
  },
  {
    // The command line: Node only, ESM. Its libraries (yaml, string-width, csv-parse) are bundled in, so the
    // package has no runtime dependency: an app that embeds the engine installs nothing else.
    entry: { cli: "src/cli/main.ts" },
    esbuildPlugins: [sameEntries],
    format: ["esm"],
    target: "node20",
    platform: "node",
    minify: true,
    noExternal: ["yaml", "string-width", "csv-parse"],
    // yaml's Node build is CommonJS and requires Node built-ins; an ES module has no `require` of its own.
    banner: { js: 'import { createRequire as __autoreplyRequire } from "node:module"; const require = __autoreplyRequire(import.meta.url);' },
  },
]);
