// A listener that requires client certificates should also check them against a CRL.
import { defineRule, fieldWrittenElsewhere, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { serverLabel, workerApiOf } from "../src/facts/security.ts";
import { get } from "../src/typed.ts";

const SCHED = 'schedulers: [{ name: "MAIN", simple: {} }]';
const worker = (crl: string) =>
  `{ name: "workers", listener: { http: { socket_address: "10.0.0.5:50061", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "certs/worker-ca.pem"${crl} } } }, services: { worker_api: { scheduler: "MAIN" } } }`;
const FILES = { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey", "certs/worker-ca.pem": "@pki:rootCa", "certs/worker-crl.pem": "@pki:crlBundle" };

export default defineRule(
  {
    id: "mtls-crl",
    category: "security",
    severity: "info",
    guide: true,
    summary: "a listener that requires client certificates has no client_crl_file",
    why: "The NativeLink guides recommend certificate revocation lists for compromised certificates, and their certificate-compromise runbook starts with adding the certificate to the CRL that client_crl_file names. NativeLink reads the CRL at startup and rejects listed certificates; without client_crl_file every certificate the client CA ever signed is accepted until it expires, and a leaked worker or client key can only be shut out by replacing the whole CA.",
    fix: "Publish a CRL for the client CA (openssl ca -gencrl) and set client_crl_file next to client_ca_file; redeploy it when you revoke a certificate.",
    examples: {
      bad: { config: `{ stores: [], ${SCHED}, servers: [${worker("")}] }`, files: FILES },
      good: { config: `{ stores: [], ${SCHED}, servers: [${worker(', client_crl_file: "certs/worker-crl.pem"')}] }`, files: FILES },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const tls = s.tls;
      if (!tls || tls.clientCaFile === undefined || tls.clientCrlFile !== undefined) continue;
      // client_crl_file written under a misspelt key is that key's finding.
      if (fieldWrittenElsewhere(ctx, get(get(s.listenerNode, "http"), "tls"), "client_crl_file")) continue;
      yield {
        at: tls.at,
        node: get(get(s.listenerNode, "http"), "tls"),
        severity: postureSeverity(ctx, "note"),
        message: `${workerApiOf(s) ? "the worker API of " : ""}${serverLabel(s)} requires client certificates but has no client_crl_file, so a certificate cannot be revoked before it expires`,
        hint: 'add client_crl_file: "/etc/nativelink/certs/client-crl.pem" (a CRL from the CA in client_ca_file) and redeploy it whenever you revoke a certificate',
        related: [{ node: tls.clientCaFile.node, message: "client certificates required here" }],
      };
    }
  },
);
