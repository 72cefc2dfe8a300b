// Durations as NativeLink v1.6.6 reads them: `convert_duration_with_shellexpand` and
// `convert_duration_with_shellexpand_and_negative` (nativelink-config/src/serde_utils.rs),
// which call humantime 2.3.0's `parse_duration` and keep whole seconds (`Duration::as_secs`,
// so "500ms" becomes 0 and "1.9s" becomes 1).
//
// The humantime parser below is a re-implementation of that version's grammar and its exact
// error texts. Offsets in its messages are UTF-8 byte offsets into the trimmed, expanded text.

import { shellExpand, type EnvLookup } from "./shellexpand.ts";
import { rustStrDebug } from "../rust/debug.ts";
import {
  I64_MAX,
  OUT_OF_RANGE,
  invalidType,
  isRustWhitespace,
  rustTrim,
  tryIntoRange,
  visitJson,
  type IntRange,
  type JsonInput,
  type ValueResult,
} from "./numeric.ts";

export const DURATION_EXPECTING =
  'either a number of seconds as an integer, or a string with a duration format (e.g., "1h2m3s", "30m", "1d")';
export const NEGATIVE_DURATION = "Negative duration is not allowed";

export const HUMANTIME_OVERFLOW =
  "number is too large or cannot be represented without a lack of precision (values below 1ns are not supported)";
export const HUMANTIME_EMPTY = "value was empty";
const SUPPORTED_UNITS =
  "supported units: ns, us/µs, ms, sec, min, hours, days, weeks, months, years (and few variations)";

const U64_MAX = 18446744073709551615n;
const NANOS_PER_SEC = 1_000_000_000n;

/** humantime's error, thrown inside the parser and turned into a result at its entry point. */
class HumantimeError extends Error {}

function overflow(): never {
  throw new HumantimeError(HUMANTIME_OVERFLOW);
}

function checkedU64(v: bigint): bigint {
  if (v > U64_MAX) overflow();
  return v;
}

type Unit = "ns" | "us" | "ms" | "s" | "m" | "h" | "d" | "w" | "M" | "y";

const UNIT_NAMES: Record<string, Unit> = {
  nanos: "ns", nsec: "ns", ns: "ns",
  usec: "us", us: "us", "µs": "us",
  millis: "ms", msec: "ms", ms: "ms",
  seconds: "s", second: "s", secs: "s", sec: "s", s: "s",
  minutes: "m", minute: "m", min: "m", mins: "m", m: "m",
  hours: "h", hour: "h", hr: "h", hrs: "h", h: "h",
  days: "d", day: "d", d: "d",
  weeks: "w", week: "w", wk: "w", wks: "w", w: "w",
  months: "M", month: "M", M: "M",
  years: "y", year: "y", yr: "y", yrs: "y", y: "y",
};

/** Seconds per unit, for the units counted in whole seconds. */
const UNIT_SECONDS: Partial<Record<Unit, bigint>> = {
  s: 1n, m: 60n, h: 3600n, d: 86400n, w: 604800n, M: 2630016n, y: 31557600n,
};
/** Nanoseconds per unit, for the sub-second units. */
const UNIT_NANOS: Partial<Record<Unit, bigint>> = { ns: 1n, us: 1000n, ms: 1000000n };
/** Multiplier applied to a fraction's numerator, and whether the result is in nanoseconds. */
const FRACTION_SCALE: Record<Exclude<Unit, "ns">, [bigint, boolean]> = {
  us: [1000n, true],
  ms: [1000000n, true],
  s: [1000000000n, true],
  m: [60000000000n, true],
  h: [3600n, false],
  d: [86400n, false],
  w: [604800n, false],
  M: [2630016n, false],
  y: [31557600n, false],
};

function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

function isUnitLetter(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0xb5;
}

