// The server's certificate and intermediates must be valid at the checked date, and not about to expire.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { opensslDatesCmd, validityAt, type CertFacts } from "../src/tls/index.ts";
import { certChain, isoDate, misplacedLeafIndex, named, opensslChainDatesCmd, opensslSelfVerifyCmd, serverCertName, serverFiles, unixSeconds } from "../src/facts/tls-server.ts";

const TLS = (cert: string, key: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "${key}" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const DAY = 86_400_000;

function expiredText(c: CertFacts, at: Date): string {
  const t = unixSeconds(at);
  const na = unixSeconds(c.notAfter);
  return `invalid peer certificate: certificate expired: verification time ${t} (UNIX), but certificate is not valid after ${na} (${Math.max(0, t - na)} seconds ago)`;
}

function notYetText(c: CertFacts, at: Date): string {
  const t = unixSeconds(at);
  const nb = unixSeconds(c.notBefore);
  return `invalid peer certificate: certificate not valid yet: verification time ${t} (UNIX), but certificate is not valid before ${nb} (${Math.max(0, nb - t)} seconds in future)`;
}

export default defineRule(
  {
    id: "tls-cert-validity",
    category: "tls",
    aboutFiles: true,
    severity: "error",
    summary: "the server's certificate and its intermediates must be valid now (or at --at), and not expire within --expiry-warn-days",
    why: "NativeLink starts with an expired or not-yet-valid certificate without a word; every client then refuses it on the handshake (rustls clients with `certificate expired` or `certificate not valid yet`). The guides ask to monitor expiry and renew ahead of time (the security guide: alerts 30 days before). Intermediates sent in cert_file are checked the same way; a root sent along is not (clients use their own copy).",
    fix: "Renew the certificate (and any expired intermediate) and replace cert_file; for a not-yet-valid certificate, check the issuing machine's clock or wait for its start date.",
    nativelink: [
      { message: "invalid peer certificate: certificate expired: verification time {t} (UNIX), but certificate is not valid after {not_after} ({n} seconds ago)", source: "rustls 0.23.34 src/error.rs, in the client on the handshake" },
      { message: "invalid peer certificate: certificate not valid yet: verification time {t} (UNIX), but certificate is not valid before {not_before} ({n} seconds in future)", source: "rustls 0.23.34 src/error.rs, in the client on the handshake" },
    ],
    examples: {
      bad: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:expired", "certs/server-key.pem": "@pki:expiredKey" } },
      good: { config: TLS("certs/server.pem", "certs/server-key.pem"), files: { "certs/server.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const now = ctx.options.now;
    const warnDays = ctx.options.expiryWarnDays;
    for (const s of serverFiles(ctx)) {
      const certs = certChain(s.cert);
      if (!s.cert || !certs) continue;
      const field = named(s.cert.ref);
      const leafIndex = misplacedLeafIndex(s) ?? 0;
      for (const c of certs) {
        if (c.index > 0 && c.selfSigned) continue;
        const v = validityAt(c, now, warnDays);
        if (v === "valid") continue;
        // openssl verify reads the first certificate of the file; the others are shown by a listing.
        const first = c.index === 0;
        const who = serverCertName(c, field, leafIndex);
        const reproduce = first ? opensslSelfVerifyCmd(s.cert.path, now) : opensslChainDatesCmd(s.cert.path);
        if (v === "expired") {
          yield { node: s.cert.ref.str.node, message: `${who} expired on ${isoDate(c.notAfter)}: clients refuse it, so every TLS handshake fails`, nativelink: expiredText(c, now), hint: "renew the certificate and replace the file", reproduce };
        } else if (v === "not-yet-valid") {
          yield { node: s.cert.ref.str.node, message: `${who} is not valid before ${isoDate(c.notBefore)}: until then clients refuse it, so every TLS handshake fails`, nativelink: notYetText(c, now), hint: "check the clock of the machine that issued it, or wait for its start date", reproduce };
        } else {
          const days = Math.floor((c.notAfter.getTime() - now.getTime()) / DAY);
          yield {
            node: s.cert.ref.str.node,
            severity: "warning",
            message: `${who} expires on ${isoDate(c.notAfter)}, in ${days} day${days === 1 ? "" : "s"} (warning window: ${warnDays} days)`,
            hint: "renew it before then, and automate renewal",
            reproduce: first ? opensslDatesCmd(s.cert.path) : opensslChainDatesCmd(s.cert.path),
          };
        }
      }
    }
  },
);
