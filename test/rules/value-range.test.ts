// value-range: an integer outside its field's Rust type stops the loader.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "value-range";

const redis = (timeout: string) => `{
  stores: [
    {
      name: "R",
      redis_store: {
        addresses: ["redis://127.0.0.1:6379/"],
        connection_timeout_s: ${timeout},
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a negative unsigned integer, at the number", async () => {
    const findings = await lint(redis("-1"));
    expect(spans(findings, RULE)).toEqual(['7:31-7:33 "connection_timeout_s" must be >= 0 (u64)']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("invalid value: integer `-1`, expected u64");
  });

  it("inside services.cas NativeLink prints only the untagged-enum message", async () => {
    const text = `{
  stores: [{ name: "S", memory: {} }, { name: "I", memory: {} }],
  servers: [
    {
      listener: { http: { socket_address: "127.0.0.1:50051" } },
      services: {
        cas: [
          {
            cas_store: "S",
            experimental_chunking: {
              avg_chunk_size_bytes: -1,
              index_store: "I",
            },
          },
        ],
      },
    },
  ],
}`;
    const findings = await lint(text);
    expect(spans(findings, RULE)).toEqual(['11:37-11:39 "avg_chunk_size_bytes" must be >= 0 (u64)']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("data did not match any variant of untagged enum WithInstanceNameBackCompat");
  });

  it("passes a value inside the range", async () => {
    expect(spans(await lint(redis("5")), RULE)).toEqual([]);
  });
});
