// A PEM scanner that mirrors rustls-pki-types 1.13.1 (`src/pem.rs`, `src/base64.rs`), the reader
// NativeLink v1.6.6 uses for every certificate, key and CRL file (`src/bin/nativelink.rs` through
// `CertificateDer::pem_reader_iter`, `PrivateKeyDer::from_pem_reader`,
// `CertificateRevocationListDer::pem_reader_iter`; tonic 0.14.6 does the same for client files).
//
// What pki-types does, and so what this file does:
// - Lines end at every `\n` and at every `\r` (a CRLF pair is a line and an empty line).
// - A line that starts with `-----BEGIN ` opens a section. From the end of the line, `\n`, `\r`
//   and spaces are skipped and `-` counted; a non-dash stops the count. Anything but exactly five
//   dashes is `illegal section start: [<line bytes>]`. A BEGIN inside an open section restarts the
//   label but keeps the base64 collected so far.
// - Outside a section every line is ignored (junk between blocks, indented BEGIN lines, a BOM).
// - A section ends at a line starting with `-----END <label>` followed by `-----`. Other lines,
//   including a different END line, are base64 body.
// - Known labels: CERTIFICATE, PUBLIC KEY, RSA PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY, X509 CRL,
//   CERTIFICATE REQUEST, ECHCONFIG. Only those are base64-decoded (so a bad body in an unknown
//   section is never noticed). "ENCRYPTED PRIVATE KEY" is an unknown label: skipped, not a key.
// - Base64: whitespace (\t..\r and space) is skipped anywhere; other non-alphabet bytes are
//   `InvalidCharacter(<byte>)`; `=` followed by more data is `PrematurePadding`; a bad final
//   group is `InvalidTrailingPadding`. The message is `base64 decode error: <that>`.
// - EOF inside a section is `missing section end marker: [<label bytes>]`.
// - A typed iterator (certs, keys, CRLs) skips sections of other kinds, but still decodes them,
//   so their errors surface. `collect()` stops at the first error.

import { TAG, readTlv } from "./der.ts";

export type SectionKind =
  | "certificate"
  | "public-key"
  | "rsa-private-key"
  | "private-key"
  | "ec-private-key"
  | "crl"
  | "csr"
  | "ech-config";

const KNOWN_LABELS: ReadonlyMap<string, SectionKind> = new Map([
  ["CERTIFICATE", "certificate"],
  ["PUBLIC KEY", "public-key"],
  ["RSA PRIVATE KEY", "rsa-private-key"],
  ["PRIVATE KEY", "private-key"],
  ["EC PRIVATE KEY", "ec-private-key"],
  ["X509 CRL", "crl"],
  ["CERTIFICATE REQUEST", "csr"],
  ["ECHCONFIG", "ech-config"],
]);

/** The section kinds `PrivateKeyDer` accepts: PKCS#1, PKCS#8 and SEC1. */
export const KEY_KINDS: ReadonlySet<SectionKind> = new Set(["rsa-private-key", "private-key", "ec-private-key"]);

export interface PemBlock {
  /** The label as written between `BEGIN ` and the dashes. */
  label: string;
  /** Set when pki-types knows the label; unknown sections are skipped without being decoded. */
  kind?: SectionKind;
  /**
   * Decoded body. Always empty for unknown labels, and empty for private keys unless the caller
   * asked for it (the facts layer does, and wipes it after use).
   */
  der: Uint8Array;
  /** Length of the decoded body (0 for unknown labels). */
  derLength: number;
  /** A private-key section: its body is never returned by default. */
  secret: boolean;
  /** 1-based line of the BEGIN line, and of the END line. */
  line: number;
  endLine: number;
  /** Byte offset of the BEGIN line, and just past the END line's terminator. */
  offset: number;
  endOffset: number;
  /** The body has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`): legacy OpenSSL encryption. */
  headers: boolean;
  /** The block comes after the first error, so NativeLink's readers never see it. */
  afterError: boolean;
}

