// How NativeLink reads peer URIs (http 1.4 `Uri`, then tonic/hyper-util when connecting) and listen
// addresses (Rust's `SocketAddr` parser), re-implemented so rules can judge them offline.
import type { EndpointModel } from "../model.ts";
import { rustStrDebug } from "../rust/debug.ts";
import type { FactStore } from "./stage.ts";

// ---- http::Uri (http 1.4.1, src/uri) -------------------------------------------------------------
// Ported byte for byte rather than built on node's URL, which reads these strings differently: URL
// percent-encodes spaces and other bytes http rejects, lower-cases hosts, drops default ports of
// special schemes, parses `host:50051` as scheme `host:` with path `50051`, and accepts ports only up
// to 65535 (http keeps any text after the last `:` and only `port()` then fails, so hyper-util falls
// back to port 80/443). Checked against http 1.4.1 on 30k generated strings.

/** The http crate's `InvalidUri` texts. */
export const URI_ERRORS = {
  invalidUriChar: "invalid uri character",
  invalidScheme: "invalid scheme",
  invalidAuthority: "invalid authority",
  invalidFormat: "invalid format",
  tooLong: "uri too long",
  empty: "empty string",
  schemeTooLong: "scheme too long",
} as const;

/** Bytes allowed in a URI (http's URI_CHARS table); `%` is handled separately in authorities. */
function isUriChar(b: number): boolean {
  return (
    b === 0x21 ||
    b === 0x23 ||
    b === 0x24 ||
    (b >= 0x26 && b <= 0x3b) ||
    b === 0x3d ||
    (b >= 0x3f && b <= 0x5b) ||
    b === 0x5d ||
    b === 0x5f ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x7e
  );
}

