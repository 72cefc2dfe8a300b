// key-required: a missing required field stops the loader; the object that lacks it is underlined.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-required";

const shard = (entry: string) => `{
  stores: [
    {
      name: "S",
      shard: {
        stores: [
          ${entry},
        ],
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a shard entry without weight, at the entry", async () => {
    const findings = await lint(shard("{ store: { memory: {} } }"));
    expect(spans(findings, RULE)).toEqual(['7:11-7:36 missing required key "weight" in stores[0].shard.stores[0]']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("missing field `weight`");
  });

  it("underlines only the opening brace of an object spanning lines", async () => {
    const text = `{
  stores: [
    {
      name: "S",
      shard: {
        stores: [
          {
            store: { memory: {} },
          },
        ],
      },
    },
  ],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual(['7:11-7:12 missing required key "weight" in stores[0].shard.stores[0]']);
  });

  it("passes a shard entry with its weight", async () => {
    expect(spans(await lint(shard("{ store: { memory: {} }, weight: 1 }")), RULE)).toEqual([]);
  });
});
