import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Unit tests of the engine's policies sit beside them (src/core/rules/*.test.ts); the rest is in tests/.
    include: ["tests/**/*.test.ts", "src/**/*.test.ts", "console/tests/**/*.test.ts"],
    // fast-check prints its seed and path on failure; keep reports readable.
    reporters: ["default"],
  },
});
