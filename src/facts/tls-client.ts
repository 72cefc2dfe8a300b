// How NativeLink v1.6.6 builds a client TLS endpoint (nativelink-util/src/tls_utils.rs, then tonic
// 0.14.6 and rustls 0.23.34) and what each failure does to the endpoint's owner: shared by the
// client-tls-* rules and endpoint-host-sni.
import type { RuleContext } from "../context.ts";
import type { EndpointModel, TlsFileRef, TlsFileRole } from "../model.ts";
import type { CertFacts, PemError, TlsFileFacts } from "../tls/index.ts";
import { opensslListCertsCmd, opensslVerifyCmd, RUST_NOT_UTF8, shellQuote, TONIC_CERT_PARSE_ERROR } from "../tls/index.ts";
import type { Report } from "../types.ts";
import { expiredContext, invalidPurposeContext, notValidYetContext } from "../rust/rustls.ts";
import { ekuOid } from "../tls/x509.ts";
import { grpcStoreStartupError, nativelinkErrorText, parseSocketAddr } from "./endpoints.ts";

/** The field of the endpoint that holds its URI, as a person finds it in the config. */
export function uriField(e: EndpointModel): string {
  if (e.owner === "worker") return "worker_api_endpoint.uri";
  if (e.owner === "grpc-scheduler") return "endpoint.address";
  const i = /\/endpoints\/(\d+)$/.exec(e.at)?.[1];
  return `endpoints[${i ?? "?"}].address`;
}

/** `use_native_roots: true`: load_client_config returns before it looks at any file (tls_utils.rs:29-36). */
export function usesNativeRoots(e: EndpointModel): boolean {
  return e.tls?.useNativeRoots?.value === true;
}

/**
 * What a failure while building the endpoint does. Grpc stores and the grpc scheduler build it when
 * NativeLink starts; a worker builds it in its connect loop, logs the error and tries again 0.5 s
 * later, forever (local_worker.rs:740-765, 875-887).
 */
export function startupConsequence(e: EndpointModel): string {
  if (e.owner === "grpc-store") return "NativeLink stops at startup (the grpc store cannot be built)";
  if (e.owner === "grpc-scheduler") return "NativeLink stops at startup (the grpc scheduler cannot be built)";
  return "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";
}

/** What a failure of the TLS handshake does: connections are opened lazily, so NativeLink starts. */
export function handshakeConsequence(e: EndpointModel): string {
  if (e.owner === "grpc-store") return "NativeLink starts, but every request through this grpc store fails at the TLS handshake";
  if (e.owner === "grpc-scheduler") return "NativeLink starts, but every call to the upstream scheduler fails at the TLS handshake";
  return "every connection attempt fails at the TLS handshake, and the worker retries every 0.5 s, forever";
}

/**
 * The innermost message NativeLink prints for an error of `load_client_config` (reading tls_config).
 * A grpc store stringifies the whole error into one message ("Invalid URI for GrpcStore endpoint");
 * the worker only tips it ("Parsing local worker TLS configuration"); the grpc scheduler passes it on.
 */
export function loadMessage(e: EndpointModel, code: string, messages: string[]): string {
  return e.owner === "grpc-store" ? grpcStoreStartupError(e, code, messages) : messages[0]!;
}

/** The same for an error of `endpoint_from` (scheme checks and tonic's TLS connector): the worker wraps it too. */
export function endpointMessage(e: EndpointModel, code: string, messages: string[]): string {
  if (e.owner === "grpc-store") return grpcStoreStartupError(e, code, messages);
  return e.owner === "grpc-scheduler" ? messages[0]! : nativelinkErrorText(code, messages);
}


/** tonic's connector failed: its error, then tonic's "transport error", then NativeLink's tip (tls_utils.rs:106-111). */
export function mtlsMessage(e: EndpointModel, inner: string): string {
  return endpointMessage(e, "InvalidArgument", [inner, "transport error", "Setting mTLS configuration"]);
}

