// The server's cert_file should hold its leaf, then each intermediate right before its issuer, and nothing else.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { buildChain, isSignedBy, opensslListCertsCmd } from "../src/tls/index.ts";
import { certChain, chainText, knownCerts, leafOf, misplacedLeafIndex, named, serverFiles } from "../src/facts/tls-server.ts";

const TLS = (cert: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "${cert}", key_file: "certs/server-key.pem", client_ca_file: "certs/ca-bundle.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

export default defineRule(
  {
    id: "tls-chain-order",
    category: "tls",
    aboutFiles: true,
    severity: "warning",
    summary: "the server's cert_file should hold the leaf, then its intermediates in issuing order, and nothing unrelated",
    why: "NativeLink sends every certificate of cert_file, in file order, to each client. A client that trusts only the root CA needs the intermediates that link the leaf to it; without them it fails with UnknownIssuer. TLS 1.2 also asks for each certificate to be followed by its issuer (rustls clients search in any order, stricter ones may not), and certificates that are not on the leaf's path are sent for nothing. A chain whose leaf is not first is a startup error, reported by tls-key-matches-cert.",
    fix: "Build cert_file as `cat leaf.pem intermediate.pem > fullchain.pem` (the root may follow, though clients ignore it), and drop certificates that do not belong to the leaf's chain.",
    nativelink: [{ message: "invalid peer certificate: UnknownIssuer", source: "rustls 0.23.34 client (worker or grpc store), on the handshake" }],
    examples: {
      bad: { config: TLS("certs/server.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/ca-bundle.pem": "@pki:caBundle" } },
      good: { config: TLS("certs/server-chain.pem"), files: { "certs/server-chain.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey", "certs/ca-bundle.pem": "@pki:caBundle" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const known = knownCerts(ctx);
    for (const s of serverFiles(ctx)) {
      const certs = certChain(s.cert);
      const leaf = leafOf(certs);
      if (!s.cert || !certs || !leaf || misplacedLeafIndex(s) !== undefined) continue;
      const field = named(s.cert.ref);
      const reproduce = opensslListCertsCmd(s.cert.path);
      const chain = buildChain(certs, [], { at: ctx.options.now });
      const path = chain.path.map((i) => certs[i]!);
      const increasing = chain.path.every((p, i) => i === 0 || p > chain.path[i - 1]!);
      if (!increasing) {
        yield {
          node: s.cert.ref.str.node,
          message: `${field} does not list the chain in issuing order: it should be ${chainText(path)}; rustls clients accept any order, but TLS 1.2 asks for each certificate to be followed by its issuer`,
          hint: "reorder the file: leaf first, then the intermediate that issued it, then that one's issuer",
          reproduce,
        };
      }
      for (const i of chain.unrelated) {
        const c = certs[i]!;
        yield {
          node: s.cert.ref.str.node,
          message: `${field} holds ${c.subject} (certificate ${c.index + 1}, line ${c.line}), which is not on the chain of ${leaf.subject}: NativeLink sends it to every client for nothing`,
          hint: "remove it from the file (if it is the intermediate you meant, the leaf was issued by another CA)",
          reproduce,
        };
      }
      const end = path[path.length - 1]!;
      if (end.selfSigned) continue;
      const here = new Set(certs.map((c) => c.fingerprintSha256));
      const missing = known.find((k) => !here.has(k.cert.fingerprintSha256) && !k.cert.selfSigned && isSignedBy(end, k.cert));
      if (!missing) continue;
      yield {
        node: s.cert.ref.str.node,
        message: `${field} lacks the intermediate CA ${missing.cert.subject} that issued ${end.subject} (it is in ${named(missing.file.ref)}): clients that trust only the root CA fail with UnknownIssuer`,
        nativelink: "invalid peer certificate: UnknownIssuer",
        hint: `append the intermediate to cert_file, after the leaf: cat <leaf> <intermediate> > fullchain.pem`,
        reproduce,
      };
    }
  },
);
