// The redis_store entries a config connects at startup, and what their probes mean (redis_store.rs).
import type { DeployedConfig } from "../context.ts";
import { get, storeBody } from "../typed.ts";
import { describeSpec, ownerStore, parseRustUrl, percentDecodeUtf8, redisConnectionInfo } from "../facts/stores.ts";
import type { Report } from "../types.ts";
import type { Job } from "./index.ts";
import type { NetworkCheckId } from "./ids.ts";
import { attemptsText, dnsWords } from "./findings.ts";
import { probeRedis, type RedisProbe, type RedisTarget } from "./redis.ts";

type Out = Report & { id: NetworkCheckId };

/** Wrappers whose construction registers a remove callback on the store below them (existence_cache_store.rs:130, ontap_s3_existence_cache_store.rs:372). */
const CALLBACK_WRAPPERS = new Set(["existence_cache", "ontap_s3_existence_cache"]);

export function redisJobs(config: DeployedConfig, o: { timeoutMs: number }): Job[] {
  const m = config.model;
  const jobs: Job[] = [];
  for (const spec of m.allStoreSpecs) {
    const redis = storeBody(spec, "redis_store");
    if (!redis) continue;
    const list = get(redis, "addresses");
    if (list?.kind !== "array" || list.items.length === 0) continue;
    const modeNode = get(redis, "mode");
    const mode = modeNode?.kind === "string" ? modeNode.value : "standard";
    const channelNode = get(redis, "experimental_pub_sub_channel");
    const channel = channelNode?.kind === "string" ? channelNode.value : undefined;
    const keyspace = spec.path.slice(0, -1).some((k) => CALLBACK_WRAPPERS.has(k));
    const where = describeSpec(m, spec);
    const storeName = ownerStore(m, spec)?.name ?? "?";
    const items = mode === "cluster" ? list.items : list.items.slice(0, 1);
    for (const item of items) {
      const s = m.str(item);
      if (!s || s.unknown) continue;
      const text = mode === "sentinel" ? s.value.replace("redis+sentinel://", "redis://") : s.value;
      // URLs the static rules refuse (redis-store-addresses-valid: NativeLink stops before it connects)
      // and Unix sockets are not dialed.
      const info = redisConnectionInfo(text);
      if (!info.ok || info.info.unix) continue;
      const url = parseRustUrl(text);
      if (!url.ok || !/^(redis|valkey)$/.test(url.url.scheme) || !url.url.host) continue;
      const u = url.url;
      const db = Number(u.path.replace(/^\/+|\/+$/g, "") || "0");
      const t: RedisTarget = {
        host: u.host!,
        port: u.port ?? 6379,
        username: u.username ? percentDecodeUtf8(u.username) : undefined,
        password: u.password !== undefined ? percentDecodeUtf8(u.password) : undefined,
        db: mode === "sentinel" ? 0 : db,
        keyspace: keyspace && mode !== "sentinel",
        subscribe: mode === "sentinel" ? undefined : channel,
      };
      jobs.push({ config, run: async (d) => redisReports(await probeRedis(t, d), t, { at: item.pointer, url: s.value, where, store: storeName, mode, channelAt: channelNode?.pointer, timeoutMs: o.timeoutMs }) });
    }
  }
  return jobs;
}

interface Ctx {
  at: string;
  url: string;
  where: string;
  store: string;
  mode: string;
  channelAt?: string;
  timeoutMs: number;
}

export function redisReports(p: RedisProbe, t: RedisTarget, c: Ctx): Out[] {
  const who = `redis ${c.where} (${c.url /* its password is hidden by the report's redactor, as in every finding */})`;
  const stops = "NativeLink stops at startup (the redis store connects while it is built)";
  const nl = `While connecting to redis with url: ${c.url}`;
  const base = { id: "connect-redis" as const, at: c.at, nativelink: nl };
  switch (p.stage) {
    case "dns":
      return [{ ...base, message: `${who}: host "${t.host}" does not resolve: ${dnsWords(p.code)}; ${stops}` }];
    case "tcp":
      return [{ ...base, message: `${who}: no TCP connection: ${attemptsText(p.attempts, t.port)}; ${stops}`, hint: "start Redis, or fix the host and port" }];
    case "timeout":
      return [{ ...base, nativelink: `Timeout while connecting to redis with url: ${c.url}`, message: `${who}: no answer within ${c.timeoutMs / 1000} s during ${p.during}; ${stops}` }];
    case "auth":
      return [{ ...base, message: `${who}: the server refuses the URL's credentials: ${p.error}; ${stops}`, hint: "put the user and password Redis expects in the URL (redis://user:password@host:port)" }];
    case "select":
      return [{ ...base, message: `${who}: the server refuses database ${t.db}: ${p.error}; ${stops}`, hint: "use a database number the server has (databases in redis.conf)" }];
    case "ping":
      return [{
        ...base,
        message: /NOAUTH/.test(p.error) ? `${who}: the server requires a password and the URL gives none: PING answered "${p.error}"; ${stops}` : `${who}: PING answered "${p.error}"; ${stops}`,
        hint: /NOAUTH/.test(p.error) ? "add the password to the URL: redis://:password@host:port (or user:password@ with ACL users)" : undefined,
      }];
    case "subscribe":
      return [{ id: "connect-redis", at: c.channelAt ?? c.at, message: `${who}: PSUBSCRIBE to experimental_pub_sub_channel "${t.subscribe}" failed: ${p.error}; ${stops}`, hint: "allow this user the PSUBSCRIBE command and the channel (ACL &pattern)" }];
    case "done": {
      const out: Out[] = [];
      if (p.keyspace && "error" in p.keyspace) {
        out.push({ id: "connect-redis", at: c.at, severity: "warning", nativelink: "Error while trying to initialise remove_callback_subscribe", message: `${who}: CONFIG GET notify-keyspace-events is refused (${p.keyspace.error}), so this check cannot see the setting, and neither can NativeLink: the existence cache above this store gets no eviction events`, hint: "allow CONFIG GET for this user (or rename-command off), and set notify-keyspace-events to include K and A" });
      } else if (p.keyspace && "value" in p.keyspace) {
        const v = p.keyspace.value;
        const nlText = v === "" ? "notify-keyspace-events not enabled for Redis, will fail to get remove callbacks" : !v.includes("K") ? "notify-keyspace-events does not contain 'K' so won't get keyspace events we need for eviction events" : !v.includes("A") ? "notify-keyspace-events does not contain 'A' so we won't get eviction events" : undefined;
        if (nlText) out.push({ id: "connect-redis", at: c.at, severity: "warning", nativelink: nlText, message: `${who}: the server's notify-keyspace-events is "${v}", without ${v === "" ? "K and A" : !v.includes("K") ? "K" : "A"}: the existence cache above this store never hears of evicted keys and keeps answering that they exist`, hint: "set notify-keyspace-events to KA (or more, e.g. KEA) on the Redis server: CONFIG SET notify-keyspace-events KEA, and in redis.conf" });
      }
      if (out.length === 0) {
        const extra = [p.keyspace && "value" in p.keyspace ? `notify-keyspace-events "${p.keyspace.value}"` : "", p.subscribed ? `PSUBSCRIBE "${t.subscribe}" confirmed` : ""].filter(Boolean).join(", ");
        out.push({ id: "connect-redis", at: c.at, severity: "info", message: `connected: ${who}: PING answered PONG${extra ? `; ${extra}` : ""}` });
      }
      return out;
    }
  }
}
