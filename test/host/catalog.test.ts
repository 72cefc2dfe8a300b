// Issue 11's promise: every needs-target-host entry of NativeLink's error catalog is a tested rule's
// catalog entry, or docs/design.md says why it cannot be checked read-only.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../rules/index.ts";

const root = new URL("../..", import.meta.url).pathname;
const catalog = readFileSync(`${root}test/fixtures/reference/nativelink-1.6.6-errors.md`, "utf8");
const design = readFileSync(`${root}docs/design.md`, "utf8");
const section = design.slice(design.indexOf("## Issue 11: host"));

/** Slugs whose entry says `detectability: needs-target-host` (the first word of the field). */
const entries = [...catalog.matchAll(/^- \*\*`([a-z0-9-]+)`\*\*[\s\S]*?detectability: ([a-z-]+)/gm)].filter((m) => m[2] === "needs-target-host").map((m) => m[1]!);

describe("needs-target-host catalog entries", () => {
  it("are the 24 the catalog counts", () => expect(entries).toHaveLength(24));
  for (const slug of entries) {
    it(`${slug}: a host rule covers it, or design.md says why not`, () => {
      const rule = RULES.find((r) => r.meta.catalog?.includes(slug));
      const row = section.split("\n").find((l) => l.startsWith(`| \`${slug}\` |`));
      expect(row, `design.md's Issue 11 table lists ${slug}`).toBeDefined();
      if (rule) expect(row).toContain(`\`${rule.meta.id}\``);
      else expect(row).toMatch(/not checked: \S/);
    });
  }
});