/** Bytes allowed in a scheme (http's SCHEME_CHARS table, `:` included as a marker). */
function isSchemeChar(b: number): boolean {
  return b === 0x2b || b === 0x2d || b === 0x2e || (b >= 0x30 && b <= 0x3a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x7e;
}

const MAX_LEN = 65534;
const MAX_SCHEME_LEN = 64;

export interface ParsedUri {
  /** As `Uri::scheme_str()` gives it: "http"/"https" lower-cased, any other scheme as written. */
  scheme?: string;
  /** The authority as written ("user@host:port"). */
  authority?: string;
  /** `Uri::path()`: "" for authority-only URIs, "/" when an absolute URI has none. */
  path: string;
  query?: string;
}

export type UriResult = { ok: true; uri: ParsedUri } | { ok: false; message: string };

const latin = (bytes: Buffer, from = 0, to = bytes.length) => bytes.toString("utf8", from, to);

/** http's `validate_authority_bytes`: where the authority ends, or the error. */
function authorityEnd(s: Uint8Array): number | string {
  if (s.length === 0) return URI_ERRORS.empty;
  let colons = 0;
  let startBracket = false;
  let endBracket = false;
  let hasPercent = false;
  let end = s.length;
  let at = s.length;
  // Index loops: `entries()` made a pair for every byte of every URI (66 MB of the 1 MiB
  // endpoints shape's 384 MB of allocation).
  for (let i = 0; i < s.length; i++) {
    const b = s[i]!;
    if (b === 0x2f || b === 0x3f || b === 0x23) {
      end = i;
      break;
    }
    if (!isUriChar(b)) {
      if (b === 0x25) hasPercent = true;
      else return URI_ERRORS.invalidUriChar;
    } else if (b === 0x3a) {
      if (colons >= 8) return URI_ERRORS.invalidAuthority;
      colons++;
    } else if (b === 0x5b) {
      if (hasPercent || startBracket) return URI_ERRORS.invalidAuthority;
      startBracket = true;
    } else if (b === 0x5d) {
      if (!startBracket || endBracket) return URI_ERRORS.invalidAuthority;
      endBracket = true;
      colons = 0;
      hasPercent = false;
    } else if (b === 0x40) {
      at = i;
      colons = 0;
      hasPercent = false;
    }
  }
  if (startBracket !== endBracket) return URI_ERRORS.invalidAuthority;
  if (colons > 1) return URI_ERRORS.invalidAuthority;
  if (end > 0 && at === end - 1) return URI_ERRORS.invalidAuthority;
  if (hasPercent) return URI_ERRORS.invalidAuthority;
  return end;
}

/** http's `scan_path_and_query` + `PathAndQuery::from_shared`. */
function pathAndQuery(s: Buffer): { path: string; query?: string } | string {
  if (s.length === 0) return URI_ERRORS.empty;
  if (s[0] !== 0x2f && s[0] !== 0x3f && s[0] !== 0x23) return "path does not start with slash";
  let i = 0;
  let query = -1;
  let fragment = -1;
  for (; i < s.length; i++) {
    const b = s[i];
    if (b === undefined) break;
    if (b === 0x3f) {
      query = i;
      i++;
      break;
    }
    if (b === 0x23) {
      fragment = i;
      break;
    }
    const ok = b === 0x21 || (b >= 0x24 && b <= 0x3b) || b === 0x3d || (b >= 0x40 && b <= 0x5f) || (b >= 0x61 && b <= 0x7a) || b === 0x7c || b === 0x7e || b >= 0x7f || b === 0x22 || b === 0x7b || b === 0x7d;
    if (!ok) return URI_ERRORS.invalidUriChar;
  }
  if (query >= 0) {
    for (; i < s.length; i++) {
      const b = s[i];
      if (b === undefined) break;
      if (b === 0x23) {
        fragment = i;
        break;
      }
      const ok = b === 0x21 || (b >= 0x24 && b <= 0x3b) || b === 0x3d || (b >= 0x3f && b <= 0x7e) || b >= 0x7f;
      if (!ok) return URI_ERRORS.invalidUriChar;
    }
  }
  const data = fragment >= 0 ? s.subarray(0, fragment) : s;
  // Bytes >= 0x7f must form valid UTF-8 (they always do here: the input came from a JS string).
  if (query >= 0) return { path: latin(data, 0, query), query: latin(data, query + 1) };
  return { path: latin(data) };
}

/** `Uri::try_from(&str)` of http 1.4.1. */
export function parseHttpUri(text: string): UriResult {
  const s = Buffer.from(text, "utf8");
  const err = (message: string): UriResult => ({ ok: false, message });
  if (s.length > MAX_LEN) return err(URI_ERRORS.tooLong);
  if (s.length === 0) return err(URI_ERRORS.empty);
  if (s.length === 1) {
    if (s[0] === 0x2f) return { ok: true, uri: { path: "/" } };
    if (s[0] === 0x2a) return { ok: true, uri: { path: "*" } };
    const end = authorityEnd(s);
    if (typeof end === "string") return err(end);
    if (end !== s.length) return err(URI_ERRORS.invalidUriChar);
    return { ok: true, uri: { authority: text, path: "" } };
  }
  if (s[0] === 0x2f) {
    const pq = pathAndQuery(s);
    return typeof pq === "string" ? err(pq) : { ok: true, uri: { path: pq.path, query: pq.query } };
  }
  // Scheme2::parse
  let scheme: string | undefined;
  let rest = s;
  const lower = (n: number) => latin(s, 0, n).toLowerCase();
  if (s.length >= 7 && lower(7) === "http://") {
    scheme = "http";
    rest = s.subarray(7);
  } else if (s.length >= 8 && lower(8) === "https://") {
    scheme = "https";
    rest = s.subarray(8);
  } else if (s.length > 3) {
    for (let i = 0; i < s.length; i++) {
      const b = s[i]!;
      if (!isSchemeChar(b)) break;
      if (b === 0x3a) {
        if (s.length < i + 3 || s[i + 1] !== 0x2f || s[i + 2] !== 0x2f) break;
        if (i > MAX_SCHEME_LEN) return err(URI_ERRORS.schemeTooLong);
        scheme = latin(s, 0, i);
        rest = s.subarray(i + 3);
        break;
      }
    }
  }
  const end = authorityEnd(rest);
  if (typeof end === "string") return err(end);
  if (scheme === undefined) {
    if (end !== rest.length) return err(URI_ERRORS.invalidFormat);
    return { ok: true, uri: { authority: latin(rest), path: "" } };
  }
  if (end === 0) return err(URI_ERRORS.invalidFormat);
  const authority = latin(rest, 0, end);
  const tail = rest.subarray(end);
  if (tail.length === 0) return { ok: true, uri: { scheme, authority, path: "/" } };
  const pq = pathAndQuery(tail);
  if (typeof pq === "string") return err(pq);
  return { ok: true, uri: { scheme, authority, path: pq.path === "" ? "/" : pq.path, query: pq.query } };
}

/** `Authority::host()`: after the last `@`; a bracketed IPv6 literal keeps its brackets. */
export function authorityHost(authority: string): string {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) return hostPort.slice(0, hostPort.indexOf("]") + 1);
  const colon = hostPort.indexOf(":");
  return colon < 0 ? hostPort : hostPort.slice(0, colon);
}

