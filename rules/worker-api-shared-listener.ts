// The worker API should have a listener of its own, not share one with client-facing services.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { clientFacingOf, listenOf, listWords, serverLabel, workerApiOf } from "../src/facts/security.ts";

const HEAD = '{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [';
const PUBLIC = '{ name: "public", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ cas_store: "CAS" }]';

export default defineRule(
  {
    id: "worker-api-shared-listener",
    category: "security",
    severity: "warning",
    guide: true,
    summary: "the worker API should not share a listener with client-facing services",
    why: "The NativeLink security guides say never to expose the worker API on the same network endpoint as client-facing services, and to run it on a dedicated port: workers have elevated privileges and must be isolated. On a shared listener the worker API is reachable wherever clients are (usually the public interface), and firewall rules, network policies and a worker-only client CA cannot tell the two apart.",
    fix: "Move worker_api to a server of its own with its own socket_address (e.g. 50061), bound to a private address, with a worker-only client_ca_file.",
    examples: {
      bad: { config: `${HEAD}${PUBLIC}, worker_api: { scheduler: "MAIN" } } }] }` },
      good: { config: `${HEAD}${PUBLIC} } }, { name: "workers", listener: { http: { socket_address: "127.0.0.1:50061" } }, services: { worker_api: { scheduler: "MAIN" } } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const wa = workerApiOf(s);
      const shared = clientFacingOf(s);
      const firstShared = shared[0];
      if (!wa || !firstShared) continue;
      const listen = listenOf(s);
      yield {
        at: wa.at,
        node: wa.body,
        target: "key",
        severity: postureSeverity(ctx, "should"),
        message: `the worker API shares the listener of ${serverLabel(s)}${listen ? ` (${listen.shown})` : ""} with client-facing ${shared.length === 1 ? "service" : "services"} ${listWords(shared.map((e) => e.service))}`,
        hint: `move worker_api into a server of its own, e.g. { listener: { http: { socket_address: "127.0.0.1:50061" } }, services: { worker_api: { ... } } }`,
        related: [{ at: firstShared.at, node: firstShared.body, message: `${firstShared.service} is served on the same listener` }],
      };
    }
  },
);
