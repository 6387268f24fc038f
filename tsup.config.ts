import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: pure, no Node built-ins, no dependency, both module systems.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
  },
  {
    // The command line: Node only, ESM.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    external: ["yaml"],
  },
]);
