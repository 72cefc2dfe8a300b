// Workers and clients should be authenticated by different CAs.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ServerModel, Str } from "../src/model.ts";
import type { RuleContext } from "../src/context.ts";
import { normalize } from "node:path";
import { clientFacingOf, known, serverLabel, workerApiOf } from "../src/facts/security.ts";

const SERVER_FILES = { "certs/server.pem": "@pki:serverChain", "certs/server-key.pem": "@pki:serverKey" };
const server = (name: string, addr: string, ca: string, services: string) =>
  `{ name: "${name}", listener: { http: { socket_address: "${addr}", tls: { cert_file: "certs/server.pem", key_file: "certs/server-key.pem", client_ca_file: "${ca}", client_crl_file: "certs/crl.pem" } } }, services: ${services} }`;
const config = (workerCa: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [${server("public", "0.0.0.0:50051", "certs/client-ca.pem", '{ cas: [{ cas_store: "CAS" }] }')}, ${server("workers", "10.0.0.5:50061", workerCa, '{ worker_api: { scheduler: "MAIN" } }')}] }`;

/** The CA certificates a client_ca_file holds, by SHA-256 fingerprint, when the engine read it. */
function caCerts(ctx: RuleContext, str: Str): Map<string, string> {
  const view = ctx.files.get(ctx.model!.resolvePath(str.value));
  return new Map((view?.facts?.certs ?? []).map((c) => [c.fingerprintSha256, c.subject]));
}

export default defineRule(
  {
    id: "client-ca-separate",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "the worker API and client-facing listeners should trust different client CAs",
    why: "The NativeLink guides advise separate certificate authorities for workers and for general clients, so that access can be granted and revoked independently. When the worker API's client_ca_file is the same file as a client-facing listener's, or holds the same CA certificate, every certificate issued to a build client is also accepted as a worker certificate. (A worker API sharing one listener with client services is reported by worker-api-shared-listener instead.)",
    fix: "Issue worker certificates from a CA of their own and point the worker API's client_ca_file at it only; keep the client CA on the client-facing listeners.",
    examples: {
      bad: { config: config("certs/client-ca.pem"), files: { ...SERVER_FILES, "certs/client-ca.pem": "@pki:rootCa", "certs/crl.pem": "@pki:crlBundle" } },
      good: { config: config("certs/worker-ca.pem"), files: { ...SERVER_FILES, "certs/client-ca.pem": "@pki:rootCa", "certs/worker-ca.pem": "@pki:foreignCa", "certs/crl.pem": "@pki:crlBundle" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const caOf = (s: ServerModel) => {
      const f = s.tls?.clientCaFile;
      return known(f) && f.value !== "" ? f : undefined;
    };
    // Each CA file is resolved and read once. A worker API is reported against the first client-facing
    // server (in config order) whose CA file is the same path or holds one of its certificates: the first
    // of each kind is looked up by path and by fingerprint, and the earlier of the two is the one.
    const clientSide = model.servers
      .filter((s) => !workerApiOf(s) && clientFacingOf(s).length > 0 && caOf(s))
      .map((c) => {
        const ca = caOf(c)!;
        return { server: c, ca, path: normalize(model.resolvePath(ca.value)), certs: caCerts(ctx, ca) };
      });
    const firstByPath = new Map<string, number>();
    const firstByCert = new Map<string, number>();
    clientSide.forEach((c, i) => {
      if (!firstByPath.has(c.path)) firstByPath.set(c.path, i);
      for (const fp of c.certs.keys()) if (!firstByCert.has(fp)) firstByCert.set(fp, i);
    });
    for (const w of model.servers) {
      const wca = workerApiOf(w) ? caOf(w) : undefined;
      if (!wca) continue;
      const wPath = normalize(model.resolvePath(wca.value));
      const wCerts = caCerts(ctx, wca);
      let at = firstByPath.get(wPath) ?? clientSide.length;
      for (const fp of wCerts.keys()) at = Math.min(at, firstByCert.get(fp) ?? at);
      const match = clientSide[at];
      if (!match) continue;
      const { server: c, ca: cca } = match;
      let message: string;
      if (match.path === wPath) {
        message = `the worker API of ${serverLabel(w)} trusts the same client CA file as client-facing ${serverLabel(c)} (${JSON.stringify(wca.value)})`;
      } else {
        // The first of the client CA file's certificates that the worker API's file also holds.
        const shared = [...match.certs.entries()].find(([fp]) => wCerts.has(fp))!;
        message = `the worker API of ${serverLabel(w)} (client_ca_file ${JSON.stringify(wca.value)}) and client-facing ${serverLabel(c)} (client_ca_file ${JSON.stringify(cca.value)}) both trust the CA "${shared[1]}"`;
      }
      yield {
        node: wca.node,
        severity: postureSeverity(ctx, "should"),
        message,
        hint: "issue worker certificates from a CA used only for workers and name that CA here; a client certificate then no longer opens the worker API",
        related: [{ node: cca.node, message: `client CA of ${serverLabel(c)}` }],
      };
    }
  },
);
