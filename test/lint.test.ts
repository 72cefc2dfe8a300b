// The project's own code passes ESLint with typescript-eslint's strict-type-checked preset, type-aware
// (eslint.config.js); `npx eslint .` shows the same problems with their context.
import { relative } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

describe("eslint (typescript-eslint strict-type-checked)", () => {
  // A whole type-aware pass takes a minute or more on a busy machine; the timeout only stops a hang.
  it("finds no problem in src/, rules/, scripts/ and test/", async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(["src", "rules", "scripts", "test"]);
    const problems = results.flatMap((r) => r.messages.map((m) => `${relative(root, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? "(parse)"} ${m.message}`));
    expect(problems).toEqual([]);
  }, 900_000);
});
