// -o FILE: a report path in a missing directory, or naming a directory, is the user's mistake (exit 2,
// before any work), never "internal error ... a bug"; `-o -` is stdout.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli.ts";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "nlp-out-"));
  writeFileSync(join(dir, "c.json5"), '{ stores: [{ name: "CAS", memory: {} }], servers: [] }');
  mkdirSync(join(dir, "reports"));
  return dir;
}

async function cli(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await run({ argv, env: {}, cwd, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

describe("-o", () => {
  it("in a directory that does not exist: usage error, exit 2", async () => {
    const dir = setup();
    const r = await cli(["c.json5", "-o", "missing/report.txt"], dir);
    expect(r).toEqual({ code: 2, stdout: "", stderr: `nativelink-preflight: -o missing/report.txt: the directory missing does not exist\nRun nativelink-preflight --help for usage.\n` });
  });

  it("naming a directory: usage error, exit 2", async () => {
    const dir = setup();
    for (const target of ["reports", "reports/", "."]) {
      const r = await cli(["c.json5", "-o", target], dir);
      expect(r).toEqual({ code: 2, stdout: "", stderr: `nativelink-preflight: -o ${target}: that is a directory; name a file to write the report to\nRun nativelink-preflight --help for usage.\n` });
    }
  });

  it("empty (an unset variable): usage error, exit 2, not taken for the current directory", async () => {
    const r = await cli(["c.json5", "-o", ""], setup());
    expect(r).toEqual({ code: 2, stdout: "", stderr: "nativelink-preflight: -o names no file (an empty value); name a file to write the report to, or - for stdout\nRun nativelink-preflight --help for usage.\n" });
  });

  it("- is stdout", async () => {
    const dir = setup();
    const r = await cli(["c.json5", "--format", "json", "-o", "-"], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.files).toBe(1);
    expect(existsSync(join(dir, "-"))).toBe(false);
  });

  it("a file in an existing directory gets the report", async () => {
    const dir = setup();
    const r = await cli(["c.json5", "--format", "json", "-o", "reports/out.json"], dir);
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(JSON.parse(readFileSync(join(dir, "reports/out.json"), "utf8")).summary.files).toBe(1);
  });
});
