// preflight-config: a mistake in .nativelink-preflight.json5 is a finding in that file.
import { describe, expect, it } from "vitest";
import { lintProjectConfig, spans } from "../helpers/lint.ts";

const RULE = "preflight-config";

const settings = (id: string) => `{
  profile: "production",
  rules: {
    "${id}": "off",
  },
}
`;

describe(RULE, () => {
  it("reports a misspelt rule id at the key, with the closest id", async () => {
    expect(spans(await lintProjectConfig(settings("key-ignord")), RULE)).toEqual(['4:5-4:17 no rule "key-ignord"; did you mean "key-ignored"?']);
  });

  it("passes a known rule id", async () => {
    expect(spans(await lintProjectConfig(settings("key-ignored")), RULE)).toEqual([]);
  });
});
