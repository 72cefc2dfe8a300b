import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "dedup-sizes-ordered";
const dedup = (sizes: string) => `{ stores: [{ name: "CAS", dedup: { index_store: { memory: {} }, content_store: { memory: {} }${sizes} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["min_size alone above the default normal size", dedup(', min_size: "1MiB"'), ['1:106 dedup store "CAS": min_size 1048576 is not below normal_size 262144 (default); NativeLink panics building the chunker']],
    ["max_size alone below the default normal size", dedup(", max_size: 100000"), ['1:106 dedup store "CAS": normal_size 262144 (default) is not below max_size 100000; NativeLink panics building the chunker']],
    ["equal normal and max", dedup(", normal_size: 100000, max_size: 100000"), ['1:109 dedup store "CAS": normal_size 100000 is not below max_size 100000; NativeLink panics building the chunker']],
    ["a small normal_size against the default min_size", dedup(", normal_size: 1000"), ['1:109 dedup store "CAS": min_size 65536 (default) is not below normal_size 1000; NativeLink panics building the chunker']],
    ["normal below min, min checked first", dedup(", min_size: 5000, normal_size: 4000, max_size: 100"), ['1:106 dedup store "CAS": min_size 5000 is not below normal_size 4000; NativeLink panics building the chunker']],
    [
      "nested under fast_slow",
      '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { dedup: { index_store: { memory: {} }, content_store: { memory: {} }, normal_size: "8KiB" } } } }], servers: [] }',
      ['1:152 dedup fast_slow.slow.dedup in store "CAS": min_size 65536 (default) is not below normal_size 8192; NativeLink panics building the chunker'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["all defaults", dedup("")],
    ["zeros mean defaults", dedup(", min_size: 0, normal_size: 0, max_size: 0")],
    ["ordered explicit sizes", dedup(', min_size: "16KiB", normal_size: "64KiB", max_size: "128KiB"')],
    ["one size set within the defaults", dedup(", normal_size: 300000")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries the panic text and points at the size that was set", async () => {
    const f = (await lint(dedup(', min_size: "1MiB"'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Expected 1048576 < 262144");
    expect(f?.pointer).toBe("/stores/0/dedup/min_size");
  });
});
