// Shared facts for the server-side TLS rules and the file-level rules that cover every TLS file:
// which files NativeLink really opens, how it reads each role, and who owns which file problem.
import { isoDate, mtlsMessage } from "./tls-client.ts";
import type { RuleContext } from "../context.ts";
import type { FileView } from "../files.ts";
import type { ServerModel, TlsFileRef, TlsFileRole } from "../model.ts";
import {
  TONIC_KEY_PARSE_ERROR,
  keyMatchesCert,
  nativelinkReadCerts,
  nativelinkReadCrls,
  nativelinkReadKey,
  shellQuote,
  type CertFacts,
  type KeyFacts,
  type PemError,
  type ReadResult,
  type TlsFileFacts,
} from "../tls/index.ts";
import { nativelinkErrorText } from "./endpoints.ts";
import { storeName } from "./stores.ts";
import type { ConfigModel } from "../model.ts";
import { groupBy } from "../arrays.ts";

/** One config field naming a TLS file, with what the engine read at its resolved path. */
export interface TlsFile {
  ref: TlsFileRef;
  /** Resolved absolute path (relative paths resolve against NativeLink's working directory). */
  path: string;
  view: FileView;
}

/** The TLS files the engine read, in document order; values with unset variables or empty paths are skipped. */
export function tlsFiles(ctx: RuleContext, roles?: readonly TlsFileRole[]): TlsFile[] {
  const model = ctx.model;
  if (!model) return [];
  const out: TlsFile[] = [];
  for (const ref of model.tlsFiles) {
    if (roles && !roles.includes(ref.role)) continue;
    if (ref.str.unknown || ref.str.value === "") continue;
    const path = model.resolvePath(ref.str.value);
    const view = ctx.files.get(path);
    if (view) out.push({ ref, path, view });
  }
  return out;
}

/**
 * Whether NativeLink v1.6.6 opens the file at all. The server ignores client_crl_file without
 * client_ca_file (src/bin/nativelink.rs:509-524); a client tls_config with use_native_roots: true
 * drops every file (nativelink-util/src/tls_utils.rs:29-35).
 */
export function nativelinkOpens(ref: TlsFileRef): boolean {
  if (ref.role === "client-crl") {
    const ca = ref.server?.tls?.clientCaFile;
    return Boolean(ca && (ca.unknown || ca.value !== ""));
  }
  if (ref.endpoint?.tls?.useNativeRoots?.value === true) return false;
  return true;
}

export const KEY_ROLES: readonly TlsFileRole[] = ["server-key", "client-key"];
export const SERVER_ROLES: readonly TlsFileRole[] = ["server-cert", "server-key", "client-ca", "client-crl"];

export function isClientRole(role: TlsFileRole): boolean {
  return role === "ca" || role === "client-cert" || role === "client-key";
}

const FIELD: Record<TlsFileRole, string> = {
  "server-cert": "cert_file",
  "server-key": "key_file",
  "client-ca": "client_ca_file",
  "client-crl": "client_crl_file",
  ca: "ca_file",
  "client-cert": "cert_file",
  "client-key": "key_file",
  "ontap-ca": "root_certificates",
};

/** The field as the message names it, with the path as written (after ${VAR} expansion). */
export function named(ref: TlsFileRef): string {
  return `${FIELD[ref.role]} ${JSON.stringify(ref.str.value)}`;
}

/**
 * What NativeLink prints when an ONTAP store's root_certificates fails: the error chain of
 * load_custom_certs (nativelink-store/src/ontap_s3_store.rs:96-114), wrapped by
 * `Failed to create store '{name}'` (src/bin/nativelink.rs:217-219).
 */
export function ontapCaError(model: ConfigModel, ref: TlsFileRef, code: string, messages: string[]): string {
  return nativelinkErrorText(code, [...messages, `Failed to create store '${ref.store ? storeName(model, ref.store) : ""}'`]);
}