/** std's io::Error text when read_to_string meets bytes that are not UTF-8 (code InvalidArgument). */
export function notUtf8Message(e: EndpointModel): string {
  return loadMessage(e, "InvalidArgument", ["stream did not contain valid UTF-8"]);
}

export interface ClientFile {
  ref: TlsFileRef;
  endpoint: EndpointModel;
  /** The path as the config gives it (expanded), for messages. */
  shown: string;
  /** The resolved path, for reproducer commands. */
  path: string;
  bytes: Uint8Array;
  facts: TlsFileFacts;
}

/**
 * The client files of one role that NativeLink reads and that are PEM text, or meant to be: files it
 * cannot read, empty files and files with no PEM section at all (DER, plain text) are the tls-file-*
 * rules' findings, and with use_native_roots: true NativeLink reads none of them.
 */
export function clientFiles(ctx: RuleContext, role: TlsFileRole): ClientFile[] {
  const model = ctx.model;
  if (!model) return [];
  const out: ClientFile[] = [];
  for (const ref of model.tlsFiles) {
    if (ref.role !== role || !ref.endpoint || ref.str.unknown || ref.str.value === "") continue;
    if (usesNativeRoots(ref.endpoint)) continue;
    const path = model.resolvePath(ref.str.value);
    const view = ctx.files.get(path);
    if (!view || !view.read.ok || !view.read.bytes || !view.facts) continue;
    const pem = view.facts.pem;
    if (pem.blocks.length === 0 && pem.errors.length === 0) continue;
    out.push({ ref, endpoint: ref.endpoint, shown: ref.str.value, path, bytes: view.read.bytes, facts: view.facts });
  }
  return out;
}

/** The client file of `role` named by the same endpoint, when it is one `clientFiles` returns. */
export function sibling(ctx: RuleContext, e: EndpointModel, role: TlsFileRole): ClientFile | undefined {
  // By endpoint, made once per config: a search of every client file for each endpoint was quadratic
  // in a config of many mTLS endpoints (the first of an endpoint's files of that role, as find gave).
  const byEndpoint = ctx.facts.once(`client-files-by-endpoint\u0000${role}`, () => {
    const map = new Map<EndpointModel, ClientFile>();
    for (const f of clientFiles(ctx, role)) if (!map.has(f.endpoint)) map.set(f.endpoint, f);
    return map;
  });
  return byEndpoint.get(e);
}

/** What a PEM file holds, for messages: "PRIVATE KEY at line 1, X509 CRL at line 6". */
export function describeBlocks(facts: TlsFileFacts): string {
  const parts = facts.pem.blocks.map((b) => `${b.label} at line ${b.line}`);
  if (parts.length === 0) return "no PEM section";
  return parts.length > 4 ? `${parts.slice(0, 4).join(", ")} and ${parts.length - 4} more` : parts.join(", ");
}