/** Rust's `u16::from_str` (an optional `+`, then decimal digits). */
export function parseU16(text: string): number | undefined {
  const given = /^\+?([0-9]+)$/.exec(text)?.[1];
  if (given === undefined) return undefined;
  const digits = given.replace(/^0+(?=.)/, "");
  if (digits.length > 5) return undefined;
  const n = Number(digits);
  return n <= 65535 ? n : undefined;
}

/** `Authority::port()`: what follows the last `:` of the whole authority, when it is a u16. */
export function authorityPort(authority: string): number | undefined {
  const i = authority.lastIndexOf(":");
  return i < 0 ? undefined : parseU16(authority.slice(i + 1));
}

/** The port text written after the host (undefined when there is none), as a person reads it. */
export function writtenPort(authority: string): string | undefined {
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  if (hostPort.startsWith("[")) {
    const after = hostPort.slice(hostPort.indexOf("]") + 1);
    return after.startsWith(":") ? after.slice(1) : undefined;
  }
  const colon = hostPort.indexOf(":");
  return colon < 0 ? undefined : hostPort.slice(colon + 1);
}

/** `Uri`'s Display: scheme://authority, then the path and query. */
export function uriDisplay(u: ParsedUri): string {
  return (u.scheme !== undefined ? `${u.scheme}://` : "") + (u.authority ?? "") + u.path + (u.query !== undefined ? `?${u.query}` : "");
}

export interface EndpointUri {
  ok: boolean;
  /** The scheme tonic sees: grpcs is rewritten to https, as `endpoint_from` does. */
  scheme?: string;
  /** The scheme as written (before the grpcs rewrite). */
  writtenScheme?: string;
  authority?: string;
  /** `Uri::host()`, brackets kept for IPv6 literals. */
  host?: string;
  /** The explicit port when it reads as a u16. */
  port?: number;
  /** The port text after the host, when there is one (valid or not). */
  portText?: string;
  /** The port hyper-util connects to: the explicit one, else 443 for https and 80 for anything else. */
  effectivePort?: number;
  /** `Uri::path()` and `Uri::query()`; tonic replaces them with the RPC's own path. */
  path?: string;
  query?: string;
  /** `Uri`'s Display after the grpcs rewrite, as NativeLink's messages print `{endpoint}`. */
  display?: string;
  /** http's error text when the URI does not parse. */
  message?: string;
}

/**
 * An endpoint address as `tls_utils::endpoint_from` and hyper-util's connector read it; several
 * rules read the same URIs, so each distinct text is parsed once per config (frozen: it is shared).
 */
export function endpointUri(ctx: { facts: FactStore }, text: string): EndpointUri {
  return ctx.facts.once(`endpoint-uri\u0000${text}`, () => Object.freeze(parseEndpointUri(text)));
}