/** The tip load_custom_certs adds when File::open fails. */
export function ontapOpenTip(ref: TlsFileRef): string {
  return `Failed to open CA certificate file ${ref.str.value}`;
}

// ---------------------------------------------------------------------------------------------
// how each role is read, and who owns which content problem

export type ContentProblem =
  /** Client files are read with read_to_string: bytes that are not UTF-8 fail before any parsing. */
  | { kind: "not-utf8"; der: boolean }
  /** The PEM reader fails (illegal BEGIN line, unterminated section, bad base64). */
  | { kind: "pem-syntax"; line?: number; nativelink: string; detail: string }
  /** A key file whose only keys are in a form NativeLink cannot read (encrypted, OpenSSH, DSA...). */
  | { kind: "unreadable-key"; key: KeyFacts; nativelink: string }
  /** The reader succeeds but finds none of the blocks the field needs. */
  | { kind: "missing"; what: string; nativelink?: string; der?: NonNullable<TlsFileFacts["der"]>["kind"] };

const NEEDS: Record<TlsFileRole, "certificate" | "key" | "crl"> = {
  "server-cert": "certificate",
  "client-ca": "certificate",
  ca: "certificate",
  "client-cert": "certificate",
  "server-key": "key",
  "client-key": "key",
  "client-crl": "crl",
  "ontap-ca": "certificate",
};

export function needs(role: TlsFileRole): "certificate" | "key" | "crl" {
  return NEEDS[role];
}

function pemErrorDetail(err: PemError | undefined): string {
  if (!err) return "";
  if (err.kind === "missing-section-end") return `the -----BEGIN ${err.label ?? ""}----- block at line ${err.line} is never closed by its END line`;
  if (err.kind === "illegal-section-start") return `the BEGIN line at line ${err.line} does not end in exactly five dashes`;
  return `the body of the ${err.label ?? "PEM"} block at line ${err.line} is not valid base64`;
}

/** NativeLink's own reader for a server-side file (src/bin/nativelink.rs:473-523). */
function serverRead(role: TlsFileRole, bytes: Uint8Array): ReadResult<object> {
  if (role === "server-key") return nativelinkReadKey(bytes);
  if (role === "client-crl") return nativelinkReadCrls(bytes);
  return nativelinkReadCerts(bytes);
}

const DER_KINDS: Record<string, string> = {
  certificate: "a DER certificate",
  crl: "a DER CRL",
  "pkcs8-key": "a DER (PKCS#8) private key",
  "pkcs1-key": "a DER (PKCS#1) RSA private key",
  "sec1-key": "a DER (SEC1) EC private key",
  unknown: "binary data",
};

/** What the file holds instead of the blocks the field needs. */
function describeInstead(facts: TlsFileFacts, bytes: Uint8Array): string {
  if (bytes.length === 0) return "is empty";
  if (facts.der) return `is ${DER_KINDS[facts.der.kind]}, not PEM`;
  const labels = [...new Set(facts.pem.blocks.filter((b) => !b.afterError).map((b) => b.label))];
  const extra: string[] = [];
  if (facts.pem.bom) extra.push("it starts with a UTF-8 byte-order mark, which hides the BEGIN line on line 1");
  // With a BOM, line 1's BEGIN is already explained.
  const indented = facts.pem.ignoredBeginLines.filter((l) => !(facts.pem.bom && l === 1));
  if (indented.length) extra.push(`BEGIN lines not at the start of a line are ignored (line ${indented.join(", ")})`);
  const tail = extra.length ? ` (${extra.join("; ")})` : "";
  if (labels.length === 0) {
    if (new TextDecoder().decode(bytes).trim() === "") return `holds only whitespace${tail}`;
    return `holds no PEM block${tail}`;
  }
  return `holds only ${labels.map((l) => JSON.stringify(l)).join(", ")} block${labels.length > 1 ? "s" : ""}${tail}`;
}

const NEED_TEXT = { certificate: "no CERTIFICATE block", key: "no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)", crl: 'no "X509 CRL" block' };

