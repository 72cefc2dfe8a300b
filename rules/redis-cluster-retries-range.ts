// In cluster mode, redis retry.max_retries must fit the u32 that redis-rs takes.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, storeBody } from "../src/typed.ts";
import { describeSpec, intAt, unitAt } from "../src/facts/stores.ts";

const U32_MAX = 4294967295n;
const MESSAGE = "out of range integral type conversion attempted";

export default defineRule(
  {
    id: "redis-cluster-retries-range",
    category: "reference",
    severity: "error",
    summary: "a cluster-mode redis_store has retry.max_retries above 4294967295",
    why: "The config field is a usize, but in cluster mode RedisStore hands it to redis-rs's ClusterClientBuilder::retries, which takes a u32; the conversion fails and NativeLink stops while it builds the store. Standard and sentinel modes take the full range.",
    fix: "Use a retry count that fits in 32 bits; a handful of retries is the usual choice.",
    nativelink: [{ message: MESSAGE, source: "nativelink-store/src/redis_store.rs:695" }],
    catalog: ["redis-retries-overflow"],
    examples: {
      bad: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis-0.internal:7000"], mode: "cluster", retry: { max_retries: 5000000000 } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis-0.internal:7000"], mode: "cluster", retry: { max_retries: 5 } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const redis = storeBody(spec, "redis_store");
      if (!redis || unitAt(ctx, get(redis, "mode"), "standard") !== "cluster") continue;
      const retry = get(redis, "retry");
      if (retry?.kind !== "object") continue;
      const n = intAt(ctx, get(retry, "max_retries"));
      if (n?.state !== "value" || n.value <= U32_MAX) continue;
      yield {
        node: n.node,
        message: `redis cluster ${describeSpec(model, spec)} sets retry.max_retries to ${n.value}, more than the 4294967295 redis-rs accepts in cluster mode`,
        nativelink: MESSAGE,
        hint: "use a small retry count, e.g. 5",
      };
    }
  },
);
