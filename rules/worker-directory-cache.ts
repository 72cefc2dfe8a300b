// directory_cache with max_concurrent_fetches 0 is switched off at startup with only a warning.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";

const worker = (extra: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {}${extra} } }] }`;

const INNER = "directory_cache max_concurrent_fetches must be greater than 0";

/** Rust's `as usize` on the number serde_json5 read: NaN and negatives become 0, fractions truncate. */
function castUsize(v: number): number {
  if (Number.isNaN(v) || v <= 0) return 0;
  return Math.trunc(v);
}

export default defineRule(
  {
    id: "worker-directory-cache",
    category: "reference",
    severity: "warning",
    summary: "a worker's directory_cache needs max_concurrent_fetches above 0",
    why: "A directory cache with no fetch permits would deadlock, so the worker refuses to build it: it logs a warning and runs without the cache, and every action materialises its inputs from the CAS again. The field is read leniently, so a negative or fractional number also ends up as 0.",
    fix: "Set max_concurrent_fetches to a positive number (the default is 64), or remove the directory_cache block if the cache is not wanted.",
    nativelink: [
      { message: `Failed to initialize directory cache: Error { code: InvalidArgument, messages: ["${INNER}"] }`, source: "nativelink-worker/src/local_worker.rs:656-665; nativelink-worker/src/directory_cache.rs:273-279" },
    ],
    catalog: ["directory-cache-disabled"],
    examples: {
      bad: { config: worker(", directory_cache: { max_concurrent_fetches: 0 }") },
      good: { config: worker(", directory_cache: { max_concurrent_fetches: 32 }") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const n = get(get(w.local, "directory_cache"), "max_concurrent_fetches");
      if (n?.kind !== "number" || castUsize(n.value) !== 0) continue;
      const shown = n.value === 0 ? "0" : `${n.text}, which NativeLink reads as 0`;
      yield {
        node: n,
        message: `directory_cache.max_concurrent_fetches is ${shown}; worker "${w.name}" logs a warning and runs without its directory cache`,
        nativelink: `Failed to initialize directory cache: Error { code: InvalidArgument, messages: ["${INNER}"] }`,
        hint: "use a positive number such as 64 (the default), or remove directory_cache",
      };
    }
  },
);
