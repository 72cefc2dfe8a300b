// Where a check runs: without --on-host, absolute files that are not on this machine are infos left to
// the target host; with --on-host they are errors; --path-map (and pathMap) read them from the repository.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, tree } from "../helpers/cli.ts";
import { makePki, type Pki } from "../helpers/pki.ts";
import { mapPath, parsePathMap } from "../../src/path-map.ts";

// A directory no machine running the tests has, so "/etc/..." stays a target-host path here.
const ETC = "/etc/nativelink-preflight-test-target";
const CONFIG = `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [{
    listener: { http: { socket_address: "127.0.0.1:0", tls: {
      cert_file: "${ETC}/certs/server.pem",
      key_file: "${ETC}/certs/server-key.pem",
    } } },
    services: { cas: [{ cas_store: "CAS" }] },
  }],
}
`;

let pki: Pki;
beforeAll(async () => {
  pki = await makePki(tree({}, "nlp-where-pki-"));
});

function repo(extra: Record<string, string> = {}): string {
  const dir = tree({ "nativelink.json5": CONFIG, ...extra }, "nlp-where-");
  mkdirSync(join(dir, "deploy/files/certs"), { recursive: true });
  copyFileSync(pki.files.server, join(dir, "deploy/files/certs/server.pem"));
  copyFileSync(pki.files.serverKey, join(dir, "deploy/files/certs/server-key.pem"));
  chmodSync(join(dir, "deploy/files/certs/server-key.pem"), 0o600);
  return dir;
}

const only = (out: string, re: RegExp) => out.split("\n").filter((l) => re.test(l));

