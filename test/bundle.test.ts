// dist/ is committed so that installs from git (pre-commit, the GitHub Action) need no build step;
// this fails when it no longer matches a fresh build of src/ (run `npm run build` and commit dist/).
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { bundleOptions } from "../scripts/bundle-options.mjs";

const dist = new URL("../dist", import.meta.url).pathname;

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("committed bundle", () => {
  it("dist/ equals a fresh build of src/", { timeout: 60_000 }, async () => {
    const fresh = mkdtempSync(join(tmpdir(), "nlp-dist-"));
    await build(bundleOptions(fresh));
    const want = files(fresh);
    const have = files(dist);
    expect(Object.keys(have).sort()).toEqual(Object.keys(want).sort());
    const stale = Object.keys(want).filter((f) => want[f] !== have[f]);
    expect(stale, "dist/ is stale: run npm run build and commit dist/").toEqual([]);
  });
});