/** Parses an endpoint address the way `tls_utils::endpoint_from` and hyper-util's connector read it. */
export function parseEndpointUri(text: string): EndpointUri {
  const r = parseHttpUri(text);
  if (!r.ok) return { ok: false, message: r.message };
  const u = { ...r.uri };
  const writtenScheme = u.scheme;
  if (u.scheme === "grpcs") u.scheme = "https";
  const host = u.authority !== undefined ? authorityHost(u.authority) : undefined;
  const port = u.authority !== undefined ? authorityPort(u.authority) : undefined;
  return {
    ok: true,
    scheme: u.scheme,
    writtenScheme,
    authority: u.authority,
    host,
    port,
    portText: u.authority !== undefined ? writtenPort(u.authority) : undefined,
    effectivePort: port ?? (u.scheme === "https" ? 443 : 80),
    path: u.path,
    query: u.query,
    display: uriDisplay(u),
  };
}

/** A nativelink `Error`'s Display (`Error { code: X, messages: [...] }`), as a wrapping error stores it. */
export function nativelinkErrorText(code: string, messages: string[]): string {
  return `Error { code: ${code}, messages: [${messages.map(rustStrDebug).join(", ")}] }`;
}

/**
 * The whole chain NativeLink prints when a grpc store's endpoint fails: GrpcStore::new stringifies the
 * inner error into one message and tips it (nativelink-store/src/grpc_store.rs:286-290), then startup
 * adds the store's name and main's tip (src/bin/nativelink.rs:219,878). Without the store's name the
 * chain is unknown, and only the inner error is given.
 */
export function grpcStoreStartupError(e: EndpointModel, code: string, messages: string[]): string {
  const inner = nativelinkErrorText(code, messages);
  if (e.store === undefined) return inner;
  return nativelinkErrorText("InvalidArgument", [inner, "Invalid URI for GrpcStore endpoint", `Failed to create store '${e.store}'`, "main() function failed"]);
}

// ---- std::net::SocketAddr ------------------------------------------------------------------------

/** The eight 16-bit groups of an IPv6 address. */
export type V6Groups = [number, number, number, number, number, number, number, number];

export type IpAddr = { v4: [number, number, number, number] } | { v6: V6Groups; scope: number };

export interface SocketAddr {
  ip: IpAddr;
  port: number;
}