describe("the same config, in CI and on the host", () => {
  it("without --on-host: the missing /etc files are infos and the run exits 0", async () => {
    const dir = repo();
    const r = await cli(["--at", pki.now.toISOString(), "nativelink.json5"], { cwd: dir });
    expect(only(r.stdout, /^nativelink\.json5:/)).toEqual([
      `nativelink.json5:5:18 info cert_file "${ETC}/certs/server.pem" is not on this machine: it is checked on the target host with --on-host, or map it with --path-map [file-on-target-host]`,
      `nativelink.json5:6:17 info key_file "${ETC}/certs/server-key.pem" is not on this machine: it is checked on the target host with --on-host, or map it with --path-map [file-on-target-host]`,
    ]);
    expect(r.code).toBe(0);
  });

  it("with --on-host: the same files are errors, and the summary names the user", async () => {
    const dir = repo();
    const r = await cli(["--on-host", "--run-as", "nobody", "--at", pki.now.toISOString(), "nativelink.json5"], { cwd: dir });
    // (Other host rules may add findings about this machine; the file errors are what this test is about.)
    expect(only(r.stdout, /\[tls-file-readable\]$/)).toEqual([
      `nativelink.json5:5:18 error cert_file "${ETC}/certs/server.pem" does not exist: NativeLink stops at startup [tls-file-readable]`,
      `nativelink.json5:6:17 error key_file "${ETC}/certs/server-key.pem" does not exist: NativeLink stops at startup [tls-file-readable]`,
    ]);
    expect(r.stdout).toMatch(/^✖ 2 errors, \d+ warnings?(, \d+ infos?)? in 1 file checked on this host, for user nobody$/m);
    expect(r.code).toBe(1);
  });

  it("relative paths that do not exist stay errors without --on-host", async () => {
    const dir = tree({ "nativelink.json5": CONFIG.replaceAll(`${ETC}/`, "") }, "nlp-where-rel-");
    const r = await cli(["nativelink.json5"], { cwd: dir });
    expect(only(r.stdout, /\[tls-file-readable\]$/)).toHaveLength(2);
    expect(r.code).toBe(1);
  });

  it("--path-map reads the files from the repository, and a finding names both paths", async () => {
    const dir = repo();
    const r = await cli(["--path-map", `${ETC}=deploy/files`, "--at", pki.now.toISOString(), "nativelink.json5"], { cwd: dir });
    expect(only(r.stdout, /file-on-target-host|tls-file-readable/)).toEqual([]);
    expect(r.code).toBe(0);
    // A mapped file that is missing is an error, said with both paths.
    writeFileSync(join(dir, "other.json5"), CONFIG.replace("server.pem", "missing.pem"));
    const missing = await cli(["--path-map", `${ETC}=deploy/files`, "--at", pki.now.toISOString(), "other.json5"], { cwd: dir });
    expect(only(missing.stdout, /^other\.json5:/)).toEqual([
      `other.json5:5:18 error cert_file "${ETC}/certs/missing.pem" does not exist: NativeLink stops at startup (${ETC}/certs/missing.pem was checked as ${join(dir, "deploy/files/certs/missing.pem")}, by --path-map) [tls-file-readable]`,
    ]);
  });

  it("pathMap in the settings file does the same, relative to the settings file", async () => {
    const dir = repo({ ".nativelink-preflight.json5": `{ pathMap: { "${ETC}": "deploy/files" } }` });
    const r = await cli(["--at", pki.now.toISOString(), "nativelink.json5"], { cwd: dir });
    expect(only(r.stdout, /file-on-target-host|tls-file-readable/)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("a settings pathMap key may hold '=' (it is a key, not FROM=TO text)", async () => {
    const odd = "/etc/nativelink-preflight-test=odd";
    const config = CONFIG.split(ETC).join(odd);
    const dir = repo({ "nativelink.json5": config, ".nativelink-preflight.json5": `{ pathMap: { "${odd}": "deploy/files" } }` });
    const r = await cli(["--at", pki.now.toISOString(), "nativelink.json5"], { cwd: dir });
    expect(only(r.stdout, /file-on-target-host|tls-file-readable/)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("a pathMap key that is not absolute is a settings problem", async () => {
    const dir = repo({ ".nativelink-preflight.json5": `{ pathMap: { "etc/nativelink": "deploy/files" } }` });
    const r = await cli(["nativelink.json5"], { cwd: dir });
    expect(r.stdout).toContain('.nativelink-preflight.json5:1:14 error pathMap key "etc/nativelink" must be an absolute directory on the target host');
    // Said once, in its own words: the schema's propertyNames pattern is not reported beside it.
    expect(r.stdout).not.toMatch(/pattern/);
  });

  it("--path-map takes FROM=TO with an absolute FROM", async () => {
    const dir = repo();
    expect((await cli(["--path-map", "deploy=x", "nativelink.json5"], { cwd: dir })).stderr).toContain('--path-map deploy=x: FROM must be an absolute path on the target host, not "deploy"');
    expect((await cli(["--path-map", "/etc/nativelink", "nativelink.json5"], { cwd: dir })).code).toBe(2);
  });
});

describe("mapPath", () => {
  const map = parsePathMap(["/etc/nativelink=/repo/files", "/etc/nativelink/certs=/repo/pki", "/=/root-copy"], "/");
  it("maps a path under FROM, the longest FROM winning, on whole path components", () => {
    expect(mapPath(map, "/etc/nativelink/a.json")).toBe("/repo/files/a.json");
    expect(mapPath(map, "/etc/nativelink/certs/k.pem")).toBe("/repo/pki/k.pem");
    expect(mapPath(map, "/etc/nativelink")).toBe("/repo/files");
    expect(mapPath(map, "/etc/nativelink-other/x")).toBe("/root-copy/etc/nativelink-other/x");
    expect(mapPath(parsePathMap(["/etc/nativelink=/r"], "/"), "/etc/nativelinkx")).toBeUndefined();
  });
});

describe("around --on-host", () => {
  it("the JSON summary names the run-as user", async () => {
    const dir = tree({ "c.json5": '{ stores: [], servers: [] }' }, "nlp-where-json-");
    const r = await cli(["--on-host", "--run-as", "nobody", "--format", "json", "c.json5"], { cwd: dir });
    expect(JSON.parse(r.stdout).summary.onHost).toEqual({ runAs: "nobody" });
  });
  it("--systemd-unit is read by the host checks only", async () => {
    const dir = tree({ "c.json5": '{ stores: [], servers: [] }', "nl.service": "[Service]\nLimitNOFILE=65536\n" }, "nlp-where-unit-");
    expect((await cli(["--systemd-unit", "nl.service", "c.json5"], { cwd: dir })).stderr).toContain("--systemd-unit is read by the host checks: add --on-host");
    expect((await cli(["--on-host", "--systemd-unit", "missing.service", "c.json5"], { cwd: dir })).code).toBe(2);
  });
});

describe("the Action never checks --on-host", () => {
  it("leaves /etc files to the target host, and reads them from the repository with path-map", async () => {
    const { runAction } = await import("../helpers/cli.ts");
    const files = { "nativelink.json5": CONFIG };
    const plain = runAction({ files: "nativelink.json5" }, files);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^::notice file=nativelink\.json5,line=5,.*title=file-on-target-host::/m);
    const mapped = runAction({ files: "nativelink.json5", "path-map": `${ETC}=deploy/files` }, { ...files, "deploy/files/certs/server.pem": "not a certificate\n", "deploy/files/certs/server-key.pem": "" });
    expect(mapped.stdout).not.toMatch(/title=file-on-target-host/);
    expect(mapped.stdout).toMatch(/was checked as .*deploy\/files\/certs\/server\.pem, by --path-map/);
  });
});
