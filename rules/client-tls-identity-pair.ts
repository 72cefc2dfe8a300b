// A client certificate and its key come together: cert_file without key_file, or the reverse, stops the endpoint.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { loadMessage, startupConsequence, usesNativeRoots } from "../src/facts/tls-client.ts";

const NO_KEY = "Client certificate specified, but no key";
const NO_CERT = "Client key specified, but no certificate";

const SCHEDULER = (tls: string) =>
  `{ stores: [], servers: [], schedulers: [{ name: "UPSTREAM", grpc: { endpoint: { address: "grpcs://scheduler.internal:50052", tls_config: ${tls} } } }] }`;

export default defineRule(
  {
    id: "client-tls-identity-pair",
    category: "tls",
    severity: "error",
    summary: "a client tls_config sets cert_file and key_file together, or neither",
    why: "The client certificate (cert_file) is only usable with its private key (key_file). load_client_config checks the pair right after reading ca_file, before it reads either file, and fails when only one is set. Grpc stores and the grpc scheduler stop NativeLink at startup; a worker logs the error and retries every 0.5 s, forever. With use_native_roots: true both are ignored instead (client-tls-native-roots-override).",
    fix: "Add the missing key_file or cert_file, or remove the one that is set to connect without a client certificate.",
    nativelink: [
      { message: NO_KEY, source: "nativelink-util/src/tls_utils.rs:48-54" },
      { message: NO_CERT, source: "nativelink-util/src/tls_utils.rs:59-65" },
    ],
    catalog: ["client-tls-cert-without-key", "client-tls-key-without-cert", "worker-endpoint-tls-config", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: { config: SCHEDULER('{ ca_file: "/etc/nativelink/ca.pem", cert_file: "/etc/nativelink/client.pem" }') },
      good: { config: SCHEDULER('{ ca_file: "/etc/nativelink/ca.pem", cert_file: "/etc/nativelink/client.pem", key_file: "/etc/nativelink/client-key.pem" }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const tls = e.tls;
      if (!tls || usesNativeRoots(e)) continue;
      if (tls.certFile && !tls.keyFile) {
        yield {
          at: tls.at,
          node: tls.node,
          message: `tls_config has cert_file ${JSON.stringify(tls.certFile.value)} but no key_file, and a client certificate is unusable without its private key; ${startupConsequence(e)}`,
          nativelink: loadMessage(e, "Internal", [NO_KEY]),
          hint: "add key_file with the certificate's private key (PEM), or remove cert_file to connect without a client certificate",
          related: [{ node: tls.certFile.node, message: "cert_file is set here" }],
        };
      } else if (tls.keyFile && !tls.certFile) {
        yield {
          at: tls.at,
          node: tls.node,
          message: `tls_config has key_file ${JSON.stringify(tls.keyFile.value)} but no cert_file, so there is no client certificate to present; ${startupConsequence(e)}`,
          nativelink: loadMessage(e, "Internal", [NO_CERT]),
          hint: "add cert_file with the client certificate (PEM) that belongs to this key, or remove key_file",
          related: [{ node: tls.keyFile.node, message: "key_file is set here" }],
        };
      }
    }
  },
);
