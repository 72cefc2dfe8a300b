// X.509 certificate and CRL structure, read with the DER walker. Pure: bytes in, plain data out.
// The checks marked "webpki" mirror rustls-webpki 0.103.13 (src/cert.rs, src/crl/types.rs), which
// rustls 0.23.34 uses when NativeLink v1.6.6 loads its certificate, CA and CRL files.

import {
  DerError,
  TAG,
  childrenOf,
  encodingOf,
  expectTag,
  integerHex,
  isTimeTag,
  oidToString,
  readBitString,
  readBoolean,
  readOid,
  readRoot,
  readTime,
  readTlv,
  smallInteger,
  toHex,
  valueOf,
  type Tlv,
} from "./der.ts";

// ---------------------------------------------------------------------------------------------
// names of things

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.3.101.112": "ed25519",
  "1.3.101.113": "ed448",
  "1.2.840.10040.4.3": "dsa-with-sha1",
  "2.16.840.1.101.3.4.3.2": "dsa-with-sha256",
};

/** Signature algorithms that are broken for certificate signatures. */
export const WEAK_SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  "md2WithRSAEncryption",
  "md5WithRSAEncryption",
  "sha1WithRSAEncryption",
  "ecdsa-with-SHA1",
  "dsa-with-sha1",
]);

export const EKU_NAMES: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

/** The dotted OID of an extendedKeyUsage purpose as CertFacts names it (a name above, or an OID). */
export function ekuOid(name: string): string {
  for (const [oid, n] of Object.entries(EKU_NAMES)) if (n === name) return oid;
  return name;
}

const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

const CURVES: Readonly<Record<string, string>> = {
  "1.2.840.10045.3.1.7": "P-256",
  "1.3.132.0.34": "P-384",
  "1.3.132.0.35": "P-521",
  "1.3.132.0.10": "secp256k1",
  "1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
  "1.3.36.3.3.2.8.1.1.11": "brainpoolP384r1",
  "1.3.36.3.3.2.8.1.1.13": "brainpoolP512r1",
};

export const KEY_ALGORITHMS = {
  rsa: "1.2.840.113549.1.1.1",
  rsaPss: "1.2.840.113549.1.1.10",
  ec: "1.2.840.10045.2.1",
  ed25519: "1.3.101.112",
  ed448: "1.3.101.113",
  x25519: "1.3.101.110",
  x448: "1.3.101.111",
  dsa: "1.2.840.10040.4.1",
} as const;

const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SN",
  "2.5.4.5": "serialNumber",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "ST",
  "2.5.4.9": "street",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "title",
  "2.5.4.42": "GN",
  "2.5.4.97": "organizationIdentifier",
  "0.9.2342.19200300.100.1.1": "UID",
  "0.9.2342.19200300.100.1.25": "DC",
  "1.2.840.113549.1.9.1": "E",
};

export function curveName(oid: string): string {
  return CURVES[oid] ?? oid;
}

// ---------------------------------------------------------------------------------------------
// small decoders

