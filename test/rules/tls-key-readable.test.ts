import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { KEY_LABEL, findings, found, rel, server, serverPki, worker, write } from "../helpers/tls-server.ts";

const RULE = "tls-key-readable";
const RING = "unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA";

let pki: Pki;
let cert: string;
const pemBlock = (label: string, body: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(body).toString("base64").replace(/(.{64})/g, "$1\n").trim()}\n-----END ${label}-----\n`;
beforeAll(async () => {
  pki = await serverPki();
  cert = rel(pki, "server");
  // An OpenSSH container naming its cipher "none" (no key inside: the rule reads only the header).
  const u32 = (n: number) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  const body = Buffer.concat([Buffer.from("openssh-key-v1\0"), u32(4), Buffer.from("none"), u32(4), Buffer.from("none"), u32(0), u32(0)]);
  write(pki, "openssh.key", pemBlock(KEY_LABEL("OPENSSH"), body));
  write(pki, "dsa.key", pemBlock(KEY_LABEL("DSA"), Buffer.from("not really a key")));
  const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey;
  write(pki, "p521.key", p521.export({ type: "pkcs8", format: "pem" }));
});

describe(RULE, () => {
  const invalid: [string, () => string, (key: string) => string][] = [
    [
      "an encrypted PKCS#8 key",
      () => rel(pki, "encryptedKey"),
      (k) => `key_file "${k}" holds an encrypted PKCS#8 key (ENCRYPTED ${KEY_LABEL()}, line 1); NativeLink cannot decrypt keys, so startup stops`,
    ],
    [
      "a legacy passphrase-protected key",
      () => rel(pki, "legacyEncryptedKey"),
      (k) => `key_file "${k}" holds a passphrase-protected key (${KEY_LABEL("RSA")} with Proc-Type: 4,ENCRYPTED, line 1); NativeLink cannot decrypt keys, so startup stops`,
    ],
    [
      "an OpenSSH key",
      () => "openssh.key",
      (k) => `key_file "${k}" holds an OpenSSH private key (line 1), a format NativeLink does not read (it reads PKCS#8, PKCS#1 and SEC1 PEM): startup stops`,
    ],
    [
      "a DSA key",
      () => "dsa.key",
      (k) =>
        `key_file "${k}" holds a "${KEY_LABEL("DSA")}" block (line 1); NativeLink reads only ${KEY_LABEL()} (PKCS#8), ${KEY_LABEL("RSA")} (PKCS#1) and ${KEY_LABEL("EC")} (SEC1) blocks, so startup stops`,
    ],
    [
      "an RSA-1024 key ring refuses",
      () => rel(pki, "weakRsaKey"),
      (k) => `key_file "${k}" holds an RSA-1024 key (${KEY_LABEL()} block at line 1) that rustls' ring provider cannot load (RSA key is 1024 bits; ring accepts 2048 to 4096): startup stops`,
    ],
    [
      "a P-521 key ring refuses",
      () => "p521.key",
      (k) => `key_file "${k}" holds an EC P-521 key (${KEY_LABEL()} block at line 1) that rustls' ring provider cannot load (curve P-521 is not supported (P-256 and P-384 only)): startup stops`,
    ],
  ];
  for (const [name, key, want] of invalid) {
    it(`reports ${name}`, async () => {
      const k = key();
      const b = server({ cert_file: cert, key_file: k });
      expect(await found(pki, b.config, RULE)).toEqual([`${b.at("key_file")} ${want(k)}`]);
    });
  }

  it("passes PKCS#8, SEC1 and PKCS#1 keys, and leaves other problems to other rules", async () => {
    for (const key of [rel(pki, "serverKey"), rel(pki, "serverKeySec1"), rel(pki, "rsaServerKeyPkcs1")]) {
      expect(await found(pki, server({ cert_file: cert, key_file: key }).config, RULE)).toEqual([]);
    }
    // no key at all is tls-file-pem's; a client's encrypted key is client-tls-key's
    expect(await found(pki, server({ cert_file: cert, key_file: cert }).config, RULE)).toEqual([]);
    expect(await found(pki, worker({ ca_file: rel(pki, "rootCa"), cert_file: rel(pki, "client"), key_file: rel(pki, "encryptedKey") }).config, RULE)).toEqual([]);
  });

  it("carries NativeLink's message and a decryption hint without key material", async () => {
    const [enc] = await findings(pki, server({ cert_file: cert, key_file: rel(pki, "encryptedKey") }).config, RULE);
    expect(enc?.nativelink).toBe("no items found");
    expect(enc?.pointer).toBe("/servers/0/listener/http/tls/key_file");
    expect(enc?.hint).toContain(`openssl pkey -in ${pki.dir}/encrypted.key -out ${pki.dir}/encrypted.key.decrypted`);
    const [legacy] = await findings(pki, server({ cert_file: cert, key_file: rel(pki, "legacyEncryptedKey") }).config, RULE);
    expect(legacy?.nativelink).toMatch(/^base64 decode error: /);
    const [weak] = await findings(pki, server({ cert_file: cert, key_file: rel(pki, "weakRsaKey") }).config, RULE);
    expect(weak?.nativelink).toBe(RING);
    for (const f of [enc, legacy, weak]) expect(JSON.stringify(f)).not.toMatch(/MI[GHI][A-Za-z0-9+/]{20}/);
  });
});
