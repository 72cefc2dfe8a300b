// suppression-unused: a suppression that silences nothing, or names no rule.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "suppression-unused";

const TEXT = `{
  // nativelink-preflight-disable-next-line key-ignored -- left over
  stores: [{ name: "S", memory: {} }],
  // nativelink-preflight-disable-next-line key-ignroed -- a typo
  servers: [],
}`;

describe(RULE, () => {
  it("reports a stale comment and one naming no rule, each at the whole comment", async () => {
    expect(spans(await lint(TEXT), RULE)).toEqual([
      "2:3-2:69 this nativelink-preflight-disable-next-line comment silences nothing",
      '4:3-4:66 no rule "key-ignroed": this comment silences nothing for it',
    ]);
  });

  it("is quiet when unused suppressions are not reported", async () => {
    expect(spans(await lint(TEXT, { reportUnusedSuppressions: false }), RULE)).toEqual([]);
  });

  it("passes a comment that silences a finding on the next line", async () => {
    const text = `{
  // nativelink-preflight-disable-next-line key-ignored -- the note is read by our deploy script
  stores: [{ name: "S", memory: {}, note: "x" }],
  servers: [],
}`;
    expect(spans(await lint(text), RULE)).toEqual([]);
  });
});
