// Golden Mermaid and DOT text of `graph` for the mTLS example and three deployment fixtures
// (test/golden/graph/<name>/). PKIs are made at test time; UPDATE_GOLDEN=1 rewrites the goldens.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { draw, fixtureDir, FIXTURES, GOLDEN } from "../helpers/graph.ts";

function golden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("graph golden output", () => {
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const name of Object.keys(FIXTURES)) dirs.set(name, await fixtureDir(name));
  });
  for (const name of Object.keys(FIXTURES)) {
    for (const [format, ext] of [
      ["mermaid", "mmd"],
      ["dot", "dot"],
    ] as const) {
      it(`${name} as ${format}`, async () => {
        const r = await draw(name, format, dirs.get(name));
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        golden(`${name}.${ext}`, r.stdout);
      });
    }
  }

  it("every fixture directory is drawn by a golden test", () => {
    const dirsOnDisk = readdirSync(GOLDEN, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(dirsOnDisk.sort()).toEqual(Object.keys(FIXTURES).filter((n) => n !== "mtls").sort());
  });
});
