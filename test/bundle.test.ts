// dist/ is committed so that installs from git (pre-commit, the GitHub Action) need no build step;
// this fails when it no longer matches a fresh build of src/ (run `npm run build` and commit dist/).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDist } from "../scripts/bundle-options.mjs";

const dist = new URL("../dist", import.meta.url).pathname;

function committed(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) out[name] = readFileSync(join(dir, name), "utf8");
  return out;
}

describe("committed bundle", () => {
  it("dist/ equals a fresh build of src/", { timeout: 60_000 }, async () => {
    const want = await buildDist(mkdtempSync(join(tmpdir(), "nlp-dist-")));
    const have = committed(dist);
    expect(Object.keys(have).sort()).toEqual(Object.keys(want).sort());
    const stale = Object.keys(want).filter((f) => want[f] !== have[f]);
    expect(stale, "dist/ is stale: run npm run build and commit dist/").toEqual([]);
  });
});

describe("bundle size", () => {
  // Issue 13: the CLI's bundle at most two thirds of the 1,147,678 bytes it had with the standalone
  // schema validator. Texts only commands print (rule and --connect check documentation) ship in
  // dist/rule-docs.json. When this fails, see what grew (esbuild's metafile: bytesInOutput by input)
  // before raising the limit.
  it("dist/cli.cjs is at most 765,118 bytes", () => {
    expect(readFileSync(join(dist, "cli.cjs")).length).toBeLessThanOrEqual(765_118);
  });
});
