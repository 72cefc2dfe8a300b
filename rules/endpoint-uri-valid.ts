// Peer addresses (grpc store endpoints, grpc scheduler endpoint, worker_api_endpoint.uri) must be URIs tonic can connect to.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { EndpointModel } from "../src/model.ts";
import { grpcStoreStartupError, nativelinkErrorText, endpointUri } from "../src/facts/endpoints.ts";

const CAS = (address: string) =>
  `{ stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", endpoints: [{ address: "${address}" }], store_type: "cas" } }], servers: [] }`;

function fieldName(e: EndpointModel): string {
  if (e.owner === "worker") return "worker_api_endpoint.uri";
  if (e.owner === "grpc-scheduler") return "endpoint.address";
  const i = /\/endpoints\/(\d+)$/.exec(e.at)?.[1];
  return `endpoints[${i ?? "?"}].address`;
}

/** What the failure does to NativeLink, by who owns the endpoint. */
function consequence(e: EndpointModel, when: "startup" | "connect"): string {
  if (e.owner === "worker") return "the worker logs the error every 0.5 s and never registers";
  if (when === "startup") return e.owner === "grpc-store" ? "the grpc store cannot be built and NativeLink stops" : "the grpc scheduler cannot be built and NativeLink stops";
  return e.owner === "grpc-store" ? "every request through this grpc store fails" : "every request to the upstream scheduler fails";
}

/**
 * The innermost message NativeLink prints: grpc stores and workers wrap `endpoint_from`'s error and
 * keep it as one stringified message; the grpc scheduler passes it through.
 */
function startupMessage(e: EndpointModel, code: string, messages: [string, ...string[]]): string {
  if (e.owner === "grpc-store") return grpcStoreStartupError(e, code, messages);
  return e.owner === "grpc-scheduler" ? messages[0] : nativelinkErrorText(code, messages);
}

