import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as nodeCryptoModule from "node:crypto";
import { analyzeTlsBytes, type CertFacts, type CrlFacts, type KeyFacts } from "../../src/tls/facts.ts";
import {
  buildChain,
  certValidForName,
  ekuAllows,
  isRevoked,
  isSignedBy,
  keyMatchesCert,
  keySpkiDiffersInEncoding,
  revocationCheck,
  rustlsNameError,
  signatureSupportedByRustls,
  validityAt,
} from "../../src/tls/verify.ts";
import { makePki, type Pki } from "../helpers/pki.ts";

let dir: string;
let pki: Pki;
const facts = (p: string) => analyzeTlsBytes(new Uint8Array(readFileSync(p)));
const certs = (p: string): CertFacts[] => facts(p).certs;
const cert = (p: string): CertFacts => certs(p)[0]!;
const key = (p: string): KeyFacts => facts(p).keys[0]!;
const crls = (...ps: string[]): CrlFacts[] => ps.flatMap((p) => facts(p).crls).map((c, i) => ({ ...c, index: i }));
const DAY = 86_400_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "nlpf-verify-"));
  pki = await makePki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("isSignedBy (real signature verification)", () => {
  it.each([
    ["server by intermediate", () => pki.files.server, () => pki.files.intermediateCa, true],
    ["server by root", () => pki.files.server, () => pki.files.rootCa, false],
    ["intermediate by root", () => pki.files.intermediateCa, () => pki.files.rootCa, true],
    ["root by itself", () => pki.files.rootCa, () => pki.files.rootCa, true],
    ["intermediate by the foreign CA", () => pki.files.intermediateCa, () => pki.files.foreignCa, false],
    ["SHA-1 leaf by intermediate", () => pki.files.sha1, () => pki.files.intermediateCa, true],
  ])("cert: %s", (_n, child, issuer, want) => {
    expect(isSignedBy(cert(child()), cert(issuer()))).toBe(want);
  });

  it.each([
    ["intermediate CRL by intermediate", () => pki.files.crl, () => pki.files.intermediateCa, true],
    ["intermediate CRL by root", () => pki.files.crl, () => pki.files.rootCa, false],
    ["foreign CRL by foreign CA", () => pki.files.crlForeign, () => pki.files.foreignCa, true],
    ["foreign CRL by intermediate", () => pki.files.crlForeign, () => pki.files.intermediateCa, false],
  ])("CRL: %s", (_n, child, issuer, want) => {
    expect(isSignedBy(crls(child())[0]!, cert(issuer()))).toBe(want);
  });

  it("a same-name issuer with another key does not verify", () => {
    const inter = cert(pki.files.intermediateCa);
    const impostor: CertFacts = { ...cert(pki.files.foreignCa), subjectRaw: inter.subjectRaw };
    expect(isSignedBy(cert(pki.files.server), impostor)).toBe(false);
  });
});

describe("keyMatchesCert (public keys compared, never private material)", () => {
  it.each([
    ["server key / server cert", () => pki.files.serverKey, () => pki.files.server, true],
    ["SEC1 server key / server cert", () => pki.files.serverKeySec1, () => pki.files.server, true],
    ["PKCS#1 RSA key / RSA cert", () => pki.files.rsaServerKeyPkcs1, () => pki.files.rsaServer, true],
    ["client key / server cert", () => pki.files.clientKey, () => pki.files.server, false],
    ["RSA key / EC cert", () => pki.files.rsaServerKeyPkcs1, () => pki.files.server, false],
    ["encrypted key (no public half) / server cert", () => pki.files.encryptedKey, () => pki.files.server, false],
  ])("%s", (_n, k, c, want) => {
    expect(keyMatchesCert(key(k()), cert(c()))).toBe(want);
  });
  it("the first cert of a wrong-order chain does not match the server key (rustls: KeyMismatch)", () => {
    expect(keyMatchesCert(key(pki.files.serverKey), certs(pki.files.serverChainWrongOrder)[0]!)).toBe(false);
    expect(keyMatchesCert(key(pki.files.serverKey), certs(pki.files.serverChain)[0]!)).toBe(true);
  });
  it("canonical SPKI encodings do not differ", () => {
    expect(keySpkiDiffersInEncoding(key(pki.files.serverKey), cert(pki.files.server))).toBe(false);
  });
});

