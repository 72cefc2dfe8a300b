// variant-shape: an enum value must name one known variant.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "variant-shape";

const fastSlow = (fast: string) => `{
  stores: [
    {
      name: "S",
      fast_slow: {
        fast: { ${fast}: {} },
        slow: { noop: {} },
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a misspelt store kind, at the key", async () => {
    const findings = await lint(fastSlow("memroy"));
    expect(spans(findings, RULE)).toEqual([
      '6:17-6:23 unknown value "memroy": expected "cache_metrics", "memory", "experimental_cloud_object_store", "ontap_s3_existence_cache", "verify", "completeness_checking", "compression", "dedup", ...',
    ]);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toMatch(/^unknown variant `memroy`, expected one of `cache_metrics`, `memory`, /);
  });

  it("names the keys an entry without a kind has, and the kind a key's value names", async () => {
    const kindSpec = await lint('{ stores: [{ name: "S", kind: "grpc", spec: { instance_name: "main" } }], schedulers: [{ name: "M", type: "simple" }], servers: [] }');
    expect(kindSpec.filter((f) => f.ruleId === RULE).map((f) => `${f.pointer} ${f.message} | ${f.hint}`)).toEqual([
      '/stores/0 this store entry has no store kind: "kind" and "spec" are not store kinds; expected one of "cache_metrics", "memory", "experimental_cloud_object_store", "ontap_s3_existence_cache", "verify", "completeness_checking", "compression", "dedup", ... | write the kind as the key and its settings as the value: { name: "...", grpc: { ... } }, not kind: "grpc"',
      '/schedulers/0 this scheduler entry has no scheduler kind: "type" is not a scheduler kind; expected one of "simple", "grpc", "cache_lookup", "property_modifier", "historical_resource" | write the kind as the key and its settings as the value: { name: "...", simple: { ... } }, not type: "simple"',
    ]);
    const bare = (await lint('{ stores: [{ name: "S" }], servers: [] }')).find((f) => f.ruleId === RULE);
    expect(bare?.message).toBe('this store entry has no store kind; expected one of "cache_metrics", "memory", "experimental_cloud_object_store", "ontap_s3_existence_cache", "verify", "completeness_checking", "compression", "dedup", ...');
    expect(bare?.nativelink).toBe("no variant of enum StoreSpec found in flattened data");
    const many = (await lint('{ stores: [{ name: "S", a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }], servers: [] }')).find((f) => f.ruleId === RULE);
    expect(many?.message).toMatch(/^this store entry has no store kind: "a", "b", "c", "d" and 2 more keys are not store kinds; /);
  });

  it("passes a known store kind", async () => {
    expect(spans(await lint(fastSlow("memory")), RULE)).toEqual([]);
  });
});
