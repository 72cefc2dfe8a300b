// A TLS endpoint's host becomes the TLS server name; rustls refuses one that is neither a DNS name nor a bare IP address.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { endpointUri } from "../src/facts/endpoints.ts";
import { mtlsMessage, serverNameProblem, startupConsequence, uriField } from "../src/facts/tls-client.ts";

const INVALID = "invalid dns name";

const SCHEDULER = (address: string) =>
  `{ stores: [], servers: [], schedulers: [{ name: "UPSTREAM", grpc: { endpoint: { address: "${address}", tls_config: { use_native_roots: true } } } }] }`;

export default defineRule(
  {
    id: "endpoint-host-sni",
    category: "endpoint",
    severity: "error",
    summary: "the host of a grpcs:// endpoint must be a DNS name or a bare IP address that rustls accepts as the TLS server name",
    why: "NativeLink hands the URI's host (`Authority::host`) to tonic as the TLS server name, and tonic turns it into a rustls ServerName when it builds the TLS connector. An IPv6 literal keeps its brackets (`[::1]`), which is neither a DNS name nor an IP address to rustls; so are an empty host (`grpcs://:50051`, which the docs wrongly blame on a missing authority), labels starting or ending with '-', characters such as '~', and an all-digit last label that is not a valid IPv4 address. The connector fails with `invalid dns name` when the endpoint is built: grpc stores and the grpc scheduler stop NativeLink at startup, and a worker retries every 0.5 s, forever.",
    fix: "Connect by a DNS name listed in the server certificate's subjectAltName (for an IPv6 server, give it a name in DNS or /etc/hosts), or by a bare IPv4 address.",
    nativelink: [
      { message: INVALID, source: "nativelink-util/src/tls_utils.rs:106-111 (tonic 0.14.6 channel/service/tls.rs ServerName::try_from; rustls-pki-types 1.13.1)" },
      { message: "Setting mTLS configuration", source: "nativelink-util/src/tls_utils.rs:109-110" },
    ],
    catalog: ["client-tls-invalid-dns-name", "worker-endpoint-uri", "grpc-store-endpoint-wrapped"],
    examples: {
      bad: { config: SCHEDULER("grpcs://[fd00::10]:50052") },
      good: { config: SCHEDULER("grpcs://scheduler.internal:50052") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const e of model.endpoints) {
      const uri = e.uri;
      // NativeLink only reaches tonic's TLS connector for an https (or grpcs) URI with tls_config.
      if (!uri || uri.unknown || !e.tls) continue;
      const p = endpointUri(ctx, uri.value);
      if (!p.ok || p.authority === undefined || p.scheme !== "https" || p.host === undefined) continue;
      const problem = serverNameProblem(p.host);
      if (problem === undefined) continue;
      const shown = uri.value;
      const name = uriField(e);
      let message: string;
      let hint: string;
      if (p.host.startsWith("[")) {
        message = `${name} ${JSON.stringify(shown)} has the IPv6 host ${p.host}, which tonic passes to rustls with its brackets as the TLS server name, and rustls rejects it; ${startupConsequence(e)}`;
        hint = "give the server a DNS name (DNS or /etc/hosts) that its certificate lists in subjectAltName, and use it here";
      } else if (p.host === "") {
        message = `${name} ${JSON.stringify(shown)} has no host, so the TLS server name is empty, and rustls rejects it; ${startupConsequence(e)}`;
        hint = `put the server's DNS name before the port, e.g. ${p.writtenScheme}://scheduler.example.com${p.portText !== undefined ? `:${p.portText}` : ""}`;
      } else {
        message = `${name} ${JSON.stringify(shown)} has the host ${JSON.stringify(p.host)}, which rustls rejects as a TLS server name because ${problem}; ${startupConsequence(e)}`;
        hint = "use the DNS name (or the IPv4 address) the server certificate lists in subjectAltName";
      }
      yield { node: uri.node, message, nativelink: mtlsMessage(e, INVALID), hint };
    }
  },
);
