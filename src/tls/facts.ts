// Facts about the certificates, keys and CRLs in one file's bytes. Pure: no disk, no network,
// no heavy imports (the DER walker and node:crypto only).
//
// Private keys: the decoded body is used only to build a node:crypto KeyObject for the PUBLIC
// half and to read the key's structure (algorithm, curve, whether an EC key embeds its public
// point). The decoded bytes are wiped right after; nothing derived from them but the public key,
// sizes and names is returned, and no string ever holds key bytes.

import type { KeyObject, X509Certificate } from "node:crypto";
import { DerError, TAG, childrenOf, expectTag, oidToString, readOid, readRoot, smallInteger, valueOf } from "./der.ts";
import { KEY_KINDS, rustlsBase64Decode, scanPem, type PemBlock, type PemScan } from "./pem.ts";
import {
  KEY_ALGORITHMS,
  WEAK_SIGNATURE_ALGORITHMS,
  curveName,
  parseCertificate,
  parseCrl,
  rustlsCertificateError,
  signatureAlgorithmName,
  webpkiCrlError,
  webpkiEndEntityError,
  webpkiTrustAnchorError,
  type GeneralNames,
  type ParsedCertificate,
  type ParsedCrl,
} from "./x509.ts";

/** node:crypto, loaded at the first certificate or key (a config that names none never loads it). */
export const nodeCrypto = () => process.getBuiltinModule("node:crypto");

export interface CertFacts {
  /** Position among the file's CERTIFICATE blocks (0 = what NativeLink treats as the leaf). */
  index: number;
  /** 1-based line of the BEGIN line (0 for a DER file). */
  line: number;
  subject: string;
  issuer: string;
  /** Hex of the DER Name encodings; rustls matches issuers and CRLs on these bytes. */
  subjectRaw: string;
  issuerRaw: string;
  /** CN values of the subject (webpki ignores them for name checks). */
  commonNames: string[];
  serialHex: string;
  version: number;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA; undefined when the extension is absent. */
  isCA: boolean | undefined;
  pathLen?: number;
  /** Subject and issuer names are equal and the certificate verifies with its own key. */
  selfSigned: boolean;
  san: GeneralNames | undefined;
  /** Names (serverAuth, clientAuth, ...) or OIDs; undefined when the extension is absent. */
  eku: string[] | undefined;
  keyUsage: string[] | undefined;
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  /** MD2/MD5/SHA-1 signature. */
  weakSignature: boolean;
  publicKey: { type: "rsa" | "ec" | "ed25519" | "ed448" | "other"; bits?: number; curve?: string; exponent?: number };
  /** `AB:CD:..`, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintSha256: string;
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlDistributionPoints?: string[];
  /** OIDs of the extensions present, with criticality. */
  extensions: { oid: string; critical: boolean }[];
  /**
   * What rustls prints when this certificate is the first of a cert_file (server, or client
   * identity): webpki's end-entity parse refuses it. Undefined when it parses.
   */
  rustlsLeafError?: string;
  /** What `RootCertStore::add` prints for it in a client_ca_file (v1 is fine there; v2 is not). */
  rustlsAnchorError?: string;
  der: Uint8Array;
  /** SubjectPublicKeyInfo encoding. */
  spki: Uint8Array;
}

export interface KeyFacts {
  /** Position among the file's private-key-like blocks. */
  index: number;
  line: number;
  format: "pkcs8" | "pkcs1" | "sec1" | "encrypted-pkcs8" | "openssh" | "other";
  label: string;
  /** The label is one rustls-pki-types reads as a private key (PKCS#8, PKCS#1, SEC1). */
  pemKey: boolean;
  type?: "rsa" | "ec" | "ed25519" | "ed448" | "other";
  bits?: number;
  curve?: string;
  encrypted: boolean;
  /** For OpenSSH keys: the cipher name ("none" when not encrypted). */
  cipher?: string;
  /** Why the body could not be read as a key. */
  parseError?: string;
  /**
   * Set when rustls 0.23 with the ring provider (NativeLink's build) cannot load the key:
   * `unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA`.
   */
  rustlsError?: string;
  /** Why ring refuses it (RSA size, curve, missing public point, algorithm). */
  rustlsReason?: string;
  /** The public half only, for matching against certificates. */
  publicKey?: KeyObject;
}