/** Rust's `core::net` parser, over the input's UTF-8 bytes. */
class AddrParser {
  pos = 0;
  constructor(readonly s: Uint8Array) {}
  atomically<T>(f: () => T | undefined): T | undefined {
    const save = this.pos;
    const r = f();
    if (r === undefined) this.pos = save;
    return r;
  }
  peek(): number | undefined {
    return this.pos < this.s.length ? this.s[this.pos] : undefined;
  }
  readChar(): number | undefined {
    return this.pos < this.s.length ? this.s[this.pos++] : undefined;
  }
  readGiven(c: string): true | undefined {
    return this.atomically(() => (this.readChar() === c.charCodeAt(0) ? true : undefined));
  }
  separator<T>(sep: string, index: number, inner: () => T | undefined): T | undefined {
    return this.atomically(() => {
      if (index > 0 && this.readGiven(sep) === undefined) return undefined;
      return inner();
    });
  }
  digit(radix: number): number | undefined {
    return this.atomically(() => {
      const b = this.readChar();
      if (b === undefined) return undefined;
      const d = b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x7a ? b - 0x61 + 10 : b >= 0x41 && b <= 0x5a ? b - 0x41 + 10 : 99;
      return d < radix ? d : undefined;
    });
  }
  number(radix: number, maxDigits: number | undefined, allowZeroPrefix: boolean, max: number): number | undefined {
    return this.atomically(() => {
      let result = 0;
      let count = 0;
      const leadingZero = this.peek() === 0x30;
      for (let d = this.digit(radix); d !== undefined; d = this.digit(radix)) {
        result = result * radix + d;
        if (result > max) return undefined;
        count++;
        if (maxDigits !== undefined && count > maxDigits) return undefined;
      }
      if (count === 0) return undefined;
      if (!allowZeroPrefix && leadingZero && count > 1) return undefined;
      return result;
    });
  }
  ipv4(): [number, number, number, number] | undefined {
    return this.atomically(() => {
      const g: number[] = [];
      for (let i = 0; i < 4; i++) {
        const v = this.separator(".", i, () => this.number(10, 3, false, 255));
        if (v === undefined) return undefined;
        g.push(v);
      }
      return g as [number, number, number, number];
    });
  }
  groups(out: number[], limit: number): [number, boolean] {
    for (let i = 0; i < limit; i++) {
      if (i < limit - 1) {
        const v4 = this.separator(":", i, () => this.ipv4());
        if (v4) {
          out[i] = (v4[0] << 8) | v4[1];
          out[i + 1] = (v4[2] << 8) | v4[3];
          return [i + 2, true];
        }
      }
      const g = this.separator(":", i, () => this.number(16, 4, true, 0xffff));
      if (g === undefined) return [i, false];
      out[i] = g;
    }
    return [limit, false];
  }
  ipv6(): V6Groups | undefined {
    return this.atomically(() => {
      const head: V6Groups = [0, 0, 0, 0, 0, 0, 0, 0];
      const [headSize, headV4] = this.groups(head, 8);
      if (headSize === 8) return head;
      if (headV4) return undefined;
      if (this.readGiven(":") === undefined || this.readGiven(":") === undefined) return undefined;
      const tail = new Array<number>(7).fill(0);
      const [tailSize] = this.groups(tail, 8 - (headSize + 1));
      tail.slice(0, tailSize).forEach((g, k) => {
        head[8 - tailSize + k] = g;
      });
      return head;
    });
  }
  port(): number | undefined {
    return this.atomically(() => (this.readGiven(":") === undefined ? undefined : this.number(10, undefined, true, 0xffff)));
  }
  socketV4(): SocketAddr | undefined {
    return this.atomically(() => {
      const ip = this.ipv4();
      if (!ip) return undefined;
      const port = this.port();
      return port === undefined ? undefined : { ip: { v4: ip }, port };
    });
  }
  socketV6(): SocketAddr | undefined {
    return this.atomically(() => {
      if (this.readGiven("[") === undefined) return undefined;
      const ip = this.ipv6();
      if (!ip) return undefined;
      const scope = this.atomically(() => (this.readGiven("%") === undefined ? undefined : this.number(10, undefined, true, 0xffffffff))) ?? 0;
      if (this.readGiven("]") === undefined) return undefined;
      const port = this.port();
      return port === undefined ? undefined : { ip: { v6: ip, scope }, port };
    });
  }
}

/** Rust's AddrParseError text for a SocketAddr. */
export const SOCKET_ADDR_ERROR = "invalid socket address syntax";

/** `str::parse::<SocketAddr>()`: `a.b.c.d:port` or `[ipv6(%scope)]:port`, nothing else. */
export function parseSocketAddr(text: string): SocketAddr | undefined {
  const quick = quickSocketAddr(text);
  return quick === null ? parseSocketAddrFully(text) : quick;
}

/** Rust's parser followed step by step (parseSocketAddr asks it whenever the quick reading is unsure). */
export function parseSocketAddrFully(text: string): SocketAddr | undefined {
  const p = new AddrParser(Buffer.from(text, "utf8"));
  const r = p.socketV4() ?? p.socketV6();
  return r && p.pos === p.s.length ? r : undefined;
}

/**
 * The usual cases without the parser's closures (it was most of what a run allocated for addresses):
 * text that starts with neither a digit nor `[` is no socket address; `a.b.c.d:port` in plain
 * digits, the octets without leading zeros, is read here. Anything else is null: not sure, the full
 * parser decides. What this returns is what the full parser returns (test/rules/listen-address-valid).
 */
