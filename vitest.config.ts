import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // fast-check prints its seed and path on failure; keep reports readable.
    reporters: ["default"],
  },
});
