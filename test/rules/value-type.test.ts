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

  it("reports an object where a list belongs at its key (the object spans lines)", async () => {
    const text = `{
  stores: [],
  servers: {
    main: {},
  },
}`;
    expect(spans(await lint(text), RULE)).toEqual(['3:3-3:10 "servers" must be a list, not an object']);
  });

  it("leaves the pre-v0.7 map of stores to config-release: one finding, with NativeLink's text", async () => {
    const text = `{
  stores: {
    CAS: { memory: {} },
  },
  servers: [],
}`;
    const findings = await lint(text);
    expect(spans(findings, RULE)).toEqual([]);
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.nativelink])).toEqual([["config-release", 2, 3, "invalid type: map, expected a sequence"]]);
  });

  it("passes a string name", async () => {
    expect(spans(await lint(store('"5"')), RULE)).toEqual([]);
  });
});
