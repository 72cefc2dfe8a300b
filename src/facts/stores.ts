// Shared facts for the store rules: reading store fields the way NativeLink's structs hold them,
// naming a store spec in messages, and replaying the URL and connection-string parsers that the
// Redis, Azure and Mongo stores run at startup.
import { domainToASCII } from "node:url";
import { isIPv6 } from "../ip-literal.ts";
import type { DocNode } from "../doc.ts";
import type { ConfigModel, SpecRef, Str } from "../model.ts";
import { ownerEntry } from "../model.ts";
import type { RuleContext } from "../context.ts";
import { operatorPath } from "../normalize.ts";

// ---------------------------------------------------------------------------------------------
// Field readers

/** A helper-converted integer field: absent (serde default), null/blank (None), or a value. */
export type IntField = { state: "absent" } | { state: "none"; at: string; node: DocNode } | { state: "value"; value: bigint; at: string; node: DocNode };

/**
 * An integer field converted by a NativeLink serde helper (numeric, optional_numeric, data_size,
 * duration), at a node read with a typed handle (`intAt(ctx, get(policy, "max_bytes"))`). Undefined
 * when the value did not convert (another rule reports it) or depends on an unset variable under
 * --lenient-env: the store rules then stay silent.
 */
export function intAt(ctx: RuleContext, node: DocNode | undefined): IntField | undefined {
  if (!node) return { state: "absent" };
  const resolved = ctx.normalized?.values.get(node);
  if (resolved) {
    if (resolved.unknown) return undefined;
    if (resolved.value === null) return { state: "none", at: node.pointer, node };
    if (typeof resolved.value === "bigint") return { state: "value", value: resolved.value, at: node.pointer, node };
    return undefined;
  }
  // Fields without a helper (plain u64/usize in the struct) keep the literal.
  if (node.kind === "null") return { state: "none", at: node.pointer, node };
  if (node.kind === "number" && node.integer && Number.isFinite(node.value)) {
    return { state: "value", value: BigInt(Math.trunc(node.value)), at: node.pointer, node };
  }
  return undefined;
}

/** The integer value, with `def` for an absent or None field; undefined when unusable. */
export function intOr(f: IntField | undefined, def: bigint): bigint | undefined {
  if (!f) return undefined;
  return f.state === "value" ? f.value : def;
}

/** A boolean field (bool helper or plain bool), with the node it was read from; null counts as unset. */
export function boolAt(ctx: RuleContext, node: DocNode | undefined): { value: boolean; at: string; node: DocNode } | undefined {
  if (!node) return undefined;
  const resolved = ctx.normalized?.values.get(node);
  if (resolved) {
    if (resolved.unknown) return undefined;
    return typeof resolved.value === "boolean" ? { value: resolved.value, at: node.pointer, node } : undefined;
  }
  return node.kind === "boolean" ? { value: node.value, at: node.pointer, node } : undefined;
}

/**
 * A string field (or an item of a list of strings) as NativeLink holds it (expanded where it
 * expands). Undefined for unset, null or non-string values, and for expanded fields whose expansion
 * failed (an undefined variable, reported by env-defined) or depends on an unset variable under
 * --lenient-env.
 */
export function strAt(ctx: RuleContext, node: DocNode | undefined): Str | undefined {
  const s = ctx.model?.str(node);
  if (!s || s.unknown || !node) return undefined;
  const info = ctx.normalized?.fieldAt.get(node);
  // List items carry no field info of their own; a "$" in the text is what could fail to expand.
  const expands = info ? info.field.expand !== "none" : node.kind === "string" && node.value.includes("$");
  if (expands && !ctx.normalized?.values.has(node)) return undefined;
  return s;
}

/** The variant written for a unit enum (e.g. store_type "cas", mode "cluster"); `def` when absent. */
export function unitAt(ctx: RuleContext, node: DocNode | undefined, def?: string): string | undefined {
  if (!node) return def;
  if (node.kind === "string") return node.value;
  return ctx.normalized?.variantAt.get(node);
}

// ---------------------------------------------------------------------------------------------
// Naming stores in messages

