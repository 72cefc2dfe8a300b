// Facts are a stage of each check: memoized in the FactStore the engine creates with each rule
// context, never in module-level state that outlives a config.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FactStore } from "../src/facts/stage.ts";

const DIR = new URL("../src/facts/", import.meta.url);

describe("facts", () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith(".ts")))("src/facts/%s keeps no module-level mutable state", (file) => {
    const text = readFileSync(new URL(file, DIR), "utf8");
    // A cache is a top-level let/var, Map or WeakMap, or a Set that starts empty (a Set of literals is a table).
    const state = [...text.matchAll(/^(?:export )?(?:let |var |const \w+(?:: [^=]+)? = new (?:(?:Weak)?Map\b|(?:Weak)?Set(?:<[^>]*>)?\(\)))/gm)].map((m) => m[0]);
    expect(state).toEqual([]);
  });

  it("a store computes each key once, and a new store starts empty", () => {
    let runs = 0;
    const a = new FactStore();
    expect(a.once("k", () => ++runs)).toBe(1);
    expect(a.once("k", () => ++runs)).toBe(1);
    expect(new FactStore().once("k", () => ++runs)).toBe(2);
  });
});
