// config-readable: the config must be UTF-8 text NativeLink can read into a string.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "config-readable";

const TEXT = `{
  stores: [],
  // café
  servers: [],
}`;

describe(RULE, () => {
  it("reports the first byte that is not UTF-8, at that byte", async () => {
    const findings = await lint(TEXT, { encoding: "latin1" });
    expect(spans(findings, RULE)).toEqual(["3:9-3:10 the config file is not valid UTF-8 (byte 0xe9 at offset 24)"]);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("stream did not contain valid UTF-8");
  });

  it("passes the same text saved as UTF-8", async () => {
    expect(spans(await lint(TEXT), RULE)).toEqual([]);
  });
});
