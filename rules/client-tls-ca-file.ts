// ca_file must give tonic at least one certificate rustls keeps as a trust anchor; PEM errors stop the endpoint, an empty set fails every handshake.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { TONIC_CERT_PARSE_ERROR, opensslListCertsCmd, tonicReadCerts } from "../src/tls/index.ts";
import { clientFiles, describeBlocks, opensslFirstCertCmd, handshakeConsequence, certReadFailure } from "../src/facts/tls-client.ts";

const UNKNOWN_ISSUER = "invalid peer certificate: UnknownIssuer";

const STORE = (tls: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cas.internal:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;

export default defineRule(
  {
    id: "client-tls-ca-file",
    category: "tls",
    severity: "error",
    summary: "a client tls_config's ca_file must hold certificates rustls can trust",
    why: "tonic reads ca_file as UTF-8 text and collects its CERTIFICATE sections; a PEM error anywhere in the file becomes `Error parsing TLS certificate.` and the endpoint is never built (grpc stores and the grpc scheduler stop NativeLink at startup; a worker retries every 0.5 s, forever). rustls then keeps, without a word, only the certificates it can parse as trust anchors. A file with no usable certificate (only a key or a CRL, or certificates rustls drops) is accepted at startup, and then every TLS handshake fails with UnknownIssuer.",
    fix: "Point ca_file at the PEM certificate(s) of the CA that signed the server's certificate.",
    nativelink: [
      { message: TONIC_CERT_PARSE_ERROR, source: "nativelink-util/src/tls_utils.rs:106-111 (tonic 0.14.6 transport/service/tls.rs)" },
      { message: "stream did not contain valid UTF-8", source: "nativelink-util/src/tls_utils.rs:46 (std::fs::read_to_string)" },
      { message: UNKNOWN_ISSUER, source: "rustls 0.23.34, on every handshake (nativelink-util/src/connection_manager.rs:279-301; nativelink-worker/src/local_worker.rs:760-765)" },
    ],
    catalog: ["client-tls-pem-invalid", "client-tls-file-unreadable", "worker-endpoint-tls-config", "grpc-store-endpoint-wrapped", "grpc-store-connect-failed", "worker-endpoint-connect"],
    examples: {
      bad: {
        config: STORE('{ ca_file: "certs/ca.pem" }'),
        files: { "certs/ca.pem": "@pki:crl" },
      },
      good: {
        config: STORE('{ ca_file: "certs/ca.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const f of clientFiles(ctx, "ca")) {
      const e = f.endpoint;
      const name = `ca_file ${JSON.stringify(f.shown)}`;
      const read = tonicReadCerts(f.bytes);
      if (!read.ok) {
        yield certReadFailure(f, read.message, { text: "the CA certificates", reading: "it" });
        continue;
      }
      // add_parsable_certificates drops what anchor_from_trusted_cert refuses.
      const dropped = [
        ...f.facts.certErrors.map((b) => ({ line: b.line, what: `the certificate at line ${b.line}`, reason: b.error })),
        ...f.facts.certs.filter((c) => c.rustlsAnchorError).map((c) => ({ line: c.line, what: `${c.subject} at line ${c.line}`, reason: c.rustlsAnchorError! })),
      ].sort((a, b) => a.line - b.line);
      const usable = f.facts.certs.filter((c) => !c.rustlsAnchorError);
      if (usable.length === 0) {
        const why =
          read.lines.length === 0
            ? `holds no CERTIFICATE section (${describeBlocks(f.facts)})`
            : `holds no certificate rustls can use as a trust anchor (${dropped.map((d) => `${d.what}: ${d.reason}`).join("; ")})`;
        yield {
          node: f.ref.str.node,
          message: `${name} ${why}, so no server certificate can be verified: ${handshakeConsequence(e)}`,
          nativelink: UNKNOWN_ISSUER,
          hint: "point ca_file at the PEM certificate of the CA that signed the server's certificate (-----BEGIN CERTIFICATE-----)",
          reproduce: opensslFirstCertCmd(f.path),
        };
        continue;
      }
      for (const d of dropped) {
        yield {
          node: f.ref.str.node,
          severity: "warning",
          message: `rustls silently skips ${d.what} of ${name} (${d.reason}), so a server whose chain ends at that certificate is not trusted`,
          hint: "replace or remove that certificate",
          reproduce: opensslListCertsCmd(f.path),
        };
      }
    }
  },
);
