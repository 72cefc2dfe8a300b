// An independent reading of a config's meaning, for the migrate tests: it takes the plain data of any
// release's form (maps or lists, old names, old variant spellings) to one neutral model, so a config
// and its migration can be compared by what they configure rather than by how they are written.
// It works on parsed data (toPlain), not on text, and shares no code with src/migrate.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
/** A scalar as its text; an object or list as its JSON (never "[object Object]"). */
const asText = (v: unknown): string => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v));

/** Keys whose string value is an enum variant (case-insensitive before v0.1.0). */
const ENUM_VALUE_KEYS = new Set(["store_type", "allocation_strategy", "send_compression_algorithm", "upload_ac_results_strategy", "upload_historical_results_strategy", "ac_store_strategy"]);
/** Keys that were removed and whose value has no meaning on v1.6.6. */
const REMOVED = new Set(["idle_file_descriptor_timeout_millis", "disable_metrics", "additional_max_concurrent_requests"]);
/** Old name → v1.6.6 name, wherever they appear. */
const RENAMED: Record<string, string> = {
  s3_store: "experimental_cloud_object_store",
  experimental_s3_store: "experimental_cloud_object_store",
  entrypoint_cmd: "entrypoint",
  precondition_script: "experimental_precondition_script",
  max_action_timeout: "max_action_timeout_s",
  max_upload_timeout: "max_upload_timeout_s",
  persist_stream_on_disconnect_timeout: "persist_stream_on_disconnect_timeout_s",
  experimental_http2_keep_alive_timeout: "experimental_http2_keep_alive_timeout_s",
};

function lowerVariant(s: string): string {
  return s.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

function canon(v: Json, key = ""): Json {
  if (Array.isArray(v)) return v.map((x) => canon(x, key));
  if (!isObj(v)) return ENUM_VALUE_KEYS.has(key) && typeof v === "string" ? lowerVariant(v) : v;
  const out: Obj = {};
  for (const [k0, x] of Object.entries(v)) {
    if (REMOVED.has(k0)) continue;
    let k = RENAMED[k0] ?? k0;
    // Enum variant keys (Add, Remove, LZ4, Property) were PascalCase before v0.1.0.
    if (/^(Add|Remove|LZ4|Property|Value)$/.test(k)) k = k.toLowerCase();
    if (/^http2_/.test(k) && key === "advanced_http" && k !== "http2_keep_alive_interval") k = `experimental_${k}`;
    if (k === "experimental_http2_keep_alive_timeout") k = "experimental_http2_keep_alive_timeout_s";
    let val = canon(x, k);
    if (k === "experimental_cloud_object_store" && isObj(val)) {
      if (val.provider === undefined) val = { provider: "aws", ...val };
      if (val.provider === "azure") {
        delete val.connection_timeout_s;
        delete val.read_timeout_s;
      }
    }
    if (k === "verify" && isObj(val) && "hash_verification_function" in val) {
      const { hash_verification_function: h, ...rest } = val;
      val = { ...rest, verify_hash: h !== null };
    }
    if (k === "redis_store" && isObj(val)) {
      // v1.6.6 ignores these two, and reads connection_timeout_s as connection_timeout_ms / 1000.
      const { broadcast_channel_capacity: _b, response_timeout_s: _r, connection_timeout_s: cs, ...rest } = val;
      val = rest;
      if (typeof cs === "number" && cs !== 0) val.connection_timeout_ms = cs * 1000;
    }
    if (k === "supported_platform_properties" && isObj(val)) val = Object.fromEntries(Object.entries(val).map(([p, t]) => [p, typeof t === "string" ? t.toLowerCase() : t]));
    if (k === "additional_environment" && isObj(val)) val = Object.fromEntries(Object.entries(val).map(([p, t]) => [p, typeof t === "string" ? lowerVariant(t) : t]));
    if (k === "shard" && isObj(val) && Array.isArray(val.stores)) val = { ...val, stores: val.stores.map((e) => (isObj(e) && e.weight === undefined ? { ...e, weight: 1 } : e)) };
    if (k === "grpc" && isObj(val) && Array.isArray(val.endpoints)) {
      const tls = val.tls_config;
      const hadStrings = val.endpoints.some((e) => typeof e === "string");
      const endpoints = val.endpoints.map((e) => (typeof e === "string" ? (tls === undefined ? { address: e } : { address: e, tls_config: tls }) : e));
      val = { ...val, endpoints };
      if (hadStrings) delete val.tls_config;
    }
    out[k] = val;
  }
  return out;
}

const SCHEDULER_KINDS = ["simple", "grpc", "cache_lookup", "property_modifier", "historical_resource"];

/** Before July 2023 a scheduler was the settings of the one (simple) scheduler. */
function schedulerEntry(v: Json): Json {
  if (!isObj(v) || Object.keys(v).some((k) => SCHEDULER_KINDS.includes(k) || k === "name")) return v;
  // Only what reads as a simple scheduler's settings; anything else was never a scheduler.
  if (!("supported_platform_properties" in v || "allocation_strategy" in v || "worker_timeout_s" in v)) return v;
  return { simple: v };
}

function byName(v: Json | undefined, nameKey: string): Obj {
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canon(x)]));
  if (Array.isArray(v)) {
    return Object.fromEntries(
      v.filter(isObj).map((e) => {
        const { [nameKey]: n, ...rest } = e;
        return [asText(n), canon(rest)];
      }),
    );
  }
  return {};
}