export interface PemError {
  /** pki-types' Display text, which NativeLink prints as the innermost message. */
  message: string;
  kind: "illegal-section-start" | "missing-section-end" | "base64";
  /** 1-based line: the bad BEGIN line, or the BEGIN line of the unterminated or undecodable block. */
  line: number;
  label?: string;
  /** For base64 errors: the body had `Name: value` header lines. */
  headers?: boolean;
}

export interface PemScan {
  /** Every section that ended, in file order (after-error ones flagged). */
  blocks: PemBlock[];
  /** The first error: what a pki-types reader iterating the whole file returns. */
  error?: PemError;
  /** All errors, continuing as pki-types' iterator would if called again. */
  errors: PemError[];
  /** No BEGIN line at the start of a line, and the bytes start with 0x30 (a DER SEQUENCE). */
  looksDer: boolean;
  /** The bytes are valid UTF-8 (tonic's client path reads files with `read_to_string`). */
  text: boolean;
  /** Starts with a UTF-8 byte-order mark: the first BEGIN line is then ignored. */
  bom: boolean;
  /** Uses CRLF line ends (harmless to pki-types). */
  crlf: boolean;
  /** Non-blank lines outside any section, ignored by pki-types (first 20). */
  strayLines: number[];
  /** Lines holding `-----BEGIN ` but not at their start (indented or after text): ignored. */
  ignoredBeginLines: number[];
  /** Number of lines in the file. */
  lineCount: number;
}

// ---------------------------------------------------------------------------------------------
// base64, as rustls-pki-types src/base64.rs

const B64_WHITESPACE = -1;
const B64_PAD = -2;
const B64_INVALID = -3;