/** pki-types' PEM error, said in words (its own text lists the label's bytes). */
export function pemErrorText(err: PemError | undefined): string {
  if (!err) return "a PEM error";
  if (err.kind === "missing-section-end") return `the -----BEGIN ${err.label ?? ""}----- section at line ${err.line} has no END line`;
  if (err.kind === "illegal-section-start") return `the BEGIN line at line ${err.line} does not end in exactly five dashes`;
  return `the body of the ${err.label ?? "PEM"} section at line ${err.line} is not valid base64 (${err.message.replace(/^base64 decode error: /, "")})`;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// ---- rustls' texts for a client certificate the server refuses (rustls src/error.rs) ------------

/** `CertificateError::ExpiredContext`, as a rustls server prints it. */
export function expiredText(cert: CertFacts, at: Date): string {
  return expiredContext(at, cert.notAfter);
}

/** `CertificateError::NotValidYetContext`. */
export function notYetValidText(cert: CertFacts, at: Date): string {
  return notValidYetContext(at, cert.notBefore);
}

/** `CertificateError::InvalidPurposeContext` for a client certificate. */
export function clientPurposeText(cert: CertFacts): string {
  return invalidPurposeContext(ekuOid("clientAuth"), (cert.eku ?? []).map(ekuOid));
}

/**
 * `openssl verify` of the certificate's own properties (dates, purpose) without its issuer:
 * `-partial_chain` with the file as its own trust store stops the chain at the leaf.
 */
export function leafVerifyCmd(certPath: string, at: Date): string {
  return opensslVerifyCmd({ caFile: certPath, certFile: certPath, purpose: "sslclient", at }).replace(/^openssl verify /, "openssl verify -partial_chain ");
}

/** Reads the file's first certificate; fails when it holds none openssl can parse. */
export function opensslFirstCertCmd(path: string): string {
  return `openssl x509 -noout -subject -in ${shellQuote(path)}`;
}

// ---- TLS server names (rustls-pki-types 1.13.1 src/server_name.rs) ------------------------------

/** Why `DnsName::try_from` refuses a name (its `validate`), or undefined when it accepts it. */
export function dnsNameProblem(name: string): string | undefined {
  if (name === "") return "it is empty";
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length > 253) return `it is ${bytes.length} characters long, more than 253`;
  const labels = name.split(".");
  if (labels.length > 1 && labels[labels.length - 1] === "") labels.pop(); // one trailing dot is fine
  for (const label of labels) {
    if (label === "") return "it has an empty label (two dots in a row, or a leading dot)";
    if (label.length > 63) return `its label "${label.slice(0, 20)}…" is longer than 63 characters`;
    const bad = /[^A-Za-z0-9_-]/.exec(label);
    if (bad) return `it contains ${JSON.stringify(bad[0])}, which is not a letter, digit, '-' or '_'`;
    if (label.startsWith("-")) return `its label "${label}" starts with '-'`;
    if (label.endsWith("-")) return `its label "${label}" ends with '-'`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return "its last label is all digits (and it is not an IP address)";
  return undefined;
}

/** `IpAddr::try_from`: a bare IPv4 or IPv6 address, parsed like Rust's std (no brackets, no zone). */
export function isIpLiteral(host: string): boolean {
  if (/[[\]%]/.test(host)) return false;
  return parseSocketAddr(`${host}:0`) !== undefined || parseSocketAddr(`[${host}]:0`) !== undefined;
}

/** Why `ServerName::try_from(host)` fails ("invalid dns name"), or undefined when rustls accepts the host. */
export function serverNameProblem(host: string): string | undefined {
  const dns = dnsNameProblem(host);
  if (dns === undefined || isIpLiteral(host)) return undefined;
  return dns;
}

/**
 * When tonic cannot read a certificate file at all (not UTF-8, or a malformed PEM section), the
 * finding for it; `what` names the contents for the messages ("the CA certificates").
 */
export function certReadFailure(f: ClientFile, message: string, what: { text: string; reading: string }): Report {
  const e = f.endpoint;
  const name = `${f.ref.role === "ca" ? "ca_file" : "cert_file"} ${JSON.stringify(f.shown)}`;
  if (message === RUST_NOT_UTF8) {
    return {
      node: f.ref.str.node,
      message: `${name} is not UTF-8 text, and NativeLink reads it as text; ${startupConsequence(e)}`,
      nativelink: notUtf8Message(e),
      hint: `save ${what.text} as plain PEM text (ASCII); remove any byte that is not UTF-8`,
    };
  }
  return {
    node: f.ref.str.node,
    message: `${name} has a malformed PEM section: ${pemErrorText(f.facts.pem.error)}, so tonic cannot read ${what.reading}; ${startupConsequence(e)}`,
    nativelink: mtlsMessage(e, TONIC_CERT_PARSE_ERROR),
    hint: "fix or remove the broken PEM section: every -----BEGIN X----- needs its -----END X----- and a clean base64 body",
    reproduce: opensslListCertsCmd(f.path),
  };
}
