import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-upload-ac-store";
const cfg = (upload: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://x:1" }, cas_fast_slow_store: "FS", ${upload}work_directory: "/w", platform_properties: {} } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["no upload_action_result block (default success_only)", cfg(""), ['1:40 worker "worker_0" uploads action results (the default upload_ac_results_strategy "success_only") but has no upload_action_result.ac_store']],
    [
      "a block without ac_store",
      cfg('upload_action_result: { upload_ac_results_strategy: "everything" }, '),
      ['1:142 worker "worker_0" uploads action results (upload_ac_results_strategy "everything") but has no upload_action_result.ac_store'],
    ],
    [
      "ac_store: null",
      cfg('upload_action_result: { ac_store: null, upload_ac_results_strategy: { failures_only: null } }, '),
      ['1:120 worker "worker_0" uploads action results (upload_ac_results_strategy "failures_only") but has no upload_action_result.ac_store'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["an ac_store", cfg('upload_action_result: { ac_store: "AC" }, ')],
    ["strategy never", cfg('upload_action_result: { upload_ac_results_strategy: "never" }, ')],
    ["strategy never in map form", cfg('upload_action_result: { upload_ac_results_strategy: { never: null } }, ')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg("upload_action_result: {}, "))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("upload_ac_results_strategy is set, but no ac_store is configured");
    expect(f?.pointer).toBe("/workers/0/local/upload_action_result");
  });
});
