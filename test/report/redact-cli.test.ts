// The leaks, reproduced through the real command line and the Action: the values of
// secret-named variables and the secret parts of inline values never reach any output format.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli.ts";
import { runAction } from "../../src/action.ts";
import { REDACTED } from "../../src/report/redact.ts";

const FORMATS = ["human", "json", "sarif", "github", "junit"] as const;

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "nlp-redact-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Every format (human plain and coloured, the GitHub job summary too), concatenated. */
async function everyFormat(dir: string, argv: string[], env: Record<string, string> = {}): Promise<{ all: string; json: { findings: { ruleId: string; message: string; hint?: string; nativelink?: string }[] }; human: string }> {
  let all = "";
  let json = "";
  let human = "";
  for (const format of FORMATS) {
    for (const tty of format === "human" ? [false, true] : [false]) {
      const summary = join(dir, `summary-${format}.md`);
      let out = "";
      await run({ argv: [...argv, "--format", format], env: { ...env, GITHUB_STEP_SUMMARY: summary }, cwd: dir, stdout: (s) => void (out += s), stderr: (s) => void (out += s), isTTY: tty });
      if (format === "github") out += readFileSync(summary, "utf8");
      if (format === "json") json = out;
      if (format === "human" && !tty) human = out;
      all += out;
    }
  }
  return { all, json: JSON.parse(json), human };
}