export function needText(role: TlsFileRole): string {
  return NEED_TEXT[NEEDS[role]];
}

/** The innermost NativeLink message when the file has none of the blocks its role needs. */
function missingMessage(ref: TlsFileRef): string | undefined {
  switch (ref.role) {
    case "server-cert":
      return "peer sent no certificates";
    case "server-key":
      return "no items found";
    case "client-ca":
      return "no root trust anchors were provided";
    case "client-crl":
      return undefined;
    case "ca":
      return "invalid peer certificate: UnknownIssuer";
    case "client-cert":
      return mtlsMessage(ref.endpoint!, "peer sent no certificates");
    case "client-key":
      return mtlsMessage(ref.endpoint!, TONIC_KEY_PARSE_ERROR);
    case "ontap-ca":
      return "invalid peer certificate: UnknownIssuer";
  }
}

function missing(ref: TlsFileRef, facts: TlsFileFacts, bytes: Uint8Array): ContentProblem {
  const p: ContentProblem = { kind: "missing", what: describeInstead(facts, bytes) };
  const m = missingMessage(ref);
  if (m) p.nativelink = m;
  if (facts.der) p.der = facts.der.kind;
  return p;
}

/** Key-like blocks NativeLink's PEM reader cannot use (encrypted, OpenSSH, DSA, legacy-encrypted). */
function unreadableKeys(facts: TlsFileFacts): KeyFacts[] {
  return facts.keys.filter((k) => !k.pemKey || k.encrypted);
}

/**
 * The first content problem NativeLink hits reading this file for its role, or undefined when the
 * reader finds what it needs. tls-file-pem reports everything but `unreadable-key`, which
 * tls-key-readable reports. Client files (tonic) count here only when they hold no PEM section at
 * all (empty, DER, plain text); the client-tls-* rules judge the others.
 */
