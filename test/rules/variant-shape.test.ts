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

  it("passes a known store kind", async () => {
    expect(spans(await lint(fastSlow("memory")), RULE)).toEqual([]);
  });
});
