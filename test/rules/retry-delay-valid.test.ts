import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "retry-delay-valid";
const grpc = (retry: string) => `{ stores: [{ name: "UP", grpc: { endpoints: [{ address: "grpc://c:1" }], store_type: "cas", retry: ${retry} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a negative delay", grpc("{ delay: -1 }"), ['1:109 grpc store "UP" has retry.delay -1, which is negative; NativeLink panics on the first request']],
    ["a NaN delay", grpc("{ delay: NaN }"), ['1:109 grpc store "UP" has retry.delay NaN, which is not a number; NativeLink panics on the first request']],
    ["a delay of 2^64 seconds or more", grpc("{ delay: 1e30 }"), ['1:109 grpc store "UP" has retry.delay 1e30, which is too large for a Duration; NativeLink panics on the first request']],
    ["a jitter above 2 with a positive delay", grpc("{ delay: 0.1, jitter: 3 }"), ['1:122 grpc store "UP" has retry.jitter 3, which can scale a backoff below zero; NativeLink panics on such a retry']],
    ["a NaN jitter", grpc("{ jitter: NaN }"), ['1:110 grpc store "UP" has retry.jitter NaN, which is not a number; NativeLink panics on the first retry']],
    [
      "cloud stores, the ontap cache backend (positional retry) and the grpc scheduler",
      '{ stores: [{ name: "C", experimental_cloud_object_store: { provider: "aws", region: "us-east-1", bucket: "b", retry: { delay: -2 } } }, { name: "O", ontap_s3_existence_cache: { index_path: "/x", sync_interval_seconds: 5, backend: { endpoint: "https://o", vserver_name: "v", bucket: "b", retry: [1, -1, 0] } } }], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: "grpc://s:1" }, retry: { delay: -Infinity } } }] }',
      [
        '1:127 aws store "C" has retry.delay -2, which is negative; NativeLink panics on the first request',
        '1:299 ontap_s3_existence_cache store "O" has retry.delay -1, which is negative; NativeLink panics on the first request',
        '1:414 grpc scheduler "S" has retry.delay -Infinity, which is negative; NativeLink panics on the first request',
      ],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a usual retry block", grpc("{ max_retries: 5, delay: 0.1, jitter: 0.5 }")],
    ["a tiny negative that rounds to -0 as an f32", grpc("{ delay: -1e-50 }")],
    ["a large jitter with a zero delay (every backoff is 0)", grpc("{ jitter: 3 }")],
    ["jitter of exactly 2", grpc("{ delay: 1, jitter: 2 }")],
    ["a redis store, whose retry delay is never used", '{ stores: [{ name: "R", redis_store: { addresses: ["redis://r:1"], retry: { delay: -1 } } }], servers: [] }'],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries Rust's Duration panic text", async () => {
    const neg = (await lint(grpc("{ delay: -0.5 }"))).find((x) => x.ruleId === RULE);
    expect(neg?.nativelink).toBe("cannot convert float seconds to Duration: value is negative");
    expect(neg?.pointer).toBe("/stores/0/grpc/retry/delay");
    const nan = (await lint(grpc("{ delay: NaN }"))).find((x) => x.ruleId === RULE);
    expect(nan?.nativelink).toBe("cannot convert float seconds to Duration: value is either too big or NaN");
  });
});
