// Across configs checked together, a grpcs:// client must reach a TLS listener and a grpc:// client a plaintext one.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { connectConsequence, listenerLabel, matchNote } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;
const WORKER = (endpoint: string) =>
  `{
  stores: [${FS}],
  servers: [],
  workers: [{ local: { worker_api_endpoint: ${endpoint}, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }],
}`;
const SCHEDULER = `{
  stores: [],
  schedulers: [{ name: "MAIN", simple: {} }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "/etc/nativelink/scheduler.pem", key_file: "/etc/nativelink/scheduler-key.pem" } } },
    services: { worker_api: { scheduler: "MAIN" } },
  }],
}`;

const PLAINTEXT_REPLY = "received corrupt message of type InvalidContentType";
const ACCEPT_FAILED = "Failed to accept tls stream";

export default defineRule(
  {
    id: "deployment-scheme-tls",
    category: "endpoint",
    severity: "error",
    appliesTo: "deployment",
    summary: "a grpcs:// endpoint must reach a TLS listener, and a grpc:// endpoint a plaintext one",
    why: "The scheme decides whether tonic opens a TLS session (https/grpcs) or speaks HTTP/2 in the clear (http/grpc); the listener decides by whether listener.http.tls is set. A TLS client on a plaintext listener gets the server's plaintext HTTP reply where it expects a TLS record, and rustls gives up with `received corrupt message of type InvalidContentType`. A plaintext client on a TLS listener sends its HTTP/2 preface to the TLS acceptor, and the server logs `Failed to accept tls stream` for every attempt. Either way no call gets through: a worker retries every 0.5 s forever, a grpc store fails on its first request, and a grpc scheduler used by capabilities stops NativeLink at startup.",
    fix: "Make the two sides agree: use grpcs:// with a tls_config when the listener has tls, and grpc:// without one when it has none (or add tls to the listener).",
    nativelink: [
      { message: PLAINTEXT_REPLY, source: "rustls 0.23.34 InvalidMessage::InvalidContentType, via nativelink-worker/src/local_worker.rs:760-765" },
      { message: ACCEPT_FAILED, source: "src/bin/nativelink.rs:652" },
    ],
    catalog: ["tls-accept-failed", "worker-endpoint-connect", "grpc-store-connect-failed"],
    examples: {
      bad: { config: WORKER(`{ uri: "grpc://scheduler.internal:50061" }`), peers: { "scheduler.json5": SCHEDULER }, hostMap: { "scheduler.internal": "scheduler.json5" } },
      good: {
        config: WORKER(`{ uri: "grpcs://scheduler.internal:50061", tls_config: { ca_file: "/etc/nativelink/ca.pem" } }`),
        peers: { "scheduler.json5": SCHEDULER },
        hostMap: { "scheduler.internal": "scheduler.json5" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    for (const { client: c, res } of deploymentGraph(dep).connections) {
      const l = res.target;
      // A TLS client of a plaintext listener behind a TLS-terminating proxy (settings tlsProxies) talks TLS to the proxy.
      if (!l || l.tls === c.tls || (c.tls && l.proxied !== undefined)) continue;
      const where = `${listenerLabel(l)}${matchNote(c, res)}`;
      if (c.tls) {
        yield {
          file: c.config.file,
          node: c.uri.node,
          message: `${c.label} connects with TLS (${c.shown}) to ${where}, which is plaintext (no listener.http.tls): the TLS handshake meets a plaintext HTTP reply; ${connectConsequence(c)}`,
          nativelink: PLAINTEXT_REPLY,
          hint: "use grpc:// and drop tls_config, or add tls { cert_file, key_file } to that listener",
          related: [{ file: l.config.file, at: l.at, node: l.node, message: "plaintext listener (no tls)" }],
        };
      } else {
        yield {
          file: c.config.file,
          node: c.uri.node,
          message: `${c.label} connects without TLS (${c.shown}) to ${where}, which requires TLS: the server logs "${ACCEPT_FAILED}" for every attempt; ${connectConsequence(c)}`,
          nativelink: ACCEPT_FAILED,
          hint: 'use grpcs:// with tls_config: { ca_file: "<CA that signed the listener\'s certificate>" }',
          related: [{ file: l.config.file, at: l.server.tls!.at, node: l.server.tls!.node, message: "this listener speaks TLS" }],
        };
      }
    }
  },
);
