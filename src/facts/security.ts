// What the security-posture rules need to know about a config: which addresses are loopback or
// wildcard, which servers carry which services, and where secrets are written inline. Pure: the
// config model in, facts out; no disk, no environment.
import type { DocNode } from "../doc.ts";
import type { ServerModel, ServiceEntry, Str } from "../model.ts";
import { CLIENT_FACING_SERVICES } from "../model.ts";
import type { RuleContext, TlsProxy } from "../context.ts";
import { endpointUri, formatSocketAddr, isLoopback, isUnspecified, parseSocketAddr } from "./endpoints.ts";
import type { IpAddr, SocketAddr } from "./endpoints.ts";
import { scanShell } from "../values/index.ts";
import type { ShellSegment } from "../values/index.ts";

// ---- servers and addresses -------------------------------------------------------------------

/** How messages name a server: by its name when it has one, else by its position. */
export function serverLabel(s: ServerModel): string {
  return s.name && !s.name.unknown && s.name.value !== "" ? `server ${JSON.stringify(s.name.value)}` : `servers[${s.index}]`;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is bound and reached as its IPv4 address. */
function unmapped(ip: IpAddr): IpAddr {
  if ("v6" in ip && ip.v6.slice(0, 5).every((x) => x === 0) && ip.v6[5] === 0xffff) {
    return { v4: [ip.v6[6] >> 8, ip.v6[6] & 255, ip.v6[7] >> 8, ip.v6[7] & 255] };
  }
  return ip;
}

/** Every interface of its family: 0.0.0.0, [::] in any spelling, or [::ffff:0.0.0.0]. */
export function isWildcard(ip: IpAddr): boolean {
  return isUnspecified(unmapped(ip));
}

export interface Listen {
  str: Str;
  addr: SocketAddr;
  /** As NativeLink prints the address. */
  shown: string;
  loopback: boolean;
  wildcard: boolean;
}

/** The server's listen address, when it is known and parses (other rules report the rest). */
export function listenOf(s: ServerModel): Listen | undefined {
  const str = s.socketAddress;
  if (!str || str.unknown) return undefined;
  const addr = parseSocketAddr(str.value);
  if (!addr) return undefined;
  return { str, addr, shown: formatSocketAddr(addr), loopback: isLoopback(addr.ip), wildcard: isWildcard(addr.ip) };
}

/**
 * Whether a URI host reaches only this machine: `localhost` (any case, optional trailing dot),
 * 127.0.0.0/8, [::1], or an IPv4-mapped loopback. undefined for an empty host.
 */
export function hostIsLoopback(host: string): boolean | undefined {
  if (host === "") return undefined;
  if (/^localhost\.?$/i.test(host)) return true;
  const addr = parseSocketAddr(`${host}:0`);
  return addr ? isLoopback(addr.ip) : false;
}

export function servicesOf(s: ServerModel, name: ServiceEntry["service"]): ServiceEntry[] {
  return (s.services ?? []).filter((e) => e.service === name);
}

/** The client-facing services a server carries (cas, ac, execution, bytestream, capabilities, fetch, push), first of each kind. */
export function clientFacingOf(s: ServerModel): ServiceEntry[] {
  const seen = new Set<string>();
  return (s.services ?? []).filter((e) => CLIENT_FACING_SERVICES.includes(e.service) && !seen.has(e.service) && seen.add(e.service));
}

export function workerApiOf(s: ServerModel): ServiceEntry | undefined {
  return servicesOf(s, "worker_api")[0];
}

/** The pointer of the `listener.http` object, where `tls` goes. */
export function httpListenerAt(s: ServerModel): string | undefined {
  return s.listenerAt !== undefined ? `${s.listenerAt}/http` : undefined;
}

/** Whether a path field is set to a usable (known) string. */
export const known = (str: Str | undefined): str is Str => str !== undefined && !str.unknown;

/** A short list for messages: `cas, ac and execution`. */
export function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Whether the scheme an endpoint is dialled with is plaintext: anything but https (grpcs is rewritten to https). */
export function endpointPlaintext(ctx: RuleContext, uri: string): { host: string; port?: string; scheme: string; display: string } | undefined {
  const e = endpointUri(ctx, uri);
  if (!e.ok || e.scheme === undefined || e.host === undefined) return undefined;
  if (e.scheme === "https") return undefined;
  return { host: e.host, port: e.portText, scheme: e.writtenScheme ?? e.scheme, display: uri };
}

// ---- TLS handled by a proxy (settings file tlsProxies) ----------------------------------------

/**
 * The tlsProxies entry that names this server: by its name, or by its socket_address as written,
 * as expanded, or as NativeLink prints it.
 */
export function tlsProxyOfServer(ctx: RuleContext, s: ServerModel): TlsProxy | undefined {
  const names = new Set<string>();
  if (s.name && !s.name.unknown && s.name.value !== "") names.add(s.name.value);
  if (s.socketAddress) {
    names.add(s.socketAddress.raw);
    if (!s.socketAddress.unknown) names.add(s.socketAddress.value);
  }
  const listen = listenOf(s);
  if (listen) names.add(listen.shown);
  return ctx.options.tlsProxies?.find((p) => p.listeners.some((l) => names.has(l)));
}

/** The tlsProxies entry that carries plaintext traffic to this URI host over TLS (host names compared case-insensitively). */
export function tlsProxyOfHost(ctx: RuleContext, host: string): TlsProxy | undefined {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return ctx.options.tlsProxies?.find((p) => p.hosts.some((x) => x.replace(/^\[|\]$/g, "").toLowerCase() === h));
}

/** How a plaintext finding's hint says to record a TLS-terminating proxy, when there is one. */
export function proxyHint(rule: string, entry: string): string {
  return `if a proxy or sidecar terminates TLS in front of it, record that in .nativelink-preflight.json5 with tlsProxies: [{ ${entry}, by: "<what terminates TLS>" }], or put // nativelink-preflight-disable-next-line ${rule} -- <why> above the line`;
}

// ---- inline secrets --------------------------------------------------------------------------

export type SecretKind = "url-password" | "url-query" | "named-field" | "token-shape";

export interface InlineSecret {
  /** Pointer of the string that holds it. */
  at: string;
  node: DocNode;
  kind: SecretKind;
  /** Says what was found and where: `the password in addresses[0] "redis://u:pw@cache:6379"` (the report's redactor hides the password). */
  what: string;
  /** The secret is the default of a `${VAR:-default}` reference, not bare text. */
  viaDefault: boolean;
  /** NativeLink expands ${VAR} in this field (so the secret can move to the environment). */
  expandable: boolean;
  /** A variable name to suggest. */
  suggestVar: string;
  /** For additional_environment entries: the variable the worker exports. */
  envName?: string;
  /** For URL passwords: the URL's scheme as written. */
  scheme?: string;
}

/** Query parameters that carry a credential: Azure SAS and S3/GCS presigned signatures, passwords, tokens. */
const SECRET_QUERY = /^(sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|password|pass|pwd|secret|token|access_token|api_key|apikey)$/i;

/** Field, header and variable names whose values are credentials. */
const SECRET_NAME = /passw(?:or)?d|passwd|secret|token|credential|api[-_]?key|private[-_]?key|^authorization$|^proxy-authorization$|^cookie$/i;
/** Names that hold where a credential is, not the credential. */
const LOCATOR_NAME = /(?:file|path|dir|directory|name|id|url|uri|endpoint|header)$/i;

/** Shapes that are credentials wherever they appear. */
const TOKEN_SHAPES: [RegExp, string][] = [
  [/(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, "an AWS access key id"],
  // Spelled in two pieces so that scanners looking for committed keys do not flag this file.
  [new RegExp("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE" + " KEY-----"), "a PEM private key"],
  [/(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})/, "a GitHub token"],
  [/(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, "a Google API key"],
  [/(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
];

/** A piece every match of TOKEN_SHAPES holds: one test instead of five for the usual string. */
const TOKEN_HINT = /AKIA|ASIA|-----BEGIN |gh[pousr]_|github_pat_|AIza|xox[abposr]-/;

/** Private-use characters that stand for a `${VAR}` reference while the text is taken apart. */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

interface Masked {
  text: string;
  vars: Extract<ShellSegment, { kind: "var" }>[];
}

const NO_VARS: Masked["vars"] = [];

/** The raw text with each variable reference replaced by a placeholder (shellexpand's own split). */
function mask(raw: string): Masked {
  // Only `$` starts a reference: most strings are their own masked text (and share one empty list).
  if (!raw.includes("$")) return { text: raw, vars: NO_VARS };
  const vars: Masked["vars"] = [];
  let text = "";
  for (const seg of scanShell(raw)) {
    if (seg.kind === "text") text += seg.text;
    else {
      text += `${OPEN}${vars.length}${CLOSE}`;
      vars.push(seg);
    }
  }
  return { text, vars };
}

/** What a part of the masked text is made of: literal characters, and references with inline defaults. */
function partOf(m: Masked, part: string): { literal: string; defaulted: boolean } {
  let defaulted = false;
  for (const x of part.matchAll(PLACEHOLDER)) {
    const v = m.vars[Number(x[1])];
    if (v?.defaultValue) defaulted = true;
  }
  return { literal: part.replace(PLACEHOLDER, ""), defaulted };
}

/** Literal text that is evidently not a credential: empty, a path, a flag, a number, a <placeholder>. */
function harmless(literal: string): boolean {
  const t = literal.trim();
  return t === "" || /^(?:\/|\.\.?\/|~\/)/.test(t) || /^(?:true|false|yes|no|on|off|none|null|\d{1,6})$/i.test(t) || /^<[^<>]*>$/.test(t);
}

/** Words that make up placeholder credentials (`oci_secret_access_key`, `my-static-token`, `your_password_here`). */
const PLACEHOLDER_WORDS = new Set(
  (
    "a an the my your our some this that here there put insert enter replace change changeme me set to of for with from in " +
    "secret secrets access key keys token tokens password passwd passwords pass pwd passphrase credential credentials auth authorization bearer basic " +
    "api id ids client user username usr name value string text static example examples sample dummy fake test testing placeholder redacted hidden " +
    "default dev development local demo foo bar baz qux abc xyz none empty todo tbd fixme real actual valid new old " +
    "aws gcp gcs azure oci r2 s3 minio mongo mongodb redis db database account storage service private public signature sig sas"
  ).split(" "),
);

/**
 * Text that is evidently a placeholder, not a credential: made only of placeholder words
 * (oci_secret_access_key, my-static-token, password), one repeated character (xxxxxxxx, ****), a
 * template (<your key>, {{ token }}, $(...)), or a documented example value (AKIAIOSFODNN7EXAMPLE).
 */
export function placeholderLike(literal: string): boolean {
  const t = literal.trim().replace(/^(?:Bearer|Basic|Token)\s+/i, "");
  if (t === "") return false;
  if (/^(.)\1{3,}$/.test(t)) return true;
  if (/^(?:<[^<>]*>|\{\{[^{}]*\}\}|\$\([^()]*\)|\[[^[\]]*\]|\.\.\.+)$/.test(t)) return true;
  if (/EXAMPLE(?:KEY)?$/.test(t)) return true;
  const words = t.toLowerCase().split(/[\s_.\-]+/).filter((w) => w !== "");
  return words.length > 0 && words.every((w) => PLACEHOLDER_WORDS.has(w) || /^\d{1,2}$/.test(w));
}

/** An Azurite (local Azure storage emulator) URL: its published development account on a loopback host. */
function azuriteUrl(url: string): boolean {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::\d+)?\/devstoreaccount1(?:[/?#]|$)/.exec(url);
  return m !== null && hostIsLoopback(m[1]!.replace(/^\[|\]$/g, "")) === true;
}

/** `addresses[0]`, `secret_access_key`, `headers.authorization`, from the keys and indexes leading to a value. */
function fieldLabel(parts: readonly string[]): string {
  const last = parts[parts.length - 1] ?? "";
  const prev = parts[parts.length - 2] ?? "";
  if (/^\d+$/.test(last)) return `${prev}[${last}]`;
  if (prev === "headers" || prev === "additional_environment") return `${prev}.${last}`;
  if (last === "value" && parts[parts.length - 3] === "additional_environment") return `additional_environment.${prev}`;
  return last;
}

function varName(s: string): string {
  const v = s.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return v === "" || /^\d/.test(v) ? `SECRET_${v}` : v;
}

/** Which variable to suggest for a URL's password, by what the URL is for. */
function urlPasswordVar(scheme: string): string {
  if (/^rediss?$/i.test(scheme) || /^redis\+/i.test(scheme)) return "REDIS_PASSWORD";
  if (/^mongodb/i.test(scheme)) return "MONGO_PASSWORD";
  return "PASSWORD";
}

/**
 * `parts`: the keys and indexes from the root to `node` (its pointer's tokens, unescaped);
 * `container`: the object or list it is in.
 */
function checkString(ctx: RuleContext, node: Extract<DocNode, { kind: "string" }>, parts: readonly string[], container: DocNode | undefined): InlineSecret | undefined {
  const raw = node.value;
  const norm = ctx.normalized;
  // Empty strings, and enum variants written as strings (additional_environment's "from_environment").
  if (raw === "" || norm?.variantAt.has(node)) return undefined;
  const m = mask(raw);
  // The label, the pointer and whether it is expanded are worked out only for a string that holds a
  // secret. Expanded fields have a resolved value; a field (or map) the walker knows without one is used as written.
  let labelText: string | undefined;
  const label = () => (labelText ??= fieldLabel(parts));
  const base = () => ({ at: node.pointer, node, expandable: !norm || norm.values.has(node) || !(norm.fieldAt.has(node) || (container !== undefined && norm.fieldAt.has(container))) });

  // A URL: userinfo password, then credential query parameters.
  const url = m.text.includes("://") ? /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(m.text) : null;
  // Azurite's published development account, on this machine: a known, public key.
  if (url && azuriteUrl(m.text)) return undefined;
  if (url) {
    const shown = JSON.stringify(raw);
    // Both groups always take part in a match (the authority may be empty).
    const [, scheme = "", authority = ""] = url;
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      const colon = userinfo.indexOf(":");
      if (colon >= 0) {
        const p = partOf(m, userinfo.slice(colon + 1));
        if ((p.literal !== "" && !placeholderLike(p.literal)) || (p.literal === "" && p.defaulted)) {
          return { ...base(), kind: "url-password", what: `the password in ${label()} ${shown}`, viaDefault: p.literal === "", suggestVar: urlPasswordVar(scheme), scheme };
        }
      }
    }
    const q = m.text.indexOf("?");
    if (q >= 0) {
      const hash = m.text.indexOf("#", q);
      for (const pair of m.text.slice(q + 1, hash >= 0 ? hash : undefined).split("&")) {
        const eq = pair.indexOf("=");
        if (eq < 0) continue;
        const name = pair.slice(0, eq).replace(PLACEHOLDER, "");
        if (!SECRET_QUERY.test(name)) continue;
        const p = partOf(m, pair.slice(eq + 1));
        if (p.literal === "" ? !p.defaulted : placeholderLike(p.literal)) continue;
        const what = name.toLowerCase() === "sig" ? `the SAS signature (sig=) in ${label()} ${shown}` : `the ${name}= parameter in ${label()} ${shown}`;
        return { ...base(), kind: "url-query", what, viaDefault: p.literal === "", suggestVar: varName(label().replace(/\[\d+\]$/, "")) };
      }
    }
  }

  // A field (or header, or exported variable) named for a credential, holding literal text.
  const key = parts[parts.length - 1] ?? "";
  const envEntry = key === "value" && parts[parts.length - 3] === "additional_environment";
  const name = envEntry ? (parts[parts.length - 2] ?? "") : key;
  if (!/^\d+$/.test(name) && SECRET_NAME.test(name) && !LOCATOR_NAME.test(name)) {
    const p = partOf(m, m.text.replace(/^(?:Bearer|Basic|Token|Digest|Negotiate)\s+/i, ""));
    if ((!harmless(p.literal) && !placeholderLike(p.literal)) || (p.literal.trim() === "" && p.defaulted)) {
      return {
        ...base(),
        kind: "named-field",
        what: `${label()} holds ${p.literal.trim() === "" ? "a secret as the default of a variable reference" : "a literal secret"}`,
        viaDefault: p.literal.trim() === "",
        suggestVar: varName(name),
        envName: envEntry ? name : undefined,
      };
    }
  }

  // A value shaped like a well-known credential, anywhere.
  if (TOKEN_HINT.test(m.text)) for (const [re, what] of TOKEN_SHAPES) {
    if (re.test(m.text) && !placeholderLike(m.text)) return { ...base(), kind: "token-shape", what: `${label()} contains what looks like ${what}`, viaDefault: false, suggestVar: varName(name || label()) };
  }
  for (const v of m.vars) {
    if (!v.defaultValue) continue;
    if (TOKEN_HINT.test(v.defaultValue)) for (const [re, what] of TOKEN_SHAPES) {
      if (re.test(v.defaultValue)) return { ...base(), kind: "token-shape", what: `${label()} falls back to what looks like ${what}`, viaDefault: true, suggestVar: v.name };
    }
  }
  return undefined;
}

/** Every string in the config that holds a credential written inline, in document order (scanned once per config). */
export function inlineSecrets(ctx: RuleContext): InlineSecret[] {
  const root = ctx.model?.root ?? ctx.load.root;
  if (!root) return [];
  return ctx.facts.once("inline-secrets", () => scanSecrets(ctx, root));
}

function scanSecrets(ctx: RuleContext, root: DocNode): InlineSecret[] {
  const out: InlineSecret[] = [];
  // The path is kept as the walk goes, rather than split out of each string's pointer.
  const parts: string[] = [];
  const walk = (n: DocNode, container: DocNode | undefined) => {
    if (n.kind === "string") {
      const s = checkString(ctx, n, parts, container);
      if (s) out.push(s);
    } else if (n.kind === "object") {
      for (const m of n.members) {
        parts.push(m.key);
        walk(m.value, n);
        parts.pop();
      }
    } else if (n.kind === "array") {
      for (let i = 0; i < n.items.length; i++) {
        parts.push(String(i));
        walk(n.items[i]!, n);
        parts.pop();
      }
    }
  };
  walk(root, undefined);
  return out;
}

// ---- files -------------------------------------------------------------------------------------

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** The permission bits of a regular file, or undefined (not known, or not a regular file: a symlink's own mode means nothing). */
export function regularFileMode(mode: number | undefined): number | undefined {
  if (mode === undefined || (mode & S_IFMT) !== S_IFREG) return undefined;
  return mode & 0o7777;
}

/** `0644`, as chmod and ls -l users read it. */
export function octalMode(perm: number): string {
  return `0${(perm & 0o777).toString(8).padStart(3, "0")}`;
}

/** Who besides the owner may read: "group", "others", "group and others", or undefined. */
export function extraReaders(perm: number): string | undefined {
  const g = (perm & 0o040) !== 0;
  const o = (perm & 0o004) !== 0;
  return g && o ? "group and others" : g ? "group" : o ? "others" : undefined;
}
