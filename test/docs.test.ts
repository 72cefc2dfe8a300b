// Rule docs and the README's rule table are generated from rule metadata; this fails when they drift
// (run `npx tsx scripts/gen-docs.ts` and commit).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { METAS, readmeTable, rulePage, spliceReadme } from "../scripts/docs-lib.ts";

const root = new URL("..", import.meta.url).pathname;

describe("generated docs", () => {
  it("one page per rule, and nothing else", () => {
    expect(readdirSync(`${root}docs/rules`).sort()).toEqual(METAS.map((m) => `${m.id}.md`).sort());
  });
  for (const m of METAS) {
    it(`docs/rules/${m.id}.md matches the rule's metadata`, async () => {
      const path = `${root}docs/rules/${m.id}.md`;
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, "utf8")).toBe(await rulePage(m));
    });
  }
  it("README's rule table matches", () => {
    const readme = readFileSync(`${root}README.md`, "utf8");
    expect(spliceReadme(readme, readmeTable(METAS))).toBe(readme);
  });
});
