// A client tls_config must say what it trusts: a ca_file, or use_native_roots: true.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { loadMessage, startupConsequence, usesNativeRoots } from "../src/facts/tls-client.ts";

const MESSAGE = "CA certificate must be provided if not using native root certificates";

const STORE = (tls: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cas.internal:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;

export default defineRule(
  {
    id: "client-tls-trust",
    category: "tls",
    severity: "error",
    summary: "a client tls_config needs a ca_file or use_native_roots: true",
    why: "NativeLink verifies the server it connects to against ca_file, or against the system's trust store when use_native_roots is true. With neither, including an empty `tls_config: {}`, load_client_config fails before anything is read or connected. Grpc stores and the grpc scheduler stop NativeLink at startup; a worker logs the error and retries every 0.5 s, forever. ClientTlsConfig accepts unknown keys, so a misspelt `ca_file` ends up here too.",
    fix: "Add ca_file with the PEM file of the CA that signed the server's certificate, or set use_native_roots: true when the server's certificate comes from a public CA.",
    nativelink: [
      { message: MESSAGE, source: "nativelink-util/src/tls_utils.rs:38-43" },
      { message: "Parsing local worker TLS configuration", source: "nativelink-worker/src/local_worker.rs:748-750" },
    ],
    catalog: ["client-tls-ca-required", "worker-endpoint-tls-config", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: { config: STORE('{ cert_file: "/etc/nativelink/client.pem", key_file: "/etc/nativelink/client-key.pem" }') },
      good: { config: STORE("{ use_native_roots: true }") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const tls = e.tls;
      if (!tls || usesNativeRoots(e) || tls.caFile) continue;
      const roots = tls.useNativeRoots ? "use_native_roots is false" : "no use_native_roots";
      yield {
        at: tls.at,
        node: tls.node,
        message: `tls_config has no ca_file and ${roots}, so NativeLink has nothing to verify the server's certificate against; ${startupConsequence(e)}`,
        nativelink: loadMessage(e, "Internal", [MESSAGE]),
        hint: 'add ca_file: "<PEM file of the CA that signed the server\'s certificate>", or use_native_roots: true for a server with a publicly trusted certificate',
      };
    }
  },
);
