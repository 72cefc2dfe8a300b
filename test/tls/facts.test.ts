import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { spawnSync } from "node:child_process";
import { X509Certificate, createPrivateKey, generateKeyPairSync, webcrypto } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeTlsBytes, type CertFacts, type TlsFileFacts } from "../../src/tls/facts.ts";
import { makePki, type Pki } from "../helpers/pki.ts";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

let dir: string;
let pki: Pki;
const read = (p: string) => new Uint8Array(readFileSync(p));
const facts = (p: string) => analyzeTlsBytes(read(p));
const cert0 = (p: string): CertFacts => {
  const f = facts(p);
  expect(f.certs.length).toBeGreaterThan(0);
  return f.certs[0]!;
};
const enc = (s: string) => new TextEncoder().encode(s);
const pemOf = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").trim()}\n-----END ${label}-----\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nlpf-facts-"));
  pki = await makePki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("certificate facts: each with a case that has it and one that does not", () => {
  type Case = [string, () => string, (c: CertFacts) => unknown, unknown];
  const cases: Case[] = [
    ["isCA true on a CA", () => pki.files.rootCa, (c) => c.isCA, true],
    ["isCA undefined without basicConstraints", () => pki.files.server, (c) => c.isCA, undefined],
    ["pathLen on the intermediate", () => pki.files.intermediateCa, (c) => c.pathLen, 0],
    ["no pathLen on the root", () => pki.files.rootCa, (c) => c.pathLen, undefined],
    ["selfSigned root", () => pki.files.rootCa, (c) => c.selfSigned, true],
    ["not selfSigned leaf", () => pki.files.server, (c) => c.selfSigned, false],
    ["SAN DNS and IP", () => pki.files.server, (c) => [c.san?.dns, c.san?.ip], [["localhost"], ["127.0.0.1"]]],
    ["no SAN on the CN-only leaf", () => pki.files.cnOnly, (c) => c.san, undefined],
    ["CN of the CN-only leaf", () => pki.files.cnOnly, (c) => c.commonNames, ["cn-only.localhost"]],
    ["EKU serverAuth", () => pki.files.server, (c) => c.eku, ["serverAuth"]],
    ["EKU clientAuth", () => pki.files.client, (c) => c.eku, ["clientAuth"]],
    ["no EKU on a CA", () => pki.files.rootCa, (c) => c.eku, undefined],
    ["keyUsage digitalSignature", () => pki.files.server, (c) => c.keyUsage, ["digitalSignature"]],
    ["keyUsage keyCertSign cRLSign", () => pki.files.rootCa, (c) => c.keyUsage, ["keyCertSign", "cRLSign"]],
    ["weak SHA-1 signature", () => pki.files.sha1, (c) => [c.signatureAlgorithm, c.weakSignature], ["ecdsa-with-SHA1", true]],
    ["SHA-256 signature is not weak", () => pki.files.server, (c) => [c.signatureAlgorithm, c.weakSignature], ["ecdsa-with-SHA256", false]],
    ["RSA-1024 public key", () => pki.files.weakRsa, (c) => c.publicKey, { type: "rsa", bits: 1024, exponent: 65537 }],
    ["RSA-2048 public key", () => pki.files.rsaServer, (c) => c.publicKey, { type: "rsa", bits: 2048, exponent: 65537 }],
    ["EC P-256 public key", () => pki.files.server, (c) => c.publicKey, { type: "ec", curve: "P-256", bits: 256 }],
    ["serial", () => pki.files.client, (c) => c.serialHex, "1002"],
    ["v3", () => pki.files.server, (c) => c.version, 3],
    ["SKI and AKI chain up", () => pki.files.intermediateCa, (c) => typeof c.subjectKeyId === "string" && typeof c.authorityKeyId === "string", true],
    ["no AKI on the self-signed root", () => pki.files.rootCa, (c) => c.authorityKeyId, undefined],
    ["a v3 leaf passes webpki's end-entity parse", () => pki.files.server, (c) => c.rustlsLeafError, undefined],
    ["no CRL distribution points", () => pki.files.server, (c) => c.crlDistributionPoints, undefined],
  ];
  it.each(cases)("%s", (_name, file, get, want) => {
    expect(get(cert0(file()))).toEqual(want);
  });

  it("a v1 certificate: version 1, refused as a leaf by webpki, fine as a trust anchor", ({ skip }) => {
    if (!pki.files.v1) {
      skip(pki.v1Skipped ?? "no v1 certificate");
      return;
    }
    const c = cert0(pki.files.v1);
    expect(c.version).toBe(1);
    expect(c.extensions).toEqual([]);
    expect(c.rustlsLeafError).toBe("invalid peer certificate: Other(OtherError(UnsupportedCertVersion))");
    expect(c.rustlsAnchorError).toBeUndefined();
  });

  it("an unknown critical extension is refused by webpki; a non-critical one is not", async () => {
    const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]));
    const make = (critical: boolean) =>
      x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: "05",
        name: "CN=ext",
        keys,
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        extensions: [new x509.Extension("1.2.3.4", critical, new Uint8Array([0x05, 0x00]))],
      });
    const bad = analyzeTlsBytes(enc((await make(true)).toString("pem"))).certs[0]!;
    const ok = analyzeTlsBytes(enc((await make(false)).toString("pem"))).certs[0]!;
    expect(bad.rustlsLeafError).toBe("invalid peer certificate: Other(OtherError(UnsupportedCriticalExtension))");
    expect(bad.rustlsAnchorError).toBeUndefined(); // trust anchors ignore unknown critical extensions
    expect(bad.extensions).toEqual([{ oid: "1.2.3.4", critical: true }]);
    expect(ok.rustlsLeafError).toBeUndefined();
  });

  it("agrees with node's X509Certificate and @peculiar/x509 on every fixture certificate", () => {
    const certFiles = Object.entries(pki.files).filter(([, f]) => f && /\.pem$/.test(f) && !/crl|key/.test(f));
    let compared = 0;
    for (const [, file] of certFiles) {
      for (const c of facts(file).certs) {
        const node = new X509Certificate(Buffer.from(c.der));
        const pec = new x509.X509Certificate(new Uint8Array(c.der));
        expect(c.fingerprintSha256).toBe(node.fingerprint256);
        expect(c.subject).toBe(pec.subject);
        expect(c.issuer).toBe(pec.issuer);
        const strip = (h: string) => h.toLowerCase().replace(/^0+(?=.)/, "");
        expect(strip(c.serialHex)).toBe(strip(pec.serialNumber));
        expect(c.notBefore.getTime()).toBe(pec.notBefore.getTime());
        expect(c.notAfter.getTime()).toBe(pec.notAfter.getTime());
        expect(c.isCA === true).toBe(node.ca);
        const nodeSan = node.subjectAltName?.split(", ") ?? [];
        const mine = [...(c.san?.dns ?? []).map((d) => `DNS:${d}`), ...(c.san?.ip ?? []).map((i) => `IP Address:${i}`)];
        expect(mine).toEqual(nodeSan);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});

describe("key facts", () => {
  it.each([
    ["PKCS#8 EC", () => pki.files.serverKey, { format: "pkcs8", pemKey: true, type: "ec", curve: "P-256", bits: 256, encrypted: false }],
    ["SEC1 EC", () => pki.files.serverKeySec1, { format: "sec1", pemKey: true, type: "ec", curve: "P-256", encrypted: false }],
    ["PKCS#1 RSA", () => pki.files.rsaServerKeyPkcs1, { format: "pkcs1", pemKey: true, type: "rsa", bits: 2048, encrypted: false }],
    ["encrypted PKCS#8", () => pki.files.encryptedKey, { format: "encrypted-pkcs8", pemKey: false, encrypted: true }],
    ["legacy encrypted PKCS#1", () => pki.files.legacyEncryptedKey, { format: "pkcs1", pemKey: true, encrypted: true, parseError: "base64 decode error: InvalidCharacter(45)" }],
  ])("%s", (_n, file, want) => {
    const f = facts(file());
    expect(f.keys).toHaveLength(1);
    expect(f.keys[0]).toMatchObject(want);
  });

  it("readable keys carry a public KeyObject, unreadable ones do not", () => {
    expect(facts(pki.files.serverKey).keys[0]!.publicKey?.type).toBe("public");
    expect(facts(pki.files.encryptedKey).keys[0]!.publicKey).toBeUndefined();
  });

  it("two keys are both reported, in order", () => {
    expect(facts(pki.files.twoKeys).keys.map((k) => [k.index, k.line])).toEqual([
      [0, 1],
      [1, 6],
    ]);
  });

  const ringCases: [string, () => string, string | undefined][] = [
    ["RSA-1024 (ring wants 2048-4096 bits)", () => pki.files.weakRsaKey, "RSA key is 1024 bits; ring accepts 2048 to 4096"],
    ["RSA-2048", () => pki.files.rsaServerKeyPkcs1, undefined],
    ["EC P-256 PKCS#8", () => pki.files.serverKey, undefined],
    ["EC P-256 SEC1", () => pki.files.serverKeySec1, undefined],
  ];
  it.each(ringCases)("ring/rustls key support: %s", (_n, file, reason) => {
    const k = facts(file()).keys[0]!;
    expect(k.rustlsReason).toBe(reason);
    expect(k.rustlsError).toBe(reason ? "unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA" : undefined);
  });

  it.each([
    ["P-521", () => generateKeyPairSync("ec", { namedCurve: "P-521" }).privateKey, "curve P-521 is not supported (P-256 and P-384 only)"],
    ["P-384", () => generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey, undefined],
    ["Ed25519", () => generateKeyPairSync("ed25519").privateKey, undefined],
    ["Ed448", () => generateKeyPairSync("ed448").privateKey, "Ed448 keys are not supported"],
    ["X25519", () => generateKeyPairSync("x25519").privateKey, "only RSA, ECDSA (P-256, P-384) and Ed25519 keys are supported"],
  ])("ring/rustls key support (generated here): %s", (_n, make, reason) => {
    const pem = make().export({ type: "pkcs8", format: "pem" }) as string;
    const k = analyzeTlsBytes(enc(pem)).keys[0]!;
    expect(k.rustlsReason).toBe(reason);
    expect(k.publicKey).toBeDefined();
  });

  it("a SEC1 key without its embedded public point is refused by ring", () => {
    const sec1 = new Uint8Array(
      createPrivateKey(readFileSync(pki.files.serverKeySec1)).export({ type: "sec1", format: "der" }),
    );
    // 30 77 | 02 01 01 | 04 20 <32> | a0 0a <curve> | a1 44 <point>: keep the first three fields.
    expect([sec1[0], sec1[1], sec1[51]]).toEqual([0x30, 0x77, 0xa1]);
    const stripped = new Uint8Array([0x30, 49, ...sec1.subarray(2, 51)]);
    const k = analyzeTlsBytes(enc(pemOf("EC PRIVATE KEY", stripped))).keys[0]!;
    expect(k.curve).toBe("P-256");
    expect(k.rustlsReason).toBe("the EC private key does not embed its public key, which ring requires");
    sec1.fill(0);
    stripped.fill(0);
  });

  const hasSshKeygen = spawnSync("sh", ["-c", "command -v ssh-keygen"]).status === 0;
  it.skipIf(!hasSshKeygen).each([
    ["unencrypted", "", "none", false],
    ["passphrase-protected", "a passphrase", "aes256-ctr", true],
  ] as const)("an OpenSSH key (%s) is not a PEM key to rustls (needs ssh-keygen)", (_n, passphrase, cipher, encrypted) => {
    const file = join(dir, `id_${cipher}`);
    const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "", "-f", file], { stdio: "ignore" });
    expect(r.status).toBe(0);
    const k = facts(file).keys[0]!;
    expect(k).toMatchObject({ format: "openssh", label: "OPENSSH PRIVATE KEY", pemKey: false, cipher, encrypted });
    expect(k.publicKey).toBeUndefined();
  });

  it("a private-key block whose body is not a key", () => {
    const k = analyzeTlsBytes(enc(pemOf("PRIVATE KEY", new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])))).keys[0]!;
    expect(k.parseError).toMatch(/not a pkcs8 private key/);
    expect(k.rustlsError).toBeDefined();
  });
});