export interface CrlFacts {
  index: number;
  line: number;
  /** 1 or 2; undefined when the field is absent (v1). */
  version: number | undefined;
  issuer: string;
  issuerRaw: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  revokedSerials: string[];
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  authorityKeyId?: string;
  crlNumber?: string;
  /**
   * Set when NativeLink fails to build its client verifier because webpki refuses the CRL;
   * the full message is `provided CRL could not be parsed: <this>`.
   */
  rustlsError?: string;
  der: Uint8Array;
}

export interface BlockProblem {
  /** Position among blocks of the same kind. */
  index: number;
  line: number;
  label: string;
  /** Why the DER did not parse. */
  error: string;
  /** What rustls prints for it where NativeLink parses it at startup. */
  rustls?: string;
}

export interface DerFileFacts {
  kind: "certificate" | "crl" | "pkcs8-key" | "pkcs1-key" | "sec1-key" | "unknown";
  cert?: CertFacts;
  crl?: CrlFacts;
}

export interface TlsFileFacts {
  certs: CertFacts[];
  /** CERTIFICATE blocks whose DER is not a certificate. */
  certErrors: BlockProblem[];
  keys: KeyFacts[];
  crls: CrlFacts[];
  crlErrors: BlockProblem[];
  /** Blocks that are neither certificates, private keys nor CRLs (PUBLIC KEY, CSR, unknown). */
  otherLabels: { label: string; line: number }[];
  /** The scan, with private-key bodies removed. */
  pem: PemScan;
  /** For a binary DER file (no PEM at all): what it holds. NativeLink reads none of it. */
  der?: DerFileFacts;
}

// ---------------------------------------------------------------------------------------------

const RUSTLS_KEY_ERROR = "unexpected error: failed to parse private key as RSA, ECDSA, or EdDSA";

function fingerprint(der: Uint8Array): string {
  return nodeCrypto().createHash("sha256")
    .update(der)
    .digest("hex")
    .toUpperCase()
    .replace(/(..)(?!$)/g, "$1:");
}

// node:crypto's view of a certificate, made once per certificate of the run and kept with its facts:
// its public key (the key sizes below, and every signature it checks in src/tls/verify.ts) and
// node's X509Certificate (its own signature, and those it is checked against). null: node cannot
// read it.
const publicKeys = new WeakMap<CertFacts, KeyObject | null>();
const nodeCerts = new WeakMap<CertFacts, X509Certificate | null>();

/** The certificate's public key as a KeyObject, or undefined if node cannot read it. */
export function certPublicKey(cert: CertFacts): KeyObject | undefined {
  let k = publicKeys.get(cert);
  if (k === undefined) {
    k = publicKeyDetails(cert.spki).key ?? null;
    publicKeys.set(cert, k);
  }
  return k ?? undefined;
}

/** node's X509Certificate of the certificate, or undefined if node cannot read it. */
export function nodeCertificate(cert: CertFacts): X509Certificate | undefined {
  let c = nodeCerts.get(cert);
  if (c === undefined) {
    try {
      c = new (nodeCrypto().X509Certificate)(Buffer.from(cert.der));
    } catch {
      c = null;
    }
    nodeCerts.set(cert, c);
  }
  return c ?? undefined;
}

function publicKeyDetails(spki: Uint8Array): { bits?: number; exponent?: number; key?: KeyObject } {
  try {
    const key = nodeCrypto().createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    const d = key.asymmetricKeyDetails ?? {};
    const out: { bits?: number; exponent?: number; key?: KeyObject } = { key };
    if (d.modulusLength !== undefined) out.bits = d.modulusLength;
    if (d.publicExponent !== undefined && d.publicExponent <= BigInt(Number.MAX_SAFE_INTEGER)) out.exponent = Number(d.publicExponent);
    return out;
  } catch {
    return {};
  }
}

const EC_BITS: Record<string, number> = { "P-256": 256, "P-384": 384, "P-521": 521, secp256k1: 256 };

