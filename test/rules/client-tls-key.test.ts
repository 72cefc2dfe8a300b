import { beforeAll, describe, expect, it } from "vitest";
import { lines } from "../helpers/lint.ts";
import type { Pki } from "../helpers/pki.ts";
import { SCHED, SCHED_STOPS, STORE, STORE_STOPS, WORKER, WORKER_LOOPS, clientPki, col, findings, rel, text, tls, write } from "../helpers/client-tls.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-key";
const NO_KEY = "Error parsing TLS private key - no RSA or PKCS8-encoded keys found.";
const MTLS = (inner: string) => `Error { code: InvalidArgument, messages: ["${inner}", "transport error", "Setting mTLS configuration"] }`;
// Built at run time so the source holds no key-looking PEM line.
const OPENSSH_LABEL = ["OPENSSH", "PRIVATE", "KEY"].join(" ");

describe(RULE, () => {
  let pki: Pki;
  let ca: string;
  let cert: string;
  beforeAll(async () => {
    pki = await clientPki();
    ca = rel(pki, "caBundle");
    cert = rel(pki, "client");
    // "openssh-key-v1\0", cipher "none": enough for the format to be recognised; no key inside.
    const body = Buffer.concat([Buffer.from("openssh-key-v1\0"), Buffer.from([0, 0, 0, 4]), Buffer.from("none")]).toString("base64");
    write(pki, "openssh.key", `-----BEGIN ${OPENSSH_LABEL}-----\n${body}\n-----END ${OPENSSH_LABEL}-----\n`);
    write(pki, "bad-then-key.key", `-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n${text(pki, "clientKey")}`);
    write(pki, "key-latin1.key", Buffer.concat([Buffer.from("# cl\xe9 priv\xe9e\n", "latin1"), Buffer.from(text(pki, "clientKey"))]));
  });
  const run = async (config: string) => lines(await findings(pki, config, RULE));

  const invalid: [string, () => string, (c: string) => string[]][] = [
    [
      "an encrypted PKCS#8 key",
      () => STORE(tls({ ca, cert, key: rel(pki, "encryptedKey") })),
      (c) => [`1:${col(c, '"encrypted.key"')} key_file "encrypted.key" holds an encrypted private key (ENCRYPTED PRIVATE KEY at line 1), and NativeLink has no way to take a passphrase; ${STORE_STOPS}`],
    ],
    [
      "a legacy OpenSSL-encrypted key",
      () => WORKER(tls({ ca, cert, key: rel(pki, "legacyEncryptedKey") })),
      (c) => [
        `1:${col(c, '"legacy-encrypted.key"')} key_file "legacy-encrypted.key" holds an encrypted private key (RSA PRIVATE KEY with Proc-Type: 4,ENCRYPTED at line 1), and NativeLink has no way to take a passphrase; ${WORKER_LOOPS}`,
      ],
    ],
    [
      "an OpenSSH key",
      () => STORE(tls({ ca, cert, key: "openssh.key" })),
      (c) => [`1:${col(c, '"openssh.key"')} key_file "openssh.key" holds an OpenSSH private key (line 1), a format tonic does not read; ${STORE_STOPS}`],
    ],
    [
      "a certificate given as key_file",
      () => SCHED(tls({ ca, cert, key: cert })),
      (c) => [
        `1:${col(c, 'key_file: "client.pem"') + 10} key_file "client.pem" holds no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY section (CERTIFICATE at line 1); ${SCHED_STOPS}`,
      ],
    ],
    [
      "a broken section before the key",
      () => STORE(tls({ ca, cert, key: "bad-then-key.key" })),
      (c) => [
        `1:${col(c, '"bad-then-key.key"')} key_file "bad-then-key.key" has a malformed PEM section before any private key (the body of the CERTIFICATE section at line 1 is not valid base64 (InvalidCharacter(33))), so tonic finds no key; ${STORE_STOPS}`,
      ],
    ],
    [
      "bytes that are not UTF-8",
      () => WORKER(tls({ ca, cert, key: "key-latin1.key" })),
      (c) => [`1:${col(c, '"key-latin1.key"')} key_file "key-latin1.key" is not UTF-8 text, and NativeLink reads it as text; ${WORKER_LOOPS}`],
    ],
    [
      "an RSA key ring refuses (1024 bits)",
      () => STORE(tls({ ca, cert: rel(pki, "weakRsa"), key: rel(pki, "weakRsaKey") })),
      (c) => [`1:${col(c, '"weak-rsa.key"')} rustls cannot load the RSA 1024-bit key (PRIVATE KEY) at line 1 of key_file "weak-rsa.key": RSA key is 1024 bits; ring accepts 2048 to 4096; ${STORE_STOPS}`],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      const c = config();
      expect(await run(c)).toEqual(want(c));
    });
  }

  const valid: [string, () => string][] = [
    ["a PKCS#8 EC key", () => STORE(tls({ ca, cert, key: rel(pki, "clientKey") }))],
    ["a SEC1 EC key", () => STORE(tls({ ca, cert: rel(pki, "server"), key: rel(pki, "serverKeySec1") }))],
    ["a PKCS#1 RSA 2048 key", () => WORKER(tls({ ca, cert: rel(pki, "rsaServer"), key: rel(pki, "rsaServerKeyPkcs1") }))],
    ["two keys (tonic takes the first, no error)", () => STORE(tls({ ca, cert: rel(pki, "server"), key: rel(pki, "twoKeys") }))],
    ["an encrypted key with use_native_roots: true (never read)", () => STORE(tls({ native: true, cert, key: rel(pki, "encryptedKey") }))],
    ["an empty key file (tls-file-pem reports it)", () => STORE(tls({ ca, cert, key: rel(pki, "empty") }))],
    ["a text file without PEM (tls-file-pem reports it)", () => STORE(tls({ ca, cert, key: rel(pki, "garbage") }))],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await run(config())).toEqual([]);
    });
  }

  it("points at key_file and carries NativeLink's message as each owner prints it", async () => {
    const [store] = await findings(pki, STORE(tls({ ca, cert, key: rel(pki, "encryptedKey") })), RULE);
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config/key_file");
    expect(store?.nativelink).toBe(grpcStoreChain(MTLS(NO_KEY)));
    expect(store?.hint).toContain("openssl pkey -in");
    const [sched] = await findings(pki, SCHED(tls({ ca, cert, key: rel(pki, "encryptedKey") })), RULE);
    expect(sched?.nativelink).toBe(NO_KEY);
    const [ring] = await findings(pki, WORKER(tls({ ca, cert: rel(pki, "weakRsa"), key: rel(pki, "weakRsaKey") })), RULE);
    expect(ring?.nativelink).toBe(MTLS("unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA"));
    const [utf8] = await findings(pki, SCHED(tls({ ca, cert, key: "key-latin1.key" })), RULE);
    expect(utf8?.nativelink).toBe("stream did not contain valid UTF-8");
  });

  it("never puts key material in a finding", async () => {
    const all = [
      ...(await findings(pki, STORE(tls({ ca, cert, key: "bad-then-key.key" })), RULE)),
      ...(await findings(pki, STORE(tls({ ca, cert: rel(pki, "weakRsa"), key: rel(pki, "weakRsaKey") })), RULE)),
    ];
    const body = text(pki, "clientKey").split("\n")[1]!.slice(0, 24);
    for (const f of all) expect(`${f.message} ${f.hint} ${f.nativelink}`).not.toContain(body);
  });
});
