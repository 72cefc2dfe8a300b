// Relations between certificates, keys and CRLs. Pure and synchronous: node:crypto verifies
// signatures (X509Certificate.verify for certificates, crypto.verify over the TBS for CRLs).
// Where a result stands for what rustls 0.23.34 / rustls-webpki 0.103.13 would decide, the rule
// it mirrors is named next to it.

import type { KeyObject } from "node:crypto";
import { TAG, childrenOf, readOid, readTlv, smallInteger, valueOf } from "./der.ts";
import type { CertFacts, CrlFacts, KeyFacts } from "./facts.ts";
import { certPublicKey, nodeCertificate, nodeCrypto } from "./facts.ts";
import { bytesEqual, ekuOid, parseCrl, type AlgorithmIdentifier } from "./x509.ts";
import { expiredContext, invalidPurposeContext, notValidForNameContext, notValidYetContext } from "../rust/rustls.ts";

function isCrl(x: CertFacts | CrlFacts): x is CrlFacts {
  return "revokedSerials" in x;
}

const HASH_OF: Record<string, string | null> = {
  "1.2.840.113549.1.1.4": "md5",
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.14": "sha224",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.4.1": "sha1",
  "1.2.840.10045.4.3.1": "sha224",
  "1.2.840.10045.4.3.2": "sha256",
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.3.101.112": null,
  "1.3.101.113": null,
};

const DIGEST_OIDS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** RSASSA-PSS parameters: hash (default SHA-1) and salt length (default 20). */
function pssParams(params: Uint8Array | undefined): { hash: string; saltLength: number } {
  const out = { hash: "sha1", saltLength: 20 };
  if (!params) return out;
  const seq = readTlv(params, 0);
  for (const field of childrenOf(params, seq)) {
    const [inner] = childrenOf(params, field);
    if (!inner) continue;
    if (field.tag === TAG.CTX0) {
      const [oid] = childrenOf(params, inner);
      out.hash = DIGEST_OIDS[readOid(params, oid)] ?? out.hash;
    } else if (field.tag === 0xa2) {
      out.saltLength = smallInteger(valueOf(params, inner));
    }
  }
  return out;
}

/** Verifies `signature` over `data` with the algorithm named by `alg`. */
export function verifySignature(alg: AlgorithmIdentifier, data: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    if (alg.oid === "1.2.840.113549.1.1.10") {
      const p = pssParams(alg.params);
      return nodeCrypto().verify(p.hash, data, { key, padding: nodeCrypto().constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, signature);
    }
    const hash = HASH_OF[alg.oid];
    if (hash === undefined) return false;
    return nodeCrypto().verify(hash, data, key, signature);
  } catch {
    return false;
  }
}

/**
 * True when `issuer`'s key verifies `child`'s signature and `child` names `issuer` as its issuer
 * (byte-equal Names, as rustls-webpki requires). Real signature verification.
 */
export function isSignedBy(child: CertFacts | CrlFacts, issuer: CertFacts): boolean {
  if (child.issuerRaw !== issuer.subjectRaw) return false;
  const key = certPublicKey(issuer);
  if (!key) return false;
  if (isCrl(child)) {
    try {
      const crl = parseCrl(child.der);
      return verifySignature(crl.signature, crl.tbs, crl.signatureValue, key);
    } catch {
      return false;
    }
  }
  const c = nodeCertificate(child);
  if (!c) return false;
  try {
    return c.verify(key);
  } catch {
    return false;
  }
}

const spkis = new WeakMap<KeyObject, Buffer>();

/** A key's SPKI DER (cached: rules compare the same keys many times, and export is not cheap). */
function spkiOf(key: KeyObject): Buffer {
  let der = spkis.get(key);
  if (!der) spkis.set(key, (der = key.export({ type: "spki", format: "der" })));
  return der;
}

