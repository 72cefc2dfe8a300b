// A listener reachable from other machines must use TLS.
import { defineRule, fieldWrittenElsewhere, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";
import { httpListenerAt, listenOf, proxyHint, serverLabel, tlsProxyOfServer, workerApiOf } from "../src/facts/security.ts";

const cas = (http: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ name: "public", listener: { http: { ${http} } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

export default defineRule(
  {
    id: "listener-plaintext",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "a listener on a non-loopback address should use TLS, or a proxy that terminates TLS in front of it",
    why: "The NativeLink security guides say never to run NativeLink without TLS in production: unencrypted traffic exposes build artifacts, credentials and other sensitive data to anyone on the path. A listener without a tls block serves plaintext gRPC/HTTP2; that is only private when the address is a loopback one (127.0.0.0/8 or [::1]). Any other address, the wildcards 0.0.0.0 and [::] included, is reachable from the network. A plaintext listener behind a proxy or sidecar that terminates TLS (the common Kubernetes layout) is fine: record it in the settings file's tlsProxies, and it is not reported. A listener that carries the worker API is reported by worker-api-mtls instead, which also needs client certificates there.",
    fix: "Add tls: { cert_file, key_file } to listener.http (a certificate from a CA your clients trust), or bind the listener to 127.0.0.1; when a proxy terminates TLS in front of it, name the listener in tlsProxies in .nativelink-preflight.json5 (or suppress the finding with a reason).",
    examples: {
      bad: { config: cas('socket_address: "0.0.0.0:50051"') },
      good: {
        config: cas('socket_address: "0.0.0.0:50051", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem" }'),
        files: { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const listen = listenOf(s);
      if (!listen || listen.loopback || s.tls) continue;
      // tls written under a misspelt key is that key's finding.
      if (fieldWrittenElsewhere(ctx, get(s.listenerNode, "http"), "tls")) continue;
      // A worker API's listener is worker-api-mtls's finding, which names the missing TLS too.
      if (workerApiOf(s) || tlsProxyOfServer(ctx, s)) continue;
      const name = s.name && !s.name.unknown && s.name.value !== "" ? s.name.value : listen.shown;
      yield {
        at: httpListenerAt(s) ?? listen.str.at,
        node: get(s.listenerNode, "http") ?? listen.str.node,
        severity: postureSeverity(ctx, "should"),
        message: `${serverLabel(s)} listens on ${listen.shown}${listen.wildcard ? " (every interface)" : ""} without TLS`,
        hint:
          `add tls: { cert_file: "/etc/nativelink/certs/server.pem", key_file: "/etc/nativelink/certs/server-key.pem" } to listener.http, or bind it to 127.0.0.1:${listen.addr.port} if only this machine connects; ` +
          proxyHint("listener-plaintext", `listeners: [${JSON.stringify(name)}]`),
        related: [{ node: listen.str.node, message: "listen address" }],
      };
    }
  },
);
