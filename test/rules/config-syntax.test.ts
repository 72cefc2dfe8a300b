// config-syntax: the first JSON5 syntax error, where serde_json5 meets it.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "config-syntax";

describe(RULE, () => {
  it("reports a missing comma at the token after it", async () => {
    const text = `{
  stores: [],
  servers: []
  workers: [],
}`;
    const findings = await lint(text);
    expect(spans(findings, RULE)).toEqual(["4:3-4:4 JSON5 syntax error: expected `,` or `}` after the value on line 3"]);
    expect(findings.map((f) => f.ruleId)).toEqual([RULE]);
  });

  it("passes comments, unquoted keys and trailing commas", async () => {
    const text = `// comments, trailing commas and unquoted keys are fine
{
  stores: [],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual([]);
  });
});
