// The server's client_crl_file must hold CRLs rustls can parse, issued and signed by the client CAs, and current.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { isSignedBy, nativelinkReadCerts, nativelinkReadCrls, opensslCrlCmd, type CertFacts } from "../src/tls/index.ts";
import { isoDate, knownCerts, named, opensslCrlListCmd, serverFiles } from "../src/facts/tls-server.ts";

const TLS = (crl: string) =>
  `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "certs/client-ca.pem", client_crl_file: "${crl}" } } }, services: { worker_api: { scheduler: "MAIN" } } }], schedulers: [{ name: "MAIN", simple: {} }] }`;

export default defineRule(
  {
    id: "tls-crl-valid",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "client_crl_file needs client_ca_file, and its CRLs must parse, come from the client CAs, verify and be current",
    why: "NativeLink reads client_crl_file only together with client_ca_file; alone it is ignored. rustls parses every CRL when NativeLink builds its client verifier and stops startup on one it cannot parse. It then uses a CRL only for certificates whose issuer has the CRL's issuer name: a CRL from another CA revokes nothing, and one whose signature does not verify with that CA's key makes every client it issued fail with BadSignature. rustls ignores a CRL's nextUpdate by default, so NativeLink keeps using a stale CRL and accepts clients revoked since it was published.",
    fix: "Set client_ca_file next to client_crl_file; put in client_crl_file the current CRL of each CA that issues client certificates (`openssl ca -gencrl`), and republish it before its nextUpdate.",
    nativelink: [
      { message: "provided CRL could not be parsed: {error:?} + Could not create WebPkiClientVerifier", source: "src/bin/nativelink.rs:527-533 (rustls VerifierBuilderError::InvalidCrl)" },
      { message: "invalid certificate revocation list: BadSignature", source: "rustls-webpki 0.103.13, on a client's handshake (logged as Failed to accept tls stream)" },
    ],
    catalog: ["tls-crl-unparsable"],
    examples: {
      bad: { config: TLS("certs/client.crl"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:caBundle", "certs/client.crl": "@pki:crlExpired" } },
      good: { config: TLS("certs/client.crl"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:caBundle", "certs/client.crl": "@pki:crlBundle" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const known = knownCerts(ctx);
    for (const s of serverFiles(ctx)) {
      const tls = s.server.tls!;
      const crlStr = tls.clientCrlFile;
      if (!crlStr || crlStr.unknown) continue;
      if (!tls.clientCaFile) {
        yield {
          node: crlStr.node,
          severity: "warning",
          message: `client_crl_file ${JSON.stringify(crlStr.value)} is set without client_ca_file: NativeLink does not ask clients for certificates and ignores the CRL`,
          hint: "set client_ca_file to the CA that issues client certificates, or remove client_crl_file",
        };
        continue;
      }
      const file = s.crl;
      const bytes = file?.view.read.bytes;
      const facts = file?.view.facts;
      if (!file || !bytes || !facts) continue;
      const r = nativelinkReadCrls(bytes);
      if (!r.ok || r.lines.length === 0) continue;
      const at = file.ref.str.at;
      const node = file.ref.str.node;
      const field = named(file.ref);
      for (const e of facts.crlErrors) {
        yield {
          at,
          node,
          message: `CRL ${e.index + 1} of ${field} (line ${e.line}) is not a valid CRL (${e.error}): startup stops`,
          nativelink: `provided CRL could not be parsed: ${e.rustls ?? "ParseError"}`,
          hint: "re-export the CRL from the CA (openssl ca -gencrl -out crl.pem)",
          reproduce: opensslCrlListCmd(file.path),
        };
      }
      for (const crl of facts.crls) {
        if (crl.rustlsError) {
          yield {
            at,
            node,
            message: `CRL ${crl.index + 1} of ${field} (issuer ${crl.issuer}, line ${crl.line}) is refused by rustls (${crl.rustlsError}): startup stops`,
            nativelink: `provided CRL could not be parsed: ${crl.rustlsError}`,
            hint: "regenerate the CRL as an X.509 v2 CRL with a supported signature (openssl ca -gencrl)",
            reproduce: opensslCrlListCmd(file.path),
          };
          continue;
        }
        const where = `CRL ${crl.index + 1} of ${field} (issuer ${crl.issuer}, line ${crl.line})`;
        const caBytes = s.clientCa?.view.read.bytes;
        const anchors: CertFacts[] = caBytes && nativelinkReadCerts(caBytes).ok ? (s.clientCa?.view.facts?.certs ?? []) : [];
        const sameName = anchors.filter((a) => a.subjectRaw === crl.issuerRaw);
        if (sameName.length > 0) {
          if (!sameName.some((a) => isSignedBy(crl, a))) {
            yield {
              at,
              node,
              message: `${where} does not verify with the key of the client CA ${crl.issuer}: every client whose certificate that CA issued is rejected`,
              nativelink: "invalid certificate revocation list: BadSignature",
              hint: "use the CRL that CA published (its key signed it), or fix client_ca_file if the CA was re-keyed",
              reproduce: opensslCrlCmd(file.path, s.clientCa!.path),
            };
          }
        } else if (anchors.length > 0) {
          const intermediate = known.find((k) => k.cert.subjectRaw === crl.issuerRaw && isSignedBy(crl, k.cert));
          if (!intermediate) {
            yield {
              at,
              node,
              severity: "warning",
              message: `${where} is not issued by any certificate in ${named(s.clientCa!.ref)}: rustls uses it only for client chains that include an intermediate CA named ${crl.issuer}, otherwise it revokes nothing`,
              hint: "use the CRL of the CA in client_ca_file that issues the client certificates",
              reproduce: opensslCrlListCmd(file.path),
            };
          }
        }
        if (crl.nextUpdate && crl.nextUpdate.getTime() < ctx.options.now.getTime()) {
          yield {
            at,
            node,
            severity: "warning",
            message: `${where} is past its nextUpdate (${isoDate(crl.nextUpdate)}): rustls ignores CRL expiry by default, so NativeLink keeps using it and accepts clients revoked since it was published`,
            hint: "publish a fresh CRL (openssl ca -gencrl) and restart NativeLink, which reads the CRL only at startup",
            reproduce: s.clientCa ? opensslCrlCmd(file.path, s.clientCa.path) : opensslCrlListCmd(file.path),
          };
        }
      }
    }
  },
);