describe("CRL facts", () => {
  it("the intermediate's CRL", () => {
    const f = facts(pki.files.crl);
    expect(f.crls).toHaveLength(1);
    const c = f.crls[0]!;
    expect(c).toMatchObject({ version: 2, issuer: pki.subjects.intermediate, revokedSerials: [pki.serials.revokedClient], crlNumber: "01", signatureAlgorithm: "ecdsa-with-SHA256" });
    expect(c.nextUpdate!.getTime()).toBeGreaterThan(pki.now.getTime());
    expect(c.rustlsError).toBeUndefined();
    expect(typeof c.authorityKeyId).toBe("string");
  });
  it("an empty CRL lists no serials", () => {
    expect(facts(pki.files.rootCrl).crls[0]!.revokedSerials).toEqual([]);
  });
  it("an expired CRL has its nextUpdate in the past", () => {
    expect(facts(pki.files.crlExpired).crls[0]!.nextUpdate!.getTime()).toBeLessThan(pki.now.getTime());
  });
  it("a 'CRL' label is not a CRL to rustls: it lands in otherLabels", () => {
    const f = facts(pki.files.crlWrongLabel);
    expect(f.crls).toEqual([]);
    expect(f.otherLabels).toEqual([{ label: "CRL", line: 1 }]);
  });

  describe("webpki's CRL parse (provided CRL could not be parsed: ...)", () => {
    let keys: CryptoKeyPair;
    beforeAll(async () => {
      keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]));
    });
    const make = (extensions: x509.Extension[]) =>
      x509.X509CrlGenerator.create({
        issuer: "CN=crl test",
        thisUpdate: new Date(),
        nextUpdate: new Date(Date.now() + 86_400_000),
        signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
        signingKey: keys.privateKey,
        extensions,
      });
    const crlNumber = new x509.Extension("2.5.29.20", false, new Uint8Array([2, 1, 1]));
    it.each([
      ["a plain v2 CRL with a CRL number", () => [crlNumber], undefined],
      ["no crlExtensions at all", () => [], "ParseError"],
      ["a delta CRL", () => [crlNumber, new x509.Extension("2.5.29.27", true, new Uint8Array([2, 1, 1]))], "UnsupportedDeltaCrl"],
      ["an unknown critical extension", () => [crlNumber, new x509.Extension("1.2.3.4", true, new Uint8Array([5, 0]))], "UnsupportedCriticalExtension"],
      ["an unknown non-critical extension", () => [crlNumber, new x509.Extension("1.2.3.4", false, new Uint8Array([5, 0]))], undefined],
    ])("%s", async (_n, exts, want) => {
      const crl = await make(exts());
      const f = analyzeTlsBytes(enc(pemOf("X509 CRL", new Uint8Array(crl.rawData))));
      expect(f.crls[0]!.rustlsError).toBe(want);
    });

    it("a v1 CRL (no version field) is a ParseError", async () => {
      const der = new Uint8Array((await make([crlNumber])).rawData);
      const v1 = dropCrlVersion(der);
      const c = analyzeTlsBytes(enc(pemOf("X509 CRL", v1))).crls[0]!;
      expect(c.version).toBeUndefined();
      expect(c.rustlsError).toBe("ParseError");
    });
  });
});