function b64Code(b: number): number {
  if (b >= 0x41 && b <= 0x5a) return b - 0x41;
  if (b >= 0x61 && b <= 0x7a) return b - 0x61 + 26;
  if (b >= 0x30 && b <= 0x39) return b - 0x30 + 52;
  if (b === 0x2b) return 62;
  if (b === 0x2f) return 63;
  if (b === 0x3d) return B64_PAD;
  if ((b >= 0x09 && b <= 0x0d) || b === 0x20) return B64_WHITESPACE;
  return B64_INVALID;
}

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Decodes like pki-types: groups of eight code points, strict padding, whitespace anywhere. */
export function rustlsBase64Decode(input: Uint8Array): Base64Result {
  // Fast path: well-formed base64 (whitespace aside) decodes the same in both decoders.
  const text = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1").replace(/[\t\n\v\f\r ]/g, "");
  if (text.length % 4 === 0 && CANONICAL_B64.test(text)) {
    const b = Buffer.from(text, "base64");
    return { ok: true, bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
  }
  return rustlsBase64DecodeExact(input);
}

const CANONICAL_B64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The byte-by-byte decoder, for input off the fast path (it yields pki-types' exact errors). */
function rustlsBase64DecodeExact(input: Uint8Array): Base64Result {
  const out = new Uint8Array(Math.floor((input.length + 3) / 4) * 3);
  let outLen = 0;
  // Up to 8 six-bit values collected; pads remembered as a bit mask, as upstream does.
  const group: number[] = [];
  let padMask = 0;
  const flush6 = () => {
    const hi = (group[0]! << 18) | (group[1]! << 12) | (group[2]! << 6) | group[3]!;
    const lo = (group[4]! << 18) | (group[5]! << 12) | (group[6]! << 6) | group[7]!;
    out[outLen++] = (hi >> 16) & 0xff;
    out[outLen++] = (hi >> 8) & 0xff;
    out[outLen++] = hi & 0xff;
    out[outLen++] = (lo >> 16) & 0xff;
    out[outLen++] = (lo >> 8) & 0xff;
    out[outLen++] = lo & 0xff;
  };
  for (const byte of input) {
    const code = b64Code(byte);
    if (code === B64_WHITESPACE) continue;
    if (code === B64_INVALID) return { ok: false, error: `InvalidCharacter(${byte})` };
    if (group.length === 8) {
      if (padMask !== 0) return { ok: false, error: "PrematurePadding" };
      flush6();
      group.length = 0;
      padMask = 0;
    }
    const isPad = code === B64_PAD;
    padMask |= (isPad ? 1 : 0) << group.length;
    group.push(isPad ? 0 : code);
  }
  let used = group.length;
  let vals = group.slice();
  if (used > 4) {
    if ((padMask & 0b1111) !== 0) return { ok: false, error: "PrematurePadding" };
    const v = (vals[0]! << 18) | (vals[1]! << 12) | (vals[2]! << 6) | vals[3]!;
    out[outLen++] = (v >> 16) & 0xff;
    out[outLen++] = (v >> 8) & 0xff;
    out[outLen++] = v & 0xff;
    vals = vals.slice(4);
    padMask >>= 4;
    used -= 4;
  }
  while (vals.length < 4) vals.push(0);
  const v = (vals[0]! << 18) | (vals[1]! << 12) | (vals[2]! << 6) | vals[3]!;
  // Upstream matches (used, pad_mask) with the pad bits in positions 0..3 of the final group.
  if (used === 0 && padMask === 0) {
    // nothing
  } else if (used === 4 && padMask === 0) {
    out[outLen++] = (v >> 16) & 0xff;
    out[outLen++] = (v >> 8) & 0xff;
    out[outLen++] = v & 0xff;
  } else if ((used === 4 && padMask === 0b1000) || (used === 3 && padMask === 0)) {
    out[outLen++] = (v >> 16) & 0xff;
    out[outLen++] = (v >> 8) & 0xff;
  } else if ((used === 4 && padMask === 0b1100) || (used === 2 && padMask === 0)) {
    out[outLen++] = (v >> 16) & 0xff;
  } else {
    out.fill(0);
    return { ok: false, error: "InvalidTrailingPadding" };
  }
  return { ok: true, bytes: out.subarray(0, outLen) };
}

// ---------------------------------------------------------------------------------------------
// the section walker

const BEGIN = bytesOf("-----BEGIN ");
const END = bytesOf("-----END ");
const DASHES = bytesOf("-----");

function bytesOf(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function startsWithAt(buf: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

const LATIN1 = new TextDecoder("latin1");

function latin1(bytes: Uint8Array): string {
  return LATIN1.decode(bytes);
}

/** Rust's `{:?}` of a `Vec<u8>`. */
function debugBytes(bytes: Uint8Array): string {
  return `[${Array.from(bytes).join(", ")}]`;
}

interface WalkSection {
  type: "section";
  labelBytes: Uint8Array;
  kind?: SectionKind;
  der?: Uint8Array;
  offset: number;
  endLineOffset: number;
  endOffset: number;
  headers: boolean;
}
interface WalkError {
  type: "error";
  kind: PemError["kind"];
  message: string;
  /** Offset of the line to blame. */
  offset: number;
  labelBytes?: Uint8Array;
  headers?: boolean;
}
type WalkEvent = WalkSection | WalkError;

/**
 * Walks `buf[from, to)` line by line as pki-types' `ReadIter` does (lines keep their terminator).
 * On an error it resets and goes on, as a second call to the iterator would.
 */
function* walk(buf: Uint8Array, from: number, to: number): Generator<WalkEvent> {
  let section: { label: Uint8Array; kind?: SectionKind; offset: number } | undefined;
  let bodyRanges: [number, number][] = [];
  let headers = false;
  let pos = from;
  while (true) {
    if (pos >= to) {
      if (section) {
        yield {
          type: "error",
          kind: "missing-section-end",
          message: `missing section end marker: ${debugBytes(section.label)}`,
          offset: section.offset,
          labelBytes: section.label,
        };
      }
      return;
    }
    let lineEnd = pos;
    while (lineEnd < to && buf[lineEnd] !== 0x0a && buf[lineEnd] !== 0x0d) lineEnd++;
    const next = lineEnd < to ? lineEnd + 1 : to;
    const lineStart = pos;
    pos = next;
    // `next` includes the terminator, as read_until_newline keeps it.
    if (startsWithAt(buf, lineStart, next, BEGIN)) {
      let trailer = 0;
      let dashPos = next;
      for (let i = next - 1; i >= lineStart; i--) {
        const b = buf[i]!;
        if (b === 0x2d) {
          trailer++;
          dashPos = i;
        } else if (b === 0x0a || b === 0x0d || b === 0x20) {
          continue;
        } else {
          break;
        }
      }
      if (trailer !== 5) {
        yield {
          type: "error",
          kind: "illegal-section-start",
          message: `illegal section start: ${debugBytes(buf.subarray(lineStart, next))}`,
          offset: lineStart,
        };
        section = undefined;
        bodyRanges = [];
        headers = false;
        continue;
      }
      const label = buf.slice(lineStart + BEGIN.length, Math.max(dashPos, lineStart + BEGIN.length));
      const kind = KNOWN_LABELS.get(latin1(label));
      section = kind ? { label, kind, offset: lineStart } : { label, offset: lineStart };
      continue;
    }
    if (section && isEnd(buf, lineStart, next, section.label)) {
      const s = section;
      const ranges = bodyRanges;
      const hadHeaders = headers;
      section = undefined;
      bodyRanges = [];
      headers = false;
      if (!s.kind) {
        yield { type: "section", labelBytes: s.label, offset: s.offset, endLineOffset: lineStart, endOffset: next, headers: hadHeaders };
        continue;
      }
      let total = 0;
      for (const [a, b] of ranges) total += b - a;
      const body = new Uint8Array(total);
      let at = 0;
      for (const [a, b] of ranges) {
        body.set(buf.subarray(a, b), at);
        at += b - a;
      }
      const decoded = rustlsBase64Decode(body);
      body.fill(0);
      if (!decoded.ok) {
        yield {
          type: "error",
          kind: "base64",
          message: `base64 decode error: ${decoded.error}`,
          offset: s.offset,
          labelBytes: s.label,
          headers: hadHeaders,
        };
        continue;
      }
      yield {
        type: "section",
        labelBytes: s.label,
        kind: s.kind,
        der: decoded.bytes,
        offset: s.offset,
        endLineOffset: lineStart,
        endOffset: next,
        headers: hadHeaders,
      };
      continue;
    }
    if (section) {
      bodyRanges.push([lineStart, next]);
      for (let i = lineStart; i < next; i++) {
        if (buf[i] === 0x3a) {
          headers = true;
          break;
        }
      }
    }
  }
}

function isEnd(buf: Uint8Array, start: number, end: number, label: Uint8Array): boolean {
  if (!startsWithAt(buf, start, end, END)) return false;
  const at = start + END.length;
  if (!startsWithAt(buf, at, end, label)) return false;
  return startsWithAt(buf, at + label.length, end, DASHES);
}

/** 1-based human line numbers: CRLF, LF and a lone CR each end one line. */
class LineIndex {
  private starts: number[] = [0];
  constructor(buf: Uint8Array) {
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0d) {
        if (buf[i + 1] === 0x0a) i++;
        this.starts.push(i + 1);
      } else if (b === 0x0a) {
        this.starts.push(i + 1);
      }
    }
    if (this.starts.length > 1 && this.starts[this.starts.length - 1] === buf.length) this.starts.pop();
  }
  get count(): number {
    return this.starts.length;
  }
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  startOf(line: number): number {
    return this.starts[line - 1]!;
  }
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Scans a whole file. Private-key bodies are wiped unless `keepSecret` is set; whoever sets it
 * must wipe them (`block.der.fill(0)`) when done.
 */
export function scanPem(bytes: Uint8Array, opts: { keepSecret?: boolean } = {}): PemScan {
  const lines = new LineIndex(bytes);
  const blocks: PemBlock[] = [];
  const errors: PemError[] = [];
  for (const ev of walk(bytes, 0, bytes.length)) {
    if (ev.type === "error") {
      const err: PemError = { message: ev.message, kind: ev.kind, line: lines.lineAt(ev.offset) };
      if (ev.labelBytes) err.label = latin1(ev.labelBytes);
      if (ev.headers) err.headers = true;
      errors.push(err);
      continue;
    }
    const secret = ev.kind !== undefined && KEY_KINDS.has(ev.kind);
    let der = ev.der ?? new Uint8Array(0);
    const derLength = der.length;
    if (secret && !opts.keepSecret) {
      der.fill(0);
      der = new Uint8Array(0);
    }
    const block: PemBlock = {
      label: latin1(ev.labelBytes),
      der,
      derLength,
      secret,
      line: lines.lineAt(ev.offset),
      endLine: lines.lineAt(ev.endLineOffset),
      offset: ev.offset,
      endOffset: ev.endOffset,
      headers: ev.headers,
      afterError: errors.length > 0,
    };
    if (ev.kind) block.kind = ev.kind;
    blocks.push(block);
  }

  // Lines outside blocks, for diagnostics. Blocks and errors mark their lines once (a difference
  // array over line numbers), so this stays linear however many blocks the file holds.
  const depth = new Int32Array(lines.count + 2);
  const cover = (a: number, b: number) => {
    depth[a]! += 1;
    depth[Math.min(b, lines.count) + 1]! -= 1;
  };
  for (const b of blocks) cover(b.line, b.endLine);
  // An unterminated section runs to the end of the file.
  for (const e of errors) if (e.kind === "missing-section-end") cover(e.line, lines.count);
  const errorLines = new Set(errors.map((e) => e.line));
  const strayLines: number[] = [];
  const ignoredBeginLines: number[] = [];
  let inside = 0;
  for (let ln = 1; ln <= lines.count; ln++) {
    inside += depth[ln]!;
    const start = lines.startOf(ln);
    const end = ln < lines.count ? lines.startOf(ln + 1) : bytes.length;
    const text = latin1(bytes.subarray(start, end)).replace(/[\r\n]+$/, "");
    if (text.includes("-----BEGIN ") && !text.startsWith("-----BEGIN ")) ignoredBeginLines.push(ln);
    if (text.trim() === "" || inside > 0) continue;
    if (errorLines.has(ln)) continue;
    if (strayLines.length < 20) strayLines.push(ln);
  }

  const hasBeginAtLineStart = blocks.length > 0 || errors.length > 0;
  const scan: PemScan = {
    blocks,
    errors,
    looksDer: !hasBeginAtLineStart && bytes.length > 0 && bytes[0] === TAG.SEQUENCE && looksLikeDerElement(bytes),
    text: isValidUtf8(bytes),
    bom: bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
    crlf: bytes.includes(0x0d),
    strayLines,
    ignoredBeginLines,
    lineCount: bytes.length === 0 ? 0 : lines.count,
  };
  if (errors[0]) scan.error = errors[0];
  return scan;
}

function looksLikeDerElement(bytes: Uint8Array): boolean {
  try {
    const tlv = readTlv(bytes, 0, bytes.length);
    return tlv.end === bytes.length;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// How NativeLink v1.6.6 reads each kind of file, built on the walker above.

export type ReadResult<T> = ({ ok: true } & T) | { ok: false; message: string; line?: number };

function collectKind(
  bytes: Uint8Array,
  want: (k: SectionKind) => boolean,
): ReadResult<{ lines: number[] }> {
  const lines = new LineIndex(bytes);
  const found: number[] = [];
  for (const ev of walk(bytes, 0, bytes.length)) {
    if (ev.type === "error") return { ok: false, message: ev.message, line: lines.lineAt(ev.offset) };
    if (ev.der && ev.kind && KEY_KINDS.has(ev.kind)) ev.der.fill(0);
    if (ev.kind && want(ev.kind)) found.push(lines.lineAt(ev.offset));
  }
  return { ok: true, lines: found };
}

/**
 * `CertificateDer::pem_reader_iter(..).collect()`: the server's cert_file and client_ca_file
 * (`src/bin/nativelink.rs:473-481`). `lines` are the BEGIN lines of the certificates found; an
 * empty list is fine here and fails later (`peer sent no certificates` /
 * `no root trust anchors were provided`).
 */
export function nativelinkReadCerts(bytes: Uint8Array): ReadResult<{ lines: number[] }> {
  return memo(certReads, bytes, () => readCertsUncached(bytes));
}

function readCertsUncached(bytes: Uint8Array): ReadResult<{ lines: number[] }> {
  return collectKind(bytes, (k) => k === "certificate");
}

/** `CertificateRevocationListDer::pem_reader_iter(..).collect()` for client_crl_file. */
export function nativelinkReadCrls(bytes: Uint8Array): ReadResult<{ lines: number[] }> {
  return memo(crlReads, bytes, () => readCrlsUncached(bytes));
}

function readCrlsUncached(bytes: Uint8Array): ReadResult<{ lines: number[] }> {
  return collectKind(bytes, (k) => k === "crl");
}

// Rules ask the same question of the same file's bytes many times; the answers are pure, so keep them.
const certReads = new WeakMap<Uint8Array, ReadResult<{ lines: number[] }>>();
const crlReads = new WeakMap<Uint8Array, ReadResult<{ lines: number[] }>>();
const keyReads = new WeakMap<Uint8Array, KeyRead>();

function memo<T>(cache: WeakMap<Uint8Array, T>, bytes: Uint8Array, compute: () => T): T {
  let v = cache.get(bytes);
  if (v === undefined) cache.set(bytes, (v = compute()));
  return v;
}

/** std's `DEFAULT_BUF_SIZE`, the capacity of each `BufReader` in the key path. */
export const RUST_BUF_SIZE = 8 * 1024;

function firstKey(
  bytes: Uint8Array,
  from: number,
): { type: "key"; kind: SectionKind; offset: number; endOffset: number; endLineTerminated: boolean } | { type: "error"; message: string; offset: number } | { type: "none" } {
  for (const ev of walk(bytes, from, bytes.length)) {
    if (ev.type === "error") return { type: "error", message: ev.message, offset: ev.offset };
    if (ev.der && ev.kind && KEY_KINDS.has(ev.kind)) ev.der.fill(0);
    if (ev.kind && KEY_KINDS.has(ev.kind)) {
      const last = bytes[ev.endOffset - 1];
      return {
        type: "key",
        kind: ev.kind,
        offset: ev.offset,
        endOffset: ev.endOffset,
        endLineTerminated: last === 0x0a || last === 0x0d,
      };
    }
  }
  return { type: "none" };
}

const KEY_FORMAT: Record<string, "pkcs8" | "pkcs1" | "sec1"> = {
  "private-key": "pkcs8",
  "rsa-private-key": "pkcs1",
  "ec-private-key": "sec1",
};

/**
 * The server's key_file (`src/bin/nativelink.rs:483-508`): `from_pem_reader` takes the first
 * PKCS#8/PKCS#1/SEC1 section (an earlier PEM error or no key at all fails:
 * `no items found`). Then a second `from_pem_reader` on the same outer `BufReader` must fail,
 * else `Expected 1 key in file`. The first call wrapped the outer reader in its own 8 KiB
 * `BufReader` and dropped it, so the second call only sees the file from the next 8 KiB boundary
 * after the first key's END line: a second key inside that window is silently ignored.
 */
export function nativelinkReadKey(bytes: Uint8Array): KeyRead {
  // Asked by the server's facts and by several rules for each key file: its PEM is decoded once.
  return memo(keyReads, bytes, () => readKeyUncached(bytes));
}

type KeyRead = ReadResult<{
  format: "pkcs8" | "pkcs1" | "sec1";
  line: number;
  /** BEGIN lines of further keys NativeLink never looks at. */
  ignoredKeyLines: number[];
  /** BEGIN line of a key the second read finds: NativeLink then fails with `Expected 1 key in file`. */
  secondKeyLine?: number;
  /** Where the second read starts (bytes the first read buffered and dropped). */
  secondReadOffset: number;
}>;

function readKeyUncached(bytes: Uint8Array): KeyRead {
  const lines = new LineIndex(bytes);
  const first = firstKey(bytes, 0);
  if (first.type === "none") return { ok: false, message: "no items found" };
  if (first.type === "error") return { ok: false, message: first.message, line: lines.lineAt(first.offset) };
  // The inner BufReader pulled whole 8 KiB chunks straight from the file until it held the END
  // line's terminator; an unterminated END line made it read to EOF.
  const consumed = first.endLineTerminated
    ? Math.min(bytes.length, Math.ceil(first.endOffset / RUST_BUF_SIZE) * RUST_BUF_SIZE)
    : bytes.length;
  const second = firstKey(bytes, consumed);
  const ignored: number[] = [];
  for (const ev of walk(bytes, first.endOffset, bytes.length)) {
    if (ev.type === "error") break;
    if (ev.der && ev.kind && KEY_KINDS.has(ev.kind)) ev.der.fill(0);
    if (ev.kind && KEY_KINDS.has(ev.kind) && ev.offset < consumed) ignored.push(lines.lineAt(ev.offset));
  }
  const result: { ok: true; format: "pkcs8" | "pkcs1" | "sec1"; line: number; ignoredKeyLines: number[]; secondKeyLine?: number; secondReadOffset: number } = {
    ok: true,
    format: KEY_FORMAT[first.kind]!,
    line: lines.lineAt(first.offset),
    ignoredKeyLines: ignored,
    secondReadOffset: consumed,
  };
  if (second.type === "key") result.secondKeyLine = lines.lineAt(second.offset);
  return result;
}

/** `std::fs::read_to_string`'s error for bytes that are not UTF-8 (client files). */
export const RUST_NOT_UTF8 = "stream did not contain valid UTF-8";
export const TONIC_CERT_PARSE_ERROR = "Error parsing TLS certificate.";
export const TONIC_KEY_PARSE_ERROR = "Error parsing TLS private key - no RSA or PKCS8-encoded keys found.";

/**
 * A client `tls_config` ca_file or cert_file (`nativelink-util/src/tls_utils.rs` reads it with
 * `read_to_string`; tonic 0.14.6 `convert_certificate_to_pki_types` collects its certificates and
 * replaces any PEM error with `Error parsing TLS certificate.`). For ca_file an empty list is
 * accepted (the handshake then fails with UnknownIssuer).
 */
export function tonicReadCerts(bytes: Uint8Array): ReadResult<{ lines: number[] }> {
  if (!isValidUtf8(bytes)) return { ok: false, message: RUST_NOT_UTF8 };
  const r = nativelinkReadCerts(bytes);
  if (!r.ok) return r.line === undefined ? { ok: false, message: TONIC_CERT_PARSE_ERROR } : { ok: false, message: TONIC_CERT_PARSE_ERROR, line: r.line };
  return r;
}

/** A client key_file: the first key only (tonic reads from a Cursor; no "Expected 1 key" check). */
export function tonicReadKey(bytes: Uint8Array): ReadResult<{ format: "pkcs8" | "pkcs1" | "sec1"; line: number }> {
  if (!isValidUtf8(bytes)) return { ok: false, message: RUST_NOT_UTF8 };
  const lines = new LineIndex(bytes);
  const first = firstKey(bytes, 0);
  if (first.type === "key") return { ok: true, format: KEY_FORMAT[first.kind]!, line: lines.lineAt(first.offset) };
  if (first.type === "error") return { ok: false, message: TONIC_KEY_PARSE_ERROR, line: lines.lineAt(first.offset) };
  return { ok: false, message: TONIC_KEY_PARSE_ERROR };
}