/**
 * The key belongs to the certificate: equal public keys (SPKI DER after normalisation by
 * node). rustls' `keys_match` compares the SPKI ring derives from the key with the certificate's
 * SPKI bytes; see `keySpkiDiffersInEncoding` for the rare case where those two disagree.
 */
export function keyMatchesCert(key: KeyFacts, cert: CertFacts): boolean {
  if (!key.publicKey) return false;
  const certKey = certPublicKey(cert);
  if (!certKey) return false;
  try {
    return bytesEqual(spkiOf(key.publicKey), spkiOf(certKey));
  } catch {
    return false;
  }
}

/**
 * The keys match, but the certificate encodes its SPKI differently from the canonical form
 * (e.g. RSA without NULL parameters, a compressed EC point): rustls compares bytes, so it would
 * still report `keys may not be consistent: KeyMismatch`.
 */
export function keySpkiDiffersInEncoding(key: KeyFacts, cert: CertFacts): boolean {
  if (!keyMatchesCert(key, cert) || !key.publicKey) return false;
  return !bytesEqual(spkiOf(key.publicKey), cert.spki);
}

export function validityAt(cert: CertFacts, at: Date, warnDays: number): "not-yet-valid" | "expired" | "expiring" | "valid" {
  const t = at.getTime();
  if (t < cert.notBefore.getTime()) return "not-yet-valid";
  if (t > cert.notAfter.getTime()) return "expired";
  if (cert.notAfter.getTime() - t < warnDays * 86_400_000) return "expiring";
  return "valid";
}

/**
 * The first CRL that is authoritative for `cert` (same issuer Name, as webpki's
 * `authoritative()`; no issuing-distribution-point scoping) and lists its serial.
 * Signatures are not checked here; see `revocationCheck` for that.
 */
export function isRevoked(cert: CertFacts, crls: CrlFacts[]): CrlFacts | undefined {
  const crl = crls.find((c) => c.issuerRaw === cert.issuerRaw);
  if (!crl) return undefined;
  return crl.revokedSerials.includes(cert.serialHex) ? crl : undefined;
}

// ---------------------------------------------------------------------------------------------
// signature algorithms rustls' ring provider verifies (rustls src/crypto/ring/mod.rs
// SUPPORTED_SIG_ALGS): ECDSA P-256/P-384 with SHA-256/384, Ed25519, RSA PKCS#1 and PSS with
// SHA-256/384/512 and 2048-8192-bit keys. No SHA-1, no MD5, no P-521, no Ed448.

export function signatureSupportedByRustls(child: CertFacts | CrlFacts, issuer: CertFacts): { ok: true } | { ok: false; reason: string } {
  const alg = child.signatureAlgorithm;
  const pk = issuer.publicKey;
  const ecdsa = ["ecdsa-with-SHA256", "ecdsa-with-SHA384"];
  const rsa = ["sha256WithRSAEncryption", "sha384WithRSAEncryption", "sha512WithRSAEncryption", "rsassaPss"];
  if (ecdsa.includes(alg)) {
    if (pk.type === "ec" && (pk.curve === "P-256" || pk.curve === "P-384")) return { ok: true };
    return { ok: false, reason: `${alg} with a ${pk.curve ?? pk.type} issuer key is not supported` };
  }
  if (alg === "ed25519") return pk.type === "ed25519" ? { ok: true } : { ok: false, reason: "ed25519 signature from a non-Ed25519 key" };
  if (rsa.includes(alg)) {
    if (pk.type !== "rsa") return { ok: false, reason: `${alg} from a ${pk.type} issuer key` };
    if (pk.bits !== undefined && (pk.bits < 2048 || pk.bits > 8192)) return { ok: false, reason: `issuer RSA key is ${pk.bits} bits (2048 to 8192 supported)` };
    return { ok: true };
  }
  return { ok: false, reason: `${alg} signatures are not supported by rustls` };
}

// ---------------------------------------------------------------------------------------------
// names and purposes, as rustls-webpki checks them

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(":");
}

