import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-endpoint-timeout";
const W = (timeout: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061", timeout: ${timeout} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const NEG = "a negative timeout panics the worker task when it connects, and NativeLink exits";
const BIG = "which is not a finite number of seconds below 2^64; the worker task panics when it connects, and NativeLink exits";
const ZERO = "a zero connect timeout: every connection attempt to the scheduler times out and is retried forever";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["-1", W("-1"), [`1:112 worker_api_endpoint.timeout is -1; ${NEG}`]],
    ["-0.5", W("-0.5"), [`1:112 worker_api_endpoint.timeout is -0.5; ${NEG}`]],
    ["NaN", W("NaN"), [`1:112 worker_api_endpoint.timeout is NaN, ${BIG}`]],
    ["Infinity", W("Infinity"), [`1:112 worker_api_endpoint.timeout is Infinity, ${BIG}`]],
    ["1e20 (past 2^64 s)", W("1e20"), [`1:112 worker_api_endpoint.timeout is 1e20, ${BIG}`]],
    ["1e39 (f32 infinity)", W("1e39"), [`1:112 worker_api_endpoint.timeout is 1e39, ${BIG}`]],
    ["0", W("0"), [`1:112 worker_api_endpoint.timeout is 0, ${ZERO}`]],
    ["1e-10 (rounds to 0 ns)", W("1e-10"), [`1:112 worker_api_endpoint.timeout is 1e-10, ${ZERO}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["5", W("5")],
    ["0.25", W("0.25")],
    ["2.5", W("2.5")],
    ["null (default 5 s)", W("null")],
    ["just below 2^64 s", W("1.8446742e19")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries Rust's Duration panic text, and the connect error for 0", async () => {
    const f = (await lint(W("-3"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("cannot convert float seconds to Duration: value is negative");
    expect(f?.pointer).toBe("/workers/0/local/worker_api_endpoint/timeout");
    const n = (await lint(W("NaN"))).find((x) => x.ruleId === RULE);
    expect(n?.nativelink).toBe("cannot convert float seconds to Duration: value is either too big or NaN");
    const z = (await lint(W("0"))).find((x) => x.ruleId === RULE);
    expect(z?.nativelink).toBe("Could not connect to endpoint grpc://127.0.0.1:50061");
  });
});