describe("validityAt", () => {
  it.each([
    ["valid", () => pki.files.server, 0, 30, "valid"],
    ["expiring inside the warning window", () => pki.files.server, 360, 30, "expiring"],
    ["expired", () => pki.files.expired, 0, 30, "expired"],
    ["not yet valid", () => pki.files.notYetValid, 0, 30, "not-yet-valid"],
    ["valid once its time comes", () => pki.files.notYetValid, 20, 30, "valid"],
  ])("%s", (_n, file, days, warn, want) => {
    expect(validityAt(cert(file()), new Date(pki.now.getTime() + days * DAY), warn)).toBe(want);
  });
});

describe("isRevoked", () => {
  it.each([
    ["revoked client, intermediate CRL", () => pki.files.revokedClient, () => [pki.files.crl], true],
    ["good client, intermediate CRL", () => pki.files.client, () => [pki.files.crl], false],
    ["revoked client, foreign CRL only (same serial listed)", () => pki.files.revokedClient, () => [pki.files.crlForeign], false],
    ["revoked client, CRL bundle", () => pki.files.revokedClient, () => [pki.files.crlBundle], true],
    ["revoked client, expired CRL (still listed)", () => pki.files.revokedClient, () => [pki.files.crlExpired], true],
  ])("%s", (_n, c, list, want) => {
    const hit = isRevoked(cert(c()), crls(...list()));
    expect(hit !== undefined).toBe(want);
  });
});

describe("names and purposes (rustls-webpki: SAN only, never the CN)", () => {
  it.each([
    ["localhost", () => pki.files.server, "localhost", true],
    ["LOCALHOST", () => pki.files.server, "LOCALHOST", true],
    ["127.0.0.1", () => pki.files.server, "127.0.0.1", true],
    ["::1 is not listed", () => pki.files.server, "::1", false],
    ["another host", () => pki.files.server, "example.com", false],
    ["CN-only cert for its CN", () => pki.files.cnOnly, "cn-only.localhost", false],
  ])("%s", (_n, file, name, want) => {
    expect(certValidForName(cert(file()), name)).toBe(want);
  });
  it("rustls' message for a certificate without SAN, and for one with names", () => {
    expect(rustlsNameError(cert(pki.files.cnOnly), "cn-only.localhost")).toBe(
      'invalid peer certificate: certificate not valid for name "cn-only.localhost"; certificate is not valid for any names (according to its subjectAltName extension)',
    );
    expect(rustlsNameError(cert(pki.files.server), "example.com")).toBe(
      'invalid peer certificate: certificate not valid for name "example.com"; certificate is only valid for DnsName("localhost") or IpAddress(127.0.0.1)',
    );
  });
  it.each([
    ["server cert for serverAuth", () => pki.files.server, "serverAuth", true],
    ["server cert for clientAuth", () => pki.files.server, "clientAuth", false],
    ["client cert for clientAuth", () => pki.files.client, "clientAuth", true],
    ["CA without EKU for anything", () => pki.files.rootCa, "clientAuth", true],
  ] as const)("EKU: %s", (_n, file, purpose, want) => {
    expect(ekuAllows(cert(file()), purpose)).toBe(want);
  });
});

describe("signatureSupportedByRustls (ring provider's SUPPORTED_SIG_ALGS)", () => {
  it.each([
    ["ecdsa-with-SHA256 from P-256", () => pki.files.server, true],
    ["ecdsa-with-SHA1", () => pki.files.sha1, false],
  ])("%s", (_n, file, ok) => {
    expect(signatureSupportedByRustls(cert(file()), cert(pki.files.intermediateCa)).ok).toBe(ok);
  });
});

