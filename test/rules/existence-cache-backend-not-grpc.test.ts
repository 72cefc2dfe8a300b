import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";
import { checkTextWithContext, type EngineOptions } from "../../src/engine.ts";
import type { SpecRef } from "../../src/model.ts";
import { get, storeBody } from "../../src/typed.ts";
import { ownerStore, topLevelByName } from "../../src/facts/stores.ts";
import { firstGrpc } from "../../rules/existence-cache-backend-not-grpc.ts";

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

describe(`${RULE} on large and generated store graphs`, () => {
  /** What the rule did before: every grpc store reached on every path, each path's names copied as it went. */
  function everyReach(spec: SpecRef, byName: Map<string, SpecRef>, refs: string[], seen: Set<string>): { grpc: SpecRef; refs: string[] }[] {
    if (spec.kind === "grpc") return [{ grpc: spec, refs }];
    if (spec.kind === "ref_store") {
      const nameNode = get(storeBody(spec, "ref_store"), "name");
      const name = nameNode?.kind === "string" ? nameNode.value : undefined;
      const target = name === undefined ? undefined : byName.get(name);
      if (!target || name === undefined || seen.has(name)) return [];
      return everyReach(target, byName, [...refs, name], new Set([...seen, name]));
    }
    return spec.children.flatMap((c) => everyReach(c, byName, refs, seen));
  }

  const opts = { env: { get: () => undefined }, rules: [], now: new Date(), cwd: "/", severities: {}, profile: "production", expiryWarnDays: 30 } as unknown as EngineOptions;

  it("reaches the grpc store the search of every path took first, over 300 generated store graphs with loops, shared stores and missing names", async () => {
    const rand = seeded(0xec);
    let found = 0;
    for (let round = 0; round < 300; round++) {
      const count = 2 + rand(12);
      const name = () => `S${rand(count + 2)}`;
      const leaf = (): string => (rand(3) === 0 ? `{ ${G} }` : rand(2) === 0 ? "{ memory: {} }" : `{ ref_store: { name: "${name()}" } }`);
      const tree = (depth: number): string =>
        depth === 0 || rand(3) === 0 ? leaf() : rand(2) === 0 ? `{ fast_slow: { fast: ${tree(depth - 1)}, slow: ${tree(depth - 1)} } }` : `{ verify: { backend: ${tree(depth - 1)} } }`;
      const stores = Array.from({ length: count }, (_, i) => {
        const body = tree(3).slice(1, -1);
        return `{ name: "S${i}", ${rand(3) === 0 ? `existence_cache: { backend: ${tree(3)} }` : body} }`;
      });
      const text = `{ stores: [${stores.join(", ")}], servers: [] }`;
      const { ctx } = await checkTextWithContext(text, "c.json5", opts);
      const model = ctx.model!;
      const byName = topLevelByName(model);
      for (const spec of model.allStoreSpecs) {
        if (spec.kind !== "existence_cache" || !spec.children[0]) continue;
        const own = ownerStore(model, spec)?.name;
        const all = everyReach(spec.children[0], byName, [], new Set(own === undefined ? [] : [own]));
        const want = all.find((r) => r.refs.length === 0) ?? all[0];
        const got = firstGrpc(spec.children[0], byName, own);
        expect(got?.grpc, text).toBe(want?.grpc);
        expect(got?.refs.map((r) => r.name), text).toEqual(want?.refs);
        if (want) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  }, 120_000);

  it("follows a chain of 16,000 ref_stores to the grpc store at its end, without running out of stack", async () => {
    const n = 16_000;
    const chain = Array.from({ length: n }, (_, i) => `{ name: "S${i}", ref_store: { name: "S${i + 1}" } }`);
    const text = `{ stores: [{ name: "CAS", existence_cache: { backend: { ref_store: { name: "S0" } } } }, ${chain.join(", ")}, { name: "S${n}", ${G} }], servers: [] }`;
    const f = (await lint(text, { only: RULE })).filter((x) => x.ruleId === RULE);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain(`wraps grpc store "S${n}" through ref_store "S0" → "S1"`);
    expect(f[0]!.related).toHaveLength(n + 2);
  }, 60_000);

  it("walks each store below a diamond of 20 levels once: before, every path to the bottom (2^20 of them)", async () => {
    const depth = 20;
    const level = (i: number) => `{ name: "D${i}", fast_slow: { fast: { ref_store: { name: "D${i + 1}" } }, slow: { ref_store: { name: "D${i + 1}" } } } }`;
    const text = `{ stores: [{ name: "CAS", existence_cache: { backend: { ref_store: { name: "D0" } } } }, ${Array.from({ length: depth }, (_, i) => level(i)).join(", ")}, { name: "D${depth}", memory: {} }], servers: [] }`;
    const { result, work } = await measureWork(() => lint(text, { only: RULE }), { lookups: true });
    expect(result.filter((x) => x.ruleId === RULE)).toEqual([]);
    expect(work.lookups).toBeLessThan(10_000);
  }, 60_000);
});