function services(v: Json | undefined): Obj {
  if (!isObj(v)) return {};
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "prometheus" || k === "experimental_prometheus") continue;
    if (k === "bytestream" && isObj(x) && isObj(x.cas_stores)) {
      const { cas_stores, max_decoding_message_size: _ignored, ...rest } = x;
      out[k] = Object.fromEntries(Object.entries(cas_stores).map(([inst, store]) => [inst, canon({ cas_store: store, ...rest })]));
    } else if (["cas", "ac", "capabilities", "execution", "fetch", "push", "bytestream"].includes(k)) out[k] = byName(x, "instance_name");
    else out[k] = canon(x);
  }
  return out;
}

function server(v: Json): Json {
  if (!isObj(v)) return v;
  const { listen_address, compression, advanced_http, tls, listener, services: svc, ...rest } = v;
  let l = listener !== undefined ? canon(listener) : undefined;
  if (listen_address !== undefined) {
    const http: Obj = { socket_address: listen_address };
    if (compression !== undefined) http.compression = canon(compression);
    if (advanced_http !== undefined) http.advanced_http = (canon({ advanced_http }) as Obj).advanced_http!;
    if (tls !== undefined) http.tls = canon(tls);
    l = { http };
  }
  return { ...(canon(rest) as Obj), listener: l ?? null, services: services(svc) };
}

function worker(v: Json): Json {
  if (!isObj(v) || !isObj(v.local)) return canon(v);
  const { ac_store, ac_store_strategy, ...local } = v.local;
  const out = canon({ ...v, local }) as Obj;
  if (ac_store !== undefined) {
    const u: Obj = { ac_store };
    if (ac_store_strategy !== undefined) u.upload_ac_results_strategy = lowerVariant(asText(ac_store_strategy));
    (out.local as Obj).upload_action_result = u;
  }
  return out;
}

/** The neutral model: stores and schedulers by name, servers with listener and services by instance, workers, global. */
export function configModel(plain: unknown): Obj {
  const c = isObj(plain) ? plain : {};
  return {
    stores: byName(c.stores, "name"),
    schedulers: byName(isObj(c.schedulers) ? Object.fromEntries(Object.entries(c.schedulers).map(([k, v]) => [k, schedulerEntry(v)])) : c.schedulers, "name"),
    servers: Array.isArray(c.servers) ? c.servers.map(server) : [],
    workers: Array.isArray(c.workers) ? c.workers.map(worker) : [],
    global: c.global === undefined ? null : canon(c.global),
    rest: canon(Object.fromEntries(Object.entries(c).filter(([k]) => !["stores", "schedulers", "servers", "workers", "global"].includes(k)))),
  };
}