export function certFactsFromDer(der: Uint8Array, index: number, line: number): CertFacts {
  const c: ParsedCertificate = parseCertificate(der);
  const pk = c.publicKey;
  const details = publicKeyDetails(pk.spki);
  const publicKey: CertFacts["publicKey"] = { type: pk.type };
  if (pk.type === "rsa" && details.bits !== undefined) publicKey.bits = details.bits;
  if (details.exponent !== undefined) publicKey.exponent = details.exponent;
  if (pk.curve) {
    publicKey.curve = pk.curve;
    const b = EC_BITS[pk.curve];
    if (b) publicKey.bits = b;
  }
  if (pk.type === "ed25519") publicKey.bits = 256;
  if (pk.type === "ed448") publicKey.bits = 456;
  const signatureAlgorithm = signatureAlgorithmName(c.signature);
  const facts: CertFacts = {
    index,
    line,
    subject: c.subject,
    issuer: c.issuer,
    subjectRaw: c.subjectRaw,
    issuerRaw: c.issuerRaw,
    commonNames: c.commonNames,
    serialHex: c.serialHex,
    version: c.version,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    isCA: c.isCA,
    selfSigned: false,
    san: c.san,
    eku: c.eku,
    keyUsage: c.keyUsage,
    signatureAlgorithm,
    signatureAlgorithmOid: c.signature.oid,
    weakSignature: WEAK_SIGNATURE_ALGORITHMS.has(signatureAlgorithm),
    publicKey,
    fingerprintSha256: fingerprint(der),
    extensions: c.extensions.map((e) => ({ oid: e.oid, critical: e.critical })),
    der,
    spki: pk.spki,
  };
  if (c.pathLen !== undefined) facts.pathLen = c.pathLen;
  if (c.subjectKeyId) facts.subjectKeyId = c.subjectKeyId;
  if (c.authorityKeyId) facts.authorityKeyId = c.authorityKeyId;
  if (c.crlDistributionPoints) facts.crlDistributionPoints = c.crlDistributionPoints;
  const leafErr = webpkiEndEntityError(c);
  if (leafErr) facts.rustlsLeafError = rustlsCertificateError(leafErr);
  const anchorErr = webpkiTrustAnchorError(c);
  if (anchorErr) facts.rustlsAnchorError = rustlsCertificateError(anchorErr);
  publicKeys.set(facts, details.key ?? null);
  if (c.subjectRaw === c.issuerRaw && details.key) {
    facts.selfSigned = verifyOwnSignature(facts, details.key);
  }
  return facts;
}

function verifyOwnSignature(cert: CertFacts, key: KeyObject): boolean {
  try {
    return nodeCertificate(cert)?.verify(key) ?? false;
  } catch {
    return false;
  }
}

export function crlFactsFromDer(der: Uint8Array, index: number, line: number): CrlFacts {
  const c: ParsedCrl = parseCrl(der);
  const facts: CrlFacts = {
    index,
    line,
    version: c.version,
    issuer: c.issuer,
    issuerRaw: c.issuerRaw,
    thisUpdate: c.thisUpdate,
    revokedSerials: c.revoked.map((r) => r.serialHex),
    signatureAlgorithm: signatureAlgorithmName(c.signature),
    signatureAlgorithmOid: c.signature.oid,
    der,
  };
  if (c.nextUpdate) facts.nextUpdate = c.nextUpdate;
  if (c.authorityKeyId) facts.authorityKeyId = c.authorityKeyId;
  if (c.crlNumber) facts.crlNumber = c.crlNumber;
  const err = webpkiCrlError(c);
  if (err) facts.rustlsError = err;
  return facts;
}

// ---------------------------------------------------------------------------------------------
// private keys

function keyFormatOf(label: string): KeyFacts["format"] {
  switch (label) {
    case "PRIVATE KEY":
      return "pkcs8";
    case "RSA PRIVATE KEY":
      return "pkcs1";
    case "EC PRIVATE KEY":
      return "sec1";
    case "ENCRYPTED PRIVATE KEY":
      return "encrypted-pkcs8";
    case "OPENSSH PRIVATE KEY":
      return "openssh";
    default:
      return "other";
  }
}

const PEM_KEY_LABELS: ReadonlySet<string> = new Set(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);

export function isKeyLabel(label: string): boolean {
  return label.endsWith("PRIVATE KEY");
}

interface KeyStructure {
  type: NonNullable<KeyFacts["type"]>;
  curve?: string;
  /** For EC keys: the ECPrivateKey carries its public point ([1] publicKey); ring requires it. */
  ecHasPublicKey?: boolean;
  /** For EC keys: the curve parameter inside ECPrivateKey, when present. */
  ecInnerCurve?: string;
  algorithmOid?: string;
}

