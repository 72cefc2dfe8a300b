// value-type: a value of the wrong JSON type stops the loader.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "value-type";

const store = (name: string) => `{
  stores: [
    {
      name: ${name},
      memory: {},
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a number where a string is expected, at the number", async () => {
    const findings = await lint(store("5"));
    expect(spans(findings, RULE)).toEqual(['4:13-4:14 "name" must be a string, not the number 5']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("invalid type: integer `5`, expected a string");
  });

  it("reports the pre-v0.7 map of stores at its key (the object spans lines)", async () => {
    const text = `{
  stores: {
    CAS: { memory: {} },
  },
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual(['2:3-2:9 "stores" must be a list, not an object']);
  });

  it("passes a string name", async () => {
    expect(spans(await lint(store('"5"')), RULE)).toEqual([]);
  });
});
