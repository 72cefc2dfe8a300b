// The first certificate of the server's cert_file must be a v3 end-entity certificate clients accept for a server.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { ekuAllows, opensslDatesCmd, rustlsNameError } from "../src/tls/index.ts";
import { certChain, leafOf, misplacedLeafIndex, named, serverFiles, unknownCriticalExtensions } from "../src/facts/tls-server.ts";

const TLS = (cert: string, key: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "${key}" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const EKU_TEXT: Record<string, string> = { serverAuth: "server authentication", clientAuth: "client authentication" };

export default defineRule(
  {
    id: "tls-cert-leaf",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "the server's certificate must be a v3 end-entity certificate with a subjectAltName, usable for server authentication",
    why: "rustls parses the first certificate of cert_file when NativeLink starts: a v1 certificate, one with a critical extension it does not know, or one that is not valid DER stops startup. Clients then judge it on every handshake, and rustls-based ones (NativeLink workers, grpc stores and schedulers) refuse a CA certificate (basicConstraints CA:TRUE) used as a leaf, a certificate without subjectAltName (they never look at the subject CN), and an extendedKeyUsage that omits serverAuth. rustls ignores keyUsage on a leaf, but clients that enforce it (BoringSSL among them) require digitalSignature, which every TLS 1.3 and ECDHE handshake uses.",
    fix: "Reissue the server certificate as a v3 end-entity certificate: basicConstraints CA:FALSE (or absent), a subjectAltName with every DNS name and IP clients use, extendedKeyUsage serverAuth, keyUsage digitalSignature.",
    nativelink: [
      { message: "invalid peer certificate: Other(OtherError(UnsupportedCertVersion)) + Could not create TlsServerConfig", source: "src/bin/nativelink.rs:537-543 (rustls keys_match parses the leaf)" },
      { message: "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))", source: "rustls-webpki 0.103.13, in the client on the handshake" },
      { message: "invalid peer certificate: certificate not valid for name {name}; certificate is not valid for any names (according to its subjectAltName extension)", source: "rustls 0.23.34, in the client on the handshake" },
      { message: "invalid peer certificate: certificate does not allow extended key usage for server authentication, allows {ekus}", source: "rustls 0.23.34, in the client on the handshake" },
    ],
    examples: {
      bad: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:caAsLeaf", "certs/server-key.pem": "@pki:caAsLeafKey" } },
      good: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of serverFiles(ctx)) {
      const certs = certChain(s.cert);
      if (!s.cert || !certs || misplacedLeafIndex(s) !== undefined) continue;
      const at = s.cert.ref.str.at;
      const node = s.cert.ref.str.node;
      const field = named(s.cert.ref);
      const reproduce = opensslDatesCmd(s.cert.path);
      const broken = s.cert.view.facts?.certErrors.find((e) => e.index === 0);
      if (broken) {
        yield {
          at,
          node,
          message: `the first certificate of ${field} (line ${broken.line}) is not a valid X.509 certificate (${broken.error}): startup stops`,
          nativelink: broken.rustls ?? "invalid peer certificate: BadEncoding",
          hint: "re-export the server certificate; the base64 body of that block does not decode to a certificate",
        };
        continue;
      }
      const leaf = leafOf(certs);
      if (!leaf) continue;
      const who = `the server certificate ${leaf.subject} in ${field}`;
      if (leaf.rustlsLeafError) {
        const why =
          leaf.version !== 3
            ? `is an X.509 v${leaf.version} certificate, and rustls accepts only v3 as a server certificate`
            : /UnsupportedCriticalExtension/.test(leaf.rustlsLeafError)
              ? `has a critical extension rustls does not understand (${unknownCriticalExtensions(leaf).join(", ")})`
              : `is refused by rustls' certificate parser`;
        yield { at, node, message: `${who} ${why}: startup stops`, nativelink: leaf.rustlsLeafError, hint: "reissue it as an X.509 v3 certificate (openssl x509 -req ... -extfile with subjectAltName, extendedKeyUsage and keyUsage)", reproduce };
        continue;
      }
      if (leaf.isCA === true) {
        yield {
          at,
          node,
          message: `${who} is a CA certificate (basicConstraints CA:TRUE): clients refuse a CA as the server's own certificate, so every TLS handshake fails`,
          nativelink: "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))",
          hint: "issue a separate end-entity certificate for the server from this CA, with basicConstraints CA:FALSE",
          reproduce,
        };
      }
      const names = [...(leaf.san?.dns ?? []), ...(leaf.san?.ip ?? [])];
      if (names.length === 0) {
        const cn = leaf.commonNames[0];
        const report: Report = {
          at,
          node,
          message: `${who} has no DNS or IP name in a subjectAltName extension${cn ? ` (only the subject CN ${JSON.stringify(cn)})` : ""}: rustls clients ignore the CN and refuse the certificate for every name`,
          hint: `reissue it with subjectAltName = ${cn ? `DNS:${cn}` : "DNS:<host name>"} (and every other name or IP clients connect to)`,
          reproduce,
        };
        if (cn) report.nativelink = rustlsNameError(leaf, cn);
        yield report;
      }
      if (!ekuAllows(leaf, "serverAuth")) {
        const ekus = leaf.eku ?? [];
        yield {
          at,
          node,
          message: `${who} has an extendedKeyUsage of ${ekus.join(", ") || "nothing"}, without serverAuth: clients refuse it for a server`,
          nativelink: `invalid peer certificate: certificate does not allow extended key usage for server authentication, allows ${ekus.map((e) => EKU_TEXT[e] ?? e).join(", ")}`,
          hint: "reissue it with extendedKeyUsage = serverAuth",
          reproduce,
        };
      }
      if (leaf.keyUsage && !leaf.keyUsage.includes("digitalSignature")) {
        yield {
          at,
          node,
          severity: "warning",
          message: `${who} has a keyUsage of ${leaf.keyUsage.join(", ") || "nothing"}, without digitalSignature: rustls clients ignore keyUsage, but clients that enforce it (BoringSSL, used by gRPC C++ and Bazel's netty-tcnative, among them) refuse a server key that may not sign the handshake`,
          hint: "reissue it with keyUsage = digitalSignature (plus keyEncipherment for RSA, if you like)",
          reproduce,
        };
      }
    }
  },
);
