// Every service field that names a scheduler must name one defined in `schedulers`.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { listNames, nameIndex } from "../src/suggest.ts";
import { definedNames, schedulerMissingMessage, schedulerReferences } from "../src/facts/references.ts";

const LISTEN = 'listener: { http: { socket_address: "0.0.0.0:50051" } }';

export default defineRule(
  {
    id: "scheduler-ref-defined",
    category: "reference",
    severity: "error",
    summary: "a service that names a scheduler must name one defined in `schedulers`",
    why: "The execution service, capabilities' remote_execution and worker_api look their scheduler up by name while NativeLink sets up each server; an unknown name stops startup. The reference is ${VAR}-expanded, the scheduler's own name is not, and the comparison is exact.",
    fix: "Use the exact name of an entry in `schedulers` (the message suggests the closest), or define the missing scheduler.",
    nativelink: [
      { message: "Scheduler needs config for '{name}' because it exists in execution", source: "nativelink-service/src/execution_server.rs:262-269" },
      { message: "Scheduler needs config for '{name}' because it exists in capabilities", source: "nativelink-service/src/capabilities_server.rs:85-93" },
      { message: "Scheduler needs config for '{name}' because it exists in worker_api", source: "nativelink-service/src/worker_api_server.rs:148-156" },
    ],
    catalog: ["execution-scheduler-missing", "capabilities-scheduler-missing", "worker-api-scheduler-missing"],
    examples: {
      bad: { config: `{ stores: [], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ ${LISTEN}, services: { capabilities: [{ remote_execution: { scheduler: "MIAN" } }] } }] }` },
      good: { config: `{ stores: [], schedulers: [{ name: "MAIN", simple: {} }], servers: [{ ${LISTEN}, services: { capabilities: [{ remote_execution: { scheduler: "MAIN" } }] } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const names = definedNames(model, "schedulers", fieldWrittenElsewhere(ctx, model.root, "schedulers"));
    if (!names) return;
    const defined = new Set(names);
    for (const ref of schedulerReferences(model)) {
      if (defined.has(ref.str.value)) continue;
      const guess = nameIndex(names).closest(ref.str.value);
      yield {
        node: ref.str.node,
        message: `${ref.field} "${ref.str.value}" is not defined in schedulers` + (guess ? `; did you mean "${guess}"?` : ""),
        nativelink: schedulerMissingMessage(ref.str.value, ref.user),
        hint: guess ? `change it to "${guess}"` : names.length ? `defined schedulers: ${listNames([...defined])}` : "define the scheduler in `schedulers`",
      };
    }
  },
);
