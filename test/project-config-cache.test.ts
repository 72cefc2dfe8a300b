// The settings-file lookup of a run looks at each directory once (a walk of 1,000 configs in a few
// directories stat'ed every parent of every config before).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findProjectConfig, PROJECT_CONFIG_NAME } from "../src/project-config.ts";

describe("findProjectConfig with a run's cache", () => {
  it("answers as without a cache, and remembers the answer for every directory it walked", () => {
    const root = mkdtempSync(join(tmpdir(), "nlp-settings-cache-"));
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, "a/b/c"), { recursive: true });
    writeFileSync(join(root, PROJECT_CONFIG_NAME), "{}");
    const cache = new Map<string, string | undefined>();
    const config = join(root, "a/b/c/x.json5");
    expect(findProjectConfig(config, cache)).toBe(findProjectConfig(config));
    expect(findProjectConfig(config, cache)).toBe(join(root, PROJECT_CONFIG_NAME));
    expect([...cache.keys()].sort()).toEqual([root, join(root, "a"), join(root, "a/b"), join(root, "a/b/c")].sort());
  });

  it("a directory already answered is not looked at again", () => {
    const root = mkdtempSync(join(tmpdir(), "nlp-settings-cache-"));
    mkdirSync(join(root, "d/e"), { recursive: true });
    const cache = new Map<string, string | undefined>([[join(root, "d"), "/remembered/.nativelink-preflight.json5"]]);
    expect(findProjectConfig(join(root, "d/e/x.json5"), cache)).toBe("/remembered/.nativelink-preflight.json5");
    expect(cache.get(join(root, "d/e"))).toBe("/remembered/.nativelink-preflight.json5");
  });
});