describe("node:crypto's view of a certificate is made once per certificate", () => {
  it("one public key and at most one X509Certificate each, however many checks use them", () => {
    const crypto: typeof nodeCryptoModule = process.getBuiltinModule("node:crypto");
    const publicKeys = vi.spyOn(crypto, "createPublicKey");
    const X509 = crypto.X509Certificate;
    let x509Made = 0;
    crypto.X509Certificate = new Proxy(X509, {
      construct(target, args: ConstructorParameters<typeof X509>) {
        x509Made++;
        return new target(...args);
      },
    });
    try {
      const chain = certs(pki.files.serverChain);
      const roots = certs(pki.files.rootCa);
      const made = publicKeys.mock.calls.length;
      expect(made).toBe(chain.length + roots.length);
      for (let i = 0; i < 3; i++) {
        expect(buildChain(chain, roots, { at: pki.now, purpose: "serverAuth", name: "localhost" }).chainToTrust).toBe(true);
        expect(isSignedBy(chain[0]!, chain[1]!)).toBe(true);
      }
      // Every later use of a certificate's key is the one made with its facts.
      expect(publicKeys.mock.calls.length).toBe(made);
      expect(x509Made).toBeGreaterThan(0);
      expect(x509Made).toBeLessThanOrEqual(chain.length + roots.length);
    } finally {
      publicKeys.mockRestore();
      crypto.X509Certificate = X509;
    }
  });
});

