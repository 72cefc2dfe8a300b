// The command line on yargs: every command's options are strict, values are listed, typos suggested,
// -o is checked before any work is done, and completion works (issue: the parseArgs table had gaps).
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers/cli.ts";

const GOOD = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }';
function dir(files: Record<string, string> = { "c.json5": GOOD }): string {
  const d = mkdtempSync(join(tmpdir(), "nlp-args-"));
  for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
  return d;
}

describe("help and version", () => {
  it("help, --help and -h print the help, not a check of a file named help", async () => {
    for (const a of [["help"], ["--help"], ["-h"]]) {
      const r = await cli(a);
      expect(r.code, a.join(" ")).toBe(0);
      expect(r.stdout).toContain("nativelink-preflight explain <rule-id>");
      expect(r.stdout).not.toContain("config-readable");
    }
  });
  it("lists the values a choice takes, --profile among them", async () => {
    const r = await cli(["--help"]);
    expect(r.stdout).toMatch(/--profile[\s\S]*choices: "development", "production", "strict"/);
  });
  it("wraps to the terminal width", async () => {
    const narrow = (await cli(["--help"], { columns: 60 })).stdout;
    expect(Math.max(...narrow.split("\n").map((l) => l.length))).toBeLessThanOrEqual(60);
    const wide = (await cli(["--help"], { columns: 120 })).stdout;
    expect(Math.max(...wide.split("\n").map((l) => l.length))).toBeGreaterThan(80);
  });
  it("each command has its own help, also as help <command>", async () => {
    const r = await cli(["rules", "--help"]);
    expect(r.code).toBe(0);
    expect((await cli(["help", "rules"])).stdout).toBe(r.stdout);
    expect(r.stdout).toContain('choices: "human", "json"');
    expect(r.stdout).not.toContain("--lenient-env");
  });
  it("--version prints the version", async () => {
    expect((await cli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("strict commands and options", () => {
  it("suggests a command for a typo that names no file", async () => {
    const r = await cli(["rulez"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "rulez"; did you mean "rules"?');
    // A file of that name is a file.
    const d = dir({ rulez: GOOD });
    expect((await cli(["rulez"], { cwd: d })).code).toBe(0);
  });
  it("rules takes human or json, and -o", async () => {
    const bad = await cli(["rules", "--format", "sarif"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of human, json, not "sarif"');
    const d = dir();
    const r = await cli(["rules", "-o", "rules.txt"], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(d, "rules.txt"), "utf8")).toMatch(/^store-ref-defined +error +reference/m);
  });
  it("explain -f json prints the rule's metadata", async () => {
    const r = await cli(["explain", "store-ref-defined", "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: "store-ref-defined", category: "reference" });
  });
  it("explain without an id, or with an unknown one, is a usage error", async () => {
    expect((await cli(["explain"])).stderr).toContain("explain takes one rule id");
    const r = await cli(["explain", "store-ref-defind"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "store-ref-defined"?');
  });
  it("schema takes no operand", async () => {
    const r = await cli(["schema", "extra"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unexpected argument "extra"');
    expect(JSON.parse((await cli(["schema"])).stdout).$id).toContain("nativelink-config.schema.json");
  });
  it("an unknown option is named", async () => {
    const r = await cli(["c.json5", "--bogus"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option --bogus");
  });
  it("a negative number is a value, judged by the option", async () => {
    const r = await cli(["c.json5", "--max-warnings", "-1"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-warnings takes a whole number >= 0, not "-1"');
  });
  it("a count or a number of days is written in decimal digits", async () => {
    for (const [option, value] of [["--max-warnings", "0x10"], ["--max-warnings", "1e3"], ["--expiry-warn-days", " 5"], ["--expiry-warn-days", "1.0"], ["--expiry-warn-days", "99999999999999999999"]] as const) {
      const r = await cli(["c.json5", option, value], { cwd: dir() });
      expect(r.code, `${option} ${value}`).toBe(2);
      expect(r.stderr).toContain(`${option} takes a whole number >= 0, not "${value}"`);
    }
    expect((await cli(["c.json5", "--max-warnings", "007"], { cwd: dir() })).code).toBe(0);
  });
  it("--no-color turns colour off even when forced, --color turns it on", async () => {
    const d = dir({ "c.json5": '{ stores: [{ name: "CAS", memroy: {} }], servers: [] }' });
    expect((await cli(["c.json5", "--no-color"], { cwd: d, tty: true })).stdout).not.toContain("\u001b[");
    expect((await cli(["c.json5", "--color"], { cwd: d })).stdout).toContain("\u001b[");
  });
  it("a repeatable option takes one value each time, so it does not swallow the files after it", async () => {
    const d = dir({ "c.json5": '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t" } }], servers: [] }', "a.env": "ROOT=/srv\n" });
    const r = await cli(["--target-env-file", "a.env", "c.json5", "-f", "json"], { cwd: d });
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1, errors: 0 });
  });
});

describe("- as an operand", () => {
  it("is a usage error, not an operand dropped without a word (yargs drops it from the files)", async () => {
    const d = dir();
    for (const a of [["-"], ["-", "c.json5"], ["check", "c.json5", "-"], ["graph", "-", "c.json5"], ["migrate", "-", "c.json5"], ["--quiet", "-", "c.json5"], ["-", "--output=-", "c.json5"]]) {
      const r = await cli(a, { cwd: d });
      expect(r.code, a.join(" ")).toBe(2);
      expect(r.stderr, a.join(" ")).toContain("`-` (standard input) is not read: give the config's file name");
      expect(r.stdout, a.join(" ")).toBe("");
    }
  });
  it("is a file after --, and an option's value where the option takes one", async () => {
    const d = dir({ "-": GOOD, "c.json5": GOOD });
    const afterDash = await cli(["-f", "json", "--", "-"], { cwd: d });
    expect(JSON.parse(afterDash.stdout).summary).toMatchObject({ files: 1, errors: 0 });
    for (const a of [["c.json5", "-o", "-", "-f", "json"], ["--output", "-", "-f", "json", "c.json5"], ["--output=-", "-f", "json", "c.json5"]]) {
      const r = await cli(a, { cwd: d });
      expect(r.code, a.join(" ")).toBe(0);
      expect(JSON.parse(r.stdout).summary.files, a.join(" ")).toBe(1);
    }
  });
});

describe("-o", () => {
  it("- means stdout", async () => {
    const r = await cli(["c.json5", "-o", "-", "-f", "json"], { cwd: dir() });
    expect(JSON.parse(r.stdout).summary.files).toBe(1);
  });
  it("a missing directory or a directory is a usage error, found before checking", async () => {
    const d = dir();
    mkdirSync(join(d, "out"));
    const missing = await cli(["c.json5", "-o", "nope/report.json"], { cwd: d });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("-o nope/report.json: the directory nope does not exist");
    const isDir = await cli(["c.json5", "-o", "out"], { cwd: d });
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toContain("-o out: that is a directory");
    expect(isDir.stderr).not.toContain("internal error");
  });
  it("writing to a file still prints the one-line summary on a terminal", async () => {
    const d = dir();
    const r = await cli(["c.json5", "-o", "r.txt"], { cwd: d, tty: true });
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("nativelink-preflight: 0 errors, 0 warnings in 1 file checked\n");
    expect((await cli(["c.json5", "-o", "r.txt"], { cwd: d })).stderr).toBe("");
  });
});

describe("completion", () => {
  it("prints a shell completion script", async () => {
    const r = await cli(["completion"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--get-yargs-completions");
  });
  it("completes commands and options", async () => {
    const cmds = await cli(["--get-yargs-completions", "nativelink-preflight", ""]);
    expect(cmds.stdout.split("\n")).toEqual(expect.arrayContaining(["check", "rules", "explain", "schema"]));
    const opts = await cli(["--get-yargs-completions", "nativelink-preflight", "check", "--pro"]);
    expect(opts.stdout).toContain("--profile");
  });
});
