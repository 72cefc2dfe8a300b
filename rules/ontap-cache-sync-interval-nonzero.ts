// An ontap_s3_existence_cache with sync_interval_seconds 0 panics its background sync task.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const MESSAGE = "`period` must be non-zero.";

export default defineRule(
  {
    id: "ontap-cache-sync-interval-nonzero",
    category: "reference",
    severity: "warning",
    summary: "an ontap_s3_existence_cache needs sync_interval_seconds above zero",
    why: "The existence cache starts a background task that, five seconds after startup, builds a tokio interval from sync_interval_seconds. tokio panics on a zero period, so the task dies: NativeLink keeps serving, but the cache index is never refreshed from the bucket again and drifts from what ONTAP holds.",
    fix: "Set sync_interval_seconds to the refresh period you want, e.g. 300.",
    nativelink: [{ message: MESSAGE, source: "tokio time/interval.rs via nativelink-store/src/ontap_s3_existence_cache_store.rs:399" }],
    catalog: ["ontap-cache-zero-interval-panic"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", ontap_s3_existence_cache: { index_path: "/var/lib/nativelink/ontap-index.json", sync_interval_seconds: 0, backend: { endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas" } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", ontap_s3_existence_cache: { index_path: "/var/lib/nativelink/ontap-index.json", sync_interval_seconds: 300, backend: { endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas" } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const cache = storeBody(spec, "ontap_s3_existence_cache");
      if (!cache) continue;
      const f = intAt(ctx, get(cache, "sync_interval_seconds"));
      if (f?.state !== "value" || f.value !== 0n) continue;
      yield {
        node: f.node,
        message: `ontap_s3_existence_cache ${describeSpec(model, spec)} has sync_interval_seconds 0; its background sync task panics and the cache is never refreshed`,
        nativelink: MESSAGE,
        hint: "set a positive number of seconds, e.g. 300",
      };
    }
  },
);
