// value-format: a value NativeLink's own converters refuse (here: a duration without a unit).
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "value-format";

const grpc = (timeout: string) => `{
  stores: [
    {
      name: "S",
      grpc: {
        endpoints: [{ address: "grpc://10.0.0.5:50051" }],
        store_type: "cas",
        rpc_timeout_s: ${timeout},
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a duration string without a unit, at the string", async () => {
    const findings = await lint(grpc('"300"'));
    expect(spans(findings, RULE)).toEqual([
      '8:24-8:29 rpc_timeout_s must be a duration (whole seconds, or a string such as "30s" or "5m"); "300" is not (time unit needed, for example 300sec or 300ms)',
    ]);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("time unit needed, for example 300sec or 300ms");
  });

  it("reports a negative data size", async () => {
    const text = `{
  stores: [
    {
      name: "S",
      memory: {
        eviction_policy: { max_bytes: -1 },
      },
    },
  ],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual(['6:39-6:41 max_bytes must be a data size (bytes, or a string such as "64MiB" or "1GB"); integer `-1` is not (Negative data size is not allowed)']);
  });

  it("passes a duration with a unit, and a bare number of seconds", async () => {
    expect(spans(await lint(grpc('"300s"')), RULE)).toEqual([]);
    expect(spans(await lint(grpc("300")), RULE)).toEqual([]);
  });
});
