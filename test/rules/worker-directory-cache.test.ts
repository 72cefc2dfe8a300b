import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-directory-cache";
const W = (extra: string) =>
  `{ stores: [], servers: [], workers: [{ local: { name: "w1", worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {}${extra} } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["0", W(", directory_cache: { max_concurrent_fetches: 0 }"), ['1:234 directory_cache.max_concurrent_fetches is 0; worker "w1" logs a warning and runs without its directory cache']],
    [
      "a negative number (cast to 0)",
      W(", directory_cache: { max_concurrent_fetches: -4 }"),
      ['1:234 directory_cache.max_concurrent_fetches is -4, which NativeLink reads as 0; worker "w1" logs a warning and runs without its directory cache'],
    ],
    [
      "a fraction below 1 (cast to 0)",
      W(", directory_cache: { max_concurrent_fetches: 0.5 }"),
      ['1:234 directory_cache.max_concurrent_fetches is 0.5, which NativeLink reads as 0; worker "w1" logs a warning and runs without its directory cache'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a positive value", W(", directory_cache: { max_concurrent_fetches: 1 }")],
    ["the default", W(", directory_cache: {}")],
    ["no directory cache", W("")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's warning", async () => {
    const f = (await lint(W(", directory_cache: { max_concurrent_fetches: 0 }"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe('Failed to initialize directory cache: Error { code: InvalidArgument, messages: ["directory_cache max_concurrent_fetches must be greater than 0"] }');
    expect(f?.pointer).toBe("/workers/0/local/directory_cache/max_concurrent_fetches");
    expect(f?.severity).toBe("warning");
  });
});