function quickSocketAddr(t: string): SocketAddr | undefined | null {
  const c0 = t.charCodeAt(0);
  if (c0 !== 0x5b && !isAsciiDigit(c0)) return undefined;
  if (c0 === 0x5b) return null;
  const v4: [number, number, number, number] = [0, 0, 0, 0];
  let i = 0;
  for (let k = 0; k < 4; k++) {
    if (k > 0 && t.charCodeAt(i++) !== 0x2e) return null;
    const from = i;
    let v = 0;
    while (i - from < 4 && isAsciiDigit(t.charCodeAt(i))) v = v * 10 + (t.charCodeAt(i++) - 0x30);
    const n = i - from;
    if (n === 0 || n > 3 || v > 255 || (n > 1 && t.charCodeAt(from) === 0x30)) return null;
    v4[k] = v;
  }
  if (t.charCodeAt(i++) !== 0x3a || i >= t.length) return null;
  let port = 0;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!isAsciiDigit(c)) return null;
    port = port * 10 + (c - 0x30);
    if (port > 65535) return null;
  }
  return { ip: { v4 }, port };
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Rust's Display of an IPv6 address: `::ffff:a.b.c.d` for mapped IPv4, else the longest zero run compressed. */
function formatV6(g: V6Groups): string {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  }
  let best = { start: 0, len: 0 };
  let cur = { start: 0, len: 0 };
  g.forEach((x, i) => {
    if (x === 0) {
      if (cur.len === 0) cur.start = i;
      cur.len++;
      if (cur.len > best.len) best = { ...cur };
    } else {
      cur = { start: 0, len: 0 };
    }
  });
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  return best.len > 1 ? `${hex(g.slice(0, best.start))}::${hex(g.slice(best.start + best.len))}` : hex(g);
}

/** `SocketAddr`'s Display, as NativeLink prints `{socket_addr}`. */
export function formatSocketAddr(a: SocketAddr): string {
  if ("v4" in a.ip) return `${a.ip.v4.join(".")}:${a.port}`;
  return `[${formatV6(a.ip.v6)}${a.ip.scope ? `%${a.ip.scope}` : ""}]:${a.port}`;
}

/** An IPv4-mapped IPv6 address binds as its IPv4 address. */
function effectiveIp(ip: IpAddr): IpAddr {
  if ("v6" in ip && ip.v6.slice(0, 5).every((x) => x === 0) && ip.v6[5] === 0xffff) {
    return { v4: [ip.v6[6] >> 8, ip.v6[6] & 255, ip.v6[7] >> 8, ip.v6[7] & 255] };
  }
  return ip;
}

export function isUnspecified(ip: IpAddr): boolean {
  return "v4" in ip ? ip.v4.every((x) => x === 0) : ip.v6.every((x) => x === 0);
}

export function isLoopback(ip: IpAddr): boolean {
  const e = effectiveIp(ip);
  return "v4" in e ? e.v4[0] === 127 : e.v6.slice(0, 7).every((x) => x === 0) && e.v6[7] === 1;
}

/**
 * Whether Linux refuses to bind `b` while `a` is listening (both without SO_REUSEPORT; SO_REUSEADDR,
 * which tokio sets, does not help against a listening socket). Same port, and overlapping
 * addresses: equal, or one is the wildcard of its family, or one is `[::]`, which also covers IPv4
 * on a host with the default net.ipv6.bindv6only=0. Port 0 picks a free port and never clashes.
 */
export function bindConflict(a: SocketAddr, b: SocketAddr): boolean {
  if (a.port !== b.port || a.port === 0) return false;
  const x = effectiveIp(a.ip);
  const y = effectiveIp(b.ip);
  if ("v4" in x && "v4" in y) return isUnspecified(x) || isUnspecified(y) || v4Key(x.v4) === v4Key(y.v4);
  if ("v6" in x && "v6" in y) {
    if (isUnspecified(x) || isUnspecified(y)) return true;
    if (x.scope && y.scope && x.scope !== y.scope) return false;
    return x.v6.every((g, i) => g === y.v6[i]);
  }
  // One IPv4, one IPv6: only the dual-stack IPv6 wildcard covers IPv4 addresses.
  const v6 = "v6" in x ? x : y;
  return isUnspecified(v6);
}

