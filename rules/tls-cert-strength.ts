// The server's certificate chain should use keys of at least RSA-2048 or EC-256, and no SHA-1 or MD5 signatures.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { signatureSupportedByRustls, type CertFacts } from "../src/tls/index.ts";
import { certChain, ecKeySize, misplacedLeafIndex, named, serverCertName, serverFiles } from "../src/facts/tls-server.ts";
import { shellQuote } from "../src/tls/index.ts";

const TLS = (cert: string, key: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "${key}" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const UNSUPPORTED_SIG = "invalid peer certificate: UnsupportedSignatureAlgorithmContext";

/** Shows each certificate's key size and signature algorithm. */
function opensslAlgorithmsCmd(file: string): string {
  return `openssl crl2pkcs7 -nocrl -certfile ${shellQuote(file)} | openssl pkcs7 -print_certs -text -noout | grep -E 'Subject:|Signature Algorithm:|Public-Key:'`;
}

export default defineRule(
  {
    id: "tls-cert-strength",
    category: "tls",
    aboutFiles: true,
    severity: "warning",
    summary: "the server's certificate chain should use RSA keys of 2048 bits or more, EC keys of 256 bits or more, and no SHA-1 or MD5 signatures",
    why: "NativeLink's TLS and security guides ask for at least 2048-bit RSA or 256-bit ECDSA keys. rustls goes further: its clients (NativeLink workers, grpc stores and schedulers) verify only RSA keys of 2048 to 8192 bits and ECDSA on P-256 and P-384, and refuse SHA-1 and MD5 signatures outright, so a chain with one of them fails every handshake from them.",
    fix: "Reissue the certificate (or the intermediate) with an ECDSA P-256 or RSA-2048+ key, signed with SHA-256 or better.",
    nativelink: [{ message: UNSUPPORTED_SIG, source: "rustls 0.23.34 (ring provider's supported algorithms), in the client on the handshake" }],
    examples: {
      bad: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:weakRsa", "certs/server-key.pem": "@pki:weakRsaKey" } },
      good: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:rsaServer", "certs/server-key.pem": "@pki:rsaServerKeyPkcs1" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of serverFiles(ctx)) {
      const certs = certChain(s.cert);
      if (!s.cert || !certs) continue;
      const field = named(s.cert.ref);
      const reproduce = opensslAlgorithmsCmd(s.cert.path);
      const leafIndex = misplacedLeafIndex(s) ?? 0;
      const who = (c: CertFacts) => serverCertName(c, field, leafIndex);
      for (const c of certs) {
        // A root sent along is never verified by clients (they use their own copy).
        if (c.index > 0 && c.selfSigned) continue;
        const pk = c.publicKey;
        if (pk.type === "rsa" && pk.bits !== undefined && pk.bits < 2048) {
          yield {
            node: s.cert.ref.str.node,
            message: `${who(c)} has an RSA-${pk.bits} key, below the 2048 bits the guides require; rustls clients refuse RSA keys under 2048 bits`,
            hint: "reissue it with an ECDSA P-256 or RSA-2048 (or larger) key",
            reproduce,
          };
        } else if ((ecKeySize(c)?.bits ?? 256) < 256) {
          const ec = ecKeySize(c)!;
          yield {
            node: s.cert.ref.str.node,
            message: `${who(c)} has a ${ec.bits}-bit EC key (${ec.curve}), below the 256 bits the guides require`,
            hint: "reissue it with an ECDSA P-256 or P-384 key",
            reproduce,
          };
        }
        if (c.weakSignature) {
          yield {
            node: s.cert.ref.str.node,
            severity: "error",
            message: `${who(c)} is signed with ${c.signatureAlgorithm}: rustls clients refuse SHA-1 and MD5 signatures, so their TLS handshakes fail`,
            nativelink: UNSUPPORTED_SIG,
            hint: "have the CA reissue it with a SHA-256 (or stronger) signature",
            reproduce,
          };
          continue;
        }
        // Other algorithms rustls cannot verify, when the issuer is in the file.
        const issuer = certs.find((x) => x !== c && x.subjectRaw === c.issuerRaw);
        if (!issuer) continue;
        const sig = signatureSupportedByRustls(c, issuer);
        if (sig.ok || (issuer.publicKey.type === "rsa" && (issuer.publicKey.bits ?? 2048) < 2048)) continue;
        yield {
          node: s.cert.ref.str.node,
          severity: "error",
          message: `${who(c)} carries a signature rustls clients cannot verify (${sig.reason}), so their TLS handshakes fail`,
          nativelink: UNSUPPORTED_SIG,
          hint: "have the CA reissue it with ECDSA P-256/P-384 (SHA-256/384), RSA 2048+ (SHA-256 or better) or Ed25519",
          reproduce,
        };
      }
    }
  },
);
