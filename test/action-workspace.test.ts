// The Action on a real repository layout: configs in subdirectories with relative TLS paths,
// workspace-relative annotations and SARIF, a SARIF file and outputs on every failure, inputs named
// as the workflow spells them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAction } from "./helpers/cli.ts";

/** A config that names a CA file relative to its own directory. */
const WITH_CA = '{ stores: [{ name: "G", grpc: { instance_name: "", endpoints: [{ address: "grpcs://cas.internal:443", tls_config: { ca_file: "certs/ca.pem" } }], store_type: "cas" } }], servers: [] }';
const BAD = '{ stores: [{ name: "X", memroy: {} }], servers: [] }';
const WARN3 = '{ stores: [{ name: "A", memory: {}, x: 1 }, { name: "B", memory: {}, y: 1 }, { name: "C", memory: {}, z: 1 }], servers: [] }';

describe("the Action on a repository with configs in subdirectories", () => {
  it("resolves relative TLS paths against each config's directory by default", () => {
    const r = runAction({ files: "deploy" }, { "deploy/prod/cas.json5": WITH_CA });
    expect(r.stdout).toMatch(/certs\/ca\.pem/);
    // Checked against deploy/prod/certs/ca.pem, which is missing: one finding names it under deploy/prod.
    expect(r.stdout).toContain("deploy/prod/certs/ca.pem");
    const there = runAction({ files: "deploy" }, { "deploy/prod/cas.json5": WITH_CA, "deploy/prod/certs/ca.pem": "not a pem\n" });
    expect(there.stdout).not.toContain("does not exist");
  });

  it("working-directory sets NativeLink's working directory for every config", () => {
    const r = runAction({ files: "deploy", "working-directory": "files" }, { "deploy/prod/cas.json5": WITH_CA });
    expect(r.stdout).toContain("files/certs/ca.pem");
  });

  it("annotates and writes SARIF with paths relative to the workspace, however the files were named", () => {
    const r = runAction({ files: "./deploy/bad.json5" }, { "deploy/bad.json5": BAD });
    expect(r.stdout).toMatch(/^::error file=deploy\/bad\.json5,line=1,/m);
    const sarif = JSON.parse(readFileSync(join(r.ws, "nativelink-preflight.sarif"), "utf8"));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: "deploy/bad.json5", uriBaseId: "%SRCROOT%" });
    expect(sarif.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toBe(`file://${r.ws}/`);
  });

  it("lists the files checked and skipped in the job summary and links each rule to its page", () => {
    const r = runAction({ files: "." }, { "deploy/bad.json5": BAD, "package.json": '{ "name": "x" }' });
    expect(r.summary).toContain("1 file checked");
    expect(r.summary).toContain("1 JSON file skipped: not NativeLink configs");
    expect(r.summary).toMatch(/\[<code>variant\\-shape<\/code>\]\(https:\/\/github\.com\/nativelink-preflight\/nativelink-preflight\/blob\/main\/docs\/rules\/variant-shape\.md\)/);
  });

  it("max-warnings fails the step and says so", () => {
    const r = runAction({ files: "c.json5", "max-warnings": "2" }, { "c.json5": WARN3 });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error title=nativelink-preflight::3 warnings exceed --max-warnings 2");
    expect(runAction({ files: "c.json5", "max-warnings": "3" }, { "c.json5": WARN3 }).code).toBe(0);
  });

  it("lenient-env makes an unset variable a warning", () => {
    const cfg = '{ stores: [{ name: "S", filesystem: { content_path: "${ROOT}/cas", temp_path: "/tmp/t" } }], servers: [] }';
    expect(runAction({ files: "c.json5" }, { "c.json5": cfg }).code).toBe(1);
    expect(runAction({ files: "c.json5", "lenient-env": "true" }, { "c.json5": cfg }).code).toBe(0);
  });
});

describe("the Action when it cannot check", () => {
  for (const [what, inputs, words] of [
    ["no files input", {}, "the `files` input is required"],
    ["a glob that matches nothing", { files: "nothing/*.json5" }, "no files match nothing/*.json5"],
    ["a bad max-warnings", { files: "c.json5", "max-warnings": "many" }, 'input `max-warnings` takes a whole number >= 0, not "many"'],
    ["a bad lenient-env", { files: "c.json5", "lenient-env": "yes" }, 'input `lenient-env` must be true or false, not "yes"'],
    ["a bad profile", { files: "c.json5", profile: "lax" }, "profile must be one of"],
  ] as const) {
    it(`${what}: a usage error naming the input, outputs, and a valid SARIF file that says why`, () => {
      const r = runAction({ ...inputs, "sarif-file": "reports/sarif/out.sarif" }, { "c.json5": BAD });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(`::error title=nativelink-preflight::${words}`);
      expect(r.stdout).not.toMatch(/--max-warnings|--lenient-env/);
      expect(r.outputs).toEqual({ errors: "0", warnings: "0", "sarif-file": "reports/sarif/out.sarif" });
      const sarif = JSON.parse(readFileSync(join(r.ws, "reports/sarif/out.sarif"), "utf8"));
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0].results).toEqual([]);
      expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error" }] });
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toContain(words);
    });
  }
});

describe("the Action's deployment input", () => {
  /** A worker in one directory dialling, in plaintext, a scheduler in another that serves TLS. */
  const SCHEDULER = '{ stores: [{ name: "M", memory: {} }], schedulers: [{ name: "S", simple: {} }], servers: [{ name: "w", listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "c.pem", key_file: "k.pem" } } }, services: { worker_api: { scheduler: "S" } } }] }';
  const WORKER = '{ stores: [{ name: "M", memory: {} }], workers: [{ local: { worker_api_endpoint: { uri: "grpc://scheduler:50061" }, cas_fast_slow_store: "M", upload_action_result: { ac_store: "M" }, work_directory: "/tmp/w" } }], servers: [] }';
  const files = { "a/scheduler.json5": SCHEDULER, "b/worker.json5": WORKER };
  const deploymentRules = (stdout: string) => [...stdout.matchAll(/title=(deployment-[\w-]+)/g)].map((m) => m[1]);

  it("true checks configs of different directories as one deployment; false and the default do not", () => {
    const all = runAction({ files: "a b", deployment: "true", "host-map": "scheduler=a/scheduler.json5" }, files);
    expect(deploymentRules(all.stdout)).toContain("deployment-scheme-tls");
    expect(deploymentRules(runAction({ files: "a b", "host-map": "scheduler=a/scheduler.json5" }, files).stdout)).toEqual([]);
    expect(deploymentRules(runAction({ files: "a b", deployment: "false" }, files).stdout)).toEqual([]);
  });

  it("anything but true or false is a usage error naming the input", () => {
    const r = runAction({ files: "a b", deployment: "yes" }, files);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('input `deployment` must be true or false, not "yes"');
  });
});
