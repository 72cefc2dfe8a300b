// The one place secrets are taken out of a report. Every string of every finding, and every source
// line a code frame prints, passes through a Redactor before a reporter sees it; rules never need
// to mask anything themselves.
//
// What it hides, each replaced whole by the one marker REDACTED (never a prefix or a length hint):
//  - Values of secret-named variables the run's environment actually served (`watch` wraps the env
//    lookup: --env, --env-file, settings envFiles or the process environment alike). A name is
//    secret-looking by normalize.ts's SECRET_NAME (KEY, TOKEN, SECRET, PASSWORD, PASS, CREDENTIAL).
//    They are matched case-insensitively (URL parsers lower-case hosts), and also in their
//    JSON-escaped, Rust-{:?}-escaped and percent-encoded forms; a multi-line value line by line too.
//  - Secret parts of inline values, wherever they appear (messages and config lines alike): the
//    password of URL userinfo (`redis://user:PW@`, any scheme, and a bare `user:PW@host`), token-ish
//    query parameters (token, access_token, sig, signature, password, secret, key, X-Amz-Signature,
//    X-Amz-Credential, ...), the body of a PEM private key, the value of a field named for a
//    credential (`secret_access_key: "..."`, `password`, `token`, `authorization`, ...), the default
//    of a secret-named `${VAR:-default}`, and well-known token shapes (AKIA..., ghp_..., AIza..., xox.-).
//    A part that is only a `${VAR}` reference is left: it names where the secret is, not the secret.
//  - `learn(text)` runs the inline scan over a whole config text (or any env value) and remembers
//    each secret part as a value too, so a message that repeats a password outside its URL, or a
//    PEM body line on its own, is still covered. A part that is a bare word of letters is not
//    remembered (it stays hidden in place): matched everywhere, "password" would eat the tool's prose.
//
// Short values: a secret value shorter than MIN_FREE_MATCH (4) characters is only hidden where it
// stands alone between quotes ("ab", 'ab', `ab`), which is how messages quote a whole value; hiding
// every "1" or "ab" in free text would turn ordinary words and numbers into markers while hiding
// nothing an attacker could not guess. Empty values hide nothing.
//
// The inline scan is linear in the text: patterns are anchored at token starts, and the unbounded
// searches (a PEM END line, a `}`) stop for good when they find nothing. A few known values are found
// with indexOf, one pass per value; past INDEXED_FROM values (a config of thousands of inline
// passwords), each value of MIN_FREE_MATCH or more characters is filed under one of its pieces of that
// length and a text is read once, piece by piece: a pass per value for every string of every finding
// grew with the square of such a config (3,000 redis stores: 2.5 of 2.9 s).
import type { Finding } from "../types.ts";
import type { EnvLookup } from "../values/index.ts";
import { SECRET_NAME } from "../normalize.ts";
import { rustStrDebug } from "../rust/debug.ts";

export const REDACTED = "<redacted>";

/** Secret values shorter than this are hidden only where they stand alone in quotes. */
export const MIN_FREE_MATCH = 4;

/** Query parameters whose value is a credential (matched whole, case-insensitively). */
const SECRET_QUERY =
  /^(?:token|access_token|refresh_token|id_token|auth|auth_token|sig|signature|password|passwd|pass|pwd|secret|client_secret|key|api_key|apikey|api-key|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential)$/i;

/** Field names whose value is a credential; LOCATOR names say where one is, not what it is. */
const SECRET_FIELD = /passw(?:or)?d|passwd|secret|token|credential|api[-_]?key|private[-_]?key|^authorization$|^proxy-authorization$|^cookie$/i;
/** A piece of text every name SECRET_FIELD accepts holds (so a text without one has no such field). */
const SECRET_FIELD_HINT = /passw|secret|token|credential|api[-_]?key|private[-_]?key|authorization|cookie/i;
const LOCATOR_FIELD = /(?:file|path|dir|directory|name|id|url|uri|endpoint|header)$/i;