/** The top-level store entry a spec belongs to. */
export function ownerStore(model: ConfigModel, spec: SpecRef): { name?: string; at: string } | undefined {
  const entry = spec.owner?.list === "stores" ? ownerEntry(model, spec) : undefined;
  return entry ? { name: entry.name?.value, at: entry.at } : undefined;
}

/**
 * How messages name a store spec: `store "CAS"` for a top-level one, `fast_slow.slow.grpc in store
 * "CAS"` for a nested one.
 */
export function describeSpec(model: ConfigModel, spec: SpecRef): string {
  const owner = ownerStore(model, spec);
  // A store whose name is missing (its own finding) is named by its place: `store stores[2]`.
  const name = owner?.name !== undefined ? `store "${owner.name}"` : owner ? `store ${operatorPath(owner.at)}` : "an unnamed store";
  return spec.path.length > 1 ? `${spec.path.join(".")} in ${name}` : name;
}

/** The name NativeLink prints in `Failed to create store '{name}'`. */
export function storeName(model: ConfigModel, spec: SpecRef): string {
  return ownerStore(model, spec)?.name ?? "";
}

/** Top-level store specs by name, first definition winning (a duplicate name fails startup anyway). */
export function topLevelByName(model: ConfigModel): Map<string, SpecRef> {
  const out = new Map<string, SpecRef>();
  for (const s of model.stores) {
    if (s.name && s.spec && !out.has(s.name.value)) out.set(s.name.value, s.spec);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rust's `url` crate (2.5.8), through node's URL.
//
// Both implement the WHATWG URL Standard (scheme rules, opaque hosts of non-special schemes,
// IPv4/IPv6 host parsing, UTS #46 domain processing with the URL deny list), so node's verdict on
// whether a string parses, and the host, port, path, userinfo and query it yields, match the
// crate closely. Node does not say why a string failed, so `rustUrlError` re-derives the crate's
// ParseError text from the same steps the crate takes, in its order (host before port).

const SPECIAL = new Set(["http", "https", "ws", "wss", "ftp", "file"]);

export interface RustUrl {
  scheme: string;
  /** `url.host()` as text: None for an empty host; IPv6 without brackets. */
  host?: string;
  port?: number;
  /** `url.path()`, percent-encoded. */
  path: string;
  /** Percent-encoded, "" when absent. */
  username: string;
  /** Percent-encoded, undefined when absent or empty. */
  password?: string;
  /** `url.query_pairs()` in order. */
  query: [string, string][];
  /** True for URLs with an opaque path (`mailto:x`): `path_segments()` is None. */
  cannotBeABase: boolean;
}

export type RustUrlResult = { ok: true; url: RustUrl } | { ok: false; error: string };

/** The string after the WHATWG preprocessing: C0-and-space trimmed, tabs and newlines removed. */
function preprocess(s: string): string {
  return s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
}

export function parseRustUrl(input: string): RustUrlResult {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    return { ok: false, error: rustUrlError(input) };
  }
  const scheme = u.protocol.replace(/:$/, "");
  let host: string | undefined = u.hostname === "" ? undefined : u.hostname;
  if (host?.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const afterScheme = preprocess(input).slice(scheme.length + 1);
  const cannotBeABase = !SPECIAL.has(scheme) && !afterScheme.startsWith("/");
  return {
    ok: true,
    url: {
      scheme,
      host,
      port: u.port === "" ? undefined : Number(u.port),
      path: u.pathname,
      username: u.username,
      password: u.password === "" ? undefined : u.password,
      query: [...u.searchParams.entries()],
      cannotBeABase,
    },
  };
}

/** The url crate's ParseError text for a string that node's URL rejected. */
export function rustUrlError(input: string): string {
  const s = preprocess(input);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(s);
  if (!m) return "relative URL without a base";
  const [prefix, given = ""] = m;
  const scheme = given.toLowerCase();
  const special = SPECIAL.has(scheme);
  let rest = s.slice(prefix.length);
  if (special) rest = rest.replace(/^[/\\]*/, "");
  else if (rest.startsWith("//")) rest = rest.slice(2);
  else return "relative URL without a base";
  const end = rest.search(special ? /[/\\?#]/ : /[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const hostPort = authority.includes("@") ? authority.slice(authority.lastIndexOf("@") + 1) : authority;
  let host: string;
  let port: string | undefined;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    host = close < 0 ? hostPort : hostPort.slice(0, close + 1);
    const after = close < 0 ? "" : hostPort.slice(close + 1);
    port = after.startsWith(":") ? after.slice(1) : undefined;
  } else {
    const colon = hostPort.indexOf(":");
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    port = colon < 0 ? undefined : hostPort.slice(colon + 1);
  }
  if (host === "" && (special || port !== undefined)) return "empty host";
  if (host.startsWith("[")) {
    if (!host.endsWith("]") || !isIPv6(host.slice(1, -1))) return "invalid IPv6 address";
  } else if (!special) {
    if (/[\u0000\t\n\r #/:<>?@[\\\]^|]/.test(host)) return "invalid domain character";
  } else {
    const decoded = percentDecodeLossy(host);
    if (decoded === "") return "empty host";
    // node's domainToASCII also runs the IPv4 parser, so ASCII hosts are judged here directly:
    // the URL deny list first (an IDNA error in the crate), then the IPv4 rule.
    if (/^[\u0000-\u007f]*$/.test(decoded)) {
      if (/[\u0000-\u0020#%/:<>?@[\\\]^|\u007f]/.test(decoded)) return "invalid international domain name";
      const lower = decoded.toLowerCase();
      if (endsInANumber(lower)) {
        if (!validIpv4(lower)) return "invalid IPv4 address";
      } else if (domainToASCII(lower) === "") return "invalid international domain name";
    } else {
      const ascii = domainToASCII(decoded);
      if (ascii === "") return "invalid international domain name";
      if (endsInANumber(ascii) && !validIpv4(ascii)) return "invalid IPv4 address";
    }
  }
  if (port !== undefined && port !== "" && (!/^\d+$/.test(port) || Number(port) > 65535)) return "invalid port number";
  return "invalid international domain name";
}

function endsInANumber(domain: string): boolean {
  const parts = domain.split(".");
  // A trailing dot ends the domain; the part before it is the last one.
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const last = parts[parts.length - 1] ?? "";
  if (last !== "" && /^\d+$/.test(last)) return true;
  return ipv4Number(last) !== undefined;
}

function ipv4Number(part: string): bigint | undefined {
  if (part === "") return undefined;
  let radix = 10;
  let digits = part;
  if (/^0[xX]/.test(part)) {
    radix = 16;
    digits = part.slice(2);
  } else if (part.length > 1 && part.startsWith("0")) {
    radix = 8;
    digits = part.slice(1);
  }
  if (digits === "") return 0n;
  const re = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^\d+$/;
  if (!re.test(digits)) return undefined;
  return BigInt((radix === 16 ? "0x" : radix === 8 ? "0o" : "") + digits);
}

function validIpv4(domain: string): boolean {
  const parts = domain.split(".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
  if (parts.length > 4) return false;
  const ns = parts.map(ipv4Number).filter((n) => n !== undefined);
  if (ns.length !== parts.length) return false;
  const last = ns[ns.length - 1];
  if (last === undefined) return false;
  if (ns.slice(0, -1).some((n) => n > 255n)) return false;
  return last < 256n ** BigInt(5 - ns.length);
}

/** percent_encoding::percent_decode: %XX becomes a byte, anything else stays as it is. */
export function percentDecodeBytes(s: string): Uint8Array {
  const src = Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b === undefined) break;
    const hi = src[i + 1];
    const lo = src[i + 2];
    if (b === 0x25 && hi !== undefined && lo !== undefined && isHex(hi) && isHex(lo)) {
      out.push(parseInt(String.fromCharCode(hi, lo), 16));
      i += 2;
    } else {
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** `decode_utf8()` of the percent-decoded bytes; undefined when they are not UTF-8. */
export function percentDecodeUtf8(s: string): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(percentDecodeBytes(s));
  } catch {
    return undefined;
  }
}

function percentDecodeLossy(s: string): string {
  return new TextDecoder("utf-8").decode(percentDecodeBytes(s));
}

/** Rust's `str::parse::<i64>()`. */
export function parseI64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** Rust's `str::parse::<u16>()`. */
export function parseU16(s: string): number | undefined {
  if (!/^\+?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v <= 65535n ? Number(v) : undefined;
}

// ---------------------------------------------------------------------------------------------
// redis-rs 1.0.0: `String::into_connection_info()` (parse_redis_url, url_to_tcp_connection_info,
// url_to_unix_connection_info), built without its TLS features, as NativeLink builds it.

export interface RedisConnInfo {
  unix: boolean;
  username?: string;
  password?: string;
}

/** The error text is redis-rs's `{desc} - InvalidClientConfig[: {detail}]`. */
export type RedisParse = { ok: true; info: RedisConnInfo } | { ok: false; error: string };

const REDIS_TCP = new Set(["redis", "rediss", "valkey", "valkeys"]);
const REDIS_UNIX = new Set(["unix", "redis+unix", "valkey+unix"]);

function redisErr(desc: string, detail?: string): RedisParse {
  return { ok: false, error: `${desc} - InvalidClientConfig` + (detail !== undefined ? `: ${detail}` : "") };
}

export function redisConnectionInfo(addr: string): RedisParse {
  const parsed = parseRustUrl(addr);
  if (!parsed.ok || !(REDIS_TCP.has(parsed.url.scheme) || REDIS_UNIX.has(parsed.url.scheme))) return redisErr("Redis URL did not parse");
  const u = parsed.url;
  const query = new Map(u.query);
  const protocol = (): RedisParse | undefined => {
    const p = query.get("protocol");
    if (p === undefined || ["2", "resp2", "3", "resp3"].includes(p)) return undefined;
    return redisErr("Invalid protocol version", p);
  };
  if (REDIS_TCP.has(u.scheme)) {
    if (u.host === undefined) return redisErr("Missing hostname");
    if (u.host === "0.0.0.0" || u.host === "::") return redisErr("Cannot connect to a wildcard address (0.0.0.0 or ::)");
    if (u.scheme === "rediss" || u.scheme === "valkeys") return redisErr("can't connect with TLS, the feature is not enabled");
    const db = u.path.replace(/^\/+|\/+$/g, "");
    if (db !== "" && parseI64(db) === undefined) return redisErr("Invalid database number");
    let username: string | undefined;
    if (u.username !== "") {
      username = percentDecodeUtf8(u.username);
      if (username === undefined) return redisErr("Username is not valid UTF-8 string");
    }
    let password: string | undefined;
    if (u.password !== undefined) {
      password = percentDecodeUtf8(u.password);
      if (password === undefined) return redisErr("Password is not valid UTF-8 string");
    }
    return protocol() ?? { ok: true, info: { unix: false, username, password } };
  }
  // to_file_path(): needs a hierarchical path and no host other than localhost.
  if (!u.path.startsWith("/") || (u.host !== undefined && u.host !== "localhost")) return redisErr("Missing path");
  const db = query.get("db");
  if (db !== undefined && parseI64(db) === undefined) return redisErr("Invalid database number");
  return protocol() ?? { ok: true, info: { unix: true, username: query.get("user"), password: query.get("pass") } };
}

/** ClusterClientBuilder::build()'s checks of the initial nodes, in its order; the redis-rs text or undefined. */
export function redisClusterBuildError(nodes: RedisConnInfo[]): { index: number; error: string } | undefined {
  const first = nodes[0];
  if (!first) return undefined;
  for (const [index, n] of nodes.entries()) {
    if (n.unix) return { index, error: "This library cannot use unix socket because Redis's cluster command returns only cluster's IP and port. - InvalidClientConfig" };
    if (first.password !== undefined && n.password !== first.password) return { index, error: "Cannot use different password among initial nodes. - InvalidClientConfig" };
    if (first.username !== undefined && n.username !== first.username) return { index, error: "Cannot use different username among initial nodes. - InvalidClientConfig" };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// mongodb 3.3.0: the structural part of `ConnectionString::parse` (scheme, userinfo, hosts,
// database), with the crate's features as NativeLink enables them (no `dns-resolver`). The
// `?options` part is not replayed.

const USERINFO_RESERVED = /[:/?#[\]@]/;
const DB_ILLEGAL = ["/", "\\", " ", '"', "$"];

/** undefined when the string passes these checks; otherwise the driver's InvalidArgument message. */
export function mongoConnectionStringError(s: string): string | undefined {
  const i = s.indexOf("://");
  if (i < 0) return "connection string contains no scheme";
  const scheme = s.slice(0, i);
  const after = s.slice(i + 3);
  if (scheme === "mongodb+srv") return "mongodb+srv connection strings cannot be used when the 'dns-resolver' feature is disabled";
  if (scheme !== "mongodb") return `unsupported connection string scheme: ${/^[A-Za-z0-9+.-]*$/.test(scheme) ? scheme : "***"}`;
  const q = after.indexOf("?");
  const preOptions = q < 0 ? after : after.slice(0, q);
  const at = preOptions.lastIndexOf("@");
  const userInfo = at < 0 ? undefined : preOptions.slice(0, at);
  const hostsAndDb = at < 0 ? preOptions : preOptions.slice(at + 1);
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(":");
    const username = colon < 0 ? userInfo : userInfo.slice(0, colon);
    const password = colon < 0 ? undefined : userInfo.slice(colon + 1);
    if (username !== "") {
      const e = mongoUserinfo(username, "username");
      if (e) return e;
    }
    if (password !== undefined) {
      const e = mongoUserinfo(password, "password");
      if (e) return e;
    }
  }
  const slash = hostsAndDb.indexOf("/");
  const hosts = slash < 0 ? hostsAndDb : hostsAndDb.slice(0, slash);
  const db = slash < 0 ? undefined : hostsAndDb.slice(slash + 1);
  for (const h of hosts.split(",")) {
    const e = mongoServerAddress(h);
    if (e) return e;
  }
  if (db) {
    const decoded = percentDecodeUtf8(db);
    if (decoded === undefined) return "database name must be URL encoded";
    for (const c of decoded) if (DB_ILLEGAL.includes(c)) return `illegal character in database name: ${c}`;
  }
  return undefined;
}

function mongoUserinfo(s: string, kind: string): string | undefined {
  if (USERINFO_RESERVED.test(s)) return `${kind} must be URL encoded`;
  if (s.split("%").slice(1).some((part) => !/^[0-9A-Fa-f]{2}/.test(part))) return `${kind} cannot contain unescaped %`;
  if (percentDecodeUtf8(s) === undefined) return `${kind} must be URL encoded`;
  return undefined;
}

/** ServerAddress::parse. Rust's Ipv6Addr parser takes no zone id; node's isIPv6 (and src/ip-literal.ts) does, so '%' is refused first. */
function mongoServerAddress(address: string): string | undefined {
  if (address.endsWith(".sock")) return percentDecodeUtf8(address) === undefined ? "unix domain sockets must be URL-encoded" : undefined;
  let hostname: string;
  let port: string | undefined;
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    if (close < 0) return `invalid server address ${address}: missing closing ']' in IP literal hostname`;
    hostname = address.slice(1, close);
    if (hostname.includes("%") || !isIPv6(hostname)) return `invalid server address ${address}: invalid IPv6 address syntax`;
    const rest = address.slice(close + 1);
    if (rest === "") port = undefined;
    else if (rest.startsWith(":")) port = rest.slice(1);
    else return `invalid server address ${address}: the hostname can only be followed by a port prefixed with ':', got ${rest}`;
  } else {
    const colon = address.indexOf(":");
    hostname = colon < 0 ? address : address.slice(0, colon);
    port = colon < 0 ? undefined : address.slice(colon + 1);
  }
  if (hostname === "") return `invalid server address ${address}: the hostname cannot be empty`;
  if (port !== undefined) {
    const p = parseU16(port);
    if (p === undefined || p === 0) return `invalid server address ${address}: the port must be an integer between 1 and 65535, got ${port}`;
  }
  return undefined;
}

/** mongodb::error::Error's Display for an InvalidArgument error, as NativeLink formats it. */
export function mongoInvalidArgument(message: string): string {
  return `Kind: An invalid argument was provided: ${message}, labels: {}, source: None`;
}

// ---------------------------------------------------------------------------------------------
// Misc

/** tokio's Semaphore::MAX_PERMITS on 64-bit targets (usize::MAX >> 3). */
export const TOKIO_MAX_PERMITS = (2n ** 64n - 1n) >> 3n;
