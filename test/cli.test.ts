// The command-line contract: arguments, exit codes, output formats, settings files.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cli, tree } from "./helpers/cli.ts";

const GOOD = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }';
const BAD = '{ stores: [{ name: "CAS", memroy: {} }], servers: [] }';
const WARN = '{ stores: [{ name: "CAS", memory: {}, note: "x" }], servers: [] }';

describe("cli", () => {
  it("exits 0 on a clean config and 1 on an error, with the JSON contract", async () => {
    const dir = tree({ "good.json5": GOOD, "bad.json5": BAD });
    expect((await cli(["good.json5"], { cwd: dir })).code).toBe(0);
    const r = await cli(["check", "bad.json5", "--format", "json"], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["version", "findings", "summary"]);
    expect(doc.summary).toEqual({ files: 1, skipped: 0, errors: 1, warnings: 0, infos: 0 });
    expect(doc.findings[0]).toMatchObject({ ruleId: "variant-shape", category: "schema", severity: "error", file: "bad.json5", line: 1, column: 12, pointer: "/stores/0", nativelink: "no variant of enum StoreSpec found in flattened data" });
  });

  it("exits 2 on usage errors", async () => {
    expect((await cli(["--bogus"])).code).toBe(2);
    expect((await cli(["--format", "xml", "x.json5"])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli(["--max-warnings", "many", "x.json5"])).code).toBe(2);
    expect((await cli(["explain"])).code).toBe(2);
    const r = await cli(["no-such-dir/*.json5"], { cwd: tree({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no files match");
  });

  it("refuses an empty operand (an unset variable) instead of walking the current directory", async () => {
    const dir = tree({ "good.json5": GOOD, "bad.json5": BAD });
    for (const args of [[""], ["check", "good.json5", ""], ["graph", ""], ["migrate", ""], ["--fix", ""]]) {
      const r = await cli(args, { cwd: dir });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("an empty operand names no file");
      expect(r.stdout).toBe("");
    }
    expect(readFileSync(join(dir, "bad.json5"), "utf8")).toBe(BAD);
  });

  it("checks every *.json5 and *.json under a directory, and globs", async () => {
    const dir = tree({ "a/x.json5": GOOD, "a/b/y.json": GOOD, "a/notes.txt": "x", "a/node_modules/z.json5": BAD });
    expect(JSON.parse((await cli(["a", "--format", "json"], { cwd: dir })).stdout).summary.files).toBe(2);
    expect(JSON.parse((await cli(["a/**/*.json", "--format", "json"], { cwd: dir })).stdout).summary.files).toBe(1);
  });

  it("reports a missing file as a finding, not a crash", async () => {
    const r = await cli(["missing.json5", "--format", "json"], { cwd: tree({}) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ ruleId: "config-readable", line: 1, column: 1 });
  });

  it("--max-warnings and --quiet", async () => {
    const dir = tree({ "w.json5": WARN });
    expect((await cli(["w.json5"], { cwd: dir })).code).toBe(0);
    expect((await cli(["w.json5", "--max-warnings", "0"], { cwd: dir })).code).toBe(1);
    expect((await cli(["w.json5", "--max-warnings", "1"], { cwd: dir })).code).toBe(0);
    expect(JSON.parse((await cli(["w.json5", "--quiet", "--format", "json"], { cwd: dir })).stdout).findings).toEqual([]);
  });

  it("takes the target host's environment from --env-file and --env, not from the process", async () => {
    const cfg = '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t" } }], servers: [] }';
    const dir = tree({ "c.json5": cfg, "prod.env": "# the prod host\nexport ROOT='/srv/nl'\n" });
    expect((await cli(["c.json5"], { cwd: dir, env: { ROOT: "/x" } })).code).toBe(0);
    expect((await cli(["c.json5"], { cwd: dir, env: {} })).code).toBe(1);
    expect((await cli(["c.json5", "--target-env-file", "prod.env"], { cwd: dir })).code).toBe(0);
    expect((await cli(["c.json5", "--env", "ROOT=/y"], { cwd: dir })).code).toBe(0);
    expect((await cli(["c.json5", "--env", "OTHER=1"], { cwd: dir, env: { ROOT: "/x" } })).code).toBe(1);
    const lenient = await cli(["c.json5", "--lenient-env", "--format", "json"], { cwd: dir });
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(["info", "warning"]);
  });

  it("--output writes the report to a file", async () => {
    const dir = tree({ "bad.json5": BAD });
    const r = await cli(["bad.json5", "--format", "json", "--output", "report.json"], { cwd: dir });
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).summary.errors).toBe(1);
  });

  it("human output: code frame and caret, colour only when asked, control characters escaped", async () => {
    const dir = tree({ "bad.json5": '{ stores: [{ name: "\\u001b[31mX", memroy: {} }], servers: [] }' });
    const plain = await cli(["bad.json5"], { cwd: dir });
    expect(plain.stdout).not.toContain("\u001b");
    expect(plain.stdout).toContain("\\u001b[31mX");
    expect(plain.stdout).toMatch(/\n 1 │ \{ stores/);
    expect(plain.stdout).toMatch(/✖ 1 error, 0 warnings in 1 file checked/);
    expect((await cli(["bad.json5"], { cwd: dir, tty: true })).stdout).toContain("\u001b[31m");
    expect((await cli(["bad.json5"], { cwd: dir, tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
    expect((await cli(["bad.json5"], { cwd: dir, env: { FORCE_COLOR: "1" } })).stdout).toContain("\u001b[");
  });

  it("output is deterministic and sorted", async () => {
    const dir = tree({ "b.json5": BAD, "a.json5": WARN });
    const one = await cli(["b.json5", "a.json5", "--format", "json"], { cwd: dir });
    const two = await cli(["a.json5", "b.json5", "--format", "json"], { cwd: dir });
    expect(one.stdout).toBe(two.stdout);
    expect(JSON.parse(one.stdout).findings.map((f: { file: string }) => f.file)).toEqual(["a.json5", "b.json5"]);
  });

  it("rules, explain and schema", async () => {
    const rules = JSON.parse((await cli(["rules", "--format", "json"])).stdout);
    expect(rules.find((r: { id: string }) => r.id === "store-ref-defined")).toMatchObject({ severity: "error", category: "reference" });
    const ex = await cli(["explain", "store-ref-defined"]);
    expect(ex.stdout).toContain("'cas_store': '{name}' does not exist");
    const miss = await cli(["explain", "store-ref-defind"]);
    expect(miss.code).toBe(2);
    expect(miss.stderr).toContain('did you mean "store-ref-defined"');
    expect(JSON.parse((await cli(["schema"])).stdout).title).toContain("NativeLink");
  });
});

describe("settings file (.nativelink-preflight.json5)", () => {
  it("is found upward from each config; rules can be turned off or re-levelled, per glob", async () => {
    const dir = tree({
      ".git/HEAD": "",
      ".nativelink-preflight.json5": '{ rules: { "key-ignored": "off" }, overrides: [{ files: ["strict/**"], rules: { "key-ignored": "error" } }] }',
      "lax/w.json5": WARN,
      "strict/w.json5": WARN,
    });
    const r = JSON.parse((await cli(["lax", "strict", "--format", "json"], { cwd: dir })).stdout);
    expect(r.findings.map((f: { file: string; severity: string }) => `${f.file} ${f.severity}`)).toEqual(["strict/w.json5 error"]);
  });

  it("ignores configs by glob and reads env files relative to itself", async () => {
    const cfg = '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t" } }], servers: [] }';
    const dir = tree({
      ".git/HEAD": "",
      "deploy/.nativelink-preflight.json5": '{ envFiles: ["prod.env"], ignore: ["old/**"] }',
      "deploy/prod.env": "ROOT=/srv\n",
      "deploy/c.json5": cfg,
      "deploy/old/broken.json5": BAD,
    });
    const r = await cli(["deploy", "--format", "json"], { cwd: dir });
    expect(JSON.parse(r.stdout).summary).toEqual({ files: 1, skipped: 0, errors: 0, warnings: 0, infos: 0 });
  });

  it("its own mistakes are findings located in it", async () => {
    const dir = tree({ ".git/HEAD": "", ".nativelink-preflight.json5": '{\n  profil: "production",\n  rules: { "key-ignord": "off" },\n}', "c.json5": GOOD });
    const r = JSON.parse((await cli(["c.json5", "--format", "json"], { cwd: dir })).stdout);
    expect(r.findings.map((f: { file: string; line: number; column: number; message: string }) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      '.nativelink-preflight.json5:2:3 unknown setting "profil"; did you mean "profile"?',
    ]);
    const dir2 = tree({ ".git/HEAD": "", ".nativelink-preflight.json5": '{\n  rules: { "key-ignord": "off" },\n}', "c.json5": GOOD });
    const r2 = JSON.parse((await cli(["c.json5", "--format", "json"], { cwd: dir2 })).stdout);
    expect(r2.findings.map((f: { line: number; column: number; message: string }) => `${f.line}:${f.column} ${f.message}`)).toEqual(['2:12 no rule "key-ignord"; did you mean "key-ignored"?']);
  });

  it("--config names one explicitly, and command-line flags win over it", async () => {
    const dir = tree({ "s.json5": '{ profile: "development", rules: { "key-ignored": "error" } }', "w.json5": WARN });
    expect((await cli(["w.json5", "--config", "s.json5"], { cwd: dir })).code).toBe(1);
    expect((await cli(["w.json5", "--config", "missing.json5"], { cwd: dir })).code).toBe(2);
  });
});

describe("the built command", () => {
  const bin = new URL("../bin/nativelink-preflight.js", import.meta.url).pathname;
  it("runs from the bundle with the same exit codes", () => {
    const dir = tree({ "bad.json5": BAD, "good.json5": GOOD });
    expect(spawnSync(process.execPath, [bin, "good.json5"], { cwd: dir }).status).toBe(0);
    expect(spawnSync(process.execPath, [bin, "bad.json5"], { cwd: dir }).status).toBe(1);
    expect(spawnSync(process.execPath, [bin, "--nope"], { cwd: dir }).status).toBe(2);
  });

  it("finds the schema and the rule docs shipped beside dist/ (the bundle's own location)", () => {
    const schema = spawnSync(process.execPath, [bin, "schema"], { encoding: "utf8" });
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout).$id).toMatch(/nativelink-config\.schema\.json$/);
    const explain = spawnSync(process.execPath, [bin, "explain", "tls-key-matches-cert"], { encoding: "utf8" });
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/^tls-key-matches-cert \(tls, error by default\)\n/);
    expect(explain.stdout).toContain("Why:");
  });

  it("stops quietly when its reader goes away (| head), without a stack trace", () => {
    const r = spawnSync("bash", ["-c", `node ${JSON.stringify(bin)} schema | head -c 10 >/dev/null; node ${JSON.stringify(bin)} rules | head -1 >/dev/null`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
  });

  it("turns hostile input into findings within seconds: binary, 50 MB, 100k-deep nesting, a FIFO", () => {
    const dir = tree({ "bin.json5": "\u0000\u0001\u0002binary\u0000", "deep.json5": "[".repeat(100_000) + "]".repeat(100_000) });
    writeFileSync(join(dir, "huge.json5"), Buffer.alloc(50 * 1024 * 1024, 0x20));
    spawnSync("mkfifo", [join(dir, "fifo.json5")]);
    for (const f of ["bin.json5", "deep.json5", "huge.json5", "fifo.json5"]) {
      const r = spawnSync(process.execPath, [bin, f, "--format", "json"], { cwd: dir, timeout: 10_000 });
      expect(r.status, `${f}: ${r.stderr.toString()}`).toBe(1);
      const doc = JSON.parse(String(r.stdout));
      expect(doc.findings[0].line, f).toBeGreaterThanOrEqual(1);
      expect(String(r.stderr)).toBe("");
    }
  });
});
