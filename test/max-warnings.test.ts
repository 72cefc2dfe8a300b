// --max-warnings says so in every format when exceeded; -q hides warnings from display only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli as runCli } from "./helpers/cli.ts";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

/** Three warnings (unknown keys NativeLink ignores in store entries), no error. */
const THREE_WARNINGS = '{ stores: [{ name: "A", memory: {}, x: 1 }, { name: "B", memory: {}, y: 1 }, { name: "C", memory: {}, z: 1 }], servers: [] }';

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "nlp-maxw-"));
  writeFileSync(join(d, "c.json5"), THREE_WARNINGS);
  return d;
}

describe("--max-warnings", () => {
  it("the fixture has exactly three warnings and no error", async () => {
    const doc = JSON.parse((await cli(["c.json5", "-f", "json"], dir())).stdout);
    expect(doc.summary).toMatchObject({ errors: 0, warnings: 3 });
  });

  it("human: a line under the summary, and exit 1", async () => {
    const r = await cli(["c.json5", "--max-warnings", "2"], dir());
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✖ 3 warnings exceed --max-warnings 2\n");
    const ok = await cli(["c.json5", "--max-warnings", "3"], dir());
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain("exceed");
  });

  it("json: summary fields", async () => {
    const over = JSON.parse((await cli(["c.json5", "-f", "json", "--max-warnings", "2"], dir())).stdout);
    expect(over.summary).toMatchObject({ warnings: 3, maxWarnings: 2, maxWarningsExceeded: true });
    const under = JSON.parse((await cli(["c.json5", "-f", "json", "--max-warnings", "5"], dir())).stdout);
    expect(under.summary).toMatchObject({ maxWarnings: 5, maxWarningsExceeded: false });
    const none = JSON.parse((await cli(["c.json5", "-f", "json"], dir())).stdout);
    expect(none.summary).not.toHaveProperty("maxWarnings");
  });

  it("junit: a failing max-warnings testcase counted in the totals", async () => {
    const r = await cli(["c.json5", "-f", "junit", "--max-warnings", "2"], dir());
    expect(r.stdout).toMatch(/<testsuites [^>]*tests="4" failures="1"/);
    expect(r.stdout).toContain('<failure message="3 warnings exceed --max-warnings 2" type="max-warnings">');
    expect((await cli(["c.json5", "-f", "junit"], dir())).stdout).not.toContain("max-warnings");
  });

  it("sarif: an error notification of the invocation", async () => {
    const log = JSON.parse((await cli(["c.json5", "-f", "sarif", "--max-warnings", "2"], dir())).stdout);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0]).toEqual({ level: "error", message: { text: "3 warnings exceed --max-warnings 2" } });
    expect(JSON.parse((await cli(["c.json5", "-f", "sarif"], dir())).stdout).runs[0].invocations).toBeUndefined();
  });

  it("github: an error annotation", async () => {
    const r = await cli(["c.json5", "-f", "github", "--max-warnings", "0"], dir());
    expect(r.stdout).toContain("::error title=nativelink-preflight::3 warnings exceed --max-warnings 0\n");
  });
});

describe("-q", () => {
  it("hides warnings from display but not from the count or the exit code", async () => {
    const r = await cli(["c.json5", "-q", "--max-warnings", "2"], dir());
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^c\.json5:\d+:\d+ warning /m);
    expect((await cli(["c.json5"], dir())).stdout).toMatch(/^c\.json5:\d+:\d+ warning /m);
    expect(r.stdout).toContain("0 errors, 3 warnings in 1 file checked");
    expect(r.stdout).toContain("3 warnings exceed --max-warnings 2");
    const doc = JSON.parse((await cli(["c.json5", "-q", "-f", "json"], dir())).stdout);
    expect(doc.findings).toEqual([]);
    expect(doc.summary.warnings).toBe(3);
  });
});
