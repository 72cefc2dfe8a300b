import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "shard-stores-nonempty";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["an empty shard list", '{ stores: [{ name: "CAS", shard: { stores: [] } }], servers: [] }', ['1:44 shard store "CAS" lists no stores; a shard store needs at least one']],
    [
      "every weight zero, nested, weights as strings",
      '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { shard: { stores: [{ store: { memory: {} }, weight: 0 }, { store: { memory: {} }, weight: "0" }] } } } }], servers: [] }',
      ['1:121 every shard of fast_slow.slow.shard in store "CAS" has weight 0, so the total weight is 0 and NativeLink panics dividing by it'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["one non-zero weight", '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: 0 }, { store: { memory: {} }, weight: 2 }] } }], servers: [] }'],
    ["null weight counts as 1", '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: 0 }, { store: { memory: {} }, weight: null }] } }], servers: [] }'],
    ["blank weight counts as 1", '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: " " }] } }], servers: [] }'],
    ["weight from an unset variable under --lenient-env", '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: "${W}" }] } }], servers: [] }'],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config, { lenientEnv: true }), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message and points at the list", async () => {
    const f = (await lint('{ stores: [{ name: "CAS", shard: { stores: [] } }], servers: [] }')).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("ShardStore must have at least one store");
    expect(f?.pointer).toBe("/stores/0/shard/stores");
    expect(f?.severity).toBe("error");
  });
});
