// `migrate` on the command line (diff, --write, --to, decisions, help, completion) and the same
// rewrites offered as fixes: JSON `fix`, SARIF `fixes`, and `check --fix`.
import { chmodSync, lstatSync, readFileSync, readlinkSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tree } from "./helpers/cli.ts";
import { migrateText } from "../src/migrate/index.ts";
import { applyEdits } from "../src/migrate/text.ts";
import { lineEdits } from "../src/migrate/diff.ts";
import { writeOrSay } from "../src/commands/migrate.ts";

const OLD = `{
  // the stores
  stores: {
    CAS: { memory: {} },
  },
  servers: [],
}
`;
const NEW = `{
  // the stores
  stores: [
    { name: "CAS", memory: {} },
  ],
  servers: [],
}
`;
const CURRENT = '{ stores: [{ name: "CAS", memory: {} }], servers: [] }\n';
const AZURE = '{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "azure", account_name: "a", container: "c" } }], servers: [] }\n';

/** Offsets of a 1-based line/column in `text`. */
function offset(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) off = text.indexOf("\n", off) + 1;
  return off + column - 1;
}
function applySpanEdits(text: string, edits: { range: { line: number; column: number; endLine: number; endColumn: number }; text: string }[]): string {
  return applyEdits(text, edits.map((e) => ({ range: [offset(text, e.range.line, e.range.column), offset(text, e.range.endLine, e.range.endColumn)] as [number, number], text: e.text })));
}

