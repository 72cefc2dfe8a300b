// A worker's CAS must be a fast_slow store whose fast side is a filesystem store, or the worker is never built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { childSpec, storeResolver } from "../src/facts/references.ts";

const WORKER = 'workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "WORKER_FAST_SLOW", upload_action_result: { ac_store: "AC" }, work_directory: "/var/lib/nativelink/work", platform_properties: {} } }]';
const stores = (fast: string) =>
  `stores: [{ name: "AC", memory: {} }, { name: "WORKER_FAST_SLOW", fast_slow: { fast: ${fast}, slow: { grpc: { instance_name: "main", endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } } } }]`;

/** " (through ref_store "A" → "B")" when the chain passed through ref_store entries. */
function through(via: string[]): string {
  return via.length > 1 ? ` (through ref_store to ${via.slice(1).map((n) => `"${n}"`).join(" → ")})` : "";
}

export default defineRule(
  {
    id: "worker-cas-store-fast-slow",
    category: "reference",
    severity: "error",
    summary: "a worker's `cas_fast_slow_store` must be a fast_slow store whose `fast` side is a filesystem store",
    why: "A local worker hardlinks action inputs out of its fast CAS tier, so while it is built NativeLink downcasts cas_fast_slow_store to a FastSlowStore and its fast side to a FilesystemStore. Only ref_store is looked through on the way: a top-level fast_slow (or a ref_store chain ending at one) passes, any other kind or wrapper fails, and the same holds for the fast side. Either failure stops startup.",
    fix: "Point cas_fast_slow_store at a top-level fast_slow store whose fast side is a filesystem store (inline or via ref_store), with the shared CAS as its slow side.",
    nativelink: [
      { message: "Expected store for LocalWorker's store to be a FastSlowStore", source: "nativelink-worker/src/local_worker.rs:577-581" },
      { message: "Expected FilesystemStore store for .fast_store() in RunningActionsManagerImpl", source: "nativelink-worker/src/running_actions_manager.rs:3123-3131" },
    ],
    catalog: ["worker-store-not-fast-slow", "worker-fast-not-filesystem"],
    examples: {
      bad: { config: `{ ${stores("{ memory: {} }")}, servers: [], ${WORKER} }` },
      good: { config: `{ ${stores('{ filesystem: { content_path: "/var/lib/nativelink/cas", temp_path: "/var/lib/nativelink/tmp" } }')}, servers: [], ${WORKER} }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    // Workers often share a store, or name stores along one ref_store chain: each is followed once.
    const resolve = storeResolver(model);
    for (const w of model.workers) {
      const ref = w.casFastSlowStore;
      // Undefined names and broken or looping ref_store chains are reported by other rules.
      if (!ref || ref.unknown) continue;
      const top = resolve.store(ref.value);
      if (!top) continue;
      if (top.spec.kind !== "fast_slow") {
        yield {
          node: ref.node,
          message: `cas_fast_slow_store "${ref.value}" is a ${top.spec.kind} store${through(top.via)}; a worker needs a fast_slow store`,
          nativelink: "Expected store for LocalWorker's store to be a FastSlowStore",
          hint: "name a top-level fast_slow store whose fast side is a filesystem store",
          related: [{ node: top.spec.node, message: `the ${top.spec.kind} store` }],
        };
        continue;
      }
      const fastSpec = childSpec(top.spec, "fast");
      const fast = fastSpec && resolve.spec(fastSpec);
      if (!fast || fast.spec.kind === "filesystem") continue;
      yield {
        node: ref.node,
        message: `the fast side of cas_fast_slow_store "${ref.value}" is a ${fast.spec.kind} store${through(["", ...fast.via])}; a worker needs a filesystem store there`,
        nativelink: "Expected FilesystemStore store for .fast_store() in RunningActionsManagerImpl",
        hint: "make the fast side a filesystem store (workers hardlink inputs out of it)",
        related: [{ node: fastSpec.node, message: "the fast side" }],
      };
    }
  },
);