function decodeString(buf: Uint8Array, tlv: Tlv): string | undefined {
  const v = valueOf(buf, tlv);
  switch (tlv.tag) {
    case 0x0c: // UTF8String
      return new TextDecoder("utf-8").decode(v);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x12: // NumericString
    case 0x1a: // VisibleString
    case 0x14: // TeletexString, read as Latin-1
      return Array.from(v, (b) => String.fromCharCode(b)).join("");
    case 0x1e: {
      // BMPString, UTF-16BE
      let s = "";
      for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    case 0x1c: {
      // UniversalString, UTF-32BE
      let s = "";
      for (let i = 0; i + 3 < v.length; i += 4) s += String.fromCodePoint(((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0);
      return s;
    }
    default:
      return undefined;
  }
}

function escapeDnValue(s: string): string {
  let out = s.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`);
  if (out.startsWith("#") || out.startsWith(" ")) out = `\\${out}`;
  if (out.endsWith(" ") && out.length > 0) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** RFC 4514-style text of a Name, in encoded order (as `openssl -nameopt oneline` reads, minus spaces). */
export function formatName(buf: Uint8Array, name: Tlv): string {
  const rdns: string[] = [];
  for (const rdn of childrenOf(buf, expectTag(name, TAG.SEQUENCE, "Name"))) {
    const parts: string[] = [];
    for (const atv of childrenOf(buf, expectTag(rdn, TAG.SET, "RDN"))) {
      const [typ, val] = childrenOf(buf, expectTag(atv, TAG.SEQUENCE, "AttributeTypeAndValue"));
      const oid = readOid(buf, typ, "attribute type");
      if (!val) throw new DerError("attribute without value");
      const text = decodeString(buf, val);
      const key = NAME_ATTRIBUTES[oid] ?? oid;
      parts.push(`${key}=${text === undefined ? `#${toHex(encodingOf(buf, val))}` : escapeDnValue(text)}`);
    }
    rdns.push(parts.join("+"));
  }
  return rdns.join(", ");
}

/** The CN values of a Name. */
function commonNames(buf: Uint8Array, name: Tlv): string[] {
  const out: string[] = [];
  for (const rdn of childrenOf(buf, name)) {
    for (const atv of childrenOf(buf, rdn)) {
      const [typ, val] = childrenOf(buf, atv);
      if (val && readOid(buf, typ) === "2.5.4.3") {
        const s = decodeString(buf, val);
        if (s !== undefined) out.push(s);
      }
    }
  }
  return out;
}

export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  if (bytes.length === 16) {
    const groups: number[] = [];
    for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
    // Longest run of zero groups (length >= 2) becomes "::".
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8; ) {
      if (groups[i] !== 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === 0) j++;
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart < 0) return hex.join(":");
    return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
  }
  return toHex(bytes);
}

export interface AlgorithmIdentifier {
  oid: string;
  /** Encoding of the parameters element, if any. */
  params?: Uint8Array;
  /** Whole AlgorithmIdentifier encoding (webpki compares these byte for byte). */
  encoding: Uint8Array;
}

export function readAlgorithm(buf: Uint8Array, tlv: Tlv | undefined, what: string): AlgorithmIdentifier {
  const seq = expectTag(tlv, TAG.SEQUENCE, what);
  const [oid, params] = childrenOf(buf, seq);
  const out: AlgorithmIdentifier = { oid: readOid(buf, oid, `${what} OID`), encoding: encodingOf(buf, seq) };
  if (params) out.params = encodingOf(buf, params);
  return out;
}

export function signatureAlgorithmName(alg: AlgorithmIdentifier): string {
  return SIGNATURE_ALGORITHMS[alg.oid] ?? alg.oid;
}

// ---------------------------------------------------------------------------------------------
// SubjectPublicKeyInfo

export interface PublicKeyInfo {
  type: "rsa" | "ec" | "ed25519" | "ed448" | "other";
  algorithmOid: string;
  curve?: string;
  /** The SPKI encoding as it appears in the certificate. */
  spki: Uint8Array;
}

export function readSpki(buf: Uint8Array, tlv: Tlv | undefined): PublicKeyInfo {
  const seq = expectTag(tlv, TAG.SEQUENCE, "SubjectPublicKeyInfo");
  const [algTlv] = childrenOf(buf, seq);
  const alg = readAlgorithm(buf, algTlv, "public key algorithm");
  const info: PublicKeyInfo = { type: "other", algorithmOid: alg.oid, spki: encodingOf(buf, seq) };
  if (alg.oid === KEY_ALGORITHMS.rsa || alg.oid === KEY_ALGORITHMS.rsaPss) info.type = "rsa";
  else if (alg.oid === KEY_ALGORITHMS.ed25519) info.type = "ed25519";
  else if (alg.oid === KEY_ALGORITHMS.ed448) info.type = "ed448";
  else if (alg.oid === KEY_ALGORITHMS.ec) {
    info.type = "ec";
    if (alg.params) {
      const p = readTlv(alg.params, 0);
      if (p.tag === TAG.OID) info.curve = curveName(oidToString(valueOf(alg.params, p)));
    }
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// extensions

export interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

function readExtensions(buf: Uint8Array, list: Tlv): RawExtension[] {
  const out: RawExtension[] = [];
  for (const ext of childrenOf(buf, expectTag(list, TAG.SEQUENCE, "Extensions"))) {
    const parts = childrenOf(buf, expectTag(ext, TAG.SEQUENCE, "Extension"));
    const oid = readOid(buf, parts[0], "extension id");
    let i = 1;
    let critical = false;
    if (parts[i]?.tag === TAG.BOOLEAN) critical = readBoolean(buf, parts[i++], "extension critical flag");
    const value = valueOf(buf, expectTag(parts[i], TAG.OCTET_STRING, "extension value"));
    out.push({ oid, critical, value });
  }
  return out;
}

export interface GeneralNames {
  dns: string[];
  ip: string[];
  uri: string[];
  email: string[];
  /** Every name, formatted as rustls-webpki's Debug prints them in `NotValidForNameContext`. */
  webpki: string[];
}

function readGeneralNames(buf: Uint8Array, children: Tlv[]): GeneralNames {
  const out: GeneralNames = { dns: [], ip: [], uri: [], email: [], webpki: [] };
  const text = (t: Tlv) => Array.from(valueOf(buf, t), (b) => String.fromCharCode(b)).join("");
  for (const gn of children) {
    switch (gn.tag) {
      case 0x82: {
        const s = text(gn);
        out.dns.push(s);
        out.webpki.push(`DnsName("${s}")`);
        break;
      }
      case 0x87: {
        const s = formatIp(valueOf(buf, gn));
        out.ip.push(s);
        out.webpki.push(`IpAddress(${s})`);
        break;
      }
      case 0x86: {
        const s = text(gn);
        out.uri.push(s);
        out.webpki.push(`UniformResourceIdentifier("${s}")`);
        break;
      }
      case 0x81:
        out.email.push(text(gn));
        out.webpki.push("Unsupported(0x81)");
        break;
      case 0xa4:
        out.webpki.push("DirectoryName");
        break;
      default:
        out.webpki.push(`Unsupported(0x${gn.tag.toString(16).padStart(2, "0")})`);
    }
  }
  return out;
}

function parseExtensionValue(ext: RawExtension): Tlv {
  return readRoot(ext.value);
}

// ---------------------------------------------------------------------------------------------
// certificates

export interface ParsedCertificate {
  version: number;
  serialHex: string;
  signature: AlgorithmIdentifier;
  tbsSignature: AlgorithmIdentifier;
  issuer: string;
  subject: string;
  /** Hex of the Name encodings; path building and CRL lookup compare these byte for byte. */
  issuerRaw: string;
  subjectRaw: string;
  commonNames: string[];
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  extensions: RawExtension[];
  isCA: boolean | undefined;
  pathLen?: number;
  san: GeneralNames | undefined;
  eku: string[] | undefined;
  keyUsage: string[] | undefined;
  subjectKeyId?: string;
  authorityKeyId?: string;
  crlDistributionPoints?: string[];
  hasIssuerOrSubjectUniqueId: boolean;
  tbs: Uint8Array;
  signatureValue: Uint8Array;
}

/** Parses a certificate; throws DerError when the structure is not a certificate. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const root = expectTag(readRoot(der), TAG.SEQUENCE, "Certificate");
  const [tbsTlv, sigAlgTlv, sigTlv, extra] = childrenOf(der, root);
  if (extra) throw new DerError("trailing elements in Certificate");
  const tbs = expectTag(tbsTlv, TAG.SEQUENCE, "TBSCertificate");
  const signature = readAlgorithm(der, sigAlgTlv, "signatureAlgorithm");
  const signatureValue = readBitString(der, sigTlv, "signatureValue", true);
  const f = childrenOf(der, tbs);
  let i = 0;
  let version = 1;
  if (f[i]?.tag === TAG.CTX0) {
    const [v] = childrenOf(der, f[i]!);
    version = smallInteger(valueOf(der, expectTag(v, TAG.INTEGER, "version"))) + 1;
    i++;
  }
  const serialHex = integerHex(valueOf(der, expectTag(f[i++], TAG.INTEGER, "serialNumber")));
  const tbsSignature = readAlgorithm(der, f[i++], "signature");
  const issuerTlv = expectTag(f[i++], TAG.SEQUENCE, "issuer");
  const validity = expectTag(f[i++], TAG.SEQUENCE, "validity");
  const subjectTlv = expectTag(f[i++], TAG.SEQUENCE, "subject");
  const publicKey = readSpki(der, f[i++]);
  let hasUid = false;
  let extensions: RawExtension[] = [];
  for (; i < f.length; i++) {
    const t = f[i]!;
    if (t.tag === 0x81 || t.tag === 0x82 || t.tag === 0xa1 || t.tag === 0xa2) hasUid = true;
    else if (t.tag === TAG.CTX3) {
      const [list] = childrenOf(der, t);
      if (!list) throw new DerError("empty extensions");
      extensions = readExtensions(der, list);
    } else throw new DerError("unexpected field in TBSCertificate");
  }
  const [nb, na] = childrenOf(der, validity);
  const cert: ParsedCertificate = {
    version,
    serialHex,
    signature,
    tbsSignature,
    issuer: formatName(der, issuerTlv),
    subject: formatName(der, subjectTlv),
    issuerRaw: toHex(encodingOf(der, issuerTlv)),
    subjectRaw: toHex(encodingOf(der, subjectTlv)),
    commonNames: commonNames(der, subjectTlv),
    notBefore: readTime(der, nb),
    notAfter: readTime(der, na),
    publicKey,
    extensions,
    isCA: undefined,
    san: undefined,
    eku: undefined,
    keyUsage: undefined,
    hasIssuerOrSubjectUniqueId: hasUid,
    tbs: encodingOf(der, tbs),
    signatureValue,
  };
  for (const ext of extensions) applyCertExtension(cert, ext);
  return cert;
}

/**
 * The keyUsage flags, read leniently on purpose: webpki ignores keyUsage altogether, so a badly padded
 * one must not make the whole certificate unreadable here.
 */
function keyUsageBits(buf: Uint8Array, tlv: Tlv): Uint8Array {
  const v = valueOf(buf, expectTag(tlv, TAG.BIT_STRING, "keyUsage"));
  if (v.length === 0) throw new DerError("empty keyUsage");
  return v.subarray(1);
}

function applyCertExtension(cert: ParsedCertificate, ext: RawExtension): void {
  const v = ext.value;
  switch (ext.oid) {
    case "2.5.29.19": {
      // basicConstraints
      const seq = expectTag(parseExtensionValue(ext), TAG.SEQUENCE, "basicConstraints");
      const parts = childrenOf(v, seq);
      let ca = false;
      let j = 0;
      if (parts[j]?.tag === TAG.BOOLEAN) ca = readBoolean(v, parts[j++], "basicConstraints cA");
      cert.isCA = ca;
      if (parts[j]?.tag === TAG.INTEGER) cert.pathLen = smallInteger(valueOf(v, parts[j]!));
      break;
    }
    case "2.5.29.37": {
      const seq = expectTag(parseExtensionValue(ext), TAG.SEQUENCE, "extKeyUsage");
      cert.eku = childrenOf(v, seq).map((t) => {
        const oid = readOid(v, t);
        return EKU_NAMES[oid] ?? oid;
      });
      break;
    }
    case "2.5.29.15": {
      const bits = keyUsageBits(v, parseExtensionValue(ext));
      const names: string[] = [];
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bits[bit >> 3];
        if (byte !== undefined && byte & (0x80 >> (bit & 7))) names.push(name);
      });
      cert.keyUsage = names;
      break;
    }
    case "2.5.29.17": {
      const seq = expectTag(parseExtensionValue(ext), TAG.SEQUENCE, "subjectAltName");
      cert.san = readGeneralNames(v, childrenOf(v, seq));
      break;
    }
    case "2.5.29.14": {
      cert.subjectKeyId = toHex(valueOf(v, expectTag(parseExtensionValue(ext), TAG.OCTET_STRING, "subjectKeyIdentifier")));
      break;
    }
    case "2.5.29.35": {
      const aki = akiKeyId(v, parseExtensionValue(ext));
      if (aki !== undefined) cert.authorityKeyId = aki;
      break;
    }
    case "2.5.29.31": {
      const seq = expectTag(parseExtensionValue(ext), TAG.SEQUENCE, "cRLDistributionPoints");
      const urls: string[] = [];
      for (const dp of childrenOf(v, seq)) {
        for (const field of childrenOf(v, dp)) {
          if (field.tag !== TAG.CTX0) continue; // distributionPoint
          for (const dpn of childrenOf(v, field)) {
            if (dpn.tag !== 0xa0) continue; // fullName
            urls.push(...readGeneralNames(v, childrenOf(v, dpn)).uri);
          }
        }
      }
      cert.crlDistributionPoints = urls;
      break;
    }
    default:
      break;
  }
}

function akiKeyId(buf: Uint8Array, seq: Tlv): string | undefined {
  for (const t of childrenOf(buf, expectTag(seq, TAG.SEQUENCE, "authorityKeyIdentifier"))) {
    if (t.tag === 0x80) return toHex(valueOf(buf, t));
  }
  return undefined;
}

/** id-ce extensions rustls-webpki's `remember_cert_extension` understands. */
const WEBPKI_CERT_EXTENSIONS = new Set(["2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.31", "2.5.29.37"]);

/**
 * The webpki error `EndEntityCert::try_from` gives for this certificate, which is what rustls'
 * `with_single_cert` hits for the first certificate of cert_file (and a client's cert_file):
 * webpki accepts only v3, no unique IDs, the same signature algorithm inside and outside, no
 * unknown critical extension and no duplicate extension.
 */
export function webpkiEndEntityError(cert: ParsedCertificate): string | undefined {
  return webpkiCertError(cert, "strict");
}

/**
 * The webpki error `RootCertStore::add` (`anchor_from_trusted_cert`) gives for a client_ca_file
 * certificate: the same parse with unknown critical extensions ignored, and a separate lenient
 * parser for v1 certificates (a v2 certificate fails both: BadDer).
 */
export function webpkiTrustAnchorError(cert: ParsedCertificate): string | undefined {
  if (cert.version === 1) return undefined;
  if (cert.version === 2) return "BadDer";
  return webpkiCertError(cert, "ignore-critical");
}

function webpkiCertError(cert: ParsedCertificate, policy: "strict" | "ignore-critical"): string | undefined {
  if (cert.version !== 3) return "UnsupportedCertVersion";
  if (!bytesEqual(cert.signature.encoding, cert.tbsSignature.encoding)) return "SignatureAlgorithmMismatch";
  if (cert.hasIssuerOrSubjectUniqueId) return "BadDer";
  const seen = new Set<string>();
  for (const ext of cert.extensions) {
    if (WEBPKI_CERT_EXTENSIONS.has(ext.oid)) {
      if (seen.has(ext.oid)) return "ExtensionValueInvalid";
      seen.add(ext.oid);
    } else if (ext.critical && policy === "strict") {
      return "UnsupportedCriticalExtension";
    }
  }
  return undefined;
}

/** rustls' rendering of a webpki error during certificate parsing (`pki_error` in webpki/mod.rs). */
export function rustlsCertificateError(webpkiError: string): string {
  if (webpkiError === "BadDer" || webpkiError === "BadDerTime" || webpkiError.startsWith("TrailingData")) {
    return "invalid peer certificate: BadEncoding";
  }
  return `invalid peer certificate: Other(OtherError(${webpkiError}))`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// CRLs

export interface ParsedCrl {
  /** 1 or 2; undefined when the version field is absent (a v1 CRL). */
  version: number | undefined;
  signature: AlgorithmIdentifier;
  tbsSignature: AlgorithmIdentifier;
  issuer: string;
  issuerRaw: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: { serialHex: string; date: Date }[];
  extensions: RawExtension[] | undefined;
  authorityKeyId?: string;
  crlNumber?: string;
  delta: boolean;
  tbs: Uint8Array;
  signatureValue: Uint8Array;
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  const root = expectTag(readRoot(der), TAG.SEQUENCE, "CertificateList");
  const [tbsTlv, sigAlgTlv, sigTlv, extra] = childrenOf(der, root);
  if (extra) throw new DerError("trailing elements in CertificateList");
  const tbs = expectTag(tbsTlv, TAG.SEQUENCE, "TBSCertList");
  const signature = readAlgorithm(der, sigAlgTlv, "signatureAlgorithm");
  const signatureValue = readBitString(der, sigTlv, "signatureValue", true);
  const f = childrenOf(der, tbs);
  let i = 0;
  let version: number | undefined;
  if (f[i]?.tag === TAG.INTEGER) {
    version = smallInteger(valueOf(der, f[i]!)) + 1;
    i++;
  }
  const tbsSignature = readAlgorithm(der, f[i++], "signature");
  const issuerTlv = expectTag(f[i++], TAG.SEQUENCE, "issuer");
  const thisUpdate = readTime(der, f[i++]);
  let nextUpdate: Date | undefined;
  if (isTimeTag(f[i]?.tag)) nextUpdate = readTime(der, f[i++]);
  const revoked: { serialHex: string; date: Date }[] = [];
  if (f[i]?.tag === TAG.SEQUENCE) {
    for (const entry of childrenOf(der, f[i]!)) {
      const [serial, date] = childrenOf(der, expectTag(entry, TAG.SEQUENCE, "revokedCertificate"));
      revoked.push({
        serialHex: integerHex(valueOf(der, expectTag(serial, TAG.INTEGER, "userCertificate"))),
        date: readTime(der, date),
      });
    }
    i++;
  }
  let extensions: RawExtension[] | undefined;
  if (f[i]?.tag === TAG.CTX0) {
    const [list] = childrenOf(der, f[i]!);
    if (!list) throw new DerError("empty crlExtensions");
    extensions = readExtensions(der, list);
    i++;
  }
  if (i !== f.length) throw new DerError("unexpected field in TBSCertList");
  const crl: ParsedCrl = {
    version,
    signature,
    tbsSignature,
    issuer: formatName(der, issuerTlv),
    issuerRaw: toHex(encodingOf(der, issuerTlv)),
    thisUpdate,
    revoked,
    extensions,
    delta: false,
    tbs: encodingOf(der, tbs),
    signatureValue,
  };
  if (nextUpdate) crl.nextUpdate = nextUpdate;
  for (const ext of extensions ?? []) {
    if (ext.oid === "2.5.29.35") {
      const aki = akiKeyId(ext.value, parseExtensionValue(ext));
      if (aki !== undefined) crl.authorityKeyId = aki;
    } else if (ext.oid === "2.5.29.20") {
      crl.crlNumber = integerHex(valueOf(ext.value, expectTag(parseExtensionValue(ext), TAG.INTEGER, "cRLNumber")));
    } else if (ext.oid === "2.5.29.27") {
      crl.delta = true;
    }
  }
  return crl;
}

/**
 * The `CertRevocationListError` Debug text NativeLink prints after
 * `provided CRL could not be parsed: ` when rustls-webpki's `OwnedCertRevocationList::from_der`
 * rejects the CRL (`crl_error` in rustls src/webpki/mod.rs). Undefined when webpki takes it.
 * Checks: version field present and v2, same signature algorithm inside and outside, nextUpdate
 * present, crlExtensions present, no delta CRL, a sane cRLNumber, no unknown critical extension.
 */
export function webpkiCrlError(crl: ParsedCrl): string | undefined {
  if (crl.version === undefined) return "ParseError"; // `u8::from_der` meets the AlgorithmIdentifier
  if (crl.version !== 2) return "UnsupportedCrlVersion";
  if (!bytesEqual(crl.signature.encoding, crl.tbsSignature.encoding)) return "Other(OtherError(SignatureAlgorithmMismatch))";
  if (!crl.nextUpdate) return "ParseError";
  if (!crl.extensions) return "ParseError"; // MalformedExtensions
  for (const ext of crl.extensions) {
    switch (ext.oid) {
      case "2.5.29.20": {
        try {
          const t = readRoot(ext.value);
          const v = valueOf(ext.value, t);
          if (t.tag !== TAG.INTEGER || v.length === 0 || (v[0]! & 0x80) !== 0) return "InvalidCrlNumber";
          const unpadded = v[0] === 0 && v.length > 1 ? v.subarray(1) : v;
          if (unpadded.length > 20) return "InvalidCrlNumber";
        } catch {
          return "InvalidCrlNumber";
        }
        break;
      }
      case "2.5.29.27":
        return "UnsupportedDeltaCrl";
      case "2.5.29.28":
      case "2.5.29.35":
        break;
      default:
        if (ext.critical) return "UnsupportedCriticalExtension";
    }
  }
  return undefined;
}
