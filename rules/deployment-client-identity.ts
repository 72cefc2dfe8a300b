// Across configs checked together, every client of a listener that requires client certificates must send one its client_ca_file trusts and its client_crl_file does not revoke.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { buildChain, opensslVerifyCmd, revocationCheck } from "../src/tls/index.ts";
import { connectConsequence, listenerLabel, matchNote, peerFile } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;
const WORKER = (tls: string) =>
  `{
  stores: [${FS}],
  servers: [],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpcs://localhost:50061", tls_config: ${tls} },
    cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {},
  } }],
}`;
const SCHEDULER = `{
  stores: [],
  schedulers: [{ name: "MAIN", simple: {} }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50061", tls: {
      cert_file: "certs/scheduler.pem", key_file: "certs/scheduler-key.pem",
      client_ca_file: "certs/worker-ca.pem", client_crl_file: "certs/worker-ca.crl",
    } } },
    services: { worker_api: { scheduler: "MAIN" } },
  }],
}`;
const FILES = {
  "certs/scheduler.pem": "@pki:serverChain",
  "certs/scheduler-key.pem": "@pki:serverKey",
  "certs/worker-ca.pem": "@pki:caBundle",
  "certs/worker-ca.crl": "@pki:crlBundle",
  "certs/ca.pem": "@pki:rootCa",
  "certs/worker.pem": "@pki:clientChain",
  "certs/worker-key.pem": "@pki:clientKey",
  "certs/revoked.pem": "@pki:revokedClientChain",
  "certs/revoked-key.pem": "@pki:revokedClientKey",
};

const NO_CERT = "peer sent no certificates";
const UNKNOWN_ISSUER = "invalid peer certificate: UnknownIssuer";

const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(", ");