describe("buildChain", () => {
  const at = () => pki.now;
  it("a good server chain reaches the root", () => {
    const r = buildChain(certs(pki.files.serverChain), certs(pki.files.rootCa), { at: at(), purpose: "serverAuth", name: "localhost" });
    expect(r).toMatchObject({ ordered: true, chainToTrust: true, unrelated: [], path: [0, 1], anchor: 0, problems: [] });
    expect(r.rustlsError).toBeUndefined();
  });
  it("a full chain (leaf, intermediate, root) is fine: the anchor in the file is not 'unrelated'", () => {
    const full = [...certs(pki.files.serverChain), cert(pki.files.rootCa)];
    const r = buildChain(full, certs(pki.files.rootCa), { at: at() });
    expect(r).toMatchObject({ ordered: true, chainToTrust: true, unrelated: [], path: [0, 1], problems: [] });
  });
  it("an unrelated certificate in the file is reported", () => {
    const r = buildChain([...certs(pki.files.serverChain), cert(pki.files.foreignCa)], certs(pki.files.rootCa), { at: at() });
    expect(r.unrelated).toEqual([2]);
  });
  it("a self-signed root presented as the leaf and trusted: CaUsedAsEndEntity all the same", () => {
    const r = buildChain(certs(pki.files.rootCa), certs(pki.files.rootCa), { at: at() });
    expect(r.chainToTrust).toBe(true);
    expect(r.rustlsError).toBe("invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))");
  });
  it("a leaf alone reaches a bundle that holds its issuer", () => {
    const r = buildChain(certs(pki.files.server), certs(pki.files.caBundle), { at: at() });
    expect(r).toMatchObject({ chainToTrust: true, anchor: 0, problems: [] });
  });
  it("without the intermediate the issuer is missing", () => {
    const r = buildChain(certs(pki.files.server), certs(pki.files.rootCa), { at: at() });
    expect(r.chainToTrust).toBe(false);
    expect(r.missingIssuer).toBe(pki.subjects.intermediate);
    expect(r.rustlsError).toBe("invalid peer certificate: UnknownIssuer");
  });
  it("the wrong trust store does not verify", () => {
    const r = buildChain(certs(pki.files.serverChain), certs(pki.files.foreignCa), { at: at() });
    expect(r.chainToTrust).toBe(false);
    expect(r.missingIssuer).toBe(pki.subjects.root);
  });
  it("a chain file with the intermediate first: the 'leaf' is the CA", () => {
    const r = buildChain(certs(pki.files.serverChainWrongOrder), certs(pki.files.rootCa), { at: at() });
    expect(r.path).toEqual([0]);
    expect(r.unrelated).toEqual([1]);
    expect(r.problems.join("\n")).toMatch(/not part of the leaf's chain/);
    expect(r.rustlsError).toBe("invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))");
  });
  it("intermediates out of order are still found (webpki searches them)", () => {
    const [leaf, inter] = certs(pki.files.serverChain);
    const root = cert(pki.files.rootCa);
    const r = buildChain([leaf!, root, inter!], [root], { at: at() });
    expect(r.chainToTrust).toBe(true);
    expect(r.ordered).toBe(false);
    expect(r.path).toEqual([0, 2]);
  });
  it.each([
    ["expired leaf", () => pki.files.expired, {}, /certificate expired: verification time \d+ \(UNIX\), but certificate is not valid after \d+ \(\d+ seconds ago\)/],
    ["not-yet-valid leaf", () => pki.files.notYetValid, {}, /certificate not valid yet/],
    ["CA used as leaf", () => pki.files.caAsLeaf, {}, /CaUsedAsEndEntity/],
    ["SHA-1 signature", () => pki.files.sha1, {}, /UnsupportedSignatureAlgorithm/],
    ["client cert presented as a server", () => pki.files.client, { purpose: "serverAuth" }, /does not allow extended key usage for server authentication, allows client authentication/],
    ["CN-only cert for its CN", () => pki.files.cnOnly, { name: "cn-only.localhost" }, /not valid for any names/],
  ] as const)("%s", (_n, file, extra, pattern) => {
    const r = buildChain(certs(file()), certs(pki.files.caBundle), { at: at(), ...extra });
    expect(r.chainToTrust).toBe(true);
    expect(r.rustlsError).toMatch(pattern);
  });
  it("a good leaf against the same bundle has no problems", () => {
    const r = buildChain(certs(pki.files.client), certs(pki.files.caBundle), { at: at(), purpose: "clientAuth" });
    expect(r.problems).toEqual([]);
  });
  it("an empty list", () => {
    expect(buildChain([], certs(pki.files.rootCa)).rustlsError).toBe("peer sent no certificates");
  });
});

describe("revocationCheck (NativeLink: with_crls, whole chain, unknown status denied, expiry ignored)", () => {
  const path = (file: string) => certs(file);
  it.each([
    ["good client, CRLs for both levels", () => pki.files.clientChain, () => pki.files.rootCa, () => [pki.files.crlBundle], undefined],
    ["revoked client", () => pki.files.revokedClientChain, () => pki.files.rootCa, () => [pki.files.crlBundle], "invalid peer certificate: Revoked"],
    [
      "only the intermediate's CRL: the intermediate's own status is unknown",
      () => pki.files.clientChain,
      () => pki.files.rootCa,
      () => [pki.files.crl],
      "invalid peer certificate: UnknownRevocationStatus",
    ],
    ["a foreign CA's CRL only", () => pki.files.clientChain, () => pki.files.rootCa, () => [pki.files.crlForeign], "invalid peer certificate: UnknownRevocationStatus"],
    ["intermediate as anchor: its CRL suffices", () => pki.files.client, () => pki.files.intermediateCa, () => [pki.files.crl], undefined],
    ["intermediate as anchor, revoked client", () => pki.files.revokedClient, () => pki.files.intermediateCa, () => [pki.files.crl], "invalid peer certificate: Revoked"],
  ])("%s", (_n, p, anchor, list, want) => {
    const r = revocationCheck(path(p()), cert(anchor()), crls(...list()), pki.now);
    if (want === undefined) expect(r.ok).toBe(true);
    else expect(!r.ok && r.rustls).toBe(want);
  });
  it("an expired CRL is still used, and reported", () => {
    const list = crls(pki.files.crlExpired);
    const good = revocationCheck(path(pki.files.client), cert(pki.files.intermediateCa), list, pki.now);
    expect(good).toEqual({ ok: true, expiredCrls: [0] });
    const bad = revocationCheck(path(pki.files.revokedClient), cert(pki.files.intermediateCa), list, pki.now);
    expect(!bad.ok && bad.rustls).toBe("invalid peer certificate: Revoked");
  });
  it("a CRL whose signature does not verify", () => {
    const forged: CrlFacts = { ...crls(pki.files.crlForeign)[0]!, issuerRaw: cert(pki.files.intermediateCa).subjectRaw };
    const r = revocationCheck(path(pki.files.client), cert(pki.files.intermediateCa), [forged], pki.now);
    expect(!r.ok && r.rustls).toBe("invalid certificate revocation list: BadSignature");
  });
  it("buildChain applies it when given CRLs", () => {
    const r = buildChain(certs(pki.files.revokedClientChain), certs(pki.files.rootCa), { at: pki.now, purpose: "clientAuth", crls: crls(pki.files.crlBundle) });
    expect(r.rustlsError).toBe("invalid peer certificate: Revoked");
  });
});
