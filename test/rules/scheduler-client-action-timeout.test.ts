import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "scheduler-client-action-timeout";
const cfg = (simple: string) => `{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: ${simple} }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["5 seconds", cfg("{ client_action_timeout_s: 5 }"), ["1:92 client_action_timeout_s is 5 s, not above the 10 s client keep-alive interval, so actions can be failed while their clients still wait"]],
    ["exactly the keep-alive", cfg('{ client_action_timeout_s: "10s" }'), ["1:92 client_action_timeout_s is 10 s, not above the 10 s client keep-alive interval, so actions can be failed while their clients still wait"]],
    [
      "nested under cache_lookup",
      '{ stores: [{ name: "AC", memory: {} }], servers: [], schedulers: [{ name: "S", cache_lookup: { ac_store: "AC", scheduler: { simple: { client_action_timeout_s: 1 } } } }] }',
      ["1:160 client_action_timeout_s is 1 s, not above the 10 s client keep-alive interval, so actions can be failed while their clients still wait"],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["0 (the default, 60 s)", cfg("{ client_action_timeout_s: 0 }")],
    ["sub-second duration (reads as 0)", cfg('{ client_action_timeout_s: "500ms" }')],
    ["11 seconds", cfg("{ client_action_timeout_s: 11 }")],
    ["omitted", cfg("{}")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg("{ client_action_timeout_s: 3 }"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Setting client_action_timeout_s to less than the client keep alive interval is going to cause issues, please set above 10.");
    expect(f?.pointer).toBe("/schedulers/0/simple/client_action_timeout_s");
    expect(f?.severity).toBe("warning");
  });
});
