// suppression-reason: a suppression comment must say why, after "--".
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "suppression-reason";

const config = (comment: string) => `{
  ${comment}
  stores: [{ name: "S", memory: {}, note: "x" }],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a comment without a reason, at the whole comment", async () => {
    const findings = await lint(config("// nativelink-preflight-disable-next-line key-ignored"));
    expect(spans(findings, RULE)).toEqual(["2:3-2:56 this nativelink-preflight-disable-next-line comment gives no reason"]);
    // the finding is still silenced: the missing reason is reported on its own
    expect(findings.filter((f) => f.ruleId === "key-ignored").map((f) => f.suppressed?.kind)).toEqual(["inline"]);
  });

  it("reports a block comment spanning lines from its start to its end", async () => {
    const findings = await lint(config("/* nativelink-preflight-disable-next-line\n     key-ignored */"));
    expect(spans(findings, RULE)).toEqual(["2:3-3:20 this nativelink-preflight-disable-next-line comment gives no reason"]);
  });

  it("passes a comment with a reason", async () => {
    expect(spans(await lint(config("// nativelink-preflight-disable-next-line key-ignored -- the note is read by our deploy script")), RULE)).toEqual([]);
  });
});
