// Across configs checked together, a TLS client's ca_file must verify the certificate chain its server sends, issued for the host it dials.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { buildChain, certValidForName, opensslVerifyCmd, rustlsNameError, type CertFacts } from "../src/tls/index.ts";
import { connectConsequence, listenerLabel, matchNote, peerFile } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;
const WORKER = (caFile: string) =>
  `{
  stores: [${FS}],
  servers: [],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpcs://localhost:50061", tls_config: { ca_file: "${caFile}" } },
    cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {},
  } }],
}`;
const SCHEDULER = `{
  stores: [],
  schedulers: [{ name: "MAIN", simple: {} }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50061", tls: { cert_file: "certs/scheduler.pem", key_file: "certs/scheduler-key.pem" } } },
    services: { worker_api: { scheduler: "MAIN" } },
  }],
}`;
const FILES = { "certs/scheduler.pem": "@pki:serverChain", "certs/scheduler-key.pem": "@pki:serverKey", "certs/ca.pem": "@pki:rootCa", "certs/other-ca.pem": "@pki:foreignCa" };

const UNKNOWN_ISSUER = "invalid peer certificate: UnknownIssuer";

const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");

/** The names webpki matches: subjectAltName DNS names and IP addresses (never the subject CN). */
function namesOf(cert: CertFacts): string {
  const names = [...(cert.san?.dns ?? []), ...(cert.san?.ip ?? [])];
  return names.length === 0 ? "no name (it has no DNS or IP subjectAltName; webpki ignores the subject CN)" : `only ${names.join(", ")}`;
}

export default defineRule(
  {
    id: "deployment-server-trust",
    category: "tls",
    severity: "error",
    appliesTo: "deployment",
    summary: "a TLS client's ca_file must verify its server's certificate chain, and the certificate must name the host the client dials",
    why: "tonic trusts only the certificates of the client's ca_file (unless use_native_roots is set) and checks the server's certificate the way rustls-webpki does: the chain the server sends (its cert_file, leaf first, then intermediates) must lead to one of them, and the leaf's subjectAltName must cover the host of the URI, a DNS name or an IP address (the subject CN is ignored). When a configuration is split across machines, the server's cert_file and the client's ca_file live in different configs, so neither alone shows the mismatch. The handshake fails on every connection: a worker retries every 0.5 s forever, a grpc store fails on its first request, a grpc scheduler used by capabilities stops NativeLink at startup.",
    fix: "Put the CA that issued the server's certificate (its root, or the intermediate) in the client's ca_file, append missing intermediates to the server's cert_file after the leaf, and issue the server certificate with a subjectAltName for every host name or IP address clients use (or dial a name it already covers).",
    nativelink: [
      { message: UNKNOWN_ISSUER, source: "rustls 0.23.34 / rustls-webpki 0.103.13, via nativelink-worker/src/local_worker.rs:760-765" },
      { message: "invalid peer certificate: certificate not valid for name {host}; certificate is only valid for {names}", source: "rustls 0.23.34 CertificateError::NotValidForNameContext" },
    ],
    catalog: ["worker-endpoint-connect", "grpc-store-connect-failed"],
    examples: {
      bad: { config: WORKER("certs/other-ca.pem"), peers: { "scheduler.json5": SCHEDULER }, files: FILES },
      good: { config: WORKER("certs/ca.pem"), peers: { "scheduler.json5": SCHEDULER }, files: FILES },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    const now = ctx.options.now;
    for (const { client: c, res } of deploymentGraph(dep).connections) {
      const l = res.target;
      const tls = c.endpoint.tls;
      if (!l || !c.tls || !l.tls || !tls || tls.useNativeRoots?.value === true) continue;
      const ca = peerFile(c.config, tls.caFile);
      const cert = peerFile(l.config, l.server.tls?.certFile);
      if (!ca || !cert || cert.certs.length === 0) continue;
      // What RootCertStore::add accepts; an empty or unusable ca_file is the client-tls rules' finding.
      const anchors = ca.certs.filter((x) => !x.rustlsAnchorError);
      if (anchors.length === 0) continue;
      const leaf = cert.certs[0]!;
      const where = `${listenerLabel(l)}${matchNote(c, res)}`;
      const related = [{ file: l.config.file, node: cert.str.node, message: `the server's certificate, ${leaf.subject}` }];
      const reproduce = (host?: string) => opensslVerifyCmd({ caFile: ca.path, untrusted: cert.path, purpose: "sslserver", at: now, host, certFile: cert.path });
      const chain = buildChain(cert.certs, anchors, { at: now, purpose: "serverAuth" });
      if (!chain.chainToTrust) {
        const last = cert.certs[chain.path[chain.path.length - 1] ?? 0]!;
        const why = chain.missingIssuer
          ? `no certificate of ca_file or of the server's cert_file issued "${last.subject}" (its issuer is "${chain.missingIssuer}")`
          : `the chain ends at "${last.subject}", which ca_file does not hold`;
        yield {
          file: c.config.file,
          node: tls.caFile!.node,
          message: `${c.label} verifies ${where} against ca_file "${ca.str.value}" (${quoted(anchors.map((a) => a.subject))}), but the server's certificate does not chain to it: ${why}; ${connectConsequence(c)}`,
          nativelink: UNKNOWN_ISSUER,
          hint: chain.missingIssuer && chain.path.length === 1
            ? `add the CA that issued the server's certificate ("${leaf.issuer}") or its root to ca_file, or append the missing intermediate to the server's cert_file after the leaf`
            : "put the CA that issued the server's certificate chain in this ca_file",
          reproduce: reproduce(),
          related,
        };
      }
      // tonic refuses bracketed IPv6 hosts before any handshake (client-tls rules); names it cannot parse likewise.
      const ipv6 = c.hostIp !== undefined && "v6" in c.hostIp;
      if (!ipv6 && !certValidForName(leaf, c.host)) {
        yield {
          file: c.config.file,
          node: c.uri.node,
          message: `${c.label} dials ${c.host}, but the certificate ${where} presents ("${leaf.subject}", cert_file "${cert.str.value}") is valid for ${namesOf(leaf)}; ${connectConsequence(c)}`,
          nativelink: rustlsNameError(leaf, c.host),
          hint: `reissue the server certificate with subjectAltName ${c.hostIp ? "IP" : "DNS"}:${c.host}, or use a host name the certificate covers`,
          reproduce: reproduce(c.host),
          related,
        };
      }
    }
  },
);
