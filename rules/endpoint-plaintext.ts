// A peer on another machine must be reached over TLS (grpcs://), not plaintext grpc:// or http://.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { EndpointModel } from "../src/model.ts";
import { endpointPlaintext, hostIsLoopback, proxyHint, tlsProxyOfHost } from "../src/facts/security.ts";

const CAS = (endpoint: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [${endpoint}], store_type: "cas" } }], servers: [] }`;

function uriField(e: EndpointModel): string {
  if (e.owner === "worker") return "worker_api_endpoint.uri";
  if (e.owner === "grpc-scheduler") return "endpoint.address";
  return `endpoints[${/\/endpoints\/(\d+)$/.exec(e.at)?.[1] ?? "?"}].address`;
}

function who(e: EndpointModel): string {
  return e.owner === "worker" ? "the worker's traffic to its scheduler at" : e.owner === "grpc-scheduler" ? "the scheduler's traffic to" : "the store's traffic to";
}

export default defineRule(
  {
    id: "endpoint-plaintext",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "a grpc store, grpc scheduler or worker endpoint on another host should use grpcs://, or a proxy that carries it over TLS",
    why: "The NativeLink TLS guide calls grpc:// unencrypted and not for production, and the security guide says never to transmit sensitive data over unencrypted connections. NativeLink dials an endpoint over TLS only when its scheme is grpcs:// or https:// and it has a tls_config; grpc://, http:// or any other scheme sends actions, blobs and results in the clear. Loopback hosts (localhost, 127.0.0.0/8, [::1]) never leave the machine and are not reported; hosts from unset ${VAR}s are skipped; so are hosts named in the settings file's tlsProxies, for a sidecar or service mesh that carries the plaintext connection over TLS.",
    fix: "Use grpcs://HOST:PORT and add tls_config (ca_file, or use_native_roots: true; plus cert_file/key_file where the server requires client certificates).",
    examples: {
      bad: { config: CAS('{ address: "grpc://cas.internal:50051" }') },
      good: {
        config: CAS('{ address: "grpcs://cas.internal:50051", tls_config: { ca_file: "certs/ca.pem" } }'),
        files: { "certs/ca.pem": "@pki:rootCa" },
      },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const uri = e.uri;
      if (!uri || uri.unknown) continue;
      // With a tls_config and a plaintext scheme NativeLink refuses the endpoint (endpoint-uri-valid reports it).
      const tlsNode = e.tlsNode;
      if (e.tls || (tlsNode && tlsNode.kind !== "null")) continue;
      const plain = endpointPlaintext(ctx, uri.value);
      if (!plain || hostIsLoopback(plain.host) !== false || tlsProxyOfHost(ctx, plain.host)) continue;
      yield {
        node: uri.node,
        severity: postureSeverity(ctx, "should"),
        message: `${uriField(e)} ${JSON.stringify(plain.display)} uses plaintext ${plain.scheme}://, so ${who(e)} ${plain.host} is not encrypted`,
        hint:
          `use grpcs://${plain.host}${plain.port ? `:${plain.port}` : ""} with tls_config: { ca_file: "/etc/nativelink/certs/ca.pem" } (or use_native_roots: true for a public CA); ` +
          proxyHint("endpoint-plaintext", `hosts: [${JSON.stringify(plain.host.replace(/^\[|\]$/g, "").toLowerCase())}]`),
      };
    }
  },
);
