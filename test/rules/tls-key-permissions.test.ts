import { chmodSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { findings, found, grpcStore, rel, server, serverPki, worker } from "../helpers/tls-server.ts";

const RULE = "tls-key-permissions";
const ASK = "a private key should be readable by its owner only (600 or 400)";

let pki: Pki;
/** A copy of the server key with the given mode. */
const keyWithMode = (mode: number): string => {
  const name = `key-${mode.toString(8)}.key`;
  copyFileSync(pki.files.serverKey, join(pki.dir, name));
  chmodSync(join(pki.dir, name), mode);
  return name;
};
beforeAll(async () => {
  pki = await serverPki();
});

describe(RULE, () => {
  const invalid: [string, number, string][] = [
    ["readable by everyone", 0o644, "is readable by group and others (mode 644)"],
    ["readable by the group", 0o640, "is readable by group (mode 640)"],
    ["readable by others only", 0o604, "is readable by others (mode 604)"],
    ["writable by the group", 0o620, "is writable by group (mode 620)"],
    ["open to all", 0o666, "is readable and writable by group and others (mode 666)"],
  ];
  for (const [name, mode, what] of invalid) {
    it(`reports a server key ${name}`, async () => {
      const key = keyWithMode(mode);
      const b = server({ cert_file: rel(pki, "server"), key_file: key });
      expect(await found(pki, b.config, RULE)).toEqual([`${b.at("key_file")} key_file "${key}" ${what}; ${ASK}`]);
    });
  }

  it("reports client keys of workers and grpc stores, even when use_native_roots makes NativeLink ignore them", async () => {
    const key = keyWithMode(0o644);
    const w = worker({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: key });
    expect(await found(pki, w.config, RULE)).toEqual([`${w.at("key_file")} key_file "${key}" is readable by group and others (mode 644); ${ASK}`]);
    const g = grpcStore({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: key });
    expect(await found(pki, g.config, RULE)).toEqual([`${g.at("key_file")} key_file "${key}" is readable by group and others (mode 644); ${ASK}`]);
    const n = worker({ use_native_roots: true, cert_file: rel(pki, "client"), key_file: key });
    expect(await found(pki, n.config, RULE)).toHaveLength(1);
  });

  it("passes 600 and 400 keys, certificates of any mode, and missing files", async () => {
    for (const mode of [0o600, 0o400]) {
      expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: keyWithMode(mode) }).config, RULE)).toEqual([]);
    }
    chmodSync(pki.files.server, 0o644);
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: "missing.key", client_ca_file: rel(pki, "caBundle") }).config, RULE)).toEqual([]);
  });

  it("points at the key field and gives a chmod command", async () => {
    const key = keyWithMode(0o644);
    const [f] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: key }).config, RULE);
    expect(f?.pointer).toBe("/servers/0/listener/http/tls/key_file");
    expect(f?.severity).toBe("warning");
    expect(f?.hint).toBe(`chmod 600 ${join(pki.dir, key)} and chown it to the user NativeLink runs as`);
    expect(f?.nativelink).toBeUndefined();
  });
});
