import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "grpc-store-endpoints-nonempty";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["an empty list", '{ stores: [{ name: "UP", grpc: { endpoints: [], store_type: "cas" } }], servers: [] }', ['1:45 grpc store "UP" has an empty endpoints list; it needs at least one upstream address']],
    [
      "a nested grpc store",
      '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { grpc: { endpoints: [], store_type: "cas" } } } }], servers: [] }',
      ['1:89 grpc fast_slow.slow.grpc in store "CAS" has an empty endpoints list; it needs at least one upstream address'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes a store with an endpoint, and leaves a missing list to the schema", async () => {
    expect(lines(await lint('{ stores: [{ name: "UP", grpc: { endpoints: [{ address: "grpc://cas:50051" }], store_type: "cas" } }], servers: [] }'), RULE)).toEqual([]);
    expect(lines(await lint('{ stores: [{ name: "UP", grpc: { store_type: "cas" } }], servers: [] }'), RULE)).toEqual([]);
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint('{ stores: [{ name: "UP", grpc: { endpoints: [], store_type: "cas" } }], servers: [] }')).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Expected at least 1 endpoint in GrpcStore");
    expect(f?.pointer).toBe("/stores/0/grpc/endpoints");
  });
});