export default defineRule(
  {
    id: "endpoint-uri-valid",
    category: "endpoint",
    severity: "error",
    summary: "a grpc store, grpc scheduler or worker endpoint address must be a URI tonic can connect to",
    why: "NativeLink parses each peer address with the http crate's Uri parser, and tonic/hyper-util then connect to its scheme, host and port. A string the parser rejects (spaces, an empty string, a missing host after `grpc://`) stops startup for grpc stores and the grpc scheduler and leaves a worker retrying every 0.5 s. Strings that parse can still fail later: without a scheme (`host:50051`) every connection fails with `invalid URL, scheme is missing`; with tls_config but no authority (`/path`) endpoint_from fails; a port that is not a number from 0 to 65535 is silently ignored, so hyper-util connects to port 80 (443 for https/grpcs); a missing port on grpc:// also means port 80; a path after the authority is dropped.",
    fix: "Write the address as grpc://HOST:PORT (grpcs://HOST:PORT with tls_config), with no spaces, no path and a port from 1 to 65535.",
    nativelink: [
      { message: "<http::uri error, e.g. invalid uri character> + Unable to parse endpoint {endpoint}", source: "nativelink-util/src/tls_utils.rs:76-79" },
      { message: "Unable to determine authority of endpoint: {endpoint}", source: "nativelink-util/src/tls_utils.rs:96-100" },
      { message: "Invalid URI for GrpcStore endpoint", source: "nativelink-store/src/grpc_store.rs:286-290" },
      { message: "Invalid URI for worker endpoint", source: "nativelink-worker/src/local_worker.rs:751-758" },
      { message: "invalid URL, scheme is missing", source: "hyper-util 0.1.17 src/client/legacy/connect/http.rs:497-503 (via tonic 0.14.6 Endpoint::connect)" },
    ],
    catalog: ["endpoint-uri-unparsable", "endpoint-no-authority", "worker-endpoint-uri", "grpc-store-endpoint-wrapped", "grpc-scheduler-endpoint-invalid"],
    examples: {
      bad: { config: CAS("grpc://cas.internal:50051 ") },
      good: { config: CAS("grpc://cas.internal:50051") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const uri = e.uri;
      if (!uri || uri.unknown) continue;
      const shown = uri.value;
      const name = fieldName(e);
      const p = endpointUri(ctx, uri.value);
      if (!p.ok) {
        const inner = p.message ?? "invalid uri";
        const blank = uri.value.trim() === "";
        const spaced = !blank && /\s/.test(uri.value);
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} is not a URI NativeLink can parse (${inner}); ${consequence(e, "startup")}`,
          nativelink: startupMessage(e, "Internal", [inner, `Unable to parse endpoint ${shown}`]),
          hint: blank
            ? "give the peer's address, e.g. grpc://host:50051"
            : spaced
              ? "remove the whitespace (check the value of any ${VAR} it uses)"
              : "write it as grpc://host:port (grpcs://host:port with tls_config)",
        };
        continue;
      }
      const display = p.display ?? uri.value;
      if (p.authority === undefined) {
        if (e.tls) {
          const msg = `Unable to determine authority of endpoint: ${display}`;
          yield {
            node: uri.node,
            message: `${name} ${JSON.stringify(shown)} has no host, which a TLS endpoint needs to verify the server; ${consequence(e, "startup")}`,
            nativelink: startupMessage(e, "InvalidArgument", [msg]),
            hint: "write it as grpcs://host:port",
          };
        } else {
          yield {
            node: uri.node,
            // hyper-util's "invalid URL, scheme is missing" reaches the log inside tonic's error chain,
            // whose exact form the catalog does not give: the message quotes it, the nativelink field does not.
            message: `${name} ${JSON.stringify(shown)} is a path, not a peer address: tonic finds no scheme or host to connect to (hyper-util: "invalid URL, scheme is missing"), so ${consequence(e, "connect")}`,
            hint: "write it as grpc://host:port",
          };
        }
        continue;
      }
      if (p.scheme === undefined) {
        // With tls_config, endpoint_from rejects the missing https scheme; that is the TLS rules' finding.
        if (e.tls) continue;
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} has no scheme: it parses as a bare authority, but tonic cannot connect without one (hyper-util: "invalid URL, scheme is missing"), so ${consequence(e, "connect")}`,
          hint: `write grpc://${shown}`,
        };
        continue;
      }
      if (p.host === "") {
        // With TLS, the empty host fails earlier, as an invalid server name (endpoint-host-sni).
        if (e.tls) continue;
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} has an empty host, so the connection fails at name resolution and ${consequence(e, "connect")}`,
          hint: "put the peer's host name or IP address after ://",
        };
        continue;
      }
      const defaultPort = p.scheme === "https" ? 443 : 80;
      if (p.portText !== undefined && p.port === undefined) {
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} has port ${JSON.stringify(p.portText)}, which is not a number from 0 to 65535; hyper-util ignores it and connects to port ${defaultPort}`,
          hint: "use the peer's real port, from 1 to 65535",
        };
      } else if (p.port === 0) {
        yield {
          node: uri.node,
          message: `${name} ${JSON.stringify(shown)} has port 0, which no connection can reach; ${consequence(e, "connect")}`,
          hint: "use the peer's real port, from 1 to 65535",
        };
      } else if (p.portText === undefined && p.scheme !== "http" && p.scheme !== "https") {
        yield {
          node: uri.node,
          severity: "warning",
          message: `${name} ${JSON.stringify(shown)} has no port, so hyper-util connects to port 80 (its default for every scheme but https/grpcs)`,
          hint: `add the port the peer listens on, e.g. ${p.writtenScheme}://${p.host}:50051`,
        };
      }
      if (p.path !== "/" || p.query !== undefined) {
        yield {
          node: uri.node,
          severity: "warning",
          message: `${name} ${JSON.stringify(shown)} has a path or query, which tonic drops: requests go to the service's own path on ${p.host}`,
          hint: `remove everything after the port: ${p.writtenScheme}://${p.authority}`,
        };
      }
    }
  },
);
