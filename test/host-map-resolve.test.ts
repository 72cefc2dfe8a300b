// How --host-map names a config of the run: as given on the command line, as ./x or absolute, or by
// a trailing part of its path only one config has; and that a run of many configs, each named by
// its own --host-map, looks each name up rather than through every config.
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveHostMap } from "../src/cli.ts";
import { measureWork } from "./helpers/work.ts";

const cwd = join(sep, "work", "repo");

describe("--host-map names a config of the run", () => {
  const files = ["deploy/prod/cas.json5", "deploy/prod/scheduler.json5", "deploy/staging/cas.json5", join(cwd, "worker.json5")];

  it("by the path given, ./ or absolute, or a trailing part only one config has", () => {
    const got = resolveHostMap(
      [
        ["a", "deploy/prod/cas.json5"],
        ["b", "./deploy/prod/scheduler.json5"],
        ["c", join(cwd, "deploy/staging/cas.json5")],
        ["d", "worker.json5"],
        ["e", "staging/cas.json5"],
        ["f", "scheduler.json5"],
      ],
      files,
      cwd,
    );
    expect([...got]).toEqual([
      ["a", "deploy/prod/cas.json5"],
      ["b", "deploy/prod/scheduler.json5"],
      ["c", "deploy/staging/cas.json5"],
      ["d", join(cwd, "worker.json5")],
      ["e", "deploy/staging/cas.json5"],
      ["f", "deploy/prod/scheduler.json5"],
    ]);
  });

  it("a part two configs end with, or none does, is a usage error naming them in the run's order", () => {
    expect(() => resolveHostMap([["a", "cas.json5"]], files, cwd)).toThrow("--host-map a=cas.json5: cas.json5 may be deploy/prod/cas.json5 or deploy/staging/cas.json5; give one of them");
    expect(() => resolveHostMap([["a", "od/cas.json5"]], files, cwd)).toThrow("no config of the run is named od/cas.json5");
    expect(() => resolveHostMap([["a", "../repo/x/cas.json5"]], files, cwd)).toThrow("no config of the run is named");
    expect(() => resolveHostMap([["a", "."]], files, cwd)).toThrow("no config of the run is named .");
  });

  it("5,000 configs, each named by a trailing part: each name is looked up once (issue 16)", async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `configs/c${i}/nativelink.json5`);
    const pairs = many.map((_, i): [string, string] => [`h${i}`, `c${i}/nativelink.json5`]);
    const { result, work } = await measureWork(() => resolveHostMap(pairs, many, cwd), { filters: true });
    expect(result.get("h4321")).toBe("configs/c4321/nativelink.json5");
    expect(result.size).toBe(5_000);
    // Before: every entry filtered all configs, twice (5e7 elements).
    expect(work.filtered + work.elements).toBeLessThan(20 * 5_000);
  });
});
