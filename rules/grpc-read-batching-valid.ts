// experimental_read_batching needs dispatch slots and cannot be combined with forward_headers.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, storeBody } from "../src/typed.ts";
import { TOKIO_MAX_PERMITS, describeSpec, intAt } from "../src/facts/stores.ts";

export default defineRule(
  {
    id: "grpc-read-batching-valid",
    category: "reference",
    severity: "error",
    summary: "grpc read batching needs dispatch_slots above zero and no forward_headers",
    why: "When a grpc store sets experimental_read_batching, GrpcStore::new requires dispatch_slots > 0 (omitted means 4) and refuses a non-empty forward_headers, since one batched upstream call serves many clients and cannot carry each client's headers. Either stops NativeLink while it builds the store. The slots then size a tokio semaphore, which panics above its 2305843009213693951-permit limit.",
    fix: "Leave dispatch_slots out or set it to a small positive number, and remove forward_headers from a store that batches reads (or drop experimental_read_batching).",
    nativelink: [
      { message: "experimental_read_batching.dispatch_slots must be greater than zero", source: "nativelink-store/src/grpc_store.rs:298" },
      { message: "experimental_read_batching is incompatible with forward_headers", source: "nativelink-store/src/grpc_store.rs:305" },
      { message: "a semaphore may not have more than MAX_PERMITS permits (2305843009213693951)", source: "tokio sync/batch_semaphore.rs via nativelink-store/src/grpc_store.rs:185" },
    ],
    catalog: ["grpc-read-batching-zero-slots", "grpc-read-batching-forward-headers"],
    examples: {
      bad: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", forward_headers: ["authorization"], experimental_read_batching: {} } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", experimental_read_batching: { dispatch_slots: 8 } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const grpc = storeBody(spec, "grpc");
      if (!grpc) continue;
      const batching = get(grpc, "experimental_read_batching");
      if (batching?.kind !== "object") continue;
      const where = describeSpec(model, spec);
      const slots = intAt(ctx, get(batching, "dispatch_slots"));
      if (slots?.state === "value" && slots.value === 0n) {
        yield {
          node: slots.node,
          message: `grpc ${where} sets experimental_read_batching.dispatch_slots to 0; it must be at least 1`,
          nativelink: "experimental_read_batching.dispatch_slots must be greater than zero",
          hint: "remove dispatch_slots for the default of 4, or set a positive number",
        };
      } else if (slots?.state === "value" && slots.value > TOKIO_MAX_PERMITS) {
        yield {
          node: slots.node,
          message: `grpc ${where} sets experimental_read_batching.dispatch_slots to ${slots.value}, above tokio's semaphore limit of ${TOKIO_MAX_PERMITS}; NativeLink panics`,
          nativelink: `a semaphore may not have more than MAX_PERMITS permits (${TOKIO_MAX_PERMITS})`,
          hint: "use a small number of concurrent batch calls, e.g. 4",
        };
      }
      const fwd = get(grpc, "forward_headers");
      if (fwd?.kind === "array" && fwd.items.length > 0) {
        yield {
          node: batching,
          message: `grpc ${where} batches reads but also forwards client headers (${fwd.items.length} in forward_headers); the two cannot be combined`,
          nativelink: "experimental_read_batching is incompatible with forward_headers",
          hint: "remove experimental_read_batching, or forward_headers if the upstream does not need per-client headers",
          related: [{ node: fwd, message: "forward_headers set here" }],
        };
      }
    }
  },
);
