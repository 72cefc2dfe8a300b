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

  it("takes a shortening of a missing required key for that key, and says the missing key no more", async () => {
    const fs = (keys: string) => `{ stores: [{ name: "S", filesystem: { ${keys} } }], servers: [] }`;
    const short = await lint(fs('content: "/var/cas", temp_path: "/var/tmp"'));
    expect(short.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['key-unknown unknown key "content" in stores[0].filesystem; did you mean "content_path"?']);
    // Not when the field is there already, or when the shortening fits two missing fields, or is under four letters.
    expect((await lint(fs('content: "/a", content_path: "/var/cas", temp_path: "/var/tmp"'))).map((f) => f.message)).toEqual(['unknown key "content" in stores[0].filesystem']);
    expect((await lint(fs('con: "/var/cas", temp_path: "/var/tmp"'))).map((f) => f.ruleId)).toEqual(["key-required", "key-unknown"]);
    expect((await lint(fs('path: "/var/cas"'))).map((f) => f.ruleId)).toEqual(["key-required", "key-required", "key-unknown"]);
    // "work" begins both work_directory and worker_api_endpoint: no guess, both stay missing.
    const two = await lint('{ stores: [], servers: [], workers: [{ local: { work: "/w", cas_fast_slow_store: "S", platform_properties: {} } }] }');
    expect(two.filter((f) => f.ruleId === RULE || f.ruleId === "key-required").map((f) => f.message)).toEqual([
      'missing required key "work_directory" in workers[0].local',
      'missing required key "worker_api_endpoint" in workers[0].local',
      'unknown key "work" in workers[0].local',
    ]);
  });

  it("passes the right spelling", async () => {
    expect(spans(await lint(policy("max_bytes")), RULE)).toEqual([]);
  });
});
