// The worker API should not listen on every interface; without client certificates that is an open door.
import { defineRule, postureSeverity } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { listenOf, serverLabel, workerApiOf } from "../src/facts/security.ts";

const SCHED = 'schedulers: [{ name: "MAIN", simple: {} }]';
const worker = (addr: string) => `{ name: "workers", listener: { http: { socket_address: "${addr}" } }, services: { worker_api: { scheduler: "MAIN" } } }`;

export default defineRule(
  {
    id: "worker-api-bind",
    category: "security",
    severity: "error",
    summary: "the worker API should not listen on every interface (0.0.0.0, [::])",
    why: "The NativeLink security guides tell you to run the worker API on its own port and to bind it to 127.0.0.1 or fence it with firewall rules so that only trusted networks reach it: whoever reaches it can register as a worker, receive actions and report their results. A wildcard address (0.0.0.0, [::] in any spelling, or [::ffff:0.0.0.0]) offers it on every interface of the host. Without mTLS that is a production error (the guides say client certificates are always required for workers); with client_ca_file it is a warning, because the firewall then carries the rest.",
    fix: "Bind the worker API to 127.0.0.1 or to the private address the workers use, and require client certificates (tls.client_ca_file).",
    examples: {
      bad: { config: `{ stores: [], ${SCHED}, servers: [${worker("0.0.0.0:50061")}] }` },
      good: { config: `{ stores: [], ${SCHED}, servers: [${worker("10.0.0.5:50061")}] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const wa = workerApiOf(s);
      const listen = listenOf(s);
      if (!wa || !listen || !listen.wildcard) continue;
      const mtls = s.tls?.clientCaFile !== undefined;
      yield {
        at: listen.str.at,
        severity: postureSeverity(ctx, mtls ? "should" : "never"),
        message: `the worker API of ${serverLabel(s)} listens on every interface (${listen.shown})` + (mtls ? "" : " and asks workers for no client certificate"),
        hint:
          `bind it to 127.0.0.1:${listen.addr.port} or to the private address the workers reach, or restrict port ${listen.addr.port} to the workers' network with firewall rules` +
          (mtls ? "" : "; also set tls.client_ca_file so only workers with certificates from your worker CA can connect"),
      };
    }
  },
);
