// tls_config and the endpoint's scheme must agree: NativeLink refuses TLS settings on grpc:// and grpcs:// without them.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { endpointUri } from "../src/facts/endpoints.ts";
import { endpointMessage, startupConsequence, uriField } from "../src/facts/tls-client.ts";

const STORE = (endpoint: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [${endpoint}], store_type: "cas" } }], servers: [] }`;

export default defineRule(
  {
    id: "client-tls-scheme",
    category: "endpoint",
    severity: "error",
    summary: "an endpoint with tls_config must use grpcs:// or https://, and one using grpcs:// or https:// needs tls_config",
    why: "NativeLink turns grpcs:// into https:// and lets tonic use TLS only for https. `endpoint_from` therefore refuses a tls_config on any other scheme (grpc://, http://, or none at all) and refuses grpcs:// or https:// without a tls_config, instead of silently connecting in plaintext or failing the handshake. Grpc stores and the grpc scheduler build their endpoints at startup, so NativeLink stops; a worker builds it on each connection attempt, logs the error and retries every 0.5 s, forever. Schemes are case-sensitive here: GRPCS:// is not rewritten and counts as a plaintext scheme.",
    fix: "Use grpcs://host:port together with tls_config, or grpc://host:port without it.",
    nativelink: [
      { message: "You have set TLS configuration on {endpoint}, but the scheme is not https or grpcs", source: "nativelink-util/src/tls_utils.rs:101-105" },
      { message: "The scheme of {endpoint} is https or grpcs, but no TLS configuration was provided", source: "nativelink-util/src/tls_utils.rs:113-117" },
      { message: "Invalid URI for GrpcStore endpoint", source: "nativelink-store/src/grpc_store.rs:286-290" },
      { message: "Invalid URI for worker endpoint", source: "nativelink-worker/src/local_worker.rs:751-758" },
    ],
    catalog: ["endpoint-tls-on-plaintext", "endpoint-https-without-tls", "worker-endpoint-uri", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: { config: STORE('{ address: "grpcs://cas.internal:50051" }') },
      good: { config: STORE('{ address: "grpcs://cas.internal:50051", tls_config: { use_native_roots: true } }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const uri = e.uri;
      if (!uri || uri.unknown) continue;
      const p = endpointUri(ctx, uri.value);
      // Unparsable URIs and URIs without an authority are endpoint-uri-valid's findings.
      if (!p.ok || p.authority === undefined) continue;
      const shown = uri.value;
      const display = p.display ?? uri.value;
      const name = uriField(e);
      const hasTls = e.tls !== undefined;
      // `tls_config: null` is None; any other value that is not an object is a schema error.
      const tlsAbsent = e.tlsNode === undefined || e.tlsNode.kind === "null";
      const hostPort = p.authority;
      if (hasTls && p.scheme !== "https") {
        const written = p.writtenScheme;
        const what = written === undefined ? "has no scheme" : `uses the ${written}:// scheme`;
        const caseHint = written !== undefined && /^(grpcs|https)$/i.test(written) ? ` (schemes are case-sensitive here: write ${written.toLowerCase()}://)` : "";
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} ${what}, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so ${startupConsequence(e)}${caseHint}`,
          nativelink: endpointMessage(e, "InvalidArgument", [`You have set TLS configuration on ${display}, but the scheme is not https or grpcs`]),
          hint: `write grpcs://${hostPort} to connect with TLS, or remove tls_config to connect in plaintext`,
        };
      } else if (tlsAbsent && p.scheme === "https") {
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} uses ${p.writtenScheme}://, which needs TLS, but the endpoint has no tls_config; ${startupConsequence(e)}`,
          nativelink: endpointMessage(e, "InvalidArgument", [`The scheme of ${display} is https or grpcs, but no TLS configuration was provided`]),
          hint: `add tls_config: { ca_file: "<PEM file of the CA that signed the server's certificate>" } (or use_native_roots: true for a publicly trusted server), or write grpc://${hostPort} to connect in plaintext`,
        };
      }
    }
  },
);

