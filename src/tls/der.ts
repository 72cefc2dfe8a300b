// A small, strict DER walker. It knows only what the TLS facts need: tag/length/value framing,
// OIDs, INTEGERs as hex and the two X.509 time types. No dependencies, no allocation of copies
// beyond what callers ask for (values are subarrays of the input).

export class DerError extends Error {
  override name = "DerError";
  constructor(message: string) {
    // A DerError is an answer about the input, not a bug: no stack is captured, which keeps a
    // file of thousands of broken blocks linear in cost (a stack costs far more than the check).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/** One tag-length-value element. `start` is the tag byte, the value is `[valueStart, end)`. */
export interface Tlv {
  tag: number;
  start: number;
  valueStart: number;
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x30,
  SET: 0x31,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  /** [0] constructed */
  CTX0: 0xa0,
  /** [1] constructed */
  CTX1: 0xa1,
  /** [3] constructed */
  CTX3: 0xa3,
} as const;

/** Reads one element at `offset`; it must end at or before `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (offset >= limit) throw new DerError("unexpected end of data");
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("high-tag-number form is not supported");
  let pos = offset + 1;
  if (pos >= limit) throw new DerError("truncated length");
  const first = buf[pos++]!;
  let len: number;
  if (first < 0x80) {
    len = first;
  } else if (first === 0x80) {
    throw new DerError("indefinite length is not DER");
  } else {
    const n = first & 0x7f;
    if (n > 4) throw new DerError("length too large");
    if (pos + n > limit) throw new DerError("truncated length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++]!;
    if (len < 0x80 || (n > 1 && buf[pos - n] === 0)) throw new DerError("non-minimal length");
  }
  const end = pos + len;
  if (end > limit) throw new DerError("element runs past its container");
  return { tag, start: offset, valueStart: pos, end };
}

/** The value bytes of an element (a view, not a copy). */
export function valueOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.valueStart, tlv.end);
}

/** The whole encoding of an element, tag and length included (a view). */
export function encodingOf(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.start, tlv.end);
}

