// The ids --connect findings carry. They are not rules of the static check (no config alone triggers
// them): each is a probe of a live endpoint, tested against servers the tests start (test/connect).
// `explain`, SARIF and the suppression check know them by this table.
import type { Severity } from "../types.ts";

export const NETWORK_CHECKS = {
  "connect-endpoint": {
    severity: "error",
    summary: "a worker, grpc store or grpc scheduler endpoint answers as NativeLink needs: DNS, TCP, TLS as rustls verifies it, h2, the services it calls",
    why: "A worker that cannot reach or trust its scheduler retries every 0.5 s forever; a grpc store or scheduler that cannot reach its upstream fails its first request. Only a connection shows it.",
    fix: "Make the endpoint's URI, scheme and tls_config match what really listens there: the host and port, grpc:// for plaintext and grpcs:// for TLS, a ca_file that the server's chain reaches, a client certificate the server accepts.",
  },
  "connect-listener": {
    severity: "error",
    summary: "(--connect-listeners) a listener of the config answers from this host with the services it mounts",
    why: "A listener that another process holds, or that answers without the services the config mounts, is not the server the clients expect.",
    fix: "Stop whatever else listens on the address, or correct the listener's address or services.",
  },
  "connect-redis": {
    severity: "error",
    summary: "a redis_store's server accepts the URL's credentials, answers PING, has keyspace events where needed, and takes a PSUBSCRIBE",
    why: "NativeLink connects to Redis at start-up and fails to start when it cannot; an existence cache over Redis needs keyspace notifications, and pub/sub needs PSUBSCRIBE.",
    fix: "Correct the address, password or database in the URL; set notify-keyspace-events as the finding says; grant the user PSUBSCRIBE.",
  },
  "connect-mongo": {
    severity: "error",
    summary: "an experimental_mongo store's server answers hello",
    why: "The Mongo store creates its index at start-up and fails when no writable primary answers.",
    fix: "Correct the connection string's hosts, or make a writable primary reachable from the NativeLink host.",
  },
  "connect-cloud-store": {
    severity: "error",
    summary: "a cloud object store's endpoint resolves and completes TLS, and credentials are present",
    why: "A cloud store fails on its first request when its endpoint cannot be reached or no credentials are found.",
    fix: "Check the endpoint and region, and provide the credentials the provider reads in the environment NativeLink runs with.",
  },
} as const satisfies Record<string, { severity: Severity; summary: string; why: string; fix: string }>;

export type NetworkCheckId = keyof typeof NETWORK_CHECKS;

export function isNetworkCheck(id: string): id is NetworkCheckId {
  return Object.hasOwn(NETWORK_CHECKS, id);
}