function normalizeIp(ip: string): string {
  if (!ip.includes(":")) return ip;
  // Expand to 8 groups so "::1" and "0:0:0:0:0:0:0:1" compare equal.
  const [head, tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill: string[] = tail === undefined ? [] : Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16).toString(16)).join(":");
}

/** webpki's presented-vs-reference DNS match: case-insensitive, `*.` only as the whole leftmost label. */
function dnsMatches(presented: string, reference: string): boolean {
  const p = presented.toLowerCase().replace(/\.$/, "");
  const r = reference.toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) {
    const suffix = p.slice(1);
    if (!r.endsWith(suffix)) return false;
    const label = r.slice(0, r.length - suffix.length);
    return label.length > 0 && !label.includes(".") && suffix.split(".").length > 2;
  }
  return p === r;
}

/**
 * Whether a rustls client connecting to `name` accepts this certificate's names. webpki looks
 * at subjectAltName only: the subject CN is never used.
 */
export function certValidForName(cert: CertFacts, name: string): boolean {
  const host = name.replace(/^\[|\]$/g, "");
  if (isIp(host)) return (cert.san?.ip ?? []).some((ip) => normalizeIp(ip) === normalizeIp(host));
  return (cert.san?.dns ?? []).some((d) => dnsMatches(d, host));
}

/** rustls' text for a name mismatch (`CertificateError::NotValidForNameContext`). */
export function rustlsNameError(cert: CertFacts, name: string): string {
  return notValidForNameContext(name.replace(/^\[|\]$/g, ""), cert.san?.webpki ?? []);
}

/** webpki's EKU rule: when the extension is present it must list the purpose (no anyExtendedKeyUsage). */
export function ekuAllows(cert: CertFacts, purpose: "serverAuth" | "clientAuth"): boolean {
  return cert.eku === undefined || cert.eku.includes(purpose);
}


// ---------------------------------------------------------------------------------------------
// chains

export interface ChainOptions {
  /** Evaluate validity periods at this time (default: now). */
  at?: Date;
  /** Check the leaf's EKU for this purpose, as rustls does for the peer's certificate. */
  purpose?: "serverAuth" | "clientAuth";
  /** Check the leaf's names against this host (a client connecting to it). */
  name?: string;
  /** Check revocation as NativeLink's client verifier does (`with_crls`: whole chain, unknown status denied, expiry ignored). */
  crls?: CrlFacts[];
}

export interface ChainResult {
  /** The file lists each certificate's issuer right after it (leaf first). */
  ordered: boolean;
  /** Issuer Name of the last certificate reached when neither the file nor the trust list holds its issuer. */
  missingIssuer?: string;
  /** Indices (in `leafAndRest`) of certificates not on the leaf's path. */
  unrelated: number[];
  /** The leaf reaches a certificate in `trust` through signatures that verify. */
  chainToTrust: boolean;
  /** Path as indices into `leafAndRest`, leaf first. */
  path: number[];
  /** Index into `trust` of the anchor reached. */
  anchor?: number;
  /** Human-readable problems found on the path (validity, CA flags, EKU, names, algorithms, revocation). */
  problems: string[];
  /** The first failure, as rustls would print it when verifying this chain. */
  rustlsError?: string;
}

/**
 * Builds the leaf's path from `leafAndRest` (first = leaf, the rest in any order, as rustls sends
 * them and webpki searches them) to a certificate of `trust`. webpki tries trust anchors first,
 * then intermediates; so do we.
 */
