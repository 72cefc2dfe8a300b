import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "store-ref-cycle";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a ref_store naming its own store", '{ stores: [{ name: "A", ref_store: { name: "A" } }], servers: [] }', ['1:44 ref_store in store "A" names "A" itself; any request through it recurses without end']],
    [
      "a nested ref_store naming the store around it",
      '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "CAS" } } } }], servers: [] }',
      ['1:89 ref_store in store "CAS" names "CAS" itself; any request through it recurses without end'],
    ],
    [
      "a loop through two stores, reported on each ref_store",
      '{ stores: [{ name: "B", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "C" } } } }, { name: "C", shard: { stores: [{ store: { ref_store: { name: "B" } }, weight: 1 }] } }, { name: "D", ref_store: { name: "B" } }], servers: [] }',
      [
        '1:87 ref_store in store "B" names "C", which leads back to "B" ("B" → "C" → "B"); a request through it recurses without end',
        '1:161 ref_store in store "C" names "B", which leads back to "C" ("C" → "B" → "C"); a request through it recurses without end',
      ],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes chains that end, and targets that do not exist (store-ref-defined reports those)", async () => {
    const ok = '{ stores: [{ name: "M", memory: {} }, { name: "A", ref_store: { name: "B" } }, { name: "B", ref_store: { name: "M" } }, { name: "X", ref_store: { name: "NOPE" } }], servers: [] }';
    expect(lines(await lint(ok), RULE)).toEqual([]);
  });

  it("follows names after ${VAR} expansion", async () => {
    expect(lines(await lint('{ stores: [{ name: "A", ref_store: { name: "${T}" } }], servers: [] }', { env: { T: "A" } }), RULE)).toEqual([
      '1:44 ref_store in store "A" names "A" itself; any request through it recurses without end',
    ]);
  });

  it("is a warning (NativeLink starts) at the ref_store's name", async () => {
    const f = (await lint('{ stores: [{ name: "A", ref_store: { name: "A" } }], servers: [] }')).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.nativelink).toBeUndefined();
    expect(f?.pointer).toBe("/stores/0/ref_store/name");
  });
});
