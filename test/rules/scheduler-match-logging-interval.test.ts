import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "scheduler-match-logging-interval";
const cfg = (simple: string) => `{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: ${simple} }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["-2", cfg("{ worker_match_logging_interval_s: -2 }"), ["1:100 worker_match_logging_interval_s is -2; only -1, 0 or a positive number of seconds is valid, so NativeLink turns the worker-matching log off"]],
    ["a large negative", cfg("{ worker_match_logging_interval_s: -3600 }"), ["1:100 worker_match_logging_interval_s is -3600; only -1, 0 or a positive number of seconds is valid, so NativeLink turns the worker-matching log off"]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["-1", cfg("{ worker_match_logging_interval_s: -1 }")],
    ["0", cfg("{ worker_match_logging_interval_s: 0 }")],
    ["a duration string", cfg('{ worker_match_logging_interval_s: "1m" }')],
    ["omitted (10 s)", cfg("{}")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg("{ worker_match_logging_interval_s: -5 }"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Valid values for worker_match_logging_interval_s are -1, 0, or a positive integer, setting to disabled");
    expect(f?.pointer).toBe("/schedulers/0/simple/worker_match_logging_interval_s");
  });
});
