// variant-string-panic: a variant that needs a body, written as a bare string, makes NativeLink panic.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "variant-string-panic";

describe(RULE, () => {
  it("reports listener: \"http\", at the string", async () => {
    const text = `{
  stores: [],
  servers: [
    {
      listener: "http",
      services: { health: {} },
    },
  ],
}`;
    const findings = await lint(text);
    expect(spans(findings, RULE)).toEqual(['5:17-5:23 "http" needs a value here; written as a bare string it makes NativeLink crash (panic, exit code 101) while reading the config']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("called `Option::unwrap()` on a `None` value");
  });

  it("passes the variant with its body", async () => {
    const text = `{
  stores: [],
  servers: [
    {
      listener: {
        http: { socket_address: "0.0.0.0:50051" },
      },
      services: { health: {} },
    },
  ],
}`;
    expect(spans(await lint(text), RULE)).toEqual([]);
  });
});
