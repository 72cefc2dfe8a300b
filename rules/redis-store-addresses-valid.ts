// A redis_store needs exactly the addresses its mode takes, each a Redis URL that redis-rs (as NativeLink builds it) accepts.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, items, storeBody } from "../src/typed.ts";
import type { RedisConnInfo } from "../src/facts/stores.ts";
import { describeSpec, strAt, redisClusterBuildError, redisConnectionInfo, unitAt } from "../src/facts/stores.ts";

const NO_ADDRESSES = "No addresses were specified in redis store configuration.";
const MULTIPLE =
  "Connecting directly to multiple redis nodes in a cluster is currently unsupported. Please specify a single URL to a single node, and nativelink will use cluster discover to find the other nodes.";

export default defineRule(
  {
    id: "redis-store-addresses-valid",
    category: "endpoint",
    severity: "error",
    summary: "a redis_store needs one valid Redis URL (standard, sentinel) or valid URLs for every cluster seed",
    why: "RedisStore refuses an empty `addresses`, and outside cluster mode more than one address. It then parses addresses[0] (with redis+sentinel:// read as redis://), or in cluster mode every address, with redis-rs: the scheme must be redis, valkey, unix, redis+unix or valkey+unix; a TCP URL needs a host that is not 0.0.0.0 or ::, a numeric database path and a protocol of 2/3/resp2/resp3; rediss:// and valkeys:// always fail because NativeLink builds redis-rs without TLS. Cluster seeds cannot be unix sockets and must share the first seed's username and password. Each failure stops NativeLink while it builds the store.",
    fix: "Give one redis://[user:password@]host[:port][/db] URL (redis+sentinel://... in sentinel mode), or every seed node in cluster mode; reach TLS-only Redis through a local TLS proxy.",
    nativelink: [
      { message: NO_ADDRESSES, source: "nativelink-store/src/redis_store.rs:593" },
      { message: MULTIPLE, source: "nativelink-store/src/redis_store.rs:818" },
      { message: "InvalidClientConfig: Redis URL did not parse - InvalidClientConfig", source: "redis-rs connection.rs via nativelink-store/src/redis_store.rs:675,728" },
      { message: "InvalidClientConfig: can't connect with TLS, the feature is not enabled - InvalidClientConfig", source: "redis-rs connection.rs (url_to_tcp_connection_info)" },
      { message: "InvalidClientConfig: Cannot use different password among initial nodes. - InvalidClientConfig", source: "redis-rs cluster_handling/client.rs (ClusterClientBuilder::build) via nativelink-store/src/redis_store.rs:697" },
    ],
    catalog: ["redis-no-addresses", "redis-multiple-addresses", "redis-url-invalid", "redis-sentinel-url-parse"],
    examples: {
      bad: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["rediss://redis.internal:6380"] } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "AC", redis_store: { addresses: ["redis://redis.internal:6379/0"] } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const redis = storeBody(spec, "redis_store");
      if (!redis) continue;
      const list = get(redis, "addresses");
      if (list?.kind !== "array") continue;
      const addresses = items(list);
      const where = describeSpec(model, spec);
      if (addresses.length === 0) {
        yield { node: list, message: `redis ${where} lists no addresses`, nativelink: NO_ADDRESSES, hint: 'add one address, e.g. "redis://redis.internal:6379"' };
        continue;
      }
      const mode = unitAt(ctx, get(redis, "mode"), "standard");
      if (mode === undefined) continue;
      const second = addresses[1];
      if (mode !== "cluster" && second) {
        yield {
          node: second,
          message: `redis ${where} in ${mode} mode lists ${addresses.length} addresses; only one is accepted outside cluster mode`,
          nativelink: MULTIPLE,
          hint: mode === "sentinel" ? "keep a single sentinel address" : 'keep one address, or set mode: "cluster" to give several seed nodes',
        };
      }
      // Standard and sentinel parse only the first address; cluster parses all of them, in order, and stops at the first failure.
      const parsed = mode === "cluster" ? addresses : addresses.slice(0, 1);
      const infos: RedisConnInfo[] = [];
      let complete = true;
      for (const item of parsed) {
        const s = strAt(ctx, item);
        if (!s) {
          complete = false;
          continue;
        }
        // NativeLink's connect() rewrites redis+sentinel:// before redis-rs sees the address. In sentinel
        // mode it later runs Url::parse on the original text (redis-sentinel-url-parse); any text that
        // fails there has already failed this parse, whose message is therefore the one printed.
        const addr = mode === "cluster" ? s.value : s.value.replaceAll("redis+sentinel://", "redis://");
        const r = redisConnectionInfo(addr);
        if (r.ok) {
          infos.push(r.info);
          continue;
        }
        complete = false;
        const tls = r.error.startsWith("can't connect with TLS");
        yield {
          node: item,
          message: `redis ${where} address "${s.value}" is not a URL NativeLink's redis client accepts: ${r.error.replace(/ - InvalidClientConfig(: )?/, (_m, colon) => (colon ? ": " : ""))}`,
          nativelink: `InvalidClientConfig: ${r.error}`,
          hint: tls
            ? "NativeLink's redis client has no TLS support; use redis:// through a local TLS proxy (e.g. stunnel) instead"
            : mode === "sentinel"
              ? 'use "redis+sentinel://host:26379/?sentinelServiceName=master" or "redis://host:26379"'
              : 'use "redis://[user:password@]host[:port][/db]" or "unix:///path/to/redis.sock"',
        };
      }
      if (mode === "cluster" && complete) {
        const e = redisClusterBuildError(infos);
        const seed = e && addresses[e.index];
        if (e && seed) {
          const first = addresses[0];
          yield {
            node: seed,
            message: `redis cluster ${where} seed ${e.index + 1}: ${e.error.replace(/ - InvalidClientConfig$/, "")}`,
            nativelink: `InvalidClientConfig: ${e.error}`,
            hint: e.error.startsWith("This library") ? "give TCP addresses of the cluster nodes" : "use the same credentials in every seed address",
            related: e.index > 0 && first ? [{ node: first, message: "the first seed, whose credentials the others must match" }] : undefined,
          };
        }
      }
    }
  },
);