export function contentProblem(file: TlsFile): ContentProblem | undefined {
  const { ref, view } = file;
  const bytes = view.read.bytes;
  const facts = view.facts;
  if (!bytes || !facts) return undefined;
  const role = ref.role;
  const client = isClientRole(role);
  if (client) {
    // The client-tls-* rules judge client files with PEM sections; these rules take the rest.
    if (facts.pem.blocks.length > 0 || facts.pem.errors.length > 0) return undefined;
    if (bytes.length > 0 && !facts.pem.text) return { kind: "not-utf8", der: Boolean(facts.der) };
    return missing(ref, facts, bytes);
  }
  const r = serverRead(role, bytes);
  if (!r.ok) {
    const keyRole = NEEDS[role] === "key";
    if (keyRole) {
      // No usable key: a key-looking block NativeLink cannot read is tls-key-readable's finding,
      // including legacy-encrypted bodies that fail base64.
      const bad = unreadableKeys(facts);
      const atError = r.line !== undefined ? bad.find((k) => k.line === r.line) : undefined;
      if (atError || (r.line === undefined && bad.length > 0)) {
        return { kind: "unreadable-key", key: atError ?? bad[0]!, nativelink: r.message };
      }
    }
    if (r.line !== undefined) {
      const err = facts.pem.errors.find((e) => e.line === r.line) ?? facts.pem.error;
      return { kind: "pem-syntax", line: r.line, nativelink: r.message, detail: pemErrorDetail(err) };
    }
    // the server key's "no items found"
    return missing(ref, facts, bytes);
  }
  // certificates and CRLs: the read succeeded, but did it find any?
  if ("lines" in r && (r.lines as number[]).length === 0) return missing(ref, facts, bytes);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the server's own certificate and key

export interface ServerFiles {
  server: ServerModel;
  cert?: TlsFile;
  key?: TlsFile;
  clientCa?: TlsFile;
  crl?: TlsFile;
}

/** Each server with TLS, and the files its fields name (those the engine read). */
export function serverFiles(ctx: RuleContext): ServerFiles[] {
  // Made once per config for the rules that ask, with the files grouped by server first: a filter
  // per server made a config of many TLS servers quadratic (500 servers: 500,000 comparisons each).
  return ctx.facts.once("server-files", () => serverFilesOf(ctx));
}

function serverFilesOf(ctx: RuleContext): ServerFiles[] {
  const byServer = groupBy(tlsFiles(ctx, SERVER_ROLES), (f) => f.ref.server);
  const out: ServerFiles[] = [];
  for (const server of ctx.model?.servers ?? []) {
    if (!server.tls) continue;
    const mine = byServer.get(server) ?? [];
    const get = (role: TlsFileRole) => mine.find((f) => f.ref.role === role);
    const s: ServerFiles = { server };
    const cert = get("server-cert");
    const key = get("server-key");
    const clientCa = get("client-ca");
    const crl = get("client-crl");
    if (cert) s.cert = cert;
    if (key) s.key = key;
    if (clientCa) s.clientCa = clientCa;
    if (crl) s.crl = crl;
    out.push(s);
  }
  return out;
}

/** The certificates of cert_file as NativeLink reads them (undefined when the read fails or finds none). */
export function certChain(file: TlsFile | undefined): CertFacts[] | undefined {
  if (!file) return undefined;
  const bytes = file.view.read.bytes;
  const facts = file.view.facts;
  if (!bytes || !facts) return undefined;
  const r = nativelinkReadCerts(bytes);
  if (!r.ok || r.lines.length === 0) return undefined;
  return facts.certs;
}

/** The parsed first certificate of cert_file: what rustls takes as the server's own. */
export function leafOf(certs: CertFacts[] | undefined): CertFacts | undefined {
  const c = certs?.[0];
  return c && c.index === 0 ? c : undefined;
}

/** The key NativeLink takes from a server key_file (the first PKCS#8/PKCS#1/SEC1 block), if the read succeeds. */
export function serverKeyOf(file: TlsFile | undefined): KeyFacts | undefined {
  const bytes = file?.view.read.bytes;
  const facts = file?.view.facts;
  if (!bytes || !facts) return undefined;
  const r = nativelinkReadKey(bytes);
  if (!r.ok) return undefined;
  return facts.keys.find((k) => k.line === r.line);
}

/** The key rustls would load (ring accepts it), else undefined. */
export function loadableKey(file: TlsFile | undefined): KeyFacts | undefined {
  const k = serverKeyOf(file);
  return k && !k.rustlsError && k.publicKey ? k : undefined;
}

/**
 * Index of the certificate in cert_file the server key belongs to when it is not the first one:
 * the chain is in the wrong order, which tls-key-matches-cert reports (the leaf rules stay quiet).
 */
export function misplacedLeafIndex(s: ServerFiles): number | undefined {
  const key = loadableKey(s.key);
  const certs = certChain(s.cert);
  if (!key || !certs) return undefined;
  const leaf = leafOf(certs);
  if (leaf && keyMatchesCert(key, leaf)) return undefined;
  const i = certs.findIndex((c) => keyMatchesCert(key, c));
  return i > 0 ? i : undefined;
}

/** Every certificate in every TLS file the config names, with the field it came from. */
export function knownCerts(ctx: RuleContext): { cert: CertFacts; file: TlsFile }[] {
  const out: { cert: CertFacts; file: TlsFile }[] = [];
  for (const file of tlsFiles(ctx)) for (const cert of file.view.facts?.certs ?? []) out.push({ cert, file });
  return out;
}

// ---------------------------------------------------------------------------------------------
// small formatting helpers

export { isoDate };

export function unixSeconds(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}

/** `openssl verify` with the certificate trusted as itself: checks only its own dates at `at`. */
export function opensslSelfVerifyCmd(certFile: string, at: Date): string {
  const f = shellQuote(certFile);
  return `openssl verify -partial_chain -attime ${unixSeconds(at)} -CAfile ${f} ${f}`;
}

/** Where to write the PEM form of a DER file: same name, .pem extension. */
export function pemPathFor(path: string): string {
  const m = /\.(der|cer|crt|crl|key)$/i.exec(path);
  return m ? `${path.slice(0, m.index)}.pem` : `${path}.pem`;
}

/** Converts a DER private key (PKCS#8, PKCS#1 or SEC1) to PEM. */
export function opensslDerKeyToPemCmd(derFile: string, pemFile: string): string {
  return `openssl pkey -inform DER -in ${shellQuote(derFile)} -out ${shellQuote(pemFile)}`;
}

/** An openssl command that fails when the file lacks the PEM block its role needs (`-inform PEM`: openssl 3 would otherwise also read DER). */
export function opensslReadCmd(role: TlsFileRole, file: string): string {
  const need = NEEDS[role];
  if (need === "crl") return `openssl crl -inform PEM -noout -in ${shellQuote(file)}`;
  if (need === "key") return `openssl pkey -inform PEM -noout -passin pass: -in ${shellQuote(file)}`;
  return `openssl x509 -inform PEM -noout -in ${shellQuote(file)}`;
}


/** Prints the subject and dates of every certificate in a PEM bundle, in file order. */
export function opensslChainDatesCmd(file: string): string {
  return `openssl crl2pkcs7 -nocrl -certfile ${shellQuote(file)} | openssl pkcs7 -print_certs -text -noout | grep -E 'Subject:|Not (Before|After)'`;
}

/** Prints the issuer and dates of every CRL in a PEM file. */
export function opensslCrlListCmd(file: string): string {
  return `openssl storeutl -noout -text -crls ${shellQuote(file)} | grep -E 'Issuer:|(Last|Next) Update:'`;
}

/** Subjects of certificates, for "A → B → C" messages. */
export function chainText(certs: CertFacts[]): string {
  return certs.map((c) => c.subject).join(" → ");
}

/** Extensions rustls-webpki 0.103 understands (src/cert.rs remember_extension); any other critical one fails the parse. */
const WEBPKI_KNOWN_EXTENSIONS: ReadonlySet<string> = new Set(["2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.31", "2.5.29.37"]);

/** OIDs of the certificate's critical extensions webpki does not understand. */
export function unknownCriticalExtensions(c: CertFacts): string[] {
  return c.extensions.filter((e) => e.critical && !WEBPKI_KNOWN_EXTENSIONS.has(e.oid)).map((e) => e.oid);
}

/** Curves the TLS layer names only by OID, with their sizes (SEC 2). */
const SMALL_CURVES: Readonly<Record<string, [string, number]>> = {
  "1.2.840.10045.3.1.1": ["P-192", 192],
  "1.3.132.0.33": ["P-224", 224],
  "1.3.132.0.31": ["secp192k1", 192],
  "1.3.132.0.32": ["secp224k1", 224],
  "1.3.36.3.3.2.8.1.1.3": ["brainpoolP192r1", 192],
  "1.3.36.3.3.2.8.1.1.5": ["brainpoolP224r1", 224],
};

const NAMED_EC_BITS: Readonly<Record<string, number>> = { brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512 };

/** An EC certificate key's curve name and size in bits, when known. */
export function ecKeySize(c: CertFacts): { curve: string; bits?: number } | undefined {
  const pk = c.publicKey;
  if (pk.type !== "ec") return undefined;
  const curve = pk.curve ?? "unknown curve";
  const small = SMALL_CURVES[curve];
  if (small) return { curve: small[0], bits: small[1] };
  const bits = pk.bits ?? NAMED_EC_BITS[curve];
  return bits === undefined ? { curve } : { curve, bits };
}

/**
 * How messages name a certificate of the server's cert_file: the one the key belongs to (the
 * first, unless the chain is out of order) is "the server certificate", others go by line.
 */
export function serverCertName(c: CertFacts, field: string, leafIndex: number): string {
  return c.index === leafIndex ? `the server certificate ${c.subject} in ${field}` : `the ${c.isCA === true ? "CA certificate" : "certificate"} ${c.subject} (line ${c.line}) in ${field}`;
}