describe("migrate command", () => {
  it("hides a password in the diff's context lines, as every report does", async () => {
    const dir = tree({
      "old.json5": '{\n  stores: [{\n    name: "AC",\n    redis_store: {\n      addresses: ["redis://:hunter2-pw@redis.internal:6379"],\n      connection_timeout_s: 5,\n    },\n  }],\n  servers: [],\n}\n',
    });
    const r = await cli(["migrate", "old.json5"], { cwd: dir });
    expect(r.stdout).toContain("+      connection_timeout_ms: 5000,");
    expect(r.stdout).toContain("redis.internal:6379");
    expect(r.stdout).not.toContain("hunter2-pw");
  });

  it("with no file, says what it needs (not another command's words)", async () => {
    const r = await cli(["migrate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give at least one config file to migrate");
  });

  it("a file that cannot be written is a message, not an exception", () => {
    expect(writeOrSay("/nonexistent-dir-for-nlp/c.json5", "{}", 0o644)).toMatch(/^ENOENT \(\w+\)$/);
  });

  it("prints a unified diff and says which steps it would apply; the file is not touched", async () => {
    const dir = tree({ "old.json5": OLD });
    const r = await cli(["migrate", "old.json5"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      ["--- a/old.json5", "+++ b/old.json5", "@@ -1,7 +1,7 @@", " {", "   // the stores", "-  stores: {", "-    CAS: { memory: {} },", "-  },", "+  stores: [", '+    { name: "CAS", memory: {} },', "+  ],", "   servers: [],", " }", ""].join("\n"),
    );
    expect(r.stderr).toBe("old.json5: would migrate to v1.6.6: stores-list (v0.7.0)\n");
    expect(readFileSync(join(dir, "old.json5"), "utf8")).toBe(OLD);
  });

  it("--write replaces the file atomically with the same mode, through a symlink, leaving no temporary file", async () => {
    const dir = tree({ "old.json5": OLD });
    chmodSync(join(dir, "old.json5"), 0o640);
    symlinkSync("old.json5", join(dir, "link.json5"));
    const r = await cli(["migrate", "--write", "link.json5"], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(dir, "old.json5"), "utf8")).toBe(NEW);
    expect(statSync(join(dir, "old.json5")).mode & 0o777).toBe(0o640);
    expect(lstatSync(join(dir, "link.json5")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json5"))).toBe("old.json5");
    expect(readdirSync(dir).sort()).toEqual(["link.json5", "old.json5"]);
  });

  it("leaves a v1.6.6 config byte-identical and prints nothing", async () => {
    const dir = tree({ "c.json5": CURRENT });
    const r = await cli(["migrate", "--write", "c.json5"], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(dir, "c.json5"), "utf8")).toBe(CURRENT);
  });

  it("reports what is left to decide, at its place, and exits 1", async () => {
    const dir = tree({ "az.json5": AZURE });
    const r = await cli(["migrate", "az.json5"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "az.json5:1:60: decide: the Azure store authenticates with Workload Identity or a sas_url since v1.6.0, no longer with the AZURE_STORAGE_KEY account key (drop-azure-timeouts, v1.6.0); decide how NativeLink reaches the account: set sas_url, or give the pod an Azure Workload Identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE)\n",
    );
  });

  it("says so for a file that does not parse, and goes on with the others", async () => {
    const dir = tree({ "bad.json5": "{ stores: [", "old.json5": OLD });
    const r = await cli(["migrate", "bad.json5", "old.json5"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.json5:1:12: cannot migrate: JSON5 syntax error/);
    expect(r.stdout).toContain("+++ b/old.json5");
  });

  it("--to takes only 1.6.6 for now; no file is a usage error", async () => {
    expect((await cli(["migrate", "--to", "1.7.0", "x.json5"])).code).toBe(2);
    expect((await cli(["migrate"])).code).toBe(2);
  });

  it("help migrate and completion know the command", async () => {
    const h = await cli(["help", "migrate"]);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("nativelink-preflight migrate <files..>");
    expect(h.stdout).toContain("--write");
    const c = await cli(["--get-yargs-completions", "nativelink-preflight", ""]);
    expect(c.stdout.split("\n")).toContain("migrate");
  });
});

describe("fixes in JSON and SARIF", () => {
  it("config-release carries the whole migration as edits, and applying them gives migrate's text", async () => {
    const dir = tree({ "old.json5": OLD });
    const doc = JSON.parse((await cli(["old.json5", "--format", "json"], { cwd: dir })).stdout);
    const f = doc.findings.find((x: { ruleId: string }) => x.ruleId === "config-release");
    expect(f.fix.description).toBe("rewrite the config in the v1.6.6 form (nativelink-preflight migrate: stores-list)");
    expect(f.fix.edits).toEqual([{ range: { line: 3, column: 1, endLine: 6, endColumn: 1 }, text: '  stores: [\n    { name: "CAS", memory: {} },\n  ],\n' }]);
    expect(applySpanEdits(OLD, f.fix.edits)).toBe(NEW);
  });

  it("deprecated-services-map carries the services-list edits of its own map only", async () => {
    const text = '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: { main: { cas_store: "CAS" } }, capabilities: { main: {} } } }] }\n';
    const dir = tree({ "s.json5": text });
    const doc = JSON.parse((await cli(["s.json5", "--format", "json"], { cwd: dir })).stdout);
    const cas = doc.findings.find((x: { pointer: string }) => x.pointer === "/servers/0/services/cas");
    expect(cas.ruleId).toBe("deprecated-services-map");
    const fixed = applySpanEdits(text, cas.fix.edits);
    expect(fixed).toBe('{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [ { instance_name: "main", cas_store: "CAS" } ], capabilities: { main: {} } } }] }\n');
    const again = JSON.parse((await cli(["s.json5", "--format", "json"], { cwd: tree({ "s.json5": fixed }) })).stdout);
    expect(again.findings.map((x: { pointer: string }) => x.pointer)).toEqual(["/servers/0/services/capabilities"]);
  });

  it("the bytestream object and a redis_store's old settings carry their own step; the ignored max_decoding_message_size finding carries none", async () => {
    const text = [
      "{",
      '  stores: [{ name: "CAS", memory: {} }, { name: "AC", redis_store: { addresses: ["redis://redis.internal:6379"], connection_timeout_s: 3 } }],',
      '  servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { bytestream: { cas_stores: { main: "CAS" }, max_decoding_message_size: 1000 } } }],',
      "}",
      "",
    ].join("\n");
    const doc = JSON.parse((await cli(["r.json5", "--format", "json"], { cwd: tree({ "r.json5": text }) })).stdout);
    const fixes = Object.fromEntries(doc.findings.map((f: { pointer: string; fix?: { edits: unknown[] } }) => [f.pointer, f.fix]));
    expect(Object.keys(fixes).sort()).toEqual(["/servers/0/services/bytestream", "/servers/0/services/bytestream/max_decoding_message_size", "/stores/1/redis_store/connection_timeout_s"]);
    expect(fixes["/servers/0/services/bytestream/max_decoding_message_size"]).toBeUndefined();
    expect(applySpanEdits(text, fixes["/stores/1/redis_store/connection_timeout_s"].edits)).toContain("connection_timeout_ms: 3000 }");
    expect(applySpanEdits(text, fixes["/servers/0/services/bytestream"].edits)).toContain(
      'bytestream: [{ instance_name: "main", cas_store: "CAS" /* nativelink-preflight migrate dropped max_decoding_message_size (removed in NativeLink v0.7.2; bytestream ignores it; the limit is listener.http.max_decoding_message_size) */ }]',
    );
  });

  it("SARIF results carry the same edits as fixes", async () => {
    const dir = tree({ "old.json5": OLD });
    const sarif = JSON.parse((await cli(["old.json5", "--format", "sarif"], { cwd: dir })).stdout);
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === "config-release");
    expect(r.fixes).toEqual([
      {
        description: { text: "rewrite the config in the v1.6.6 form (nativelink-preflight migrate: stores-list)" },
        artifactChanges: [{ artifactLocation: r.locations[0].physicalLocation.artifactLocation, replacements: [{ deletedRegion: { startLine: 3, startColumn: 1, endLine: 6, endColumn: 1 }, insertedContent: { text: '  stores: [\n    { name: "CAS", memory: {} },\n  ],\n' } }] }],
      },
    ]);
  });

  it("a fix that would show a secret is not offered", async () => {
    const text = '{ stores: { AC: { redis_store: { addresses: ["redis://:hunter2hunter2@redis.internal:6379"] } } }, servers: [] }\n';
    const dir = tree({ "r.json5": text });
    const out = (await cli(["r.json5", "--format", "json"], { cwd: dir })).stdout;
    expect(out).not.toContain("hunter2hunter2");
    const f = JSON.parse(out).findings.find((x: { ruleId: string }) => x.ruleId === "config-release");
    expect(f.fix).toBeUndefined();
  });

  it("line edits rebuild the migrated text, a last line without a newline included", () => {
    for (const [a, b] of [[OLD, NEW], [OLD.trimEnd(), NEW.trimEnd()], ["{}", "{ }\n"], ["a\nb\nc", "a\nc"]]) {
      expect(applyEdits(a!, lineEdits(a!, b!))).toBe(b);
    }
  });
});

describe("check --fix", () => {
  it("rewrites old forms in place, keeping the mode, then reports what is left", async () => {
    const dir = tree({ "old.json5": OLD, "az.json5": AZURE.replace('container: "c" }', 'container: "c", read_timeout_s: 5 }') });
    chmodSync(join(dir, "old.json5"), 0o600);
    const r = await cli(["--fix", "old.json5", "az.json5", "--format", "json"], { cwd: dir });
    expect(readFileSync(join(dir, "old.json5"), "utf8")).toBe(NEW);
    expect(statSync(join(dir, "old.json5")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "az.json5"), "utf8")).toBe(migrateText(AZURE.replace('container: "c" }', 'container: "c", read_timeout_s: 5 }')).text);
    expect(r.stderr).toBe("nativelink-preflight: fixed old.json5: stores-list (v0.7.0)\nnativelink-preflight: fixed az.json5: drop-azure-timeouts (v1.6.0)\n");
    const ids = JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain("config-release");
  });

  it("leaves configs that need nothing, and files that are not configs, untouched", async () => {
    const dir = tree({ "c.json5": CURRENT, "pkg/package.json": '{ "name": "x" }\n' });
    const r = await cli(["--fix", "."], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(readFileSync(join(dir, "c.json5"), "utf8")).toBe(CURRENT);
    expect(readFileSync(join(dir, "pkg/package.json"), "utf8")).toBe('{ "name": "x" }\n');
  });

  it("never rewrites a config the settings file ignores", async () => {
    const dir = tree({ "old.json5": OLD, "legacy/old.json5": OLD, ".nativelink-preflight.json5": '{ ignore: ["legacy/**"] }\n' });
    const r = await cli(["--fix", "."], { cwd: dir });
    expect(r.stderr).toBe("nativelink-preflight: fixed old.json5: stores-list (v0.7.0)\n");
    expect(readFileSync(join(dir, "legacy/old.json5"), "utf8")).toBe(OLD);
  });
});
