// key-unknown: a key a deny_unknown_fields struct does not define stops the loader.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "key-unknown";

const policy = (key: string) => `{
  stores: [
    {
      name: "S",
      memory: {
        eviction_policy: { ${key}: 1000 },
      },
    },
  ],
  servers: [],
}`;

describe(RULE, () => {
  it("reports a misspelt key at the key, with the closest one", async () => {
    const findings = await lint(policy("max_byte"));
    expect(spans(findings, RULE)).toEqual(['6:28-6:36 unknown key "max_byte" in stores[0].memory.eviction_policy; did you mean "max_bytes"?']);
    expect(findings.find((f) => f.ruleId === RULE)?.nativelink).toBe("unknown field `max_byte`, expected one of `max_bytes`, `evict_bytes`, `max_seconds`, `max_count`");
  });

  it("passes the right spelling", async () => {
    expect(spans(await lint(policy("max_bytes")), RULE)).toEqual([]);
  });
});
