// Every TLS file must be PEM that NativeLink's reader accepts, holding the kind of block its field needs.
import { startupConsequence, handshakeConsequence, loadMessage } from "../src/facts/tls-client.ts";
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { TlsFileRef } from "../src/model.ts";
import { RUST_NOT_UTF8, opensslDerToPemCmd } from "../src/tls/index.ts";
import {
  contentProblem,
  isClientRole,
  ontapCaError,
  named,
  nativelinkOpens,
  needText,
  needs,
  opensslDerKeyToPemCmd,
  opensslReadCmd,
  pemPathFor,
  tlsFiles,
} from "../src/facts/tls-server.ts";

const TLS = (cert: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

/** What NativeLink does when the file lacks the blocks its role needs. */
function missingConsequence(ref: TlsFileRef): string {
  switch (ref.role) {
    case "server-cert":
      return 'startup stops with the misleading "peer sent no certificates"';
    case "server-key":
      return 'startup stops with "no items found"';
    case "client-ca":
      return 'startup stops with "no root trust anchors were provided"';
    case "client-crl":
      return "it starts with client certificate revocation checking silently off";
    case "ca":
      return `it trusts no CA for this endpoint: every TLS handshake fails with UnknownIssuer and ${handshakeConsequence(ref.endpoint!)}`;
    case "ontap-ca":
      return "the ONTAP store starts with an empty root store: every HTTPS request to its endpoint fails with UnknownIssuer";
    default:
      return startupConsequence(ref.endpoint!);
  }
}

function syntaxConsequence(ref: TlsFileRef): string {
  return isClientRole(ref.role) ? startupConsequence(ref.endpoint!) : "NativeLink stops at startup";
}

function derHint(ref: TlsFileRef, path: string, kind: string | undefined): string {
  const out = pemPathFor(path);
  if (kind === "certificate") return `convert it to PEM and point the field at the result: ${opensslDerToPemCmd("x509", path, out)}`;
  if (kind === "crl") return `convert it to PEM and point the field at the result: ${opensslDerToPemCmd("crl", path, out)}`;
  if (kind && kind.endsWith("-key")) return `convert it to PEM (then chmod 600 the result) and point the field at it: ${opensslDerKeyToPemCmd(path, out)}`;
  return "replace it with the PEM file the field expects";
}

function fixHint(ref: TlsFileRef): string {
  switch (needs(ref.role)) {
    case "certificate":
      return ref.role === "server-cert"
        ? "point cert_file at the server's certificate in PEM (leaf first, then its intermediates)"
        : "point the field at the CA certificate(s) in PEM";
    case "key":
      return "point the field at the PEM private key (PKCS#8 PRIVATE KEY, PKCS#1 RSA PRIVATE KEY or SEC1 EC PRIVATE KEY)";
    default:
      return 'point client_crl_file at the PEM CRL ("-----BEGIN X509 CRL-----"), e.g. the output of `openssl ca -gencrl`';
  }
}

export default defineRule(
  {
    id: "tls-file-pem",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "every TLS file must be PEM NativeLink can parse, holding the blocks its field needs",
    why: "NativeLink reads every certificate, key and CRL file with rustls-pki-types' PEM reader: lines outside BEGIN/END sections are ignored, so a DER file, a text file or a file of the wrong kind reads as nothing. What follows depends on the field: an empty server cert_file stops startup with the misleading `peer sent no certificates`, a key_file without a key with `no items found`, a client_ca_file without certificates with `no root trust anchors were provided`, while a client_crl_file without an `X509 CRL` block silently turns revocation checking off. A malformed section (a BEGIN line without its END, bad base64) stops startup. An ONTAP store reads root_certificates the same way: a malformed section stops NativeLink while it builds the store, and a file without certificates leaves its root store empty, so every HTTPS request to ONTAP fails. Client tls_config files are read as UTF-8 text first, so binary files fail there, and tonic replaces PEM errors with its own message.",
    fix: "Give each field a PEM file of the right kind: certificates for cert_file, client_ca_file and ca_file; one unencrypted private key for key_file; `X509 CRL` blocks for client_crl_file. Convert DER files with openssl (the hint has the command).",
    nativelink: [
      { message: "peer sent no certificates + Could not create TlsServerConfig", source: "src/bin/nativelink.rs:537-543" },
      { message: "no items found + Could not extract key(s) from file {key_file}", source: "src/bin/nativelink.rs:488-490" },
      { message: "no root trust anchors were provided + Could not create WebPkiClientVerifier", source: "src/bin/nativelink.rs:527-533" },
      { message: "missing section end marker / illegal section start / base64 decode error + Could not extract certs from file {file}", source: "src/bin/nativelink.rs:478-480" },
      { message: "<PEM error> + Could not extract CRLs from file {client_crl_file}", source: "src/bin/nativelink.rs:521-523" },
      { message: "Error parsing TLS certificate. / Error parsing TLS private key - no RSA or PKCS8-encoded keys found. + transport error + Setting mTLS configuration", source: "nativelink-util/src/tls_utils.rs:106-111" },
      { message: "stream did not contain valid UTF-8", source: "nativelink-util/src/tls_utils.rs:46,56-57" },
      { message: "missing section end marker / illegal section start / base64 decode error + Failed to create store '{name}'", source: "nativelink-store/src/ontap_s3_store.rs:106" },
    ],
    catalog: ["tls-cert-pem-invalid", "tls-cert-empty", "tls-key-none", "tls-client-ca-empty", "tls-crl-pem-invalid", "client-tls-pem-invalid", "ontap-ca-file-parse"],
    examples: {
      bad: { config: TLS("certs/server.der"), files: { "certs/server.der": "@pki:serverDer", "certs/server-key.pem": "@pki:serverKey" } },
      good: { config: TLS("certs/server.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const file of tlsFiles(ctx)) {
      const { ref, path } = file;
      if (!nativelinkOpens(ref)) continue;
      const p = contentProblem(file);
      if (!p || p.kind === "unreadable-key") continue;
      if (p.kind === "not-utf8") {
        yield {
          node: ref.str.node,
          message: `${named(ref)} ${p.der ? "is DER (binary), not PEM" : "is not UTF-8 text"}: NativeLink reads client TLS files as text, so ${startupConsequence(ref.endpoint!)}`,
          nativelink: loadMessage(ref.endpoint!, "InvalidArgument", [RUST_NOT_UTF8]),
          hint: p.der ? derHint(ref, path, file.view.facts?.der?.kind) : fixHint(ref),
        };
        continue;
      }
      if (p.kind === "pem-syntax") {
        yield {
          node: ref.str.node,
          message: `${named(ref)} has a malformed PEM section: ${p.detail}; ${syntaxConsequence(ref)}`,
          nativelink: ref.role === "ontap-ca" && ctx.model ? ontapCaError(ctx.model, ref, "Internal", [p.nativelink]) : p.nativelink,
          hint: "re-export the file, or repair the section: each block needs its -----BEGIN X----- line, base64 lines, and a matching -----END X----- line",
        };
        continue;
      }
      const report: Report = {
        node: ref.str.node,
        message: `${named(ref)} ${p.what}, so NativeLink finds ${needText(ref.role)} in it; ${missingConsequence(ref)}`,
        hint: p.der ? derHint(ref, path, p.der) : fixHint(ref),
        reproduce: opensslReadCmd(ref.role, path),
      };
      if (p.nativelink) report.nativelink = p.nativelink;
      if (ref.role === "client-crl") report.severity = "warning";
      yield report;
    }
  },
);
