import { defineConfig } from "tsup";

// immer's ESM build reads `process.env.NODE_ENV` when it loads (immer issue #1141), which throws where
// `process` does not exist (browsers without a bundler, edge workers). The few immer functions the
// engine uses are bundled in, with NODE_ENV fixed at build time, so dist/ never touches `process`.
const bundleImmer = {
  noExternal: ["immer"],
  env: { NODE_ENV: "production" },
};

export default defineConfig([
  {
    // The library: pure, no Node built-ins, both module systems.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    ...bundleImmer,
  },
  {
    // The command line: Node only, ESM.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    external: ["yaml"],
    ...bundleImmer,
  },
]);
