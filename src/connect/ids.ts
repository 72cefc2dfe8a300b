// The ids --connect findings carry. They are not rules of the static check (no config alone triggers
// them): each is a probe of a live endpoint, tested against servers the tests start (test/connect).
// `explain`, SARIF and the suppression check know them by this table; their texts are in
// ./check-docs.ts, which the bundle ships as data (dist/rule-docs.json) like the rules' own.
import type { Severity } from "../types.ts";

export const NETWORK_CHECKS = {
  "connect-endpoint": { severity: "error" },
  "connect-listener": { severity: "error" },
  "connect-redis": { severity: "error" },
  "connect-mongo": { severity: "error" },
  "connect-cloud-store": { severity: "error" },
} as const satisfies Record<string, { severity: Severity }>;

export type NetworkCheckId = keyof typeof NETWORK_CHECKS;

export function isNetworkCheck(id: string): id is NetworkCheckId {
  return Object.hasOwn(NETWORK_CHECKS, id);
}
