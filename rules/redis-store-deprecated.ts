// Deprecated redis_store settings: two are ignored, one is converted with a warning.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const BROADCAST = "broadcast_channel_capacity in Redis spec is deprecated and ignored";
const RESPONSE = "response_timeout_s in Redis spec is deprecated and ignored, use command_timeout_ms";
const CONNECTION = "connection_timeout_s in Redis spec is deprecated, use connection_timeout_ms";

export default defineRule(
  {
    id: "redis-store-deprecated",
    category: "deprecation",
    severity: "warning",
    summary: "a redis_store uses a deprecated setting",
    why: "RedisStore warns when these are non-zero: broadcast_channel_capacity and response_timeout_s are ignored entirely (command_timeout_ms is the timeout now), and connection_timeout_s is multiplied into connection_timeout_ms. A value that is silently ignored is a timeout or capacity the operator believes is in force.",
    fix: "Remove broadcast_channel_capacity; replace response_timeout_s with command_timeout_ms and connection_timeout_s with connection_timeout_ms (both in milliseconds).",
    nativelink: [
      { message: BROADCAST, source: "nativelink-store/src/redis_store.rs:600" },
      { message: RESPONSE, source: "nativelink-store/src/redis_store.rs:603" },
      { message: CONNECTION, source: "nativelink-store/src/redis_store.rs:615" },
    ],
    catalog: ["redis-broadcast-capacity-deprecated", "redis-response-timeout-deprecated", "redis-connection-timeout-s-deprecated"],
    examples: {
      bad: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis.internal:6379"], response_timeout_s: 10 } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis.internal:6379"], command_timeout_ms: 10000 } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const redis = storeBody(spec, "redis_store");
      if (!redis) continue;
      const where = describeSpec(model, spec);
      const broadcast = intAt(ctx, get(redis, "broadcast_channel_capacity"));
      if (broadcast?.state === "value" && broadcast.value !== 0n) {
        yield { node: broadcast.node, message: `redis ${where} sets broadcast_channel_capacity, which is deprecated and ignored`, nativelink: BROADCAST, hint: "remove broadcast_channel_capacity" };
      }
      const response = intAt(ctx, get(redis, "response_timeout_s"));
      if (response?.state === "value" && response.value !== 0n) {
        yield {
          node: response.node,
          message: `redis ${where} sets response_timeout_s, which is deprecated and ignored; command_timeout_ms is the command timeout`,
          nativelink: RESPONSE,
          hint: `replace it with command_timeout_ms: ${response.value * 1000n}`,
        };
      }
      const conn = intAt(ctx, get(redis, "connection_timeout_s"));
      const connMs = intAt(ctx, get(redis, "connection_timeout_ms"));
      // With connection_timeout_ms also set NativeLink stops before warning (redis-connection-timeout-conflict).
      if (conn?.state === "value" && conn.value !== 0n && !(connMs?.state === "value" && connMs.value !== 0n)) {
        yield {
          node: conn.node,
          message: `redis ${where} sets connection_timeout_s, which is deprecated; NativeLink converts it to connection_timeout_ms`,
          nativelink: CONNECTION,
          hint: `replace it with connection_timeout_ms: ${conn.value * 1000n}`,
        };
      }
    }
  },
);
