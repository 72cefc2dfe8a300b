import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "redis-connection-timeout-conflict";
const R = (extra: string) => `{ stores: [{ name: "R", redis_store: { addresses: ["redis://r:6379"], ${extra} } }], servers: [] }`;

describe(RULE, () => {
  it("reports both timeouts set, the ms one as a numeric string", async () => {
    expect(lines(await lint(R('connection_timeout_s: 5, connection_timeout_ms: "5000"')), RULE)).toEqual([
      '1:93 redis store "R" sets both connection_timeout_s (5) and connection_timeout_ms (5000); only one may be set',
    ]);
  });

  it("reports it on a nested redis store", async () => {
    const cfg = '{ stores: [{ name: "AC", fast_slow: { fast: { memory: {} }, slow: { redis_store: { addresses: ["redis://r:6379"], connection_timeout_ms: 100, connection_timeout_s: 1 } } } }], servers: [] }';
    expect(lines(await lint(cfg), RULE)).toEqual(['1:165 redis fast_slow.slow.redis_store in store "AC" sets both connection_timeout_s (1) and connection_timeout_ms (100); only one may be set']);
  });

  const valid: [string, string][] = [
    ["only the seconds", R("connection_timeout_s: 5")],
    ["only the milliseconds", R("connection_timeout_ms: 5000")],
    ["a zero beside a value (0 means unset)", R("connection_timeout_s: 5, connection_timeout_ms: 0")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message", async () => {
    const f = (await lint(R("connection_timeout_s: 5, connection_timeout_ms: 5000"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Both connection_timeout_s and connection_timeout_ms were set, can only have one!");
    expect(f?.pointer).toBe("/stores/0/redis_store/connection_timeout_s");
    expect(f?.related?.[0]?.pointer).toBe("/stores/0/redis_store/connection_timeout_ms");
  });
});
