// A listener reachable from other machines must use TLS.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { httpListenerAt, listenOf, serverLabel } from "../src/facts/security.ts";

const cas = (http: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ name: "public", listener: { http: { ${http} } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

export default defineRule(
  {
    id: "listener-plaintext",
    category: "security",
    severity: "error",
    summary: "a listener on a non-loopback address must use TLS",
    why: "The NativeLink security guides say never to run NativeLink without TLS in production: unencrypted traffic exposes build artifacts, credentials and other sensitive data to anyone on the path. A listener without a tls block serves plaintext gRPC/HTTP2; that is only private when the address is a loopback one (127.0.0.0/8 or [::1]). Any other address, the wildcards 0.0.0.0 and [::] included, is reachable from the network.",
    fix: "Add tls: { cert_file, key_file } to listener.http (a certificate from a CA your clients trust), or bind the listener to 127.0.0.1 behind a TLS-terminating proxy.",
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
      yield {
        at: httpListenerAt(s) ?? listen.str.at,
        severity: postureSeverity(ctx, "never"),
        message: `${serverLabel(s)} listens on ${listen.shown}${listen.wildcard ? " (every interface)" : ""} without TLS`,
        hint: `add tls: { cert_file: "/etc/nativelink/certs/server.pem", key_file: "/etc/nativelink/certs/server-key.pem" } to listener.http, or bind it to 127.0.0.1:${listen.addr.port} if only this machine connects`,
        related: [{ at: listen.str.at, message: "listen address" }],
      };
    }
  },
);
