// Admin and health endpoints should not be served on the public, client-facing listener.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { adminPath, healthPath } from "../src/facts/routes.ts";
import { clientFacingOf, listenOf, listWords, serverLabel, servicesOf } from "../src/facts/security.ts";

const HEAD = '{ stores: [{ name: "CAS", memory: {} }], servers: [{ name: "public", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }]';

export default defineRule(
  {
    id: "admin-health-exposure",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "admin and health should not be served on a client-facing listener reachable from the network",
    why: "The NativeLink security guide says to protect health check endpoints from public access (its example lets only localhost and the monitoring subnet reach /status); the admin endpoint deserves the same. Services of one server share its listener, so admin or health placed next to cas, ac, execution, bytestream, capabilities, fetch or push on a non-loopback address is open to every build client and to whatever else reaches the client port, without a proxy in front to filter it.",
    fix: "Serve admin and health from a separate server bound to 127.0.0.1 or to the monitoring network, or restrict their paths in the proxy in front of NativeLink.",
    examples: {
      bad: { config: `${HEAD}, health: {} } }] }` },
      good: { config: `${HEAD} } }, { name: "ops", listener: { http: { socket_address: "127.0.0.1:50052" } }, services: { health: {} } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const listen = listenOf(s);
      if (!listen || listen.loopback) continue;
      const shared = clientFacingOf(s);
      if (shared.length === 0) continue;
      for (const svc of ["admin", "health"] as const) {
        const entry = servicesOf(s, svc)[0];
        if (!entry) continue;
        const path = svc === "health" ? healthPath(entry.body) : adminPath(entry.body);
        yield {
          at: entry.at,
          node: entry.body,
          target: "key",
          severity: postureSeverity(ctx, "should"),
          message: `${svc}${path !== undefined ? ` (${path})` : ""} is served on ${listen.shown}, the client-facing listener of ${serverLabel(s)} (${listWords(shared.map((e) => e.service))})`,
          hint: `move ${svc} to a server of its own on 127.0.0.1 or the monitoring network, or block ${path ?? "its path"} for outside clients in the proxy in front of NativeLink`,
          related: [{ node: listen.str.node, message: "listen address" }],
        };
      }
    }
  },
);
