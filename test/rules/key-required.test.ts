// key-required: a missing required field stops the loader; the object that lacks it is underlined.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-required";

const filesystem = (body: string) => `{
  stores: [
    {
      name: "S",
      filesystem: ${body},
    },
  ],
  servers: [],
}`;

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
  it("reports a filesystem store without content_path, at the object", async () => {
    const findings = await lint(filesystem('{ temp_path: "/var/nl/tmp" }'));
    expect(spans(findings, RULE)).toEqual(['5:19-5:47 missing required key "content_path" in stores[0].filesystem']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("missing field `content_path`");
  });

  it("underlines only the opening brace of an object spanning lines", async () => {
    const text = `{
  stores: [
    {
      memory: {},
    },
  ],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual(['3:5-3:6 missing required key "name" in stores[0]']);
  });

  it("underlines the key of a keyed object spanning lines", async () => {
    const text = filesystem(`{
        temp_path: "/var/nl/tmp",
      }`);
    expect(spans(await lint(text), RULE)).toEqual(['5:7-5:17 missing required key "content_path" in stores[0].filesystem']);
  });

  it("passes a filesystem store with both paths", async () => {
    expect(spans(await lint(filesystem('{ content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" }')), RULE)).toEqual([]);
  });

  it("leaves a shard entry without weight to config-release (weight is required since v1.0.0): one finding, with NativeLink's text", async () => {
    const findings = await lint(shard("{ store: { memory: {} } }"));
    expect(spans(findings, RULE)).toEqual([]);
    const release = findings.filter((f) => f.ruleId === "config-release");
    expect(release.map((f) => [f.line, f.column, f.nativelink])).toEqual([[7, 11, "missing field `weight`"]]);
  });

  it("passes a shard entry with its weight", async () => {
    expect(spans(await lint(shard("{ store: { memory: {} }, weight: 1 }")), RULE)).toEqual([]);
  });
});
