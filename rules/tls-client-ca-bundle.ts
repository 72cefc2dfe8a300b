// The server's client_ca_file must hold CA certificates rustls accepts as trust anchors, and only those.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { nativelinkReadCerts, opensslListCertsCmd, validityAt } from "../src/tls/index.ts";
import { certChain, isoDate, leafOf, named, serverFiles } from "../src/facts/tls-server.ts";

const TLS = (ca: string) =>
  `{ stores: [], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "${ca}" } } }, services: { worker_api: { scheduler: "MAIN" } } }], schedulers: [{ name: "MAIN", simple: {} }] }`;

export default defineRule(
  {
    id: "tls-client-ca-bundle",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "client_ca_file must hold the CA certificates that issue client certificates, each usable as a trust anchor",
    why: "With client_ca_file, NativeLink asks every client for a certificate and accepts only those issued by a certificate in that file. It adds each one to rustls' root store at startup and stops at the first that webpki cannot use as a trust anchor (bad DER, an X.509 v2 certificate). Members that are not CAs (often the server's own certificate, copied by mistake), duplicates and expired CAs are accepted silently: rustls does not check a trust anchor's dates or CA flag, so they hide a misconfiguration rather than cause an error.",
    fix: "Put in client_ca_file the certificate(s) of the CA that issues the workers' and clients' certificates (root or intermediate), once each, and renew expired ones.",
    nativelink: [{ message: "invalid peer certificate: BadEncoding + Could not read client CA", source: "src/bin/nativelink.rs:509-515" }],
    catalog: ["tls-client-ca-bad-cert"],
    examples: {
      bad: { config: TLS("certs/client-ca.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:server" } },
      good: { config: TLS("certs/client-ca.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey", "certs/client-ca.pem": "@pki:caBundle" } },
    },
  },
  function* (ctx): Iterable<Report> {
    for (const s of serverFiles(ctx)) {
      const file = s.clientCa;
      const bytes = file?.view.read.bytes;
      const facts = file?.view.facts;
      if (!file || !bytes || !facts) continue;
      const r = nativelinkReadCerts(bytes);
      if (!r.ok || r.lines.length === 0) continue;
      const at = file.ref.str.at;
      const node = file.ref.str.node;
      const field = named(file.ref);
      const reproduce = opensslListCertsCmd(file.path);
      // RootCertStore::add, in file order: the first refusal stops startup.
      const refusals = [
        ...facts.certErrors.map((e) => ({ index: e.index, what: `(line ${e.line}) is not a valid X.509 certificate (${e.error})`, rustls: e.rustls ?? "invalid peer certificate: BadEncoding" })),
        ...facts.certs
          .filter((c) => c.rustlsAnchorError)
          .map((c) => ({ index: c.index, what: `(${c.subject}, line ${c.line}) cannot be a trust anchor for rustls${c.version === 2 ? " (it is an X.509 v2 certificate)" : ""}`, rustls: c.rustlsAnchorError! })),
      ].sort((a, b) => a.index - b.index);
      for (const bad of refusals) {
        yield {
          at,
          node,
          message: `certificate ${bad.index + 1} of ${field} ${bad.what}: startup stops`,
          nativelink: bad.rustls,
          hint: "remove it or replace it with the CA certificate in PEM",
          reproduce,
        };
      }
      const serverLeaf = leafOf(certChain(s.cert));
      const seen = new Map<string, number>();
      for (const c of facts.certs) {
        if (c.rustlsAnchorError) continue;
        const where = `certificate ${c.index + 1} of ${field} (${c.subject}, line ${c.line})`;
        const first = seen.get(c.fingerprintSha256);
        if (first !== undefined) {
          yield { at, node, severity: "warning", message: `${where} is a duplicate of certificate ${first + 1}`, hint: "remove the duplicate", reproduce };
          continue;
        }
        seen.set(c.fingerprintSha256, c.index);
        if (serverLeaf && c.fingerprintSha256 === serverLeaf.fingerprintSha256) {
          yield {
            at,
            node,
            severity: "warning",
            message: `${where} is the server's own certificate (cert_file), not the CA that issues client certificates: clients are checked against whatever issued them, so only client certificates signed with the server's own key would be accepted`,
            hint: "replace it with the certificate of the CA that issues the workers' and clients' certificates",
            reproduce,
            related: [{ node: s.cert!.ref.str.node, message: "the server's certificate is named here" }],
          };
          continue;
        }
        if (c.isCA !== true) {
          yield {
            at,
            node,
            severity: "warning",
            message: `${where} is not a CA certificate (no basicConstraints CA:TRUE): rustls trusts it anyway, but it issues no client certificates`,
            hint: "replace it with the certificate of the CA that issues the workers' and clients' certificates",
            reproduce,
          };
        }
        if (validityAt(c, ctx.options.now, 0) === "expired") {
          yield {
            at,
            node,
            severity: "warning",
            message: `${where} expired on ${isoDate(c.notAfter)}: rustls does not check a trust anchor's dates, so NativeLink still accepts clients it issued, but the CA should be renewed`,
            hint: "renew the CA certificate and replace it in the file",
            reproduce,
          };
        }
      }
    }
  },
);