/** Reads an ECPrivateKey (RFC 5915) structure: curve and whether the public point is embedded. */
function readEcPrivateKey(buf: Uint8Array): { curve?: string; hasPublic: boolean } {
  const seq = expectTag(readRoot(buf), TAG.SEQUENCE, "ECPrivateKey");
  const parts = childrenOf(buf, seq);
  const out: { curve?: string; hasPublic: boolean } = { hasPublic: false };
  for (const p of parts.slice(2)) {
    if (p.tag === TAG.CTX0) {
      const [oid] = childrenOf(buf, p);
      if (oid?.tag === TAG.OID) out.curve = curveName(oidToString(valueOf(buf, oid)));
    } else if (p.tag === TAG.CTX1) {
      out.hasPublic = true;
    }
  }
  return out;
}

function readKeyStructure(der: Uint8Array, format: "pkcs8" | "pkcs1" | "sec1"): KeyStructure {
  if (format === "pkcs1") {
    expectTag(readRoot(der), TAG.SEQUENCE, "RSAPrivateKey");
    return { type: "rsa", algorithmOid: KEY_ALGORITHMS.rsa };
  }
  if (format === "sec1") {
    const ec = readEcPrivateKey(der);
    const s: KeyStructure = { type: "ec", ecHasPublicKey: ec.hasPublic, algorithmOid: KEY_ALGORITHMS.ec };
    if (ec.curve) {
      s.curve = ec.curve;
      s.ecInnerCurve = ec.curve;
    }
    return s;
  }
  const seq = expectTag(readRoot(der), TAG.SEQUENCE, "PrivateKeyInfo");
  const parts = childrenOf(der, seq);
  expectTag(parts[0], TAG.INTEGER, "version");
  const algSeq = expectTag(parts[1], TAG.SEQUENCE, "privateKeyAlgorithm");
  const [oidTlv, params] = childrenOf(der, algSeq);
  const oid = readOid(der, oidTlv);
  const s: KeyStructure = { type: "other", algorithmOid: oid };
  if (oid === KEY_ALGORITHMS.rsa || oid === KEY_ALGORITHMS.rsaPss) s.type = "rsa";
  else if (oid === KEY_ALGORITHMS.ed25519) s.type = "ed25519";
  else if (oid === KEY_ALGORITHMS.ed448) s.type = "ed448";
  else if (oid === KEY_ALGORITHMS.ec) {
    s.type = "ec";
    if (params?.tag === TAG.OID) s.curve = curveName(oidToString(valueOf(der, params)));
    const inner = valueOf(der, expectTag(parts[2], TAG.OCTET_STRING, "privateKey"));
    const ec = readEcPrivateKey(inner);
    s.ecHasPublicKey = ec.hasPublic;
    if (ec.curve) s.ecInnerCurve = ec.curve;
  }
  return s;
}

/**
 * Why ring 0.17.14 (through rustls 0.23.34 `any_supported_type`) refuses a key, or undefined.
 * RSA: rsaEncryption, 2048 to 4096 bits, e >= 65537 (ring src/rsa/keypair.rs). ECDSA: P-256 or
 * P-384 only, the ECPrivateKey must embed its public key and any inner curve must match
 * (ring src/ec/suite_b.rs). EdDSA: Ed25519 in PKCS#8 only. Nothing else.
 */
function ringRefusal(s: KeyStructure, format: "pkcs8" | "pkcs1" | "sec1", bits?: number, exponent?: number): string | undefined {
  if (s.type === "rsa") {
    if (format === "sec1") return "an RSA key in an EC PRIVATE KEY block";
    if (s.algorithmOid === KEY_ALGORITHMS.rsaPss) return "RSA-PSS keys (id-RSASSA-PSS) are not supported; use rsaEncryption";
    if (bits !== undefined && bits < 2048) return `RSA key is ${bits} bits; ring accepts 2048 to 4096`;
    if (bits !== undefined && bits > 4096) return `RSA key is ${bits} bits; ring accepts 2048 to 4096`;
    if (exponent !== undefined && exponent < 65537) return `RSA public exponent ${exponent} is below 65537`;
    return undefined;
  }
  if (s.type === "ec") {
    if (format === "pkcs1") return "an EC key in an RSA PRIVATE KEY block";
    if (s.curve !== "P-256" && s.curve !== "P-384") return `curve ${s.curve ?? "unknown"} is not supported (P-256 and P-384 only)`;
    if (s.ecInnerCurve && s.ecInnerCurve !== s.curve) return "the curve inside ECPrivateKey differs from the outer one";
    if (!s.ecHasPublicKey) return "the EC private key does not embed its public key, which ring requires";
    return undefined;
  }
  if (s.type === "ed25519") return format === "pkcs8" ? undefined : "Ed25519 keys must be PKCS#8";
  if (s.type === "ed448") return "Ed448 keys are not supported";
  return "only RSA, ECDSA (P-256, P-384) and Ed25519 keys are supported";
}

