// worker_api can only serve a scheduler that has a worker side, i.e. one that ends in a simple scheduler.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { schedulerChain, schedulerMissingMessage, schedulerReferences, workerSchedulerNames } from "../src/facts/references.ts";

const LISTEN = 'listener: { http: { socket_address: "0.0.0.0:50061" } }';
const UPSTREAM = 'grpc: { endpoint: { address: "grpc://scheduler.internal:50052" } }';

export default defineRule(
  {
    id: "worker-api-scheduler-kind",
    category: "reference",
    severity: "error",
    summary: "worker_api must name a scheduler that workers can register with: a simple scheduler, or a wrapper around one",
    why: "NativeLink keeps two scheduler maps: every scheduler serves actions, but only one whose innermost scheduler is `simple` registers a worker side (cache_lookup, property_modifier and historical_resource pass their nested scheduler's worker side through; a `grpc` scheduler has none). worker_api looks its scheduler up in the worker map, so naming a grpc scheduler, or a wrapper around one, stops startup with the same message as an undefined name.",
    fix: "Point worker_api at the simple scheduler the workers should join; serve worker_api on the NativeLink instance that owns that scheduler rather than on a proxy in front of it.",
    nativelink: [{ message: "Scheduler needs config for '{name}' because it exists in worker_api", source: "nativelink-service/src/worker_api_server.rs:148-156; nativelink-scheduler/src/default_scheduler_factory.rs:62-116" }],
    catalog: ["worker-api-scheduler-missing"],
    examples: {
      bad: { config: `{ stores: [], schedulers: [{ name: "UPSTREAM", ${UPSTREAM} }], servers: [{ ${LISTEN}, services: { worker_api: { scheduler: "UPSTREAM" } } }] }` },
      good: { config: `{ stores: [], schedulers: [{ name: "UPSTREAM", ${UPSTREAM} }, { name: "MAIN", simple: {} }], servers: [{ ${LISTEN}, services: { worker_api: { scheduler: "MAIN" } } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const withWorkers = workerSchedulerNames(model);
    for (const ref of schedulerReferences(model)) {
      if (ref.user !== "worker_api" || withWorkers.has(ref.str.value)) continue;
      const entries = model.schedulers.filter((s) => s.name?.value === ref.str.value);
      const last = entries[entries.length - 1];
      const chain = schedulerChain(last?.spec);
      // Undefined names belong to scheduler-ref-defined; unreadable specs to the schema rules.
      if (!last || chain.length === 0 || chain[chain.length - 1] !== "grpc") continue;
      const kind = chain.length === 1 ? "is a grpc scheduler" : `ends in a grpc scheduler (${chain.join(" → ")})`;
      yield {
        node: ref.str.node,
        message: `worker_api scheduler "${ref.str.value}" ${kind}, which has no worker side; workers can only join a simple scheduler`,
        nativelink: schedulerMissingMessage(ref.str.value, "worker_api"),
        hint: "name a simple scheduler here (or a cache_lookup/property_modifier/historical_resource wrapping one)",
        related: last.name ? [{ node: last.node, message: `"${ref.str.value}" is defined here` }] : undefined,
      };
    }
  },
);
