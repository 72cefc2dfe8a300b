// The ids --connect findings carry. They are not rules of the static check (no config alone triggers
// them): each is a probe of a live endpoint, tested against servers the tests start (test/connect).
import type { Severity } from "../types.ts";

export const NETWORK_CHECKS = {
  "connect-endpoint": { severity: "error", summary: "a worker, grpc store or grpc scheduler endpoint answers as NativeLink needs: DNS, TCP, TLS as rustls verifies it, h2, the services it calls" },
  "connect-listener": { severity: "error", summary: "(--connect-listeners) a listener of the config answers from this host with the services it mounts" },
  "connect-redis": { severity: "error", summary: "a redis_store's server accepts the URL's credentials, answers PING, has keyspace events where needed, and takes a PSUBSCRIBE" },
  "connect-mongo": { severity: "error", summary: "an experimental_mongo store's server answers hello" },
  "connect-cloud-store": { severity: "error", summary: "a cloud object store's endpoint resolves and completes TLS, and credentials are present" },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type NetworkCheckId = keyof typeof NETWORK_CHECKS;
