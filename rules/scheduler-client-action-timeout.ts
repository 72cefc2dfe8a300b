// A simple scheduler whose client_action_timeout_s is at or below the 10 s client keep-alive drops live actions.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, schedulerBody } from "../src/typed.ts";

/** CLIENT_KEEPALIVE_DURATION in nativelink-scheduler/src/awaited_action_db/mod.rs. */
const KEEPALIVE_S = 10n;

export default defineRule(
  {
    id: "scheduler-client-action-timeout",
    category: "reference",
    severity: "warning",
    summary: "a simple scheduler's client_action_timeout_s must be above the 10 s client keep-alive interval",
    why: "Clients waiting on an action refresh it every 10 seconds. The simple scheduler marks an action as failed when no client has touched it for client_action_timeout_s, so a value of 1 to 10 can expire actions whose clients are still connected. NativeLink starts anyway and logs an ERROR line; 0 means the default of 60 s and is fine.",
    fix: "Set client_action_timeout_s above 10 (for example 60, the default), or remove it.",
    nativelink: [
      {
        message: "Setting client_action_timeout_s to less than the client keep alive interval is going to cause issues, please set above 10.",
        source: "nativelink-scheduler/src/simple_scheduler.rs:500-513",
      },
    ],
    catalog: ["client-action-timeout-below-keepalive"],
    examples: {
      bad: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: { client_action_timeout_s: 5 } }] }' },
      good: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: { client_action_timeout_s: "2m" } }] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allSchedulerSpecs) {
      const node = get(schedulerBody(spec, "simple"), "client_action_timeout_s");
      const v = model.valueOf(node);
      if (!node || typeof v !== "bigint" || v === 0n || v > KEEPALIVE_S) continue;
      yield {
        node,
        message: `client_action_timeout_s is ${v} s, not above the ${KEEPALIVE_S} s client keep-alive interval, so actions can be failed while their clients still wait`,
        nativelink: `Setting client_action_timeout_s to less than the client keep alive interval is going to cause issues, please set above ${KEEPALIVE_S}.`,
        hint: "set it above 10 seconds (the default, used for 0 or when omitted, is 60)",
      };
    }
  },
);