const NODE_TYPE: Record<"pkcs8" | "pkcs1" | "sec1", "pkcs8" | "pkcs1" | "sec1"> = { pkcs8: "pkcs8", pkcs1: "pkcs1", sec1: "sec1" };

/** Builds KeyFacts from a decoded PKCS#8/PKCS#1/SEC1 body. Wipes `der` before returning. */
function keyFactsFromDer(der: Uint8Array, format: "pkcs8" | "pkcs1" | "sec1", base: Pick<KeyFacts, "index" | "line" | "label">): KeyFacts {
  const facts: KeyFacts = { ...base, format, pemKey: true, encrypted: false };
  try {
    let structure: KeyStructure | undefined;
    try {
      structure = readKeyStructure(der, format);
    } catch (e) {
      facts.parseError = e instanceof DerError ? `not a ${format} private key: ${e.message}` : `not a ${format} private key`;
    }
    let exponent: number | undefined;
    if (structure) {
      facts.type = structure.type;
      if (structure.curve) facts.curve = structure.curve;
      try {
        const priv = nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: "der", type: NODE_TYPE[format] });
        const pub = nodeCrypto().createPublicKey(priv);
        const d = pub.asymmetricKeyDetails ?? {};
        if (d.modulusLength !== undefined) facts.bits = d.modulusLength;
        if (d.publicExponent !== undefined && d.publicExponent <= BigInt(Number.MAX_SAFE_INTEGER)) exponent = Number(d.publicExponent);
        if (facts.curve && EC_BITS[facts.curve]) facts.bits = EC_BITS[facts.curve];
        if (structure.type === "ed25519") facts.bits = 256;
        if (structure.type === "ed448") facts.bits = 456;
        facts.publicKey = pub;
      } catch {
        facts.parseError = `the ${format} key could not be loaded`;
      }
    }
    const reason = structure ? ringRefusal(structure, format, facts.bits, exponent) : facts.parseError;
    if (reason || facts.parseError) {
      facts.rustlsError = RUSTLS_KEY_ERROR;
      facts.rustlsReason = reason ?? facts.parseError!;
    }
  } finally {
    der.fill(0);
  }
  return facts;
}