/** Shapes that are credentials wherever they appear (each anchored so scans stay linear). */
const TOKEN_SHAPES: RegExp[] = [
  /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})/g,
  /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
  /(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}/g,
];

/** A piece every match of TOKEN_SHAPES holds. */
const TOKEN_HINT = /AKIA|ASIA|gh[pousr]_|github_pat_|AIza|xox[abposr]-/;

/**
 * Where each URL's authority starts: after `scheme://`, the scheme a letter then letters, digits, +,
 * . or -, not itself the tail of a longer run of those. Found from each `://` backwards: what
 * /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\//g finds, which V8 tried at every offset of a
 * config's text (a third of the time the redactor spent learning a directory of configs).
 */
export function urlAuthorities(s: string): number[] {
  const out: number[] = [];
  for (let k = s.indexOf("://"); k >= 0; k = s.indexOf("://", k + 3)) {
    let q = k;
    while (q > 0 && schemeChar(s.charCodeAt(q - 1))) q--;
    const c = s.charCodeAt(q) | 0x20;
    if (q < k && c >= 0x61 && c <= 0x7a) out.push(k + 3);
  }
  return out;
}

/** A-Z, a-z, 0-9, +, ., - */
function schemeChar(c: number): boolean {
  const l = c | 0x20;
  return (l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d;
}
const AUTHORITY_END = /[\s/?#"'`<>\\]/;
const BARE_USERINFO = /(?<![\w.%~+-])[\w.%~+-]+:([^\s@/?#"'`:<>\\]+)@(?=[\w[])/g;
const QUERY_PARAM = /[?&;]([A-Za-z0-9_.-]+)=([^&#\s"'`<>;\\]*)/g;
// Spelled in two pieces so that scanners looking for committed keys do not flag this file.
const PEM_BEGIN = new RegExp("-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE" + " KEY)-----", "g");
const VAR_DEFAULT = /\$\{([A-Za-z_][A-Za-z0-9_]*):-/g;
const NAMED_FIELD = /(?<![\w."'-])(["']?)([A-Za-z_][\w.-]*)\1[ \t]*:[ \t]*(["'])/g;
/** A part made only of variable references, without defaults. */
const ONLY_REFS = /^(?:\$\{[^}:]*\}|\$[A-Za-z_][A-Za-z0-9_]*)+$/;

type Range = [start: number, end: number];

/** A redacted source line, with a map from columns of the original to columns of the result. */
export interface RedactedLine {
  text: string;
  /** Index in `text` of original index `i`; an index inside a hidden part maps to the marker's start or end. */
  at(i: number, edge: "start" | "end"): number;
}

/** From this many known values on, they are looked up by piece (see the head of this file). */
const INDEXED_FROM = 32;

/** Long values by one piece of MIN_FREE_MATCH characters each, and where in the value it is. */
interface ValueIndex {
  byPiece: Map<string, { value: string; at: number }[]>;
  short: string[];
}

export class Redactor {
  private readonly values = new Set<string>();
  /** Made when first needed, made again after a value is added. */
  private index: ValueIndex | undefined;

  /** Remembers one secret value (and the forms messages print it in). */
  addValue(v: string): void {
    if (v === "") return;
    const forms = [v, JSON.stringify(v).slice(1, -1), rustStrDebug(v).slice(1, -1), safeEncode(v)];
    if (/[\r\n]/.test(v)) for (const line of v.split(/\r?\n|\r/)) if (line.trim().length >= 8) forms.push(line.trim());
    for (const f of forms) {
      if (f === "" || f === REDACTED) continue;
      const lower = asciiLower(f);
      if (this.values.has(lower)) continue;
      this.values.add(lower);
      this.index = undefined;
    }
  }

  /** Remembers the secret parts of inline values in a text (a config file, an env value). */
  learn(text: string): void {
    for (const [a, b] of inlineRanges(text)) {
      const part = text.slice(a, b);
      // A bare word ("password", "changeme") is hidden where it stands inline, but not remembered:
      // matched everywhere it would eat the tool's own prose ("the password in ...").
      if (part.length < MIN_FREE_MATCH || /^[A-Za-z]+$/.test(part)) continue;
      this.addValue(part);
      const unescaped = unescapeJson(part);
      if (unescaped !== undefined && unescaped !== part) this.addValue(unescaped);
      // A secret written across escaped line breaks (a PEM body in a JSON string): each line too.
      if (part.includes("\\n")) for (const line of part.split("\\n")) if (line.length >= 8) this.addValue(line);
    }
  }

  /**
   * Values `watch` has served for secret-looking names, and for the others: each is taken in once.
   * Both takings are idempotent, but each read the whole value, at every lookup (each reference is
   * looked up at least twice), so a config naming a long value n times cost n times its length.
   */
  private readonly servedSecret = new Set<string>();
  private readonly servedOther = new Set<string>();

  /** Wraps an env lookup: every value it serves for a secret-looking name becomes a secret of the run. */
  watch(env: EnvLookup): EnvLookup {
    return {
      get: (name) => {
        const v = env.get(name);
        if (v !== undefined) {
          if (SECRET_NAME.test(name)) {
            if (!this.servedSecret.has(v)) {
              this.servedSecret.add(v);
              this.addValue(v);
            }
          } else if (!this.servedOther.has(v)) {
            this.servedOther.add(v);
            this.learn(v);
          }
        }
        return v;
      },
    };
  }

  text(s: string): string {
    return this.line(s).text;
  }

  line(s: string): RedactedLine {
    const ranges = merge([...this.valueRanges(s), ...inlineRanges(s)]);
    return rewrite(s, ranges);
  }

  /** A copy of the finding with every string passed through `text`. */
  finding(f: Finding): Finding {
    const t = (s: string) => this.text(s);
    const out: Finding = { ...f, message: t(f.message), pointer: t(f.pointer) };
    if (f.nativelink !== undefined) out.nativelink = t(f.nativelink);
    if (f.hint !== undefined) out.hint = t(f.hint);
    if (f.reproduce !== undefined) out.reproduce = t(f.reproduce);
    if (f.related !== undefined) out.related = f.related.map((r) => ({ ...r, pointer: t(r.pointer), message: t(r.message) }));
    if (f.suppressed !== undefined) {
      out.suppressed = f.suppressed.justification === undefined ? { ...f.suppressed } : { ...f.suppressed, justification: t(f.suppressed.justification) };
    }
    // A fix is config text: one that would show a secret is not offered (a masked one would be wrong).
    if (f.fix !== undefined && (t(f.fix.description) !== f.fix.description || f.fix.edits.some((e) => t(e.text) !== e.text))) delete out.fix;
    return out;
  }

  findings(fs: Finding[]): Finding[] {
    return fs.map((f) => this.finding(f));
  }

  /** Every place a known value is in `s` (overlapping ones too: the caller merges them). */
  private valueRanges(s: string): Range[] {
    const out: Range[] = [];
    if (s === "" || this.values.size === 0) return out;
    const lower = asciiLower(s);
    if (this.values.size < INDEXED_FROM) {
      for (const v of this.values) occurrences(s, lower, v, out);
      return out;
    }
    const index = (this.index ??= indexValues(this.values));
    for (const v of index.short) occurrences(s, lower, v, out);
    // Each place of a long value is found once: where its filed piece is, `at` after its start.
    for (let j = 0; j + MIN_FREE_MATCH <= lower.length; j++) {
      const filed = index.byPiece.get(lower.slice(j, j + MIN_FREE_MATCH));
      if (!filed) continue;
      for (const { value, at } of filed) {
        const i = j - at;
        if (i >= 0 && lower.startsWith(value, i)) out.push([i, i + value.length]);
      }
    }
    return out;
  }
}

/** Adds to `out` each place of `v` in `lower` (`s` lowered); a short value only where it stands between quotes. */
function occurrences(s: string, lower: string, v: string, out: Range[]): void {
  const short = v.length < MIN_FREE_MATCH;
  for (let i = lower.indexOf(v); i >= 0; i = lower.indexOf(v, i + 1)) {
    if (short) {
      const q = s[i - 1];
      if (!(q === '"' || q === "'" || q === "`") || s[i + v.length] !== q) continue;
    }
    out.push([i, i + v.length]);
  }
}

/**
 * Files each value of MIN_FREE_MATCH or more characters under the piece of that length that the
 * fewest values filed so far share (values made from one pattern, `password-0001` and
 * `password-0002`, then differ in the piece they are found by); shorter values are kept apart.
 */
function indexValues(values: Iterable<string>): ValueIndex {
  const byPiece = new Map<string, { value: string; at: number }[]>();
  const short: string[] = [];
  for (const value of values) {
    if (value.length < MIN_FREE_MATCH) {
      short.push(value);
      continue;
    }
    let best = 0;
    let fewest = Infinity;
    for (let at = 0; at + MIN_FREE_MATCH <= value.length && fewest > 0; at++) {
      const n = byPiece.get(value.slice(at, at + MIN_FREE_MATCH))?.length ?? 0;
      if (n < fewest) {
        fewest = n;
        best = at;
      }
    }
    const piece = value.slice(best, best + MIN_FREE_MATCH);
    const filed = byPiece.get(piece);
    if (filed) filed.push({ value, at: best });
    else byPiece.set(piece, [{ value, at: best }]);
  }
  return { byPiece, short };
}

/** Lower-cases ASCII letters only, so that indexes in the result are indexes in the input. */
function asciiLower(s: string): string {
  // An ASCII text is lowered by the engine's own toLowerCase (same length, same indexes); only a text
  // with other letters (whose lower case may be longer) is lowered run by run.
  return NON_ASCII.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}
const NON_ASCII = /[^\x00-\x7f]/;

function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

function unescapeJson(s: string): string | undefined {
  if (!s.includes("\\")) return undefined;
  try {
    const v: unknown = JSON.parse(`"${s.replace(/\\'/g, "'")}"`);
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A part worth hiding: not empty, not the marker, not only variable references. */
function secretPart(part: string): boolean {
  return part !== "" && part !== REDACTED && part !== "***" && !ONLY_REFS.test(part);
}

/** Text that is evidently not a credential when a credential-named field holds it. */
function harmless(v: string): boolean {
  const t = v.trim();
  return (
    t === "" ||
    t.includes("$") ||
    t === REDACTED ||
    /^\**$/.test(t) ||
    /^(?:\/|\.\.?\/|~\/)/.test(t) ||
    /^(?:true|false|yes|no|on|off|none|null|\d{1,6})$/i.test(t) ||
    /^<[^<>]*>$/.test(t)
  );
}

/** Where the secret parts of inline values are in a text. */
export function inlineRanges(s: string): Range[] {
  const out: Range[] = [];
  if (s === "") return out;
  // Each pattern is tried only when the text holds a piece every match of it must contain: most
  // strings of a report (and most lines of a config) hold none, and the scans dominate otherwise.
  // URL userinfo passwords.
  for (const from of urlAuthorities(s)) {
    let end = from;
    while (end < s.length && end - from < 4096 && !AUTHORITY_END.test(s.charAt(end))) end++;
    const authority = s.slice(from, end);
    const at = authority.lastIndexOf("@");
    if (at < 0) continue;
    const colon = authority.indexOf(":");
    if (colon < 0 || colon > at) continue;
    if (secretPart(authority.slice(colon + 1, at))) out.push([from + colon + 1, from + at]);
  }
  if (s.includes("@")) for (const m of s.matchAll(BARE_USERINFO)) {
    const [whole, userinfo = ""] = m;
    const start = m.index + whole.length - 1 - userinfo.length;
    if (s.slice(Math.max(0, m.index - 3), m.index) === "://") continue;
    if (secretPart(userinfo)) out.push([start, start + userinfo.length]);
  }
  // Credential query parameters.
  if (s.includes("=")) for (const m of s.matchAll(QUERY_PARAM)) {
    const [whole, param = "", value = ""] = m;
    if (!SECRET_QUERY.test(param)) continue;
    const start = m.index + whole.length - value.length;
    if (secretPart(value)) out.push([start, start + value.length]);
  }
  // PEM private key bodies: from the BEGIN line to the matching END line, or to the end.
  PEM_BEGIN.lastIndex = 0;
  if (s.includes("-----BEGIN ")) for (let m = PEM_BEGIN.exec(s); m; m = PEM_BEGIN.exec(s)) {
    const bodyStart = m.index + m[0].length;
    const endLine = `-----END ${m[1]}-----`;
    const end = s.indexOf(endLine, bodyStart);
    if (end < 0) {
      if (bodyStart < s.length) out.push([bodyStart, s.length]);
      break;
    }
    if (end > bodyStart) out.push([bodyStart, end]);
    PEM_BEGIN.lastIndex = end + endLine.length;
  }
  // Defaults of secret-named variable references.
  VAR_DEFAULT.lastIndex = 0;
  if (s.includes(":-")) for (let m = VAR_DEFAULT.exec(s); m; m = VAR_DEFAULT.exec(s)) {
    const start = m.index + m[0].length;
    const close = s.indexOf("}", start);
    if (close < 0) break;
    if (SECRET_NAME.test(m[1] ?? "") && close > start && secretPart(s.slice(start, close))) out.push([start, close]);
    VAR_DEFAULT.lastIndex = close + 1;
  }
  // Values of fields named for a credential: `secret_access_key: "..."`.
  NAMED_FIELD.lastIndex = 0;
  if (s.includes(":") && SECRET_FIELD_HINT.test(s)) for (let m = NAMED_FIELD.exec(s); m; m = NAMED_FIELD.exec(s)) {
    const [, , name = "", quote] = m;
    const start = m.index + m[0].length;
    let i = start;
    while (i < s.length && s[i] !== quote && s[i] !== "\n") i += s[i] === "\\" ? 2 : 1;
    const end = Math.min(i, s.length);
    NAMED_FIELD.lastIndex = Math.max(end, start);
    if (!SECRET_FIELD.test(name) || LOCATOR_FIELD.test(name)) continue;
    const value = s.slice(start, end);
    if (!harmless(value) && secretPart(value)) out.push([start, end]);
  }
  if (TOKEN_HINT.test(s)) for (const re of TOKEN_SHAPES) {
    re.lastIndex = 0;
    for (const m of s.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Sorted, non-overlapping ranges (touching ones joined, so two secrets side by side make one marker). */
function merge(ranges: Range[]): Range[] {
  if (ranges.length <= 1) return ranges;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function rewrite(s: string, ranges: Range[]): RedactedLine {
  if (ranges.length === 0) return { text: s, at: (i) => i };
  let text = "";
  let pos = 0;
  // For each range: where it starts in the output, and the shift after it.
  const starts: number[] = [];
  for (const [a, b] of ranges) {
    text += s.slice(pos, a);
    starts.push(text.length);
    text += REDACTED;
    pos = b;
  }
  text += s.slice(pos);
  return {
    text,
    at(i, edge) {
      // The last range that starts before i (the ranges are sorted and apart): a search, not a walk
      // of the line's ranges, since each finding on a line asks for its two ends.
      let lo = 0;
      let hi = ranges.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ranges[mid]![0] < i) lo = mid + 1;
        else hi = mid;
      }
      const k = lo - 1;
      if (k < 0) return i;
      const [a, b] = ranges[k]!;
      const start = starts[k] ?? a;
      if (i < b) return edge === "start" ? start : start + REDACTED.length;
      return i + start + REDACTED.length - b;
    },
  };
}