/** The elements directly inside a constructed element. */
export function childrenOf(buf: Uint8Array, tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = tlv.valueStart;
  while (pos < tlv.end) {
    const child = readTlv(buf, pos, tlv.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Parses a whole buffer that must be exactly one element. */
export function readRoot(buf: Uint8Array): Tlv {
  const root = readTlv(buf, 0, buf.length);
  if (root.end !== buf.length) throw new DerError("trailing data after the outer element");
  return root;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv) throw new DerError(`missing ${what}`);
  if (tlv.tag !== tag) throw new DerError(`unexpected tag 0x${tlv.tag.toString(16)} for ${what}`);
  return tlv;
}

/** A BOOLEAN: DER allows exactly one octet, 0x00 or 0xFF (webpki refuses anything else). */
export function readBoolean(buf: Uint8Array, tlv: Tlv | undefined, what: string): boolean {
  const v = valueOf(buf, expectTag(tlv, TAG.BOOLEAN, what));
  if (v.length !== 1 || (v[0] !== 0x00 && v[0] !== 0xff)) throw new DerError(`bad BOOLEAN for ${what}`);
  return v[0] === 0xff;
}

/**
 * The content octets of a BIT STRING, after checking the unused-bits octet as DER requires: at most 7,
 * none when there is no content, and the unused trailing bits themselves zero. `noUnusedBits` demands
 * a whole number of octets, as webpki does for signatures.
 */
export function readBitString(buf: Uint8Array, tlv: Tlv | undefined, what: string, noUnusedBits = false): Uint8Array {
  const v = valueOf(buf, expectTag(tlv, TAG.BIT_STRING, what));
  if (v.length === 0) throw new DerError(`empty ${what}`);
  const unused = v[0]!;
  if (unused > 7 || (v.length === 1 && unused !== 0)) throw new DerError(`bad unused-bits count in ${what}`);
  if (noUnusedBits && unused !== 0) throw new DerError(`${what} must be a whole number of octets`);
  if (unused && v[v.length - 1]! & ((1 << unused) - 1)) throw new DerError(`non-zero padding bits in ${what}`);
  return v.subarray(1);
}

/** Arcs longer than this many octets (161 bits: a UUID arc needs 19) are not turned into digits. */
export const OID_ARC_MAX_OCTETS = 23;

/**
 * Dotted form of an OID. An arc longer than OID_ARC_MAX_OCTETS octets is written `(N-octet arc)`
 * instead of its digits: nothing NativeLink knows has such an arc (webpki and ring compare OIDs as
 * bytes), and turning a 150 KB arc into decimal costs time that grows with the square of its length.
 */
export function oidToString(value: Uint8Array): string {
  if (value.length === 0) throw new DerError("empty OID");
  const parts: string[] = [];
  let arcStart = 0;
  for (let i = 0; i < value.length; i++) {
    if ((value[i]! & 0x80) !== 0) {
      if (i === value.length - 1) throw new DerError("truncated OID");
      continue;
    }
    const octets = i - arcStart + 1;
    if (octets > OID_ARC_MAX_OCTETS) {
      if (arcStart === 0) parts.push("2");
      parts.push(`(${octets}-octet arc)`);
    } else {
      let acc = 0n;
      for (let j = arcStart; j <= i; j++) acc = (acc << 7n) | BigInt(value[j]! & 0x7f);
      if (arcStart === 0) {
        const x = acc < 80n ? acc / 40n : 2n;
        parts.push(String(x), String(acc - x * 40n));
      } else {
        parts.push(String(acc));
      }
    }
    arcStart = i + 1;
  }
  return parts.join(".");
}

export function readOid(buf: Uint8Array, tlv: Tlv | undefined, what = "OID"): string {
  return oidToString(valueOf(buf, expectTag(tlv, TAG.OID, what)));
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** INTEGER value as lower-case hex without redundant leading zero octets (as OpenSSL prints serials). */
export function integerHex(value: Uint8Array): string {
  let i = 0;
  while (i < value.length - 1 && value[i] === 0) i++;
  return toHex(value.subarray(i));
}

/** A small non-negative INTEGER as a number. */
export function smallInteger(value: Uint8Array): number {
  if (value.length === 0 || value.length > 6) throw new DerError("integer out of range");
  let n = 0;
  for (const b of value) n = n * 256 + b;
  return n;
}

function digits(s: string, from: number, len: number): number {
  const part = s.slice(from, from + len);
  if (!/^[0-9]+$/.test(part)) throw new DerError("bad time digits");
  return Number(part);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-12) of a year, as webpki's `days_in_month` counts them. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * UTCTime or GeneralizedTime in the Z form DER requires, checked as rustls-webpki 0.103 does
 * (`der::time_choice` and `calendar::time_from_ymdhms_utc`): month 1-12, a day that exists in
 * that month (February 29 only in a leap year), hour below 24, minute and second below 60 (no
 * leap second). Anything else is refused (webpki's `BadDerTime`), never rolled over into a
 * later date as `Date.UTC` would.
 */
export function readTime(buf: Uint8Array, tlv: Tlv | undefined): Date {
  if (!tlv) throw new DerError("missing time");
  const s = new TextDecoder("latin1").decode(valueOf(buf, tlv));
  let year: number;
  let rest: string;
  if (tlv.tag === TAG.UTC_TIME) {
    if (!/^\d{12}Z$/.test(s)) throw new DerError("bad UTCTime");
    const yy = digits(s, 0, 2);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
    rest = s.slice(2);
  } else if (tlv.tag === TAG.GENERALIZED_TIME) {
    if (!/^\d{14}Z$/.test(s)) throw new DerError("bad GeneralizedTime");
    year = digits(s, 0, 4);
    rest = s.slice(4);
  } else {
    throw new DerError("not a time");
  }
  const month = digits(rest, 0, 2);
  const day = digits(rest, 2, 2);
  const hours = digits(rest, 4, 2);
  const minutes = digits(rest, 6, 2);
  const seconds = digits(rest, 8, 2);
  if (month < 1 || month > 12) throw new DerError(`bad time: month ${month}`);
  if (day < 1 || day > daysInMonth(year, month)) throw new DerError(`bad time: day ${day} of month ${month} in ${year}`);
  if (hours > 23) throw new DerError(`bad time: hour ${hours}`);
  if (minutes > 59) throw new DerError(`bad time: minute ${minutes}`);
  if (seconds > 59) throw new DerError(`bad time: second ${seconds}`);
  // webpki counts days from 1970 and refuses a year before it.
  if (year < 1970) throw new DerError(`bad time: year ${year} is before 1970`);
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
}

export function isTimeTag(tag: number | undefined): boolean {
  return tag === TAG.UTC_TIME || tag === TAG.GENERALIZED_TIME;
}
