// With client_crl_file, every client CA needs a CRL in it: NativeLink rejects clients whose revocation status it cannot check.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { nativelinkReadCerts, nativelinkReadCrls } from "../src/tls/index.ts";
import { named, opensslCrlListCmd, serverFiles } from "../src/facts/tls-server.ts";

const TLS = (crl: string) =>
  `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "certs/client-ca.pem", client_crl_file: "${crl}" } } }, services: { worker_api: { scheduler: "MAIN" } } }], schedulers: [{ name: "MAIN", simple: {} }] }`;

const UNKNOWN_STATUS = "invalid peer certificate: UnknownRevocationStatus";

export default defineRule(
  {
    id: "tls-crl-coverage",
    category: "tls",
    aboutFiles: true,
    severity: "warning",
    summary: "with client_crl_file, each CA in client_ca_file should have a CRL in it",
    why: "Once client_crl_file holds at least one CRL, NativeLink's client verifier (rustls defaults) checks the revocation of every certificate in a client's chain and rejects the client when no CRL from that certificate's issuer is loaded. A client CA without a CRL therefore locks out every client certificate (or intermediate) it issues directly, with UnknownRevocationStatus on each handshake.",
    fix: "Add the current CRL of every CA in client_ca_file to client_crl_file (cat the PEM CRLs together), even an empty one, or remove the CAs that should not issue clients.",
    nativelink: [{ message: UNKNOWN_STATUS, source: "rustls 0.23.34 WebPkiClientVerifier (UnknownStatusPolicy::Deny), logged as Failed to accept tls stream" }],
    examples: {
      bad: { config: TLS("certs/client.crl"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:caBundle", "certs/client.crl": "@pki:crl" } },
      good: { config: TLS("certs/client.crl"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:caBundle", "certs/client.crl": "@pki:crlBundle" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of serverFiles(ctx)) {
      if (!s.clientCa || !s.crl) continue;
      const caBytes = s.clientCa.view.read.bytes;
      const crlBytes = s.crl.view.read.bytes;
      const caFacts = s.clientCa.view.facts;
      const crlFacts = s.crl.view.facts;
      if (!caBytes || !crlBytes || !caFacts || !crlFacts) continue;
      const crlRead = nativelinkReadCrls(crlBytes);
      const caRead = nativelinkReadCerts(caBytes);
      // No CRL at all turns revocation off (tls-file-pem says so); broken CRLs stop startup (tls-crl-valid).
      if (!crlRead.ok || crlRead.lines.length === 0 || !caRead.ok || crlFacts.crlErrors.length > 0) continue;
      if (crlFacts.crls.some((c) => c.rustlsError)) continue;
      const seen = new Set<string>();
      for (const ca of caFacts.certs) {
        if (seen.has(ca.subjectRaw)) continue;
        seen.add(ca.subjectRaw);
        if (crlFacts.crls.some((c) => c.issuerRaw === ca.subjectRaw)) continue;
        yield {
          node: s.crl.ref.str.node,
          message: `no CRL in ${named(s.crl.ref)} is issued by the client CA ${ca.subject} (certificate ${ca.index + 1} of ${named(s.clientCa.ref)}): NativeLink rejects every client certificate or intermediate that CA issues directly, because it cannot check its revocation`,
          nativelink: UNKNOWN_STATUS,
          hint: `add the current CRL of ${ca.subject} to the file (one listing no certificate is fine), or remove that CA from client_ca_file if it issues no clients`,
          reproduce: opensslCrlListCmd(s.crl.path),
          related: [{ node: s.clientCa.ref.str.node, message: "the client CAs are named here" }],
        };
      }
    }
  },
);