/** The cipher name of an `openssh-key-v1` body, without reading anything secret. */
function opensshCipher(bytes: Uint8Array, block: PemBlock): string | undefined {
  const text = new TextDecoder("latin1").decode(bytes.subarray(block.offset, block.endOffset));
  const lines = text.split(/\r\n|\r|\n/).slice(1, -1);
  const body = new TextEncoder().encode(lines.filter((l) => !l.startsWith("-----")).join(""));
  const decoded = rustlsBase64Decode(body);
  body.fill(0);
  if (!decoded.ok) return undefined;
  const d = decoded.bytes;
  try {
    const magic = "openssh-key-v1\0";
    for (let i = 0; i < magic.length; i++) if (d[i] !== magic.charCodeAt(i)) return undefined;
    const p = magic.length;
    if (p + 4 > d.length) return undefined;
    const len = ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >>> 0;
    if (len > 64 || p + 4 + len > d.length) return undefined;
    return new TextDecoder("latin1").decode(d.subarray(p + 4, p + 4 + len));
  } finally {
    d.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------

function sanitizedScan(scan: PemScan): PemScan {
  return {
    ...scan,
    blocks: scan.blocks.map((b) => (b.secret ? { ...b, der: new Uint8Array(0) } : b)),
    errors: scan.errors.slice(),
  };
}

function describeDerError(e: unknown): string {
  return e instanceof DerError ? e.message : "malformed DER";
}

/** Classifies a binary DER file without keeping anything secret from it. */
function classifyDer(bytes: Uint8Array): DerFileFacts {
  try {
    return { kind: "certificate", cert: certFactsFromDer(bytes.slice(), 0, 0) };
  } catch {
    // not a certificate
  }
  try {
    return { kind: "crl", crl: crlFactsFromDer(bytes.slice(), 0, 0) };
  } catch {
    // not a CRL
  }
  try {
    const seq = readRoot(bytes);
    const parts = childrenOf(bytes, seq);
    if (parts[0]?.tag === TAG.INTEGER) {
      const v = smallInteger(valueOf(bytes, parts[0]));
      if (v === 0 && parts[1]?.tag === TAG.SEQUENCE && parts[2]?.tag === TAG.OCTET_STRING) return { kind: "pkcs8-key" };
      if (v === 0 && parts.length >= 9 && parts.every((p) => p.tag === TAG.INTEGER)) return { kind: "pkcs1-key" };
      if (v === 1 && parts[1]?.tag === TAG.OCTET_STRING) return { kind: "sec1-key" };
    }
  } catch {
    // not a key either
  }
  return { kind: "unknown" };
}

/**
 * Everything about one file's bytes. Certificates and CRLs are parsed with the built-in DER
 * reader; keys through node:crypto (public half kept). No @peculiar/x509 is needed here.
 */
export function analyzeTlsBytes(bytes: Uint8Array): TlsFileFacts {
  const scan = scanPem(bytes, { keepSecret: true });
  const facts: TlsFileFacts = {
    certs: [],
    certErrors: [],
    keys: [],
    crls: [],
    crlErrors: [],
    otherLabels: [],
    pem: sanitizedScan(scan),
  };
  let certIndex = 0;
  let crlIndex = 0;
  let keyIndex = 0;
  try {
    for (const block of scan.blocks) {
      if (block.kind === "certificate") {
        const index = certIndex++;
        try {
          facts.certs.push(certFactsFromDer(block.der, index, block.line));
        } catch (e) {
          facts.certErrors.push({
            index,
            line: block.line,
            label: block.label,
            error: describeDerError(e),
            rustls: rustlsCertificateError("BadDer"),
          });
        }
      } else if (block.kind === "crl") {
        const index = crlIndex++;
        try {
          facts.crls.push(crlFactsFromDer(block.der, index, block.line));
        } catch (e) {
          facts.crlErrors.push({ index, line: block.line, label: block.label, error: describeDerError(e), rustls: "ParseError" });
        }
      } else if (block.kind && KEY_KINDS.has(block.kind)) {
        const format = keyFormatOf(block.label) as "pkcs8" | "pkcs1" | "sec1";
        facts.keys.push(keyFactsFromDer(block.der, format, { index: keyIndex++, line: block.line, label: block.label }));
      } else if (isKeyLabel(block.label)) {
        const format = keyFormatOf(block.label);
        const k: KeyFacts = { index: keyIndex++, line: block.line, format, label: block.label, pemKey: false, encrypted: format === "encrypted-pkcs8" };
        if (format === "openssh") {
          const cipher = opensshCipher(bytes, block);
          if (cipher !== undefined) {
            k.cipher = cipher;
            k.encrypted = cipher !== "none";
          }
        }
        if (block.headers) k.encrypted = true;
        facts.keys.push(k);
      } else {
        facts.otherLabels.push({ label: block.label, line: block.line });
      }
    }
    // A key block pki-types could not decode (legacy `Proc-Type: 4,ENCRYPTED` bodies fail base64).
    for (const err of scan.errors) {
      if (err.kind !== "base64" || !err.label || !isKeyLabel(err.label)) continue;
      const k: KeyFacts = {
        index: keyIndex++,
        line: err.line,
        format: keyFormatOf(err.label),
        label: err.label,
        pemKey: PEM_KEY_LABELS.has(err.label),
        encrypted: Boolean(err.headers),
        parseError: err.message,
      };
      facts.keys.push(k);
    }
    facts.keys.sort((a, b) => a.line - b.line);
    facts.keys.forEach((k, i) => (k.index = i));
  } finally {
    for (const b of scan.blocks) if (b.secret) b.der.fill(0);
  }
  if (scan.looksDer) facts.der = classifyDer(bytes);
  return facts;
}
