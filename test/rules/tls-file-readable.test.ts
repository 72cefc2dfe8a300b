import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { findings, found, grpcStore, rel, server, serverPki, worker } from "../helpers/tls-server.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "tls-file-readable";
const STOPS = "NativeLink stops at startup";
const WORKER_LOOPS = "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  mkdirSync(join(pki.dir, "certs.d"));
  symlinkSync(join(pki.dir, "gone.pem"), join(pki.dir, "dangling.pem"));
  spawnSync("mkfifo", [join(pki.dir, "pipe.pem")]);
  writeFileSync(join(pki.dir, "huge.pem"), Buffer.alloc(1024 * 1024 + 1, 0x41));
  writeFileSync(join(pki.dir, "locked.key"), "x");
  chmodSync(join(pki.dir, "locked.key"), 0o000);
});

describe(RULE, () => {
  const invalid: [string, () => { config: string; at(f: string): string }, (b: { at(f: string): string }) => string[]][] = [
    ["a missing cert_file", () => server({ cert_file: "missing.pem", key_file: rel(pki, "serverKey") }), (b) => [`${b.at("cert_file")} cert_file "missing.pem" does not exist: ${STOPS}`]],
    ["a missing key_file", () => server({ cert_file: rel(pki, "server"), key_file: "nokey.pem" }), (b) => [`${b.at("key_file")} key_file "nokey.pem" does not exist: ${STOPS}`]],
    [
      "a missing client CA and CRL",
      () => server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: "ca/none.pem", client_crl_file: "ca/none.crl" }),
      (b) => [`${b.at("client_ca_file")} client_ca_file "ca/none.pem" does not exist: ${STOPS}`, `${b.at("client_crl_file")} client_crl_file "ca/none.crl" does not exist: ${STOPS}`],
    ],
    ["a dangling symbolic link", () => server({ cert_file: "dangling.pem", key_file: rel(pki, "serverKey") }), (b) => [`${b.at("cert_file")} cert_file "dangling.pem" is a symbolic link to a file that does not exist: ${STOPS}`]],
    [
      "a directory",
      () => server({ cert_file: "certs.d", key_file: rel(pki, "serverKey") }),
      (b) => [`${b.at("cert_file")} cert_file "certs.d" is a directory, not a file: NativeLink opens it and fails on the first read, so ${STOPS}`],
    ],
    [
      "a FIFO",
      () => server({ cert_file: "pipe.pem", key_file: rel(pki, "serverKey") }),
      (b) => [`${b.at("cert_file")} cert_file "pipe.pem" is a FIFO (named pipe): NativeLink blocks opening it until something writes to it, and reads whatever that writer sends`],
    ],
    [
      "a device",
      () => server({ cert_file: rel(pki, "server"), key_file: "/dev/null" }),
      (b) => [`${b.at("key_file")} key_file "/dev/null" is a device, not a file of certificates or keys: NativeLink would read whatever the device yields`],
    ],
    [
      "a file too large to check",
      () => server({ cert_file: "huge.pem", key_file: rel(pki, "serverKey") }),
      (b) => [`${b.at("cert_file")} cert_file "huge.pem" is larger than 1 MiB, so nativelink-preflight did not read it and could not check its contents`],
    ],
    ["an empty path", () => server({ cert_file: "", key_file: rel(pki, "serverKey") }), (b) => [`${b.at("cert_file")} cert_file "" is an empty path: ${STOPS}`]],
    ["a worker's missing ca_file", () => worker({ ca_file: "ca-missing.pem" }), (b) => [`${b.at("ca_file")} ca_file "ca-missing.pem" does not exist: ${WORKER_LOOPS}`]],
    [
      "a grpc store's missing client key",
      () => grpcStore({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: "client-missing.key" }),
      (b) => [`${b.at("key_file")} key_file "client-missing.key" does not exist: NativeLink stops at startup (the grpc store cannot be built)`],
    ],
  ];
  for (const [name, make, want] of invalid) {
    it(`reports ${name}`, async () => {
      const b = make();
      expect(await found(pki, b.config, RULE)).toEqual(want(b));
    });
  }

  it.skipIf(process.getuid?.() === 0)("reports a file this user may not read (skipped as root, who reads everything)", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: "locked.key" });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} key_file "locked.key" cannot be read: permission denied for the user running nativelink-preflight; if NativeLink runs as the same user, ${STOPS}`,
    ]);
  });

  it("passes files that exist, and files NativeLink never opens", async () => {
    const ok = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_ca_file: rel(pki, "caBundle"), client_crl_file: rel(pki, "crlBundle") });
    expect(await found(pki, ok.config, RULE)).toEqual([]);
    // client_crl_file without client_ca_file is never opened
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey"), client_crl_file: "none.crl" }).config, RULE)).toEqual([]);
    // use_native_roots: true drops every file
    expect(await found(pki, worker({ use_native_roots: true, ca_file: "none.pem" }).config, RULE)).toEqual([]);
  });

  it("carries Rust's I/O error text, wrapped as each owner wraps it", async () => {
    const s = (await findings(pki, server({ cert_file: "missing.pem", key_file: rel(pki, "serverKey") }).config, RULE))[0];
    expect(s?.nativelink).toBe('Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open cert file missing.pem", "main() function failed"] }');
    expect(s?.pointer).toBe("/servers/0/listener/http/tls/cert_file");
    expect(s?.hint).toContain(join(pki.dir, "missing.pem"));
    const dir = (await findings(pki, server({ cert_file: "certs.d", key_file: rel(pki, "serverKey") }).config, RULE))[0];
    expect(dir?.nativelink).toBe("I/O error: Is a directory (os error 21)");
    const w = (await findings(pki, worker({ ca_file: "none.pem" }).config, RULE))[0];
    expect(w?.nativelink).toBe("No such file or directory (os error 2)");
    expect(w?.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config/ca_file");
    const g = (await findings(pki, grpcStore({ ca_file: "none.pem" }).config, RULE))[0];
    expect(g?.nativelink).toBe(grpcStoreChain('Error { code: NotFound, messages: ["No such file or directory (os error 2)"] }', "UPSTREAM"));
    const big = (await findings(pki, server({ cert_file: "huge.pem", key_file: rel(pki, "serverKey") }).config, RULE))[0];
    expect(big?.severity).toBe("warning");
  });
});