export function buildChain(leafAndRest: CertFacts[], trust: CertFacts[], opts: ChainOptions = {}): ChainResult {
  const result: ChainResult = { ordered: true, unrelated: [], chainToTrust: false, path: [], problems: [] };
  if (leafAndRest.length === 0) {
    result.problems.push("no certificates");
    result.rustlsError = "peer sent no certificates";
    return result;
  }
  const at = opts.at ?? new Date();
  const path: number[] = [0];
  let anchor: number | undefined;
  const used = new Set<number>([0]);
  let current = leafAndRest[0]!;
  for (let depth = 0; depth < 8; depth++) {
    const a = trust.findIndex((t) => isSignedBy(current, t));
    if (a >= 0) {
      anchor = a;
      break;
    }
    // A self-signed leaf that is itself a trust anchor.
    if (depth === 0 && trust.some((t) => t.fingerprintSha256 === current.fingerprintSha256)) {
      anchor = trust.findIndex((t) => t.fingerprintSha256 === current.fingerprintSha256);
      break;
    }
    const next = leafAndRest.findIndex((c, i) => !used.has(i) && isSignedBy(current, c));
    if (next < 0) break;
    path.push(next);
    used.add(next);
    current = leafAndRest[next]!;
  }
  result.path = path;
  if (anchor !== undefined) {
    result.anchor = anchor;
    result.chainToTrust = true;
  } else if (!current.selfSigned) {
    result.missingIssuer = current.issuer;
  }
  result.ordered = path.every((idx, i) => idx === i);
  // Sending the trust anchor itself (a "full chain" file) or a duplicate is harmless.
  const anchorFp = anchor !== undefined ? trust[anchor]!.fingerprintSha256 : undefined;
  const onPath = new Set(path.map((i) => leafAndRest[i]!.fingerprintSha256));
  for (let i = 0; i < leafAndRest.length; i++) {
    if (used.has(i)) continue;
    const fp = leafAndRest[i]!.fingerprintSha256;
    if (fp === anchorFp || onPath.has(fp)) continue;
    result.unrelated.push(i);
  }

  const leaf = leafAndRest[0]!;
  const fail = (problem: string, rustls: string) => {
    result.problems.push(problem);
    result.rustlsError ??= rustls;
  };

  if (!result.ordered) result.problems.push("the certificates after the leaf are not in issuing order");
  if (result.unrelated.length > 0) {
    result.problems.push(`certificate(s) ${result.unrelated.join(", ")} are not part of the leaf's chain`);
  }
  if (leaf.rustlsLeafError) fail(`the leaf is refused by webpki (${leaf.rustlsLeafError})`, leaf.rustlsLeafError);
  if (!result.chainToTrust) {
    fail(
      result.missingIssuer ? `no issuer found for ${current.subject} (issuer: ${result.missingIssuer})` : `the chain ends at ${current.subject}, which is not trusted`,
      "invalid peer certificate: UnknownIssuer",
    );
  }
  // Signature algorithms and validity along the path (webpki checks each certificate's time).
  const chain = path.map((i) => leafAndRest[i]!);
  const anchorCert = anchor !== undefined ? trust[anchor] : undefined;
  chain.forEach((c, i) => {
    const issuer = chain[i + 1] ?? anchorCert;
    if (issuer && !(issuer === c)) {
      const sig = signatureSupportedByRustls(c, issuer);
      if (!sig.ok) fail(`${c.subject}: ${sig.reason}`, "invalid peer certificate: UnsupportedSignatureAlgorithmContext");
    }
    const v = validityAt(c, at, 0);
    if (v === "expired") {
      fail(
        `${c.subject} expired on ${c.notAfter.toISOString()}`,
        expiredContext(at, c.notAfter),
      );
    } else if (v === "not-yet-valid") {
      fail(
        `${c.subject} is not valid before ${c.notBefore.toISOString()}`,
        notValidYetContext(at, c.notBefore),
      );
    }
    // webpki checks this before looking for an anchor, so a self-signed CA:TRUE certificate
    // fails as a leaf even when the peer trusts that very certificate.
    if (i === 0 && c.isCA === true) {
      fail(`${c.subject} is a CA certificate (basicConstraints cA=true) used as a leaf`, "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))");
    }
    if (i > 0 && c.isCA !== true) {
      fail(`${c.subject} issues certificates but is not a CA (basicConstraints cA missing or false)`, "invalid peer certificate: Other(OtherError(EndEntityUsedAsCa))");
    }
    if (i > 0 && c.pathLen !== undefined && i - 1 > c.pathLen) {
      fail(`${c.subject} has pathLen ${c.pathLen} but ${i - 1} CA(s) below it`, "invalid peer certificate: Other(OtherError(PathLenConstraintViolated))");
    }
  });
  if (opts.purpose && !ekuAllows(leaf, opts.purpose)) {
    fail(
      `the leaf's extendedKeyUsage (${(leaf.eku ?? []).join(", ")}) lacks ${opts.purpose}`,
      invalidPurposeContext(ekuOid(opts.purpose), (leaf.eku ?? []).map(ekuOid)),
    );
  }
  if (opts.name !== undefined && !certValidForName(leaf, opts.name)) {
    fail(`the leaf is not valid for ${opts.name} (subjectAltName: ${(leaf.san?.webpki ?? []).join(", ") || "none"})`, rustlsNameError(leaf, opts.name));
  }
  if (opts.crls && opts.crls.length > 0 && anchorCert) {
    const r = revocationCheck(chain, anchorCert, opts.crls);
    if (!r.ok) fail(r.problem, r.rustls);
  }
  return result;
}