export default defineRule(
  {
    id: "deployment-client-identity",
    category: "tls",
    severity: "error",
    appliesTo: "deployment",
    summary: "a client of a listener with client_ca_file must send a certificate that chains to it and that client_crl_file does not revoke",
    why: "A listener with client_ca_file builds rustls' WebPkiClientVerifier, which requires a client certificate on every connection: the chain the client sends (its cert_file) must lead to a certificate of client_ca_file, and with client_crl_file every certificate of that chain below the trust anchor needs a CRL from its issuer (unknown status is refused; an expired CRL is still used) that does not list it. A client with no cert_file, or with use_native_roots: true (which makes NativeLink drop cert_file and key_file), sends none. The server logs `Failed to accept tls stream` for every attempt: a worker retries every 0.5 s forever, a grpc store fails on its first request, a grpc scheduler used by capabilities stops NativeLink at startup. The client's certificate dates and extendedKeyUsage are client-tls-cert's findings; this rule checks what only both configs together show.",
    fix: "Give the client a cert_file/key_file issued by a CA in the server's client_ca_file (or add its CA there), keep use_native_roots off on mTLS clients, replace revoked certificates, and make client_crl_file hold a current CRL from every CA of the client chains.",
    nativelink: [
      { message: NO_CERT, source: "rustls 0.23.34 Error::NoCertificatesPresented, logged by src/bin/nativelink.rs:652" },
      { message: UNKNOWN_ISSUER, source: "rustls-webpki 0.103.13, logged by src/bin/nativelink.rs:652" },
      { message: "invalid peer certificate: Revoked", source: "rustls-webpki 0.103.13 crl checks, logged by src/bin/nativelink.rs:652" },
      { message: "invalid peer certificate: UnknownRevocationStatus", source: "rustls 0.23.34 WebPkiClientVerifier (UnknownStatusPolicy::Deny)" },
      { message: "Failed to accept tls stream", source: "src/bin/nativelink.rs:652" },
    ],
    catalog: ["tls-accept-failed", "worker-endpoint-connect"],
    examples: {
      bad: { config: WORKER(`{ ca_file: "certs/ca.pem", cert_file: "certs/revoked.pem", key_file: "certs/revoked-key.pem" }`), peers: { "scheduler.json5": SCHEDULER }, files: FILES },
      good: { config: WORKER(`{ ca_file: "certs/ca.pem", cert_file: "certs/worker.pem", key_file: "certs/worker-key.pem" }`), peers: { "scheduler.json5": SCHEDULER }, files: FILES },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    const now = ctx.options.now;
    for (const { client: c, res } of deploymentGraph(dep).connections) {
      const l = res.target;
      const stls = l?.server.tls;
      const tls = c.endpoint.tls;
      if (!l || !stls?.clientCaFile || !c.tls || !l.tls || !tls) continue;
      const clientCa = peerFile(l.config, stls.clientCaFile);
      // An unreadable or empty client_ca_file stops the server at startup: the server-side TLS rules' finding.
      const anchors = clientCa?.certs.filter((x) => !x.rustlsAnchorError) ?? [];
      if (!clientCa || anchors.length === 0) continue;
      const where = `${listenerLabel(l)}${matchNote(c, res)}`;
      const requires = `${where}, which requires a client certificate (client_ca_file "${clientCa.str.value}")`;
      const relCa = { file: l.config.file, node: clientCa.str.node, message: `client certificates must chain to ${quoted(anchors.map((a) => a.subject))}` };
      if (tls.useNativeRoots?.value === true || !tls.certFile) {
        const native = tls.useNativeRoots?.value === true;
        yield {
          file: c.config.file,
          at: native ? tls.useNativeRoots!.at : tls.at,
          node: native ? tls.useNativeRoots!.node : tls.node,
          message: native
            ? `${c.label} sets use_native_roots: true, which makes NativeLink drop cert_file and key_file, so it sends no client certificate to ${requires}: the server refuses every handshake; ${connectConsequence(c)}`
            : `${c.label} has no cert_file, so it sends no client certificate to ${requires}: the server refuses every handshake; ${connectConsequence(c)}`,
          nativelink: NO_CERT,
          hint: native
            ? "set use_native_roots: false and give ca_file, cert_file and key_file"
            : `add cert_file and key_file with a client certificate issued by a CA of "${clientCa.str.value}"`,
          related: [relCa],
        };
        continue;
      }
      const cert = peerFile(c.config, tls.certFile);
      if (!cert || cert.certs.length === 0) continue;
      const leaf = cert.certs[0]!;
      const who = `the client certificate "${leaf.subject}" (cert_file "${cert.str.value}") of ${c.label}`;
      const crlStr = stls.clientCrlFile;
      const crlFile = crlStr ? peerFile(l.config, crlStr) : undefined;
      const verify = (crl: boolean) =>
        opensslVerifyCmd({ caFile: clientCa.path, untrusted: cert.path, crlFile: crl ? crlFile?.path : undefined, crlCheck: "all", purpose: "sslclient", at: now, certFile: cert.path });
      const chain = buildChain(cert.certs, anchors, { at: now });
      if (!chain.chainToTrust || chain.anchor === undefined) {
        const last = cert.certs[chain.path[chain.path.length - 1] ?? 0]!;
        const why = chain.missingIssuer ? `nothing there or in cert_file issued "${last.subject}" (its issuer is "${chain.missingIssuer}")` : `the chain ends at "${last.subject}"`;
        yield {
          file: c.config.file,
          node: cert.str.node,
          message: `${who} does not chain to client_ca_file "${clientCa.str.value}" (${quoted(anchors.map((a) => a.subject))}) of ${where}: ${why}; the server refuses every handshake; ${connectConsequence(c)}`,
          nativelink: UNKNOWN_ISSUER,
          hint: `issue the client certificate from a CA in "${clientCa.str.value}", or add the client's CA ("${leaf.issuer}") to that file`,
          reproduce: verify(false),
          related: [relCa],
        };
        continue;
      }
      // With client_crl_file set (and readable, with CRLs webpki accepts), rustls checks the whole chain.
      if (!crlStr || !crlFile || crlFile.crls.length === 0 || crlFile.crls.some((x) => x.rustlsError)) continue;
      const path = chain.path.map((i) => cert.certs[i]!);
      const r = revocationCheck(path, anchors[chain.anchor]!, crlFile.crls, now);
      if (r.ok) continue;
      const subject = path[r.certIndex]!;
      const whose = r.certIndex === 0 ? who : `"${subject.subject}", which ${who} chains through,`;
      if (r.rustls === "invalid peer certificate: Revoked") {
        yield {
          file: c.config.file,
          node: cert.str.node,
          message: `${whose} is revoked by client_crl_file "${crlFile.str.value}" of ${where}: the server refuses every handshake; ${connectConsequence(c)}`,
          nativelink: r.rustls,
          hint: `issue ${c.label} a new certificate (serial ${subject.serialHex} is listed in the CRL)`,
          reproduce: verify(true),
          related: [{ file: l.config.file, node: crlFile.str.node, message: `revokes "${subject.subject}"` }],
        };
      } else {
        // The fix belongs to the server's CRL file: a CRL is missing, or does not verify.
        yield {
          file: l.config.file,
          node: crlFile.str.node,
          message: `client_crl_file "${crlFile.str.value}" of ${listenerLabel(l, false)} cannot vouch for "${subject.subject}", which ${c.label} of ${c.config.file} sends: ${r.problem}; the server refuses that client's every handshake; ${connectConsequence(c)}`,
          nativelink: r.rustls,
          hint: `add a current CRL from "${subject.issuer}" to client_crl_file`,
          reproduce: verify(true),
          related: [{ file: c.config.file, node: cert.str.node, message: `${c.label}'s client certificate` }],
        };
      }
    }
  },
);
