// env-defined: an unset ${VAR} without a default stops NativeLink while it expands the value.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "env-defined";

const fs = (content: string) => `{
  stores: [
    {
      name: "CAS",
      filesystem: {
        content_path: "${content}/cas",
        temp_path: "/tmp/nl/tmp",
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports the unset variable at the whole string", async () => {
    const findings = await lint(fs("${NL_ROOT}"));
    expect(spans(findings, RULE)).toEqual(["6:23-6:39 environment variable NL_ROOT is not set, and ${NL_ROOT} has no default"]);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("error looking key 'NL_ROOT' up: environment variable not found");
  });

  it("with --lenient-env: a warning at the value, and one note at the start of the file", async () => {
    const findings = await lint(fs("${NL_ROOT}"), { lenientEnv: true });
    expect(spans(findings, RULE).slice(0, 1)).toEqual(["1:1-1:2 1 value depends on unset variables; --lenient-env skipped every check that needs it"]);
    expect(findings.filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column} ${f.severity}`)).toEqual(["1:1 info", "6:23 warning"]);
  });

  it("passes a set variable, and an unset one with a default", async () => {
    expect(spans(await lint(fs("${NL_ROOT}"), { env: { NL_ROOT: "/var/lib/nl" } }), RULE)).toEqual([]);
    expect(spans(await lint(fs("${NL_ROOT:-/var/lib/nl}")), RULE)).toEqual([]);
  });
});
