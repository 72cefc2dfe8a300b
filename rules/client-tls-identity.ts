// The client certificate in cert_file must be one tonic and rustls accept with key_file's key, or the endpoint is never built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { TONIC_CERT_PARSE_ERROR, keyMatchesCert, keySpkiDiffersInEncoding, opensslKeyMatchCmd, opensslListCertsCmd, tonicReadCerts, tonicReadKey } from "../src/tls/index.ts";
import { clientFiles, describeBlocks, mtlsMessage, sibling, startupConsequence, certReadFailure } from "../src/facts/tls-client.ts";

const MISMATCH = "keys may not be consistent: KeyMismatch";
const NO_CERTS = "peer sent no certificates";

const WORKER = (tls: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

export default defineRule(
  {
    id: "client-tls-identity",
    category: "tls",
    severity: "error",
    summary: "a client tls_config's cert_file must hold a client certificate that matches key_file",
    why: "tonic reads cert_file as UTF-8 text and collects every CERTIFICATE section (any PEM error becomes `Error parsing TLS certificate.`); rustls then needs at least one certificate, parses the first as the client certificate, and compares its public key with key_file's key. Each failure stops the endpoint from being built: grpc stores and the grpc scheduler stop NativeLink at startup, and a worker logs the error and retries every 0.5 s, forever. The first certificate must be the client's own; a chain file lists it before its intermediates.",
    fix: "Point cert_file at the PEM client certificate issued for key_file's key, with that certificate first.",
    nativelink: [
      { message: TONIC_CERT_PARSE_ERROR, source: "nativelink-util/src/tls_utils.rs:106-111 (tonic 0.14.6 transport/service/tls.rs)" },
      { message: NO_CERTS, source: "nativelink-util/src/tls_utils.rs:106-111 (rustls 0.23.34 CertifiedKey::keys_match)" },
      { message: MISMATCH, source: "nativelink-util/src/tls_utils.rs:106-111 (rustls 0.23.34 CertifiedKey::from_der)" },
      { message: "stream did not contain valid UTF-8", source: "nativelink-util/src/tls_utils.rs:56 (std::fs::read_to_string)" },
      { message: "Setting mTLS configuration", source: "nativelink-util/src/tls_utils.rs:109-110" },
    ],
    catalog: ["client-tls-identity-rejected", "client-tls-pem-invalid", "client-tls-file-unreadable", "worker-endpoint-tls-config", "worker-endpoint-uri", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: {
        config: WORKER('{ ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/worker.pem": "@pki:client", "certs/worker-key.pem": "@pki:serverKey" },
      },
      good: {
        config: WORKER('{ ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/worker.pem": "@pki:client", "certs/worker-key.pem": "@pki:clientKey" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const f of clientFiles(ctx, "client-cert")) {
      const e = f.endpoint;
      const name = `cert_file ${JSON.stringify(f.shown)}`;
      const read = tonicReadCerts(f.bytes);
      if (!read.ok) {
        yield certReadFailure(f, read.message, { text: "the certificate", reading: "the client certificate" });
        continue;
      }
      if (read.lines.length === 0) {
        yield {
          node: f.ref.str.node,
          message: `${name} holds no CERTIFICATE section (${describeBlocks(f.facts)}), so there is no client certificate to present; ${startupConsequence(e)}`,
          nativelink: mtlsMessage(e, NO_CERTS),
          hint: "point cert_file at the client certificate (-----BEGIN CERTIFICATE-----), and key_file at its private key",
        };
        continue;
      }
      const badDer = f.facts.certErrors.find((b) => b.index === 0);
      if (badDer) {
        yield {
          node: f.ref.str.node,
          message: `the first certificate of ${name}, at line ${badDer.line}, is not a valid certificate (${badDer.error}); ${startupConsequence(e)}`,
          nativelink: mtlsMessage(e, badDer.rustls ?? "invalid peer certificate: BadEncoding"),
          hint: "replace it with the client certificate as issued",
          reproduce: opensslListCertsCmd(f.path),
        };
        continue;
      }
      const leaf = f.facts.certs.find((c) => c.index === 0);
      if (!leaf) continue;
      if (leaf.rustlsLeafError) {
        yield {
          node: f.ref.str.node,
          message: `rustls cannot use the first certificate of ${name} (${leaf.subject}, line ${leaf.line}) as a client certificate; ${startupConsequence(e)}`,
          nativelink: mtlsMessage(e, leaf.rustlsLeafError),
          hint: "issue a standard X.509 v3 client certificate and put it first in cert_file",
          reproduce: opensslListCertsCmd(f.path),
        };
        continue;
      }
      // The key: the first private key in key_file, when tonic and rustls can load it (else client-tls-key reports it).
      const k = sibling(ctx, e, "client-key");
      if (!k) continue;
      const kr = tonicReadKey(k.bytes);
      if (!kr.ok) continue;
      const key = k.facts.keys.find((x) => x.line === kr.line);
      if (!key || key.rustlsError || !key.publicKey) continue;
      const matches = keyMatchesCert(key, leaf);
      if (matches && !keySpkiDiffersInEncoding(key, leaf)) continue;
      const keyName = `key_file ${JSON.stringify(k.shown)}`;
      const reproduce = opensslKeyMatchCmd(f.path, k.path);
      const nativelink = mtlsMessage(e, MISMATCH);
      if (matches) {
        yield {
          node: f.ref.str.node,
          message: `the client certificate ${leaf.subject} in ${name} encodes its public key differently from ${keyName}, and rustls compares the encodings byte for byte; ${startupConsequence(e)}`,
          nativelink,
          hint: "re-issue the certificate with a standard SubjectPublicKeyInfo (RSA with NULL parameters, uncompressed EC point)",
        };
        continue;
      }
      const later = f.facts.certs.find((c) => c.index > 0 && keyMatchesCert(key, c));
      if (later) {
        yield {
          node: f.ref.str.node,
          message: `${name} starts with ${leaf.subject} (line ${leaf.line}), but ${keyName} belongs to ${later.subject} at line ${later.line}: rustls takes the first certificate as the client certificate; ${startupConsequence(e)}`,
          nativelink,
          hint: `put the client certificate (${later.subject}) first, followed by its intermediates`,
          reproduce,
          related: [{ node: k.ref.str.node, message: "key_file is set here" }],
        };
      } else {
        yield {
          node: k.ref.str.node,
          message: `${keyName} (the key at line ${key.line}) does not belong to the client certificate ${leaf.subject} in ${name}; ${startupConsequence(e)}`,
          nativelink,
          hint: "use the private key the client certificate was issued for, or the certificate issued for this key",
          reproduce,
          related: [{ node: f.ref.str.node, message: "cert_file is set here" }],
        };
      }
    }
  },
);
