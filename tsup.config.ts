import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: pure, no Node built-ins, no dependency, both module systems. Minified (with source
    // maps): a handler's cold start parses the whole entry, and minified it parses ~30% faster.
    // Each entry is one self-contained file: a second module (a shared chunk) cost ~0.7 ms more on a
    // cold import. `tools` therefore carries its own copy of the engine; AutoreplyError's
    // `instanceof` recognises errors from either copy.
    entry: { index: "src/index.ts", tools: "src/tools.ts" },
    format: ["esm", "cjs"],
    splitting: false,
    minify: true,
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
  },
  {
    // The command line: Node only, ESM. Its two libraries (yaml, string-width) are bundled in, so the
    // package has no runtime dependency: an app that embeds the engine installs nothing else.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    noExternal: ["yaml", "string-width"],
    // yaml's Node build is CommonJS and requires Node built-ins; an ES module has no `require` of its own.
    banner: { js: 'import { createRequire as __autoreplyRequire } from "node:module"; const require = __autoreplyRequire(import.meta.url);' },
  },
]);
