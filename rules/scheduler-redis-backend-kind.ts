// The Redis scheduler backend downcasts its store to a non-cluster RedisStore; anything else stops startup.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { storeTable } from "../src/facts/references.ts";
import { get, schedulerBody, storeBody } from "../src/typed.ts";

const STORES = '{ name: "REDIS", redis_store: { addresses: ["redis://127.0.0.1:6379/"], mode: "cluster", experimental_pub_sub_channel: "sched" } }';
const STORES_OK = '{ name: "REDIS", redis_store: { addresses: ["redis://127.0.0.1:6379/"], experimental_pub_sub_channel: "sched" } }';
const SCHED = '{ name: "MAIN", simple: { experimental_backend: { redis: { redis_store: "REDIS" } } } }';

export default defineRule(
  {
    id: "scheduler-redis-backend-kind",
    category: "reference",
    severity: "error",
    summary: "the Redis scheduler backend must name a top-level redis_store in standard or sentinel mode",
    why: "A simple scheduler with experimental_backend.redis looks its redis_store up by name and downcasts the store object itself to the standard-mode Redis store type. A redis_store in cluster mode is a different type, and a ref_store or any wrapper (verify, existence_cache, fast_slow...) is not unwrapped, so each of them stops startup.",
    fix: "Point redis_store at a top-level `redis_store` entry whose mode is standard (the default) or sentinel; define a separate non-cluster Redis store for the scheduler if the others use cluster mode.",
    nativelink: [{ message: "Could not downcast to redis store in RedisAwaitedActionDb::new", source: "nativelink-scheduler/src/default_scheduler_factory.rs:145-163" }],
    catalog: ["redis-backend-not-standard-redis", "redis-backend-no-pubsub"],
    examples: {
      bad: { config: `{ stores: [${STORES}], servers: [], schedulers: [${SCHED}] }` },
      good: { config: `{ stores: [${STORES_OK}], servers: [], schedulers: [${SCHED}] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const table = storeTable(model);
    for (const spec of model.allSchedulerSpecs) {
      const simple = schedulerBody(spec, "simple");
      if (!simple) continue;
      const ref = model.str(get(get(get(simple, "experimental_backend"), "redis"), "redis_store"));
      if (!ref || ref.unknown) continue;
      const entry = table.get(ref.value);
      // An undefined name belongs to store-ref-defined; an unreadable entry to the schema rules.
      if (!entry?.spec) continue;
      const target = entry.spec;
      let problem: string | undefined;
      let hint: string;
      const redis = storeBody(target, "redis_store");
      const refStore = storeBody(target, "ref_store");
      if (redis) {
        const mode = get(redis, "mode");
        if (mode?.kind !== "string" || mode.value !== "cluster") {
          // The backend subscribes to the store's pub/sub channel as it is built (store_awaited_action_db.rs).
          const channel = get(redis, "experimental_pub_sub_channel");
          if (channel && channel.kind !== "null") continue;
          yield {
            node: ref.node,
            message: `experimental_backend.redis.redis_store names "${ref.value}", a redis_store without experimental_pub_sub_channel; the Redis scheduler backend subscribes to that channel when it starts, so NativeLink stops`,
            nativelink: "RedisStore must have a pubsub for Redis Scheduler if using subscriptions",
            hint: `add experimental_pub_sub_channel: "scheduler_key_change" to the redis_store "${ref.value}"`,
            related: [{ node: entry.node, message: `"${ref.value}" is defined here` }],
          };
          continue;
        }
        problem = "a redis_store in cluster mode";
        hint = `use a redis_store with mode "standard" or "sentinel" for the scheduler`;
      } else if (refStore) {
        const name = model.str(get(refStore, "name"));
        problem = `a ref_store${name ? ` (to "${name.value}")` : ""}, which the downcast does not follow`;
        hint = name ? `name the redis_store directly: redis_store: "${name.value}"` : "name the redis_store entry directly";
      } else {
        problem = `a ${target.kind} store`;
        hint = "name a top-level redis_store entry";
      }
      yield {
        node: ref.node,
        message: `experimental_backend.redis.redis_store names "${ref.value}", ${problem}; the Redis scheduler backend needs a redis_store in standard or sentinel mode`,
        nativelink: "Could not downcast to redis store in RedisAwaitedActionDb::new",
        hint,
        related: [{ node: entry.node, message: `"${ref.value}" is defined here` }],
      };
    }
  },
);
