// worker_match_logging_interval_s takes -1, 0 or a positive number of seconds; other negatives are ignored with an error log.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, schedulerBody } from "../src/typed.ts";

export default defineRule(
  {
    id: "scheduler-match-logging-interval",
    category: "reference",
    severity: "warning",
    summary: "a simple scheduler's worker_match_logging_interval_s must be -1, 0 or positive",
    why: "The field is read as a signed number of seconds. -1 and 0 turn the periodic worker-matching log off and a positive value sets its period; any other negative value is not rejected at load time, NativeLink logs an ERROR line and turns the logging off.",
    fix: "Use -1 (or 0) to turn the logging off, or a positive number of seconds.",
    nativelink: [
      {
        message: "Valid values for worker_match_logging_interval_s are -1, 0, or a positive integer, setting to disabled",
        source: "nativelink-scheduler/src/simple_scheduler.rs:693-707",
      },
    ],
    catalog: ["worker-match-logging-invalid"],
    examples: {
      bad: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: { worker_match_logging_interval_s: -10 } }] }' },
      good: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: { worker_match_logging_interval_s: -1 } }] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allSchedulerSpecs) {
      const node = get(schedulerBody(spec, "simple"), "worker_match_logging_interval_s");
      const v = model.valueOf(node);
      if (!node || typeof v !== "bigint" || v >= -1n) continue;
      yield {
        node,
        message: `worker_match_logging_interval_s is ${v}; only -1, 0 or a positive number of seconds is valid, so NativeLink turns the worker-matching log off`,
        nativelink: "Valid values for worker_match_logging_interval_s are -1, 0, or a positive integer, setting to disabled",
        hint: "write -1 to turn the logging off on purpose, or a positive interval such as 10",
      };
    }
  },
);