describe("secrets never reach a report (issue 9, section 2)", () => {
  it("endpoint-uri-valid no longer prints the value of ${CAS_TOKEN} in a ?token= query", async () => {
    const dir = tree({
      "c.json5": '{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://cas.internal:50051/?token=${CAS_TOKEN}" }], store_type: "cas" } }], servers: [] }',
    });
    const r = await everyFormat(dir, ["c.json5", "--env", "CAS_TOKEN=S3cr3t-tok-7f3a"]);
    expect(r.all).not.toMatch(/s3cr3t/i);
    const uri = r.json.findings.find((f) => f.ruleId === "endpoint-uri-valid");
    expect(uri?.message).toBe(`endpoints[0].address "grpc://cas.internal:50051/?token=${REDACTED}" has a path or query, which tonic drops: requests go to the service's own path on cas.internal`);
    // endpoint-plaintext shows the same text the same way: one marker, from one place.
    const plain = r.json.findings.find((f) => f.ruleId === "endpoint-plaintext");
    expect(plain?.message).toContain(`"grpc://cas.internal:50051/?token=${REDACTED}"`);
  });

  it("a ${DB_PASSWORD} used as a socket_address and a ${CERT_SECRET} used as a path are not printed", async () => {
    const dir = tree({
      "c.json5": `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [
    { listener: { http: { socket_address: "\${DB_PASSWORD}" } }, services: {} },
    { listener: { http: { socket_address: "0.0.0.0:50052", tls: { cert_file: "\${CERT_SECRET}", key_file: "/nope/key.pem" } } }, services: {} },
  ],
}`,
    });
    const r = await everyFormat(dir, ["c.json5", "--env", "DB_PASSWORD=S3cr3t-pw-91c2", "--env", "CERT_SECRET=/etc/S3cr3t-cert-3b.pem"]);
    expect(r.all).not.toMatch(/s3cr3t/i);
    const messages = r.json.findings.map((f) => `${f.ruleId}: ${f.message}`);
    expect(messages).toContain(`listen-address-valid: socket_address "${REDACTED}" (from \${DB_PASSWORD}) has no port; NativeLink cannot parse it as a socket address and stops`);
    // An absolute file that is not on this machine is left to the target host; its path stays hidden there too.
    expect(messages).toContain(`file-on-target-host: cert_file "${REDACTED}" is not on this machine: it is checked on the target host with --on-host, or map it with --path-map`);
  });

  it("the same secrets read from --env-file, a settings file's envFiles and the process environment", async () => {
    const cfg = '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "${DB_PASSWORD}" } }, services: {} }] }';
    const fromFile = tree({ "c.json5": cfg, "prod.env": "DB_PASSWORD='S3cr3t-file-1a'\n" });
    expect((await everyFormat(fromFile, ["c.json5", "--target-env-file", "prod.env"])).all).not.toMatch(/s3cr3t/i);
    const fromSettings = tree({ "c.json5": cfg, "prod.env": "DB_PASSWORD=S3cr3t-settings-2b\n", ".nativelink-preflight.json5": '{ envFiles: ["prod.env"] }' });
    const settings = await everyFormat(fromSettings, ["c.json5"]);
    expect(settings.human).toContain(`socket_address "${REDACTED}"`);
    expect(settings.all).not.toMatch(/s3cr3t/i);
    const fromProcess = tree({ "c.json5": cfg });
    const proc = await everyFormat(fromProcess, ["c.json5"], { DB_PASSWORD: "S3cr3t-process-3c" });
    expect(proc.human).toContain(`socket_address "${REDACTED}"`);
    expect(proc.all).not.toMatch(/s3cr3t/i);
  });

  it("a Redis URL password written inline is hidden in messages and in the code frame", async () => {
    const dir = tree({
      "c.json5": `{
  stores: [
    { name: "R", redis_store: { addresses: ["redis://user:S3cr3t-redis-55aa@cache:6379/x?y"] } },
    { name: "M", experimental_mongo: { connection_string: "mongodb://app:S3cr3t-mongo-77cc@db:27017/?authSource=admin&tls=maybe", database: "nl" } },
  ],
  servers: [],
}`,
    });
    const r = await everyFormat(dir, ["c.json5"]);
    expect(r.all).not.toMatch(/s3cr3t/i);
    expect(r.human).toContain(` 3 │     { name: "R", redis_store: { addresses: ["redis://user:${REDACTED}@cache:6379/x?y"] } },`);
    expect(r.json.findings.find((f) => f.ruleId === "redis-store-addresses-valid")?.message).toBe(
      `redis store "R" address "redis://user:${REDACTED}@cache:6379/x?y" is not a URL NativeLink's redis client accepts: Invalid database number`,
    );
  });

  it("the code frame's caret still underlines the value after a secret in it is replaced", async () => {
    const dir = tree({ "c.json5": '{ stores: [{ name: "R", redis_store: { addresses: ["redis://u:S3cr3t-caret-0@cache:6379/x"] } }], servers: [] }' });
    const r = await everyFormat(dir, ["c.json5"]);
    const frame = r.human.split("\n");
    const i = frame.findIndex((l) => l.endsWith("[redis-store-addresses-valid]")) + 2;
    const shown = (frame[i] ?? "").slice(5);
    const caret = (frame[i + 1] ?? "").slice(5);
    const value = `"redis://u:${REDACTED}@cache:6379/x"`;
    expect(caret.indexOf("^")).toBe(shown.indexOf(value));
    expect(caret.trim()).toBe("^".repeat(value.length));
  });

  it("the Action's annotations, job summary and SARIF file hide the same secrets", async () => {
    const ws = tree({
      "c.json5": '{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://cas.internal:50051/?token=${CAS_TOKEN}" }], store_type: "cas" } }], servers: [] }',
      "prod.env": "CAS_TOKEN=S3cr3t-action-4d\n",
    });
    const summary = join(ws, "summary.md");
    const output = join(ws, "output.txt");
    writeFileSync(output, "");
    let out = "";
    const code = await runAction({ GITHUB_WORKSPACE: ws, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, INPUT_FILES: "c.json5", "INPUT_ENV-FILE": "prod.env" }, (s) => void (out += s));
    // A plaintext endpoint is a warning under the production profile: the step passes, the secret stays hidden.
    expect(code).toBe(0);
    expect(out).toContain(`?token=${REDACTED}`);
    for (const text of [out, readFileSync(summary, "utf8"), readFileSync(join(ws, "nativelink-preflight.sarif"), "utf8"), readFileSync(output, "utf8")]) {
      expect(text).not.toMatch(/s3cr3t/i);
    }
  });
});
