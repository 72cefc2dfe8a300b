import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "scheduler-redis-backend-kind";
const SCHED = '{ name: "MAIN", simple: { experimental_backend: { redis: { redis_store: "R" } } } }';
const cfg = (store: string) => `{ stores: [${store}], servers: [], schedulers: [${SCHED}] }`;
const REDIS = 'addresses: ["redis://127.0.0.1:6379/"], experimental_pub_sub_channel: "s"';

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "cluster mode",
      cfg(`{ name: "R", redis_store: { ${REDIS}, mode: "cluster" } }`),
      ['1:235 experimental_backend.redis.redis_store names "R", a redis_store in cluster mode; the Redis scheduler backend needs a redis_store in standard or sentinel mode'],
    ],
    [
      "a ref_store",
      `{ stores: [{ name: "REAL", redis_store: { ${REDIS} } }, { name: "R", ref_store: { name: "REAL" } }], servers: [], schedulers: [${SCHED}] }`,
      ['1:265 experimental_backend.redis.redis_store names "R", a ref_store (to "REAL"), which the downcast does not follow; the Redis scheduler backend needs a redis_store in standard or sentinel mode'],
    ],
    [
      "a memory store",
      cfg('{ name: "R", memory: {} }'),
      ['1:138 experimental_backend.redis.redis_store names "R", a memory store; the Redis scheduler backend needs a redis_store in standard or sentinel mode'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["standard mode (default)", cfg(`{ name: "R", redis_store: { ${REDIS} } }`)],
    ["sentinel mode", cfg(`{ name: "R", redis_store: { ${REDIS}, mode: "sentinel" } }`)],
    ["an undefined name (store-ref-defined reports it)", cfg('{ name: "OTHER", memory: {} }')],
    ["the memory backend", '{ stores: [{ name: "R", memory: {} }], servers: [], schedulers: [{ name: "MAIN", simple: { experimental_backend: "memory" } }] }'],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message and points at the related store", async () => {
    const f = (await lint(cfg('{ name: "R", memory: {} }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Could not downcast to redis store in RedisAwaitedActionDb::new");
    expect(f?.pointer).toBe("/schedulers/0/simple/experimental_backend/redis/redis_store");
    expect(f?.related?.[0]?.pointer).toBe("/stores/0");
  });

  it("reports a redis_store without a pub/sub channel, which the backend subscribes to as it starts", async () => {
    const f = (await lint(cfg('{ name: "R", redis_store: { addresses: ["redis://127.0.0.1:6379/"] } }'))).filter((x) => x.ruleId === RULE);
    expect(f.map((x) => x.message)).toEqual([
      'experimental_backend.redis.redis_store names "R", a redis_store without experimental_pub_sub_channel; the Redis scheduler backend subscribes to that channel when it starts, so NativeLink stops',
    ]);
    expect(f[0]?.nativelink).toBe("RedisStore must have a pubsub for Redis Scheduler if using subscriptions");
  });
});