function utf8Len(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** A cursor over code points that also knows each one's UTF-8 byte offset. */
class Cursor {
  private readonly cps: number[];
  private readonly offs: number[];
  /** UTF-16 index in `src` of each code point, so a slice is a plain substring. */
  private readonly units: number[];
  private i = 0;
  readonly byteLen: number;
  constructor(private readonly src: string) {
    this.cps = [];
    this.offs = [];
    this.units = [];
    let off = 0;
    let unit = 0;
    for (const ch of src) {
      const cp = ch.codePointAt(0)!;
      this.cps.push(cp);
      this.offs.push(off);
      this.units.push(unit);
      off += utf8Len(cp);
      unit += ch.length;
    }
    this.byteLen = off;
  }
  /** Byte offset of the next unread character (the end when all are read). */
  off(): number {
    return this.offs[this.i] ?? this.byteLen;
  }
  next(): number | undefined {
    return this.i < this.cps.length ? this.cps[this.i++] : undefined;
  }
  /** Index of the code point at a byte offset (the end when there is none), by binary search. */
  private indexAt(byteOffset: number): number {
    let lo = 0;
    let hi = this.offs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offs[mid]! < byteOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offs.length && this.offs[lo] === byteOffset ? lo : this.cps.length;
  }
  /** The source text between two byte offsets (which always fall on character boundaries). */
  slice(start: number, end: number): string {
    const a = this.indexAt(start);
    const b = this.indexAt(end);
    if (b <= a) return "";
    return this.src.slice(this.units[a], b < this.units.length ? this.units[b] : this.src.length);
  }
}

class HumantimeParser {
  private readonly cur: Cursor;
  private sec = 0n;
  private nsec = 0n;

  constructor(src: string) {
    this.cur = new Cursor(src);
  }

  private firstDigit(): bigint | undefined {
    const off = this.cur.off();
    for (let c = this.cur.next(); c !== undefined; c = this.cur.next()) {
      if (isDigit(c)) return BigInt(c - 0x30);
      if (isRustWhitespace(c)) continue;
      throw new HumantimeError(`expected number at ${off}`);
    }
    return undefined;
  }

  private fraction(offRef: { off: number }): Fraction {
    let numerator = 0n;
    let denominator = 1n;
    let zeros = true;
    for (let c = this.cur.next(); c !== undefined; c = this.cur.next()) {
      if (c === 0x30) {
        denominator = checkedU64(denominator * 10n);
        if (!zeros) numerator = checkedU64(numerator * 10n);
      } else if (isDigit(c)) {
        zeros = false;
        denominator = checkedU64(denominator * 10n);
        numerator = checkedU64(numerator * 10n + BigInt(c - 0x30));
      } else if (isRustWhitespace(c)) {
        // skipped
      } else if (isUnitLetter(c)) {
        break;
      } else {
        throw new HumantimeError(`invalid character at ${offRef.off}`);
      }
      offRef.off = this.cur.off();
    }
    if (denominator === 1n) throw new HumantimeError(`invalid character at ${offRef.off}`);
    return { numerator, denominator };
  }

  private addCurrent(sec: bigint, nsec: bigint): void {
    let ns = checkedU64(this.nsec + nsec);
    let s = sec;
    if (ns > NANOS_PER_SEC) {
      s = checkedU64(s + ns / NANOS_PER_SEC);
      ns %= NANOS_PER_SEC;
    }
    s = checkedU64(this.sec + s);
    // Duration::new carries a whole second of nanos (it panics if that overflows).
    if (ns >= NANOS_PER_SEC) {
      s += ns / NANOS_PER_SEC;
      ns %= NANOS_PER_SEC;
      if (s > U64_MAX) throw new HumantimeError("overflow in Duration::new");
    }
    this.sec = s;
    this.nsec = ns;
  }

  private unit(n: bigint, frac: Fraction | undefined, start: number, end: number): void {
    const text = this.cur.slice(start, end);
    const unit = Object.prototype.hasOwnProperty.call(UNIT_NAMES, text) ? UNIT_NAMES[text] : undefined;
    if (unit === undefined) {
      throw new HumantimeError(
        text === ""
          ? `time unit needed, for example ${n}sec or ${n}ms`
          : `unknown time unit ${rustStrDebug(text)}, ${SUPPORTED_UNITS}`,
      );
    }
    const perSec = UNIT_SECONDS[unit];
    if (perSec !== undefined) this.addCurrent(checkedU64(n * perSec), 0n);
    else this.addCurrent(0n, checkedU64(n * UNIT_NANOS[unit]!));

    if (frac) {
      if (unit === "ns") overflow();
      const [scale, inNanos] = FRACTION_SCALE[unit];
      const product = checkedU64(frac.numerator * scale);
      if (product % frac.denominator !== 0n) overflow();
      const q = product / frac.denominator;
      if (inNanos) this.addCurrent(0n, q);
      else this.addCurrent(q, 0n);
    }
  }

  parse(): { seconds: bigint; nanos: number } {
    const first = this.firstDigit();
    if (first === undefined) throw new HumantimeError(HUMANTIME_EMPTY);
    let n = first;
    outer: for (;;) {
      let frac: Fraction | undefined;
      const offRef = { off: this.cur.off() };
      for (let c = this.cur.next(); c !== undefined; c = this.cur.next()) {
        if (isDigit(c)) {
          n = checkedU64(n * 10n + BigInt(c - 0x30));
        } else if (isRustWhitespace(c)) {
          // skipped
        } else if (isUnitLetter(c)) {
          break;
        } else if (c === 0x2e) {
          frac = this.fraction(offRef);
          break;
        } else {
          throw new HumantimeError(`invalid character at ${offRef.off}`);
        }
        offRef.off = this.cur.off();
      }
      const start = offRef.off;
      let off = this.cur.off();
      for (let c = this.cur.next(); c !== undefined; c = this.cur.next()) {
        if (isDigit(c)) {
          this.unit(n, frac, start, off);
          n = BigInt(c - 0x30);
          continue outer;
        } else if (isRustWhitespace(c)) {
          break;
        } else if (isUnitLetter(c)) {
          // part of the unit
        } else {
          throw new HumantimeError(`invalid character at ${off}`);
        }
        off = this.cur.off();
      }
      this.unit(n, frac, start, off);
      const more = this.firstDigit();
      if (more === undefined) return { seconds: this.sec, nanos: Number(this.nsec) };
      n = more;
    }
  }
}

/** humantime 2.3.0 `parse_duration`, with its exact error messages. */
export function parseHumantime(text: string): ValueResult<{ seconds: bigint; nanos: number }> {
  if (text === "0") return { ok: true, value: { seconds: 0n, nanos: 0 } };
  try {
    return { ok: true, value: new HumantimeParser(text).parse() };
  } catch (e) {
    if (e instanceof HumantimeError) return { ok: false, message: e.message };
    throw e;
  }
}

/**
 * `convert_duration_with_shellexpand` (default) or `convert_duration_with_shellexpand_and_negative`
 * (`allowNegative: true`, used by `worker_match_logging_interval_s` and similar): the value in
 * whole seconds, converted to the field's integer type.
 */
export function convertDuration(
  input: JsonInput,
  range: IntRange,
  env: EnvLookup,
  opts: { allowNegative?: boolean } = {},
): ValueResult<bigint> {
  const allowNegative = opts.allowNegative === true;
  const visited = visitJson(input);
  if (!visited.ok) return visited;
  const v = visited.value;
  switch (v.kind) {
    case "i64":
      if (!allowNegative && v.value < 0n) return { ok: false, message: NEGATIVE_DURATION };
      return tryIntoRange(v.value, range);
    case "str": {
      const expanded = shellExpand(v.value, env);
      if (!expanded.ok) return { ok: false, message: expanded.message };
      const parsed = parseHumantime(rustTrim(expanded.value));
      if (!parsed.ok) return parsed;
      const secs = parsed.value.seconds;
      // The negative-allowing variant goes through i64 first.
      if (allowNegative && secs > I64_MAX) return { ok: false, message: OUT_OF_RANGE };
      return tryIntoRange(secs, range);
    }
    default:
      return invalidType(v, DURATION_EXPECTING);
  }
}
