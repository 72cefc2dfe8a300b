// The worker API must ask connecting workers for client certificates (mTLS).
import { defineRule, fieldWrittenElsewhere, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";
import { httpListenerAt, listenOf, serverLabel, tlsProxyOfServer, workerApiOf } from "../src/facts/security.ts";

const SCHED = 'schedulers: [{ name: "MAIN", simple: {} }]';
const worker = (tls: string) =>
  `{ name: "workers", listener: { http: { socket_address: "10.0.0.5:50061", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem"${tls} } } }, services: { worker_api: { scheduler: "MAIN" } } }`;
const FILES = { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey", "certs/worker-ca.pem": "@pki:rootCa", "certs/worker-crl.pem": "@pki:crlBundle" };

export default defineRule(
  {
    id: "worker-api-mtls",
    category: "security",
    severity: "error",
    guide: true,
    summary: "a worker API reachable from the network must require client certificates (tls.client_ca_file)",
    why: "The NativeLink security guides say to always require client certificates for worker connections. Workers are trusted: they receive every action's inputs and write action results that clients then trust. NativeLink asks a connecting client for a certificate only when the listener's tls block sets client_ca_file; without TLS, or with TLS but no client_ca_file, anything that reaches the port can register as a worker. That has no legitimate use in production, so it stays an error there. A worker API bound to a loopback address (127.0.0.0/8, [::1]) is reachable only from its own machine, as in the security guide's all-in-one layout, and is not reported. A plaintext worker API on every interface (0.0.0.0, [::]) is one finding here, naming the bind, the missing TLS and the missing client certificates (not also listener-plaintext and worker-api-bind). Behind a proxy recorded in the settings file's tlsProxies, it is reported unless the entry says clientCertificates: true.",
    fix: "Give the worker API server a tls block with cert_file, key_file and client_ca_file (the CA that signs your worker certificates, ideally a CA used only for workers), and give each worker a cert_file/key_file in worker_api_endpoint.tls_config.",
    examples: {
      bad: { config: `{ stores: [], ${SCHED}, servers: [${worker("")}] }`, files: FILES },
      good: { config: `{ stores: [], ${SCHED}, servers: [${worker(', client_ca_file: "certs/worker-ca.pem", client_crl_file: "certs/worker-crl.pem"')}] }`, files: FILES },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      if (!workerApiOf(s) || s.tls?.clientCaFile !== undefined) continue;
      // tls or its client_ca_file written under a misspelt key is that key's finding.
      const http = get(s.listenerNode, "http");
      if (s.tls ? fieldWrittenElsewhere(ctx, get(http, "tls"), "client_ca_file") : fieldWrittenElsewhere(ctx, http, "tls")) continue;
      const listen = listenOf(s);
      // Reachable from this machine only: the guides' own all-in-one layout.
      if (listen?.loopback) continue;
      const proxy = tlsProxyOfServer(ctx, s);
      if (proxy?.clientCertificates) continue;
      const severity = postureSeverity(ctx, "fatal");
      const every = listen?.wildcard ? ` listens on every interface (${listen.shown})` : "";
      const where = listen ? ` (${listen.shown})` : "";
      // The listener.http object (above) is where tls goes (or, missing, the nearest node the engine would fall back to).
      const httpNode = http ?? s.listenerNode ?? s.node;
      if (proxy && !s.tls) {
        yield {
          at: httpListenerAt(s) ?? s.at,
          node: httpNode,
          severity,
          message: `the worker API of ${serverLabel(s)}${where} is behind ${proxy.by} (tlsProxies), which terminates TLS but is not recorded as requiring client certificates (clientCertificates: true): anything that reaches the port can register as a worker`,
          hint: "make the proxy require worker client certificates and set clientCertificates: true in its tlsProxies entry, or give the listener tls: { cert_file, key_file, client_ca_file }",
        };
      } else if (s.tls) {
        yield {
          at: s.tls.at,
          node: get(http, "tls") ?? httpNode,
          severity,
          message: `the worker API of ${serverLabel(s)}${every ? `${every} and` : where} uses TLS without client_ca_file, so it accepts any client as a worker`,
          hint: 'add client_ca_file: "/etc/nativelink/certs/worker-ca.pem" (the CA that signs worker certificates) and a client_crl_file' + (every ? `, and bind it to the private address the workers reach` : ""),
        };
      } else {
        yield {
          at: httpListenerAt(s) ?? s.at,
          node: httpNode,
          severity,
          message: every
            ? `the worker API of ${serverLabel(s)}${every} without TLS, so workers are never asked for a client certificate (mTLS): anything that reaches the port can register as a worker`
            : `the worker API of ${serverLabel(s)}${where} runs without TLS, so workers are never asked for a client certificate`,
          hint:
            "add tls: { cert_file, key_file, client_ca_file } to the listener, and tls_config with cert_file/key_file to each worker's worker_api_endpoint (grpcs://)" +
            (listen ? `; or, if only this machine's workers connect, bind it to 127.0.0.1:${listen.addr.port}` : ""),
        };
      }
    }
  },
);
