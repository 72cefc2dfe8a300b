// A client certificate the server will refuse (dates, purpose, CA flag, weak signature) or that the guides call weak.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { ekuAllows, opensslDatesCmd, tonicReadCerts, validityAt } from "../src/tls/index.ts";
import { clientFiles, clientPurposeText, expiredText, handshakeConsequence, isoDate, leafVerifyCmd, notYetValidText } from "../src/facts/tls-client.ts";

const WORKER = (tls: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

const CA_AS_LEAF = "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))";

export default defineRule(
  {
    id: "client-tls-cert",
    category: "tls",
    severity: "error",
    summary: "a client certificate must be within its validity dates, allow client authentication, and be strong enough",
    why: "NativeLink sends cert_file's first certificate without checking it; the server judges it during the handshake. A rustls server (NativeLink with client_ca_file) refuses a certificate that has expired or is not yet valid, whose extendedKeyUsage lacks clientAuth (a server certificate reused as a client one), that is a CA certificate, or that is signed with SHA-1 or MD5. NativeLink starts anyway: every request through a grpc store or to a grpc scheduler fails, and a worker retries every 0.5 s, forever. The security guides also ask for RSA keys of at least 2048 bits or EC keys of at least 256 bits, and for renewal before expiry: certificates that expire within the warning window (--expiry-warn-days) are reported as warnings.",
    fix: "Issue a client certificate with extendedKeyUsage clientAuth, basicConstraints CA:FALSE, a SHA-256 (or stronger) signature and an ECDSA P-256 or RSA 2048+ key, and renew it before it expires.",
    nativelink: [
      { message: "invalid peer certificate: certificate expired: verification time {now} (UNIX), but certificate is not valid after {notAfter} ({n} seconds ago)", source: "rustls 0.23.34 src/error.rs (logged by the server: src/bin/nativelink.rs:646-654 Failed to accept tls stream)" },
      { message: "invalid peer certificate: certificate not valid yet: verification time {now} (UNIX), but certificate is not valid before {notBefore} ({n} seconds in future)", source: "rustls 0.23.34 src/error.rs" },
      { message: "invalid peer certificate: certificate does not allow extended key usage for client authentication, allows {purposes}", source: "rustls 0.23.34 src/error.rs" },
      { message: CA_AS_LEAF, source: "rustls-webpki 0.103.13 (via rustls 0.23.34)" },
      { message: "Could not connect to endpoint {uri}", source: "nativelink-worker/src/local_worker.rs:760-765" },
    ],
    catalog: ["worker-endpoint-connect", "grpc-store-connect-failed", "tls-accept-failed"],
    examples: {
      bad: {
        config: WORKER('{ ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/worker.pem": "@pki:expired", "certs/worker-key.pem": "@pki:expiredKey" },
      },
      good: {
        config: WORKER('{ ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem" }'),
        files: { "certs/ca.pem": "@pki:caBundle", "certs/worker.pem": "@pki:client", "certs/worker-key.pem": "@pki:clientKey" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    const now = ctx.options.now;
    const warnDays = ctx.options.expiryWarnDays;
    for (const f of clientFiles(ctx, "client-cert")) {
      const e = f.endpoint;
      const read = tonicReadCerts(f.bytes);
      if (!read.ok) continue;
      const leaf = f.facts.certs.find((c) => c.index === 0);
      if (!leaf) continue;
      const at = f.ref.str.at;
      const node = f.ref.str.node;
      const who = `client certificate ${leaf.subject} in cert_file ${JSON.stringify(f.shown)}`;
      const verify = leafVerifyCmd(f.path, now);
      const v = validityAt(leaf, now, warnDays);
      if (v === "expired") {
        yield {
          at,
          node,
          message: `${who} expired on ${isoDate(leaf.notAfter)}, so the server refuses it: ${handshakeConsequence(e)}`,
          nativelink: expiredText(leaf, now),
          hint: `renew the client certificate (serial ${leaf.serialHex}) and replace the file`,
          reproduce: verify,
        };
      } else if (v === "not-yet-valid") {
        yield {
          at,
          node,
          message: `${who} is not valid until ${isoDate(leaf.notBefore)}, so the server refuses it until then: ${handshakeConsequence(e)}`,
          nativelink: notYetValidText(leaf, now),
          hint: "check the clock of the host that issued it, or wait until it becomes valid before deploying it",
          reproduce: verify,
        };
      } else if (v === "expiring") {
        const days = Math.floor((leaf.notAfter.getTime() - now.getTime()) / 86_400_000);
        yield {
          at,
          node,
          severity: "warning",
          message: `${who} expires on ${isoDate(leaf.notAfter)}, in ${days} day${days === 1 ? "" : "s"} (within the ${warnDays}-day warning window); after that the server refuses it`,
          hint: `renew the client certificate (serial ${leaf.serialHex}) before it expires`,
          reproduce: opensslDatesCmd(f.path),
        };
      }
      if (!ekuAllows(leaf, "clientAuth")) {
        yield {
          at,
          node,
          message: `${who} has extendedKeyUsage ${(leaf.eku ?? []).join(", ")} without clientAuth, so a rustls server refuses it as a client certificate: ${handshakeConsequence(e)}`,
          nativelink: clientPurposeText(leaf),
          hint: "issue a certificate with extendedKeyUsage clientAuth for this client (a server certificate cannot be reused unless it also lists clientAuth)",
          reproduce: verify,
        };
      }
      if (leaf.isCA === true) {
        yield {
          at,
          node,
          message: `${who} is a CA certificate (basicConstraints CA:TRUE), which rustls refuses as a client certificate: ${handshakeConsequence(e)}`,
          nativelink: CA_AS_LEAF,
          hint: "issue an end-entity client certificate (basicConstraints CA:FALSE) signed by the CA",
          reproduce: opensslDatesCmd(f.path),
        };
      }
      if (leaf.weakSignature) {
        yield {
          at,
          node,
          message: `${who} is signed with ${leaf.signatureAlgorithm}, which rustls does not accept, so the server refuses it: ${handshakeConsequence(e)}`,
          hint: "re-issue the certificate with a SHA-256 (or stronger) signature",
        };
      }
      const pk = leaf.publicKey;
      if ((pk.type === "rsa" && pk.bits !== undefined && pk.bits < 2048) || (pk.type === "ec" && pk.bits !== undefined && pk.bits < 256)) {
        yield {
          at,
          node,
          severity: "warning",
          message: `${who} has a ${pk.bits}-bit ${pk.type === "rsa" ? "RSA" : `EC${pk.curve ? ` (${pk.curve})` : ""}`} key; the security guides require at least ${pk.type === "rsa" ? "2048-bit RSA" : "256-bit EC"}`,
          hint: "issue the client certificate for an ECDSA P-256 key or an RSA key of 2048 bits or more",
        };
      }
    }
  },
);
