// The GitHub Action: its metadata, its committed bundle, and a run with the runner's environment.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runAction } from "./helpers/cli.ts";
import { parse as parseYaml } from "yaml";
import { Ajv } from "ajv";

const root = new URL("..", import.meta.url).pathname;
const schemaPath = join(root, "test/fixtures/reference/schemas/github-action.json");
const action = parseYaml(readFileSync(join(root, "action.yml"), "utf8"));

describe("action.yml", () => {
  it.skipIf(!existsSync(schemaPath))("validates against the GitHub action metadata schema (test/fixtures/reference/schemas)", () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    expect(validate(action), JSON.stringify(validate.errors)).toBe(true);
  });

  it("runs the committed bundle on node24 and declares the documented inputs and outputs", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(Object.keys(action.inputs)).toEqual(["files", "profile", "env-file", "fail-on", "sarif-file", "at", "expiry-warn-days", "config", "working-directory", "lenient-env", "host-map", "path-map", "max-warnings", "deployment"]);
    expect(action.inputs.files.required).toBe(true);
    expect(Object.keys(action.outputs)).toEqual(["errors", "warnings", "sarif-file"]);
  });
});

describe("the bundled action, run as the runner runs it", () => {
  const BAD = '{ stores: [{ name: "X", memroy: {} }], servers: [] }';
  const WARN = '{ stores: [{ name: "X", memory: {}, note: 1 }], servers: [] }';

  it("annotates, summarises, writes SARIF and outputs, and fails on errors", () => {
    const r = runAction({ files: "bad.json5\nwarn.json5" }, { "bad.json5": BAD, "warn.json5": WARN });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=bad\.json5,line=1,col=12,endLine=1,endColumn=37,title=variant-shape::/m);
    expect(r.stdout).toMatch(/^::warning file=warn\.json5,/m);
    expect(r.outputs).toEqual({ errors: "1", warnings: "1", "sarif-file": "nativelink-preflight.sarif" });
    expect(r.summary).toContain("| error |");
    const sarif = JSON.parse(readFileSync(join(r.ws, "nativelink-preflight.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.length).toBe(2);
  });

  it("stays inside what GitHub takes: at most 25,000 SARIF results and a job summary of at most 1 MiB", { timeout: 120_000 }, () => {
    // 12,600 stores with two bad values each: 25,200 errors.
    const stores = Array.from({ length: 12_600 }, (_, i) => `{ name: "S${i}", memory: { eviction_policy: { max_bytes: "x${i}", max_seconds: "y${i}" } } }`);
    const r = runAction({ files: "c.json5" }, { "c.json5": `{ stores: [\n${stores.join(",\n")}\n], servers: [] }\n` });
    expect(r.outputs.errors).toBe("25200");
    const run = JSON.parse(readFileSync(join(r.ws, "nativelink-preflight.sarif"), "utf8")).runs[0];
    expect(run.results).toHaveLength(25_000);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^200 of 25200 results are left out/);
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(r.summary).toMatch(/\*\*\d+ findings are not in this table\*\*: GitHub drops a step's job summary larger than 1 MiB\. The SARIF file \(`sarif-file`\) has them, up to the 25,000 results code scanning takes\./);
  });

  it("fail-on: warning fails on warnings; the default does not", () => {
    expect(runAction({ files: "warn.json5" }, { "warn.json5": WARN }).code).toBe(0);
    expect(runAction({ files: "warn.json5", "fail-on": "warning" }, { "warn.json5": WARN }).code).toBe(1);
  });

  it("a missing files input is a usage error reported as an annotation", () => {
    const r = runAction({}, {});
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^::error title=nativelink-preflight::the `files` input is required/m);
  });

  it("takes env files and the sarif path from its inputs", () => {
    const cfg = '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t" } }], servers: [] }';
    const r = runAction({ files: "c.json5", "env-file": "prod.env", "sarif-file": "out.sarif" }, { "c.json5": cfg, "prod.env": "ROOT=/srv\n" });
    expect(r.code).toBe(0);
    expect(r.outputs["sarif-file"]).toBe("out.sarif");
    expect(existsSync(join(r.ws, "out.sarif"))).toBe(true);
  });
});

describe("a broken checkout", () => {
  it("reports a missing bundle as a workflow error and exits 3, without a stack trace", () => {
    const pkg = mkdtempSync(join(tmpdir(), "nlp-action-broken-"));
    mkdirSync(join(pkg, "dist"));
    copyFileSync(join(root, "dist/action.js"), join(pkg, "dist/action.js"));
    writeFileSync(join(pkg, "package.json"), '{ "type": "module" }');
    const r = spawnSync(process.execPath, [join(pkg, "dist/action.js")], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^::error title=nativelink-preflight::cannot load the bundled CLI: Cannot find module [^\n]*\n$/);
    expect(r.stderr).toBe("");
  });
});
