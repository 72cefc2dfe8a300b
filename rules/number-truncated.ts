// Plain integer fields read directly by serde_json5 silently truncate fractions and clamp negatives.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "number-truncated",
    category: "value",
    severity: "warning",
    summary: "a fraction or negative number silently becomes another integer",
    why: "A few integer fields outside stores, schedulers and services (health.timeout_seconds, worker_api.kill_revoked_operations_interval_s, directory_cache.max_entries and max_concurrent_fetches) are cast with Rust's `as`: 2.5 becomes 2 and -5 becomes 0, without a word.",
    fix: "Write the whole, non-negative number you mean.",
    examples: {
      bad: { config: '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { health: { timeout_seconds: 2.5 } } }] }' },
      good: { config: '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { health: { timeout_seconds: 3 } } }] }' },
    },
  },
  fromDiagnostics("number-truncated"),
);
