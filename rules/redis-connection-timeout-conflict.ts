// connection_timeout_s and connection_timeout_ms on one redis_store cannot both be set.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const MESSAGE = "Both connection_timeout_s and connection_timeout_ms were set, can only have one!";

export default defineRule(
  {
    id: "redis-connection-timeout-conflict",
    category: "reference",
    severity: "error",
    summary: "a redis_store sets both connection_timeout_s and connection_timeout_ms",
    why: "The deprecated connection_timeout_s is converted to milliseconds only when connection_timeout_ms is 0; when both are non-zero RedisStore refuses the spec and NativeLink stops while it builds the store.",
    fix: "Keep connection_timeout_ms and remove connection_timeout_s.",
    nativelink: [{ message: MESSAGE, source: "nativelink-store/src/redis_store.rs:608" }],
    catalog: ["redis-timeout-both-set"],
    examples: {
      bad: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis.internal:6379"], connection_timeout_s: 5, connection_timeout_ms: 5000 } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis.internal:6379"], connection_timeout_ms: 5000 } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const redis = storeBody(spec, "redis_store");
      if (!redis) continue;
      const s = intAt(ctx, get(redis, "connection_timeout_s"));
      const ms = intAt(ctx, get(redis, "connection_timeout_ms"));
      if (s?.state !== "value" || ms?.state !== "value" || s.value === 0n || ms.value === 0n) continue;
      yield {
        node: s.node,
        message: `redis ${describeSpec(model, spec)} sets both connection_timeout_s (${s.value}) and connection_timeout_ms (${ms.value}); only one may be set`,
        nativelink: MESSAGE,
        hint: "remove connection_timeout_s; connection_timeout_ms replaces it",
        related: [{ node: ms.node, message: "connection_timeout_ms set here" }],
      };
    }
  },
);
