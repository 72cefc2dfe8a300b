// Lists too long to pass as arguments: `push(...items)` overflows V8's stack somewhere past 100,000
// items, which an 8 MiB config of small stores or endpoints reaches (the scaling bench found rule
// config-release failing with "Maximum call stack size exceeded", exit 3). Tests run in worker
// threads, whose stack is larger than the CLI's, so the list here is longer than the CLI needs to fail.
import { describe, expect, it } from "vitest";
import { pushAll } from "../src/arrays.ts";
import { cli, tree } from "./helpers/cli.ts";

describe("long lists", () => {
  it("pushAll appends a million items, where a spread into push() overflows the stack", () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [0].push(...big)).toThrow(RangeError);
    const out = pushAll([-1], big);
    expect(out.length).toBe(1_000_001);
    expect(out[1_000_000]).toBe(999_999);
  });

  it("a config holding a list of 1,000,000 values is checked, not an internal error", async () => {
    const list = new Array<string>(1_000_000).fill("0").join(",");
    const dir = tree({ "big.json5": `{ stores: [], servers: [], experimental_unknown: [${list}] }\n` });
    const r = await cli(["--format", "json", "big.json5"], { cwd: dir });
    expect(r.stderr).not.toContain("internal error");
    expect(r.code).not.toBe(3);
    const ids = (JSON.parse(r.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids.length).toBeGreaterThan(0);
  });
});
