// key-duplicate: a struct field given twice is refused by the loader; the second key is underlined.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-duplicate";

const BAD = `{
  stores: [
    {
      name: "CAS",
      memory: {},
      name: "AC",
    },
  ],
  servers: [],
}`;

const GOOD = `{
  stores: [
    {
      name: "CAS",
      memory: {},
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports the second of two equal struct keys, at the key", async () => {
    const findings = await lint(BAD);
    expect(spans(findings, RULE)).toEqual(['6:7-6:11 duplicate key "name" in this store entry; NativeLink refuses a field given twice']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("duplicate field `name`");
  });

  it("passes a store entry with each key once", async () => {
    expect(spans(await lint(GOOD), RULE)).toEqual([]);
  });
});
