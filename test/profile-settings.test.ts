// --profile and the settings file's profile and tlsProxies, through the command line.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli.ts";

async function cli(argv: string[], cwd: string): Promise<{ code: number; findings: { ruleId: string; severity: string; file: string; message: string }[]; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run({ argv: [...argv, "--format", "json"], env: {}, cwd, stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY: false });
  return { code, findings: stdout ? JSON.parse(stdout).findings : [], stderr };
}

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nlp-profile-"));
  mkdirSync(join(dir, ".git"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const PUBLIC = `{ stores: [{ name: "CAS", memory: {} }], servers: [{ name: "public", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;
const security = (fs: { ruleId: string; severity: string; file: string }[]) => fs.filter((f) => ["listener-plaintext", "worker-api-mtls", "endpoint-plaintext"].includes(f.ruleId)).map((f) => `${f.file} ${f.severity} ${f.ruleId}`);

describe("--profile and settings", () => {
  it("--profile takes development, production and strict", async () => {
    const dir = tree({ "k8s/nativelink.json5": PUBLIC });
    expect(security((await cli(["k8s/nativelink.json5"], dir)).findings)).toEqual(["k8s/nativelink.json5 warning listener-plaintext"]);
    const strict = await cli(["k8s/nativelink.json5", "--profile", "strict"], dir);
    expect(strict.code).toBe(1);
    expect(security(strict.findings)).toEqual(["k8s/nativelink.json5 error listener-plaintext"]);
    const bad = await cli(["k8s/nativelink.json5", "--profile", "paranoid"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--profile must be one of development, production, strict, not "paranoid"');
  });

  it("tlsProxies in the settings file records a TLS-terminating proxy for the configs its globs match", async () => {
    const dir = tree({
      ".nativelink-preflight.json5": `{ profile: "strict", tlsProxies: [{ files: ["k8s/*.json5"], listeners: ["public"], by: "Envoy sidecar" }] }`,
      "k8s/nativelink.json5": PUBLIC,
      "vm/nativelink.json5": PUBLIC,
    });
    const r = await cli(["."], dir);
    expect(security(r.findings)).toEqual(["vm/nativelink.json5 error listener-plaintext"]);
  });

  it("says each kind of wrong value in the settings file in ajv's words, made from the error itself", async () => {
    const dir = tree({
      ".nativelink-preflight.json5": `{ envFiles: "a.env", ignore: [""], expiryWarnDays: -1, reportUnusedSuppressions: "yes", deployments: { prod: [] }, cwd: 7, overrides: [{ files: ["a.json5"], expiryWarnDays: 1.5 }] }`,
      "a.json5": PUBLIC,
    });
    const r = await cli(["a.json5"], dir);
    expect(r.findings.filter((f) => f.ruleId === "preflight-config").map((f) => f.message)).toEqual([
      "/envFiles must be array",
      "/ignore/0 must NOT have fewer than 1 characters",
      "/expiryWarnDays must be >= 0",
      "/reportUnusedSuppressions must be boolean",
      "/deployments/prod must NOT have fewer than 1 items",
      "/cwd must be string",
      "/overrides/0/expiryWarnDays must be integer",
    ]);
  });

  it("a tlsProxies entry is validated: it must say what terminates TLS, and only known keys", async () => {
    const dir = tree({ ".nativelink-preflight.json5": `{ tlsProxies: [{ listeners: ["public"] }, { listener: ["public"], by: "x" }] }`, "a.json5": PUBLIC });
    const r = await cli(["a.json5"], dir);
    expect(r.findings.filter((f) => f.ruleId === "preflight-config").map((f) => f.message)).toEqual(['missing "by"', 'unknown setting "listener"; did you mean "listeners"?']);
  });
});
