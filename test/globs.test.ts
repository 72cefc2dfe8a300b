// The settings file's glob lists, matched through src/globs.ts, held to picomatch's own matcher
// (picomatch(globs, { dot: true }), what settingsFor asked for each list before) over generated
// globs and paths, and the index that finds the entries a config path matches.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import picomatch from "picomatch";
import { describe, expect, it, vi } from "vitest";
import { GlobIndex, globList, isLiteralGlob } from "../src/globs.ts";
import { loadProjectConfig, settingsFor } from "../src/project-config.ts";
import { seeded } from "./helpers/seeded.ts";

// picomatch as it is, counting what it is asked to compile (a glob, a list, or an expression).
const counts = vi.hoisted(() => ({ compiled: 0 }));
vi.mock("picomatch", async (original) => {
  const pm = (await original<{ default: typeof picomatch }>()).default;
  const counted = ((...args: Parameters<typeof picomatch>) => {
    counts.compiled++;
    return pm(...args);
  }) as typeof picomatch;
  return { default: Object.assign(counted, pm, { makeRe: (...args: Parameters<typeof pm.makeRe>) => (counts.compiled++, pm.makeRe(...args)) }) };
});

/** A number in [0, 1) from the shared seeded source, so a failure names a seed that reproduces it. */
const random = (seed: number): (() => number) => {
  const int = seeded(seed);
  return () => int(2 ** 30) / 2 ** 30;
};

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const GLOB_PARTS = ["a", "b", "c_1.json5", "x.y", "a-b", "*", "**", "?", "*.json5", "[ab]", "{a,b}", "!(a)", "@(a|b)", "+(a)", ".", "..", ".hidden", "a*", "\\*", "A"];
const PATH_PARTS = ["a", "b", "c_1.json5", "x.y", "a-b", ".hidden", "..", ".", "ab", "A", "*", "c_2.json5"];

function glob(r: () => number): string {
  const parts = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, GLOB_PARTS));
  const prefix = r() < 0.1 ? "!" : r() < 0.1 ? "./" : "";
  return prefix + parts.join("/");
}

function path(r: () => number): string {
  if (r() < 0.03) return "";
  const p = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, PATH_PARTS)).join("/");
  return r() < 0.05 ? p + "/" : p;
}

describe("settings-file globs", () => {
  it("a list matches what picomatch's matcher for it matches (3,000 lists, 20 paths each)", () => {
    for (let seed = 1; seed <= 3_000; seed++) {
      const r = random(seed);
      const globs = Array.from({ length: 1 + Math.floor(r() * 4) }, () => glob(r));
      const ours = globList(globs);
      const theirs = picomatch(globs, { dot: true });
      for (let i = 0; i < 20; i++) {
        const p = r() < 0.2 ? pick(r, globs) : path(r);
        expect(ours(p), `${JSON.stringify(globs)} against ${JSON.stringify(p)}`).toBe(theirs(p));
      }
    }
  });

  it("a glob counted as spelling a path matches that path and nothing else", () => {
    for (const g of ["a", "c_1.json5", "deploy/prod/cas.json5", "a-b/x_y.z"]) {
      expect(isLiteralGlob(g)).toBe(true);
      const m = picomatch(g, { dot: true });
      for (const p of [g, `${g}/`, `./${g}`, g.toUpperCase(), `x/${g}`, `${g}x`, ""]) expect(m(p), `${g} against ${p}`).toBe(p === g);
    }
    for (const g of ["*", "a/*.json5", ".hidden", "./a", "a/../b", "a//b", "a/", "!a", "a?", "[a]", "{a,b}", "@(a)", "a\\b"]) expect(isLiteralGlob(g), g).toBe(false);
  });

  it("the index gives the entries a path matches, in order, entries without globs always", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = random(seed);
      const lists = Array.from({ length: Math.floor(r() * 8) }, () =>
        r() < 0.15 ? undefined : Array.from({ length: 1 + Math.floor(r() * 3) }, () => (r() < 0.5 ? pick(r, ["a", "b", "c_1.json5", "a/b", "x.y"]) : glob(r))),
      );
      const index = new GlobIndex(lists);
      for (let i = 0; i < 20; i++) {
        const p = path(r);
        const expected = lists.flatMap((globs, n) => (globs === undefined || picomatch(globs, { dot: true })(p) ? [n] : []));
        expect(index.matching(p), `${JSON.stringify(lists)} against ${JSON.stringify(p)}`).toEqual(expected);
      }
    }
  });
});

describe("settings for many configs under one settings file (issue 16)", () => {
  it("compiles each glob list once, however many configs ask", () => {
    const n = 300;
    const dir = mkdtempSync(join(tmpdir(), "nlp-globs-"));
    const settings = {
      ignore: Array.from({ length: n }, (_, i) => `legacy_${i}/**`),
      deployments: Object.fromEntries(Array.from({ length: n }, (_, i) => [`d${i}`, [`c_${i}.json5`]])),
      overrides: Array.from({ length: n }, (_, i) => ({ files: [`c_${i}.json5`], profile: i % 2 ? "development" : "strict" })),
      tlsProxies: [{ files: ["c_7.json5", "c_9*.json5"], listeners: ["l"], by: "envoy" }],
    };
    writeFileSync(join(dir, ".nativelink-preflight.json5"), JSON.stringify(settings));
    const check = loadProjectConfig(join(dir, ".nativelink-preflight.json5"), ".nativelink-preflight.json5", []);
    expect(check.problems).toEqual([]);
    counts.compiled = 0;
    const got = Array.from({ length: n }, (_, i) => settingsFor(check, join(dir, `c_${i}.json5`)));
    expect(got.map((s) => [s.deployment, s.profile, s.ignored, s.tlsProxies.length])).toEqual(
      Array.from({ length: n }, (_, i) => [`d${i}`, i % 2 ? "development" : "strict", false, i === 7 || String(i).startsWith("9") ? 1 : 0]),
    );
    expect(settingsFor(check, join(dir, "legacy_12/c_1.json5")).ignored).toBe(true);
    // Before: every list compiled again for every config (n * (2n + 2) here).
    expect(counts.compiled).toBeLessThan(2 * n + 10);
  });
});
