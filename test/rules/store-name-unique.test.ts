import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "store-name-unique";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "a second store with a taken name",
      '{ stores: [{ name: "A", memory: {} }, { name: "B", memory: {} }, { name: "A", noop: {} }], servers: [] }',
      ['1:74 store name "A" is already used by stores[0] (1:20)'],
    ],
    [
      "every later copy, each pointing at the first",
      '{ stores: [{ name: "A", memory: {} }, { name: "A", memory: {} }, { name: "A", noop: {} }], servers: [] }',
      ['1:47 store name "A" is already used by stores[0] (1:20)', '1:74 store name "A" is already used by stores[0] (1:20)'],
    ],
    [
      "${VAR} in names is literal text, so equal literals clash",
      '{ stores: [{ name: "${X}", memory: {} }, { name: "${X}", memory: {} }], servers: [] }',
      ['1:50 store name "${X}" is already used by stores[0] (1:20)'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes distinct names, including ones that differ only in case or would expand alike", async () => {
    const ok = '{ stores: [{ name: "A", memory: {} }, { name: "a", memory: {} }, { name: "${A}", memory: {} }], servers: [] }';
    expect(lines(await lint(ok, { env: { A: "A" } }), RULE)).toEqual([]);
  });

  it("carries NativeLink's message and the first definition", async () => {
    const f = (await lint('{ stores: [{ name: "A", memory: {} }, { name: "A", noop: {} }], servers: [] }')).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Store name 'A' already exists in the store manager");
    expect(f?.pointer).toBe("/stores/1/name");
    expect(f?.related?.map((r) => `${r.pointer} ${r.line}:${r.column}`)).toEqual(["/stores/0/name 1:20"]);
  });
});
