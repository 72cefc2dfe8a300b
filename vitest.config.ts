import { configDefaults, defineConfig } from "vitest/config";

// `vitest run` (npm test) leaves out the slow tier in test/slow; `vitest run --mode slow`
// (npm run test:slow) runs only that tier.
export default defineConfig(({ mode }) => ({
  test: {
    include: mode === "slow" ? ["test/slow/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: mode === "slow" ? configDefaults.exclude : [...configDefaults.exclude, "test/slow/**"],
    testTimeout: 30000,
    pool: "threads",
  },
}));