export type RevocationResult = { ok: true; expiredCrls: number[] } | { ok: false; certIndex: number; problem: string; rustls: string; expiredCrls: number[] };

/**
 * Revocation as NativeLink's `WebPkiClientVerifier::builder(roots).with_crls(crls)` does it
 * (rustls defaults: `RevocationCheckDepth::Chain`, `UnknownStatusPolicy::Deny`,
 * `ExpirationPolicy::Ignore`; webpki src/crl/mod.rs `RevocationOptions::check`): every
 * certificate on the path below the anchor needs a CRL from its issuer (first CRL with the same
 * issuer Name wins), that CRL must verify with the issuer's key, an issuer with keyUsage must
 * allow cRLSign, and the serial must not be listed. An expired CRL is still used.
 */
export function revocationCheck(path: CertFacts[], anchor: CertFacts, crls: CrlFacts[], at: Date = new Date()): RevocationResult {
  const expiredCrls = crls.filter((c) => c.nextUpdate && c.nextUpdate.getTime() < at.getTime()).map((c) => c.index);
  // webpki walks the path from the anchor down to the leaf, so the top-most failure is reported.
  for (let i = path.length - 1; i >= 0; i--) {
    const cert = path[i]!;
    const issuer = path[i + 1] ?? anchor;
    const crl = crls.find((c) => c.issuerRaw === cert.issuerRaw);
    if (!crl) {
      return {
        ok: false,
        certIndex: i,
        problem: `no CRL from ${cert.issuer} covers ${cert.subject}, and NativeLink denies unknown revocation status`,
        rustls: "invalid peer certificate: UnknownRevocationStatus",
        expiredCrls,
      };
    }
    if (!isSignedBy(crl, issuer)) {
      return {
        ok: false,
        certIndex: i,
        problem: `the CRL from ${crl.issuer} does not verify with ${issuer.subject}'s key`,
        rustls: "invalid certificate revocation list: BadSignature",
        expiredCrls,
      };
    }
    // The anchor's key usage is not tracked by webpki (issuer_key_usage is None for anchors).
    if (issuer !== anchor && issuer.keyUsage && !issuer.keyUsage.includes("cRLSign")) {
      return {
        ok: false,
        certIndex: i,
        problem: `${issuer.subject} signs CRLs but its keyUsage lacks cRLSign`,
        rustls: "invalid certificate revocation list: IssuerInvalidForCrl",
        expiredCrls,
      };
    }
    if (crl.revokedSerials.includes(cert.serialHex)) {
      return { ok: false, certIndex: i, problem: `${cert.subject} (serial ${cert.serialHex}) is revoked`, rustls: "invalid peer certificate: Revoked", expiredCrls };
    }
  }
  return { ok: true, expiredCrls };
}
