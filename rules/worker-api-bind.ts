// The worker API should not listen on every interface, even with client certificates (without them, worker-api-mtls reports it).
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { listenOf, serverLabel, tlsProxyOfServer, workerApiOf } from "../src/facts/security.ts";

const SCHED = 'schedulers: [{ name: "MAIN", simple: {} }]';
const worker = (addr: string) =>
  `{ name: "workers", listener: { http: { socket_address: "${addr}", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "certs/worker-ca.pem", client_crl_file: "certs/worker-crl.pem" } } }, services: { worker_api: { scheduler: "MAIN" } } }`;
const FILES = { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey", "certs/worker-ca.pem": "@pki:rootCa", "certs/worker-crl.pem": "@pki:crlBundle" };

export default defineRule(
  {
    id: "worker-api-bind",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "the worker API should not listen on every interface (0.0.0.0, [::])",
    why: "The NativeLink security guides tell you to run the worker API on its own port and to bind it to 127.0.0.1 or fence it with firewall rules so that only trusted networks reach it: whoever reaches it can register as a worker, receive actions and report their results. A wildcard address (0.0.0.0, [::] in any spelling, or [::ffff:0.0.0.0]) offers it on every interface of the host. With client_ca_file set it is a warning, because client certificates and a firewall then carry the rest. Without client certificates the worker API is open to anything that reaches it, which worker-api-mtls reports as one finding (bind included); this rule then stays quiet. A proxy recorded in tlsProxies with clientCertificates: true counts as client certificates.",
    fix: "Bind the worker API to 127.0.0.1 or to the private address the workers use, and require client certificates (tls.client_ca_file).",
    examples: {
      bad: { config: `{ stores: [], ${SCHED}, servers: [${worker("0.0.0.0:50061")}] }`, files: FILES },
      good: { config: `{ stores: [], ${SCHED}, servers: [${worker("10.0.0.5:50061")}] }`, files: FILES },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const wa = workerApiOf(s);
      const listen = listenOf(s);
      if (!wa || !listen || !listen.wildcard) continue;
      // Without client certificates, worker-api-mtls reports the whole mistake (bind included).
      const mtls = s.tls?.clientCaFile !== undefined || (!s.tls && tlsProxyOfServer(ctx, s)?.clientCertificates === true);
      if (!mtls) continue;
      yield {
        node: listen.str.node,
        severity: postureSeverity(ctx, "should"),
        message: `the worker API of ${serverLabel(s)} listens on every interface (${listen.shown})`,
        hint: `bind it to 127.0.0.1:${listen.addr.port} or to the private address the workers reach, or restrict port ${listen.addr.port} to the workers' network with firewall rules`,
      };
    }
  },
);
