// What each --connect check is for, in words: read only by `explain` and the SARIF format. The bundle
// leaves this module's table out of dist/cli.cjs and ships it in dist/rule-docs.json (see
// src/rule-docs.ts and scripts/bundle-options.mjs); in a checkout it is read from here.
import type { NetworkCheckId } from "./ids.ts";

export interface NetworkCheckDocs {
  summary: string;
  why: string;
  fix: string;
}

/** Undefined only in the bundle, where dist/rule-docs.json holds the table. */
export const NETWORK_CHECK_DOCS: Readonly<Record<NetworkCheckId, NetworkCheckDocs>> | undefined = {
  "connect-endpoint": {
    summary: "a worker, grpc store or grpc scheduler endpoint answers as NativeLink needs: DNS, TCP, TLS as rustls verifies it, h2, the services it calls",
    why: "A worker that cannot reach or trust its scheduler retries every 0.5 s forever; a grpc store or scheduler that cannot reach its upstream fails its first request. Only a connection shows it.",
    fix: "Make the endpoint's URI, scheme and tls_config match what really listens there: the host and port, grpc:// for plaintext and grpcs:// for TLS, a ca_file that the server's chain reaches, a client certificate the server accepts.",
  },
  "connect-listener": {
    summary: "(--connect-listeners) a listener of the config answers from this host with the services it mounts",
    why: "A listener that another process holds, or that answers without the services the config mounts, is not the server the clients expect.",
    fix: "Stop whatever else listens on the address, or correct the listener's address or services.",
  },
  "connect-redis": {
    summary: "a redis_store's server accepts the URL's credentials, answers PING, has keyspace events where needed, and takes a PSUBSCRIBE",
    why: "NativeLink connects to Redis at start-up and fails to start when it cannot; an existence cache over Redis needs keyspace notifications, and pub/sub needs PSUBSCRIBE.",
    fix: "Correct the address, password or database in the URL; set notify-keyspace-events as the finding says; grant the user PSUBSCRIBE.",
  },
  "connect-mongo": {
    summary: "an experimental_mongo store's server answers hello",
    why: "The Mongo store creates its index at start-up and fails when no writable primary answers.",
    fix: "Correct the connection string's hosts, or make a writable primary reachable from the NativeLink host.",
  },
  "connect-cloud-store": {
    summary: "a cloud object store's endpoint resolves and completes TLS, and credentials are present",
    why: "A cloud store fails on its first request when its endpoint cannot be reached or no credentials are found.",
    fix: "Check the endpoint and region, and provide the credentials the provider reads in the environment NativeLink runs with.",
  },
};
