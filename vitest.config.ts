import { configDefaults, defineConfig } from "vitest/config";

// `vitest run` (npm test) leaves out the slow tier in test/slow; `vitest run --mode slow`
// (npm run test:slow) runs only that tier.
export default defineConfig(({ mode }) => ({
  test: {
    include: mode === "slow" ? ["test/slow/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: mode === "slow" ? configDefaults.exclude : [...configDefaults.exclude, "test/slow/**"],
    testTimeout: 30000,
    pool: "threads",
    // Test files share each worker's module cache: the engine is imported once per worker instead of
    // once per file (import time 61 s -> 7 s, the fast tier 157 s -> 57 s on 2 cores). No test relies
    // on a fresh module state; the slow tier keeps isolation.
    isolate: mode === "slow",
  },
}));
