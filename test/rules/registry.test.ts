// Adding a rule touches two hand-written files, rules/<id>.ts and test/rules/<id>.test.ts; the
// registries are generated. A rule module missing from a registry, or without its test file, fails here.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";
import { RULE_IDS } from "../../src/rule-ids.ts";

const root = new URL("../../", import.meta.url).pathname;
const modules = readdirSync(`${root}rules`)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.slice(0, -3))
  .sort();
/** Test files in test/rules that test the rule set as a whole rather than one rule. */
const ABOUT_ALL_RULES = ["examples", "meta", "pipeline", "registry"];

describe("rule registry", () => {
  it("the generated registries are up to date with rules/ (node scripts/gen-rule-index.mjs)", () => {
    expect(() => execFileSync(process.execPath, [`${root}scripts/gen-rule-index.mjs`, "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("every module in rules/ is in the registry the engine runs, and the id list, under its file name", () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(modules);
    expect([...RULE_IDS]).toEqual(modules);
  });

  for (const id of modules) {
    it(`${id} has its own test file, test/rules/${id}.test.ts, that names it`, () => {
      const file = `${root}test/rules/${id}.test.ts`;
      expect(existsSync(file), `${file} is missing: a rule needs a test with a config that triggers it and one that doesn't`).toBe(true);
      expect(readFileSync(file, "utf8")).toContain(`"${id}"`);
    });
  }

  it("every test file in test/rules is about a rule that exists", () => {
    const tests = readdirSync(`${root}test/rules`)
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => f.slice(0, -".test.ts".length))
      .filter((id) => !ABOUT_ALL_RULES.includes(id));
    expect(tests.filter((id) => !modules.includes(id))).toEqual([]);
  });
});