/** An IPv4 address as one unsigned 32-bit number. */
function v4Key(a: [number, number, number, number]): number {
  return ((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]) >>> 0;
}

interface Held<T> {
  /** Position among the binds added, to pick the earliest of several candidates. */
  order: number;
  item: T;
}

/** The binds of one specific IPv6 address (the same groups), by scope. */
interface V6Holders<T> {
  /** The first, whatever its scope. */
  first: Held<T>;
  /** The first without a scope (%0): it overlaps every scope. */
  unscoped?: Held<T>;
  /** The first of each scope. */
  byScope: Map<number, Held<T>>;
}

/** The binds of one port. */
interface PortHolders<T> {
  first?: Held<T>;
  firstV4?: Held<T>;
  v4Wildcard?: Held<T>;
  v6Wildcard?: Held<T>;
  v4: Map<number, Held<T>>;
  /** Keyed by the eight groups joined, made once per bind. */
  v6: Map<string, V6Holders<T>>;
}

const earliest = <T>(a: Held<T> | undefined, b: Held<T> | undefined): Held<T> | undefined => (a === undefined || (b !== undefined && b.order < a.order) ? b : a);

/**
 * Listening binds, indexed so that the first one a new bind clashes with (as bindConflict decides) is
 * found in a few map lookups rather than by comparing it with every earlier bind of its port: an exact
 * address is looked up by its value, and the wildcards, which overlap many addresses, are kept apart.
 */
export class BindIndex<T> {
  private count = 0;
  private readonly ports = new Map<number, PortHolders<T>>();

  /** The item of the first bind added that bindConflict(bind, addr) holds for, if any. */
  firstConflict(addr: SocketAddr): T | undefined {
    if (addr.port === 0) return undefined;
    const p = this.ports.get(addr.port);
    if (!p) return undefined;
    const y = effectiveIp(addr.ip);
    let found: Held<T> | undefined;
    if ("v4" in y) {
      // An IPv4 address: the IPv4 wildcard, the same address, and the dual-stack [::]. 0.0.0.0 clashes with every IPv4 bind.
      found = isUnspecified(y) ? p.firstV4 : earliest(p.v4Wildcard, p.v4.get(v4Key(y.v4)));
      found = earliest(found, p.v6Wildcard);
    } else if (isUnspecified(y)) {
      // [::] (whatever its scope) clashes with every bind of the port.
      found = p.first;
    } else {
      const h = p.v6.get(y.v6.join(":"));
      if (h) found = y.scope === 0 ? h.first : earliest(h.unscoped, h.byScope.get(y.scope));
      found = earliest(found, p.v6Wildcard);
    }
    return found?.item;
  }

  /** Records a bind (port 0 picks a free port and is not recorded). */
  add(addr: SocketAddr, item: T): void {
    if (addr.port === 0) return;
    let p = this.ports.get(addr.port);
    if (!p) {
      p = { v4: new Map(), v6: new Map() };
      this.ports.set(addr.port, p);
    }
    const held: Held<T> = { order: this.count++, item };
    p.first ??= held;
    const y = effectiveIp(addr.ip);
    if ("v4" in y) {
      p.firstV4 ??= held;
      if (isUnspecified(y)) p.v4Wildcard ??= held;
      else {
        const k = v4Key(y.v4);
        if (!p.v4.has(k)) p.v4.set(k, held);
      }
    } else if (isUnspecified(y)) {
      p.v6Wildcard ??= held;
    } else {
      const k = y.v6.join(":");
      let h = p.v6.get(k);
      if (!h) {
        h = { first: held, byScope: new Map() };
        p.v6.set(k, h);
      }
      if (y.scope === 0) h.unscoped ??= held;
      else if (!h.byScope.has(y.scope)) h.byScope.set(y.scope, held);
    }
  }
}
