import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "redis-cluster-retries-range";
const R = (extra: string) => `{ stores: [{ name: "R", redis_store: { addresses: ["redis://r:6379"], ${extra} } }], servers: [] }`;

describe(RULE, () => {
  it("reports a retry count above u32 in cluster mode", async () => {
    expect(lines(await lint(R('mode: "cluster", retry: { max_retries: "5000000000" }')), RULE)).toEqual([
      '1:110 redis cluster store "R" sets retry.max_retries to 5000000000, more than the 4294967295 redis-rs accepts in cluster mode',
    ]);
  });

  const valid: [string, string][] = [
    ["the same count in standard mode", R("retry: { max_retries: 5000000000 }")],
    ["u32::MAX in cluster mode", R('mode: "cluster", retry: { max_retries: 4294967295 }')],
    ["no retry block", R('mode: "cluster"')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries the conversion error", async () => {
    const f = (await lint(R('mode: "cluster", retry: { max_retries: 5000000000 }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("out of range integral type conversion attempted");
    expect(f?.pointer).toBe("/stores/0/redis_store/retry/max_retries");
  });
});