describe("binary DER files", () => {
  it.each([
    ["certificate", () => pki.files.serverDer],
    ["crl", () => pki.files.crlDer],
  ])("a DER %s is recognised (NativeLink reads nothing from it)", (kind, file) => {
    const f = facts(file());
    expect(f.certs).toEqual([]);
    expect(f.crls).toEqual([]);
    expect(f.der?.kind).toBe(kind);
  });
  it("a DER PKCS#8 key is recognised without being parsed", () => {
    const der = new Uint8Array(createPrivateKey(readFileSync(pki.files.serverKey)).export({ type: "pkcs8", format: "der" }));
    const f = analyzeTlsBytes(der);
    expect(f.der).toEqual({ kind: "pkcs8-key" });
    expect(f.keys).toEqual([]);
    der.fill(0);
  });
  it("a PEM file has no DER facts", () => {
    expect(facts(pki.files.server).der).toBeUndefined();
  });
  it.each([
    ["empty", () => pki.files.empty],
    ["garbage", () => pki.files.garbage],
  ])("%s files yield nothing", (_n, file) => {
    const f = facts(file());
    expect([f.certs, f.keys, f.crls, f.otherLabels, f.der]).toEqual([[], [], [], [], undefined]);
  });
});

describe("no private key material in any result", () => {
  const keyFiles = () => [
    pki.files.serverKey,
    pki.files.serverKeySec1,
    pki.files.rsaServerKeyPkcs1,
    pki.files.weakRsaKey,
    pki.files.twoKeys,
    pki.files.twoKeysFar,
    pki.files.encryptedKey,
    pki.files.legacyEncryptedKey,
  ];

  /** JSON with every byte array spelled out as base64 and hex, so a leak in one would show. */
  function dump(f: TlsFileFacts): string {
    return JSON.stringify(f, (_k, v) => {
      if (v instanceof Uint8Array) return { b64: Buffer.from(v).toString("base64"), hex: Buffer.from(v).toString("hex") };
      return v;
    });
  }

  it("neither PEM armour nor base64/hex of the key bodies appears", () => {
    for (const file of keyFiles()) {
      const text = readFileSync(file, "latin1");
      const out = dump(analyzeTlsBytes(new Uint8Array(readFileSync(file))));
      expect(out).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      // Apart from block labels, the words never appear.
      expect(out.replace(/"label":"[A-Z ]*"/g, "")).not.toContain("PRIVATE KEY");
      const bodyLines = text.split(/\r?\n/).filter((l) => /^[A-Za-z0-9+/=]{16,}$/.test(l));
      expect(bodyLines.length).toBeGreaterThan(0);
      for (const line of bodyLines) expect(out).not.toContain(line.slice(0, 24));
      for (const m of text.matchAll(/-----BEGIN (?:RSA |EC )?PRIVATE KEY-----\n([\s\S]*?)\n-----END/g)) {
        const der = Buffer.from(m[1]!.replace(/\s/g, ""), "base64");
        for (let i = 0; i + 16 <= der.length; i += 16) {
          expect(out).not.toContain(der.subarray(i, i + 16).toString("hex"));
          expect(out).not.toContain(der.subarray(i, i + 12).toString("base64"));
        }
      }
    }
  });
});

