import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "scheduler-name-unique";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "two schedulers with one name",
      '{ stores: [], servers: [], schedulers: [{ name: "S", simple: {} }, { name: "S", simple: {} }] }',
      ['1:76 scheduler name "S" is already used by schedulers[0] (1:49); this entry silently replaces it'],
    ],
    [
      "a grpc entry shadowing a simple one",
      '{ stores: [], servers: [], schedulers: [{ name: "S", simple: {} }, { name: "T", simple: {} }, { name: "S", grpc: { endpoint: { address: "grpc://u:1" } } }] }',
      ['1:103 scheduler name "S" is already used by schedulers[0] (1:49); this entry silently replaces it'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes distinct names", async () => {
    expect(lines(await lint('{ stores: [], servers: [], schedulers: [{ name: "S", simple: {} }, { name: "s", simple: {} }] }'), RULE)).toEqual([]);
  });

  it("is a warning with the first definition related, and no NativeLink message (it says nothing)", async () => {
    const f = (await lint('{ stores: [], servers: [], schedulers: [{ name: "S", simple: {} }, { name: "S", simple: {} }] }')).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.nativelink).toBeUndefined();
    expect(f?.pointer).toBe("/schedulers/1/name");
    expect(f?.related?.[0]?.pointer).toBe("/schedulers/0/name");
  });
});
