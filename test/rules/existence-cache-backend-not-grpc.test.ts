import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "existence-cache-backend-not-grpc";
const G = 'grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" }';

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "grpc directly as the backend",
      `{ stores: [{ name: "CAS", existence_cache: { backend: { ${G} } } }], servers: [] }`,
      ['1:46 existence_cache store "CAS" wraps grpc store existence_cache.backend.grpc, and gRPC stores refuse the removal callback it registers; NativeLink panics'],
    ],
    [
      "grpc under fast_slow and verify",
      `{ stores: [{ name: "CAS", existence_cache: { backend: { fast_slow: { fast: { memory: {} }, slow: { verify: { backend: { ${G} } } } } } } }], servers: [] }`,
      ['1:46 existence_cache store "CAS" wraps grpc store existence_cache.backend.fast_slow.slow.verify.backend.grpc, and gRPC stores refuse the removal callback it registers; NativeLink panics'],
    ],
    [
      "an existence_cache nested in another store",
      `{ stores: [{ name: "CAS", compression: { compression_algorithm: { lz4: {} }, backend: { existence_cache: { backend: { shard: { stores: [{ store: { memory: {} }, weight: 1 }, { store: { ${G} }, weight: 1 }] } } } } } }], servers: [] }`,
      ['1:108 existence_cache compression.backend.existence_cache in store "CAS" wraps grpc store compression.backend.existence_cache.backend.shard.stores.1.store.grpc, and gRPC stores refuse the removal callback it registers; NativeLink panics'],
    ],
    [
      "grpc reached through two ref_stores",
      `{ stores: [{ name: "UP", ${G} }, { name: "MID", ref_store: { name: "UP" } }, { name: "CAS", existence_cache: { backend: { ref_store: { name: "MID" } } } }], servers: [] }`,
      ['1:199 existence_cache store "CAS" wraps grpc store "UP" through ref_store "MID" → "UP", and gRPC stores refuse the removal callback it registers'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a memory backend", '{ stores: [{ name: "CAS", existence_cache: { backend: { memory: {} } } }], servers: [] }'],
    ["grpc beside the existence_cache, not under it", `{ stores: [{ name: "UP", ${G} }, { name: "CAS", fast_slow: { fast: { existence_cache: { backend: { memory: {} } } }, slow: { ref_store: { name: "UP" } } } }], servers: [] }`],
    ["a ref_store loop with no grpc store", '{ stores: [{ name: "A", ref_store: { name: "B" } }, { name: "B", existence_cache: { backend: { ref_store: { name: "A" } } } }], servers: [] }'],
    ["a ref_store to an undefined name", '{ stores: [{ name: "CAS", existence_cache: { backend: { ref_store: { name: "NOPE" } } } }], servers: [] }'],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("gives the panic text when no ref_store is crossed, the plain error otherwise", async () => {
    const direct = (await lint(`{ stores: [{ name: "CAS", existence_cache: { backend: { ${G} } } }], servers: [] }`)).find((x) => x.ruleId === RULE);
    expect(direct?.nativelink).toBe('Register remove callback should work: Error { code: Internal, messages: ["gRPC stores are incompatible with removal callbacks"] }');
    expect(direct?.pointer).toBe("/stores/0/existence_cache/backend");
    const viaRef = (await lint(`{ stores: [{ name: "UP", ${G} }, { name: "CAS", existence_cache: { backend: { ref_store: { name: "UP" } } } }], servers: [] }`)).find((x) => x.ruleId === RULE);
    expect(viaRef?.nativelink).toBe("gRPC stores are incompatible with removal callbacks");
    expect(viaRef?.related?.map((r) => r.pointer)).toEqual(["/stores/1/existence_cache/backend/ref_store/name", "/stores/0"]);
  });
});
