// The server's key_file must hold the private key of the first certificate in cert_file.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { keyMatchesCert, keySpkiDiffersInEncoding, opensslKeyMatchCmd, opensslListCertsCmd } from "../src/tls/index.ts";
import { certChain, leafOf, loadableKey, named, serverFiles } from "../src/facts/tls-server.ts";

const TLS = `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const MISMATCH = "keys may not be consistent: KeyMismatch";

export default defineRule(
  {
    id: "tls-key-matches-cert",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "the server's key_file must hold the private key of the first certificate in cert_file",
    why: "rustls takes the first certificate of cert_file as the server's own and compares its public key with the one derived from key_file (byte for byte, as SubjectPublicKeyInfo). A key from another certificate, or a chain file whose leaf is not first (intermediate, then leaf), stops NativeLink at startup with `keys may not be consistent: KeyMismatch`.",
    fix: "Put the leaf certificate first in cert_file, followed by its intermediates, and point key_file at that leaf's key.",
    nativelink: [{ message: `${MISMATCH} + Could not create TlsServerConfig`, source: "src/bin/nativelink.rs:537-543 (rustls 0.23.34 CertifiedKey::from_der, keys_match)" }],
    catalog: ["tls-key-mismatch"],
    examples: {
      bad: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:clientKey" } },
      good: { config: TLS, files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of serverFiles(ctx)) {
      if (!s.cert || !s.key) continue;
      const key = loadableKey(s.key);
      const certs = certChain(s.cert);
      const leaf = leafOf(certs);
      // A key ring refuses, or a first certificate webpki cannot parse, fails before the comparison.
      if (!key || !certs || !leaf || leaf.rustlsLeafError) continue;
      const keyField = named(s.key.ref);
      const certField = named(s.cert.ref);
      const reproduce = opensslKeyMatchCmd(s.cert.path, s.key.path);
      if (keyMatchesCert(key, leaf)) {
        if (!keySpkiDiffersInEncoding(key, leaf)) continue;
        yield {
          node: s.cert.ref.str.node,
          message: `the key in ${keyField} belongs to the first certificate of ${certField} (${leaf.subject}), but the certificate encodes its public key in a non-canonical form, and rustls compares the encodings byte for byte`,
          nativelink: MISMATCH,
          hint: "reissue the certificate from a CSR made with the key (openssl req -new -key ...), so the CA copies the canonical public key encoding",
          reproduce,
        };
        continue;
      }
      const owner = certs.findIndex((c) => keyMatchesCert(key, c));
      if (owner > 0) {
        const c = certs[owner]!;
        yield {
          node: s.cert.ref.str.node,
          message: `${certField} is not in leaf-first order: the key in ${keyField} belongs to certificate ${owner + 1} (${c.subject}, line ${c.line}), but NativeLink takes the first one (${leaf.subject}) as the server's own, so startup stops`,
          nativelink: MISMATCH,
          hint: `reorder ${certField}: the leaf (${c.subject}) first, then its intermediates; ${opensslListCertsCmd(s.cert.path)} lists the order`,
          reproduce,
          related: [{ node: s.key.ref.str.node, message: "the key is named here" }],
        };
        continue;
      }
      yield {
        node: s.key.ref.str.node,
        message: `the key in ${keyField} does not belong to the first certificate of ${certField} (${leaf.subject})${certs.length > 1 ? " nor to any other certificate in it" : ""}, so startup stops`,
        nativelink: MISMATCH,
        hint: "point key_file at the key the certificate was issued for, or cert_file at the certificate issued for this key",
        reproduce,
        related: [{ node: s.cert.ref.str.node, message: "the certificate is named here" }],
      };
    }
  },
);