/** Re-encodes a CRL without its version INTEGER (a v1 CRL); the signature no longer matters here. */
function dropCrlVersion(der: Uint8Array): Uint8Array {
  const readLen = (b: Uint8Array, at: number): [number, number] => {
    const first = b[at]!;
    if (first < 0x80) return [first, 1];
    const n = first & 0x7f;
    let len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[at + 1 + i]!;
    return [len, 1 + n];
  };
  const encLen = (len: number) => (len < 0x80 ? [len] : len < 0x100 ? [0x81, len] : [0x82, len >> 8, len & 0xff]);
  const [outerLen, outerLL] = readLen(der, 1);
  const tbsAt = 1 + outerLL;
  const [tbsLen, tbsLL] = readLen(der, tbsAt + 1);
  const tbsContent = der.subarray(tbsAt + 1 + tbsLL, tbsAt + 1 + tbsLL + tbsLen);
  expect(tbsContent[0]).toBe(0x02);
  const newTbsContent = tbsContent.subarray(2 + tbsContent[1]!);
  const rest = der.subarray(tbsAt + 1 + tbsLL + tbsLen, 1 + outerLL + outerLen);
  const tbs = [0x30, ...encLen(newTbsContent.length), ...newTbsContent];
  const body = [...tbs, ...rest];
  return new Uint8Array([0x30, ...encLen(body.length), ...body]);
}
