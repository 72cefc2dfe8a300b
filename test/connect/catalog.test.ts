// Every catalog entry that only a connection can detect is accounted for in docs/design.md's
// "Issue 12: connect" section: what --connect does about it and which test shows it.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";

const root = new URL("../..", import.meta.url).pathname;
const catalog = readFileSync(`${root}test/fixtures/reference/nativelink-1.6.6-errors.md`, "utf8");
const design = readFileSync(`${root}docs/design.md`, "utf8");

describe("needs-network catalog entries", () => {
  const entries = catalog
    .split(/\n(?=- \*\*`)/)
    .filter((e) => /detectability: needs-network\s*$/m.test(e))
    .map((e) => /^- \*\*`([a-z0-9-]+)`/.exec(e)![1]!);
  const section = design.slice(design.indexOf("## Issue 12: connect"));

  it("the catalog has the ten", () => expect(entries.length).toBe(10));
  for (const slug of entries) {
    it(`${slug} is in the table of docs/design.md's Issue 12 section, with a test or a reason`, () => {
      const row = section.split("\n").find((l) => l.startsWith(`| \`${slug}\` |`));
      expect(row, slug).toBeDefined();
      expect(row!.split("|").length).toBe(5);
    });
  }
});
