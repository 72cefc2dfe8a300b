// Data sizes as NativeLink v1.6.6 reads them: `convert_data_size_with_shellexpand` and
// `convert_optional_data_size_with_shellexpand` (nativelink-config/src/serde_utils.rs), which
// call byte-unit 5.1.6's `Byte::parse_str(s, true)` (features: byte only, so no u128: the
// largest size is u64::MAX bytes).
//
// byte-unit's grammar, re-implemented here:
//   <digits> [ "." <digits> ] [ " "* ] [ unit ]
// where the unit is read case-insensitively: B; K/M/G/T/P/E with optional `i` (1024-based) and
// optional `B`; a trailing `b` still means bytes (ignore_case), but `bit`/`bits` means bits.
// "1Gb" = 10^9 bytes, "1GiB" = 2^30 bytes, "1Gbit" = 125_000_000 bytes. Fractions are kept as
// rust_decimal values and the byte count is rounded up.

import { shellExpand, type EnvLookup } from "./shellexpand.ts";
import { rustCharDebug } from "../rust/debug.ts";
import {
  invalidType,
  rustTrim,
  tryIntoRange,
  visitJson,
  type IntRange,
  type JsonInput,
  type ValueResult,
} from "./numeric.ts";

export const DATA_SIZE_EXPECTING =
  'either a number of bytes as an integer, or a string with a data size format (e.g., "1GB", "500MB", "1.5TB")';
export const OPTIONAL_DATA_SIZE_EXPECTING =
  'an optional number of bytes as an integer, or a string with a data size format (e.g., "1GB", "500MB", "1.5TB")';
export const NEGATIVE_DATA_SIZE = "Negative data size is not allowed";
export const MISSING_SIZE_VALUE = "Missing value in a size field";

const U64_MAX = 18446744073709551615n;

// ---------------------------------------------------------------------------------------------
// Just enough of rust_decimal 1.x: a 96-bit mantissa with a decimal scale of at most 28.

const DEC_MAX_MANTISSA = (1n << 96n) - 1n;
const DEC_MAX_SCALE = 28;

interface Dec {
  mantissa: bigint;
  scale: number;
}

/** rust_decimal's Display (Debug is the same): all `scale` fractional digits are shown. */
export function formatDecimal(d: Dec): string {
  const digits = d.mantissa.toString();
  if (d.scale === 0) return digits;
  const padded = digits.padStart(d.scale + 1, "0");
  return padded.slice(0, padded.length - d.scale) + "." + padded.slice(padded.length - d.scale);
}

/** Divides by 10^k, rounding half to even. */
function roundDownScale(m: bigint, k: number): bigint {
  const p = 10n ** BigInt(k);
  const q = m / p;
  const r = m % p;
  const twice = r * 2n;
  if (twice > p || (twice === p && q % 2n === 1n)) return q + 1n;
  return q;
}

/** `value + digit * 10^-scale`, as rust_decimal's `Add` does it for two non-negative values. */
function addScaledDigit(value: Dec, digit: number, scale: number): Dec {
  // Adding zero returns the other operand unchanged, scale included.
  if (digit === 0) return value.mantissa === 0n ? { mantissa: 0n, scale } : value;
  if (value.mantissa === 0n) return { mantissa: BigInt(digit), scale };
  // Here value.scale < scale: the sum is computed at the larger scale, and if the mantissa no
  // longer fits in 96 bits the scale is reduced again, rounding.
  let mantissa = value.mantissa * 10n ** BigInt(scale - value.scale) + BigInt(digit);
  let s = scale;
  while (mantissa > DEC_MAX_MANTISSA && s > 0) {
    mantissa = roundDownScale(mantissa, 1);
    s -= 1;
  }
  return { mantissa, scale: s };
}

// ---------------------------------------------------------------------------------------------
// byte-unit errors.

function notNumber(ch: string): string {
  return `the character ${rustCharDebug(ch)} is not a number`;
}

const NO_VALUE = "no value can be found";
const NUMBER_TOO_LONG = "value number is too long";

/** byte-unit's UnitParseError Display, including its doubled "or no character". */
function unitError(ch: string, expected: readonly string[], alsoNoCharacter: boolean): string {
  let out = `the character ${rustCharDebug(ch)} is incorrect`;
  const [first, ...rest] = expected;
  if (first === undefined) return out + " (no character is expected)";
  out += ` (${rustCharDebug(first)}`;
  const lastChar = rest.pop();
  if (lastChar !== undefined) {
    for (const e of rest) out += `, ${rustCharDebug(e)}`;
    const last = rustCharDebug(lastChar);
    out += alsoNoCharacter ? `, ${last} or no character` : ` or ${last} is expected)`;
  }
  if (alsoNoCharacter) out += " or no character";
  return out + " is expected)";
}

/** byte-unit's error, thrown inside the parser and turned into a result at its entry point. */
class ByteUnitError extends Error {}

// ---------------------------------------------------------------------------------------------
// Units.

const PREFIX_POWER: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/** Multiplier in bytes, or "bit" for a plain bit. */
type UnitValue = { bytes: bigint } | "bit";

/** `power`: of the prefix (K = 1 ... E = 6), or undefined for none. */
function unitValue(power: number | undefined, binary: boolean, byte: boolean): UnitValue {
  if (power === undefined) return byte ? { bytes: 1n } : "bit";
  const bits = (binary ? 1024n : 1000n) ** BigInt(power) * (byte ? 8n : 1n);
  return { bytes: bits / 8n };
}

function lower(ch: string | undefined): string | undefined {
  return ch !== undefined && ch.length === 1 && ch < "\x80" ? ch.toLowerCase() : ch;
}

function upper(ch: string | undefined): string | undefined {
  return ch !== undefined && ch.length === 1 && ch < "\x80" ? ch.toUpperCase() : ch;
}

/** byte-unit `read_b` with ignore_case: true for bytes, false for bits. */
function readB(next: () => string | undefined): boolean {
  const c = next();
  if (c === undefined) return true;
  if (lower(c) !== "i") throw new ByteUnitError(unitError(c, ["i"], true));
  const c2 = next();
  if (c2 === undefined) throw new ByteUnitError(unitError("i", [], true));
  if (lower(c2) !== "t") throw new ByteUnitError(unitError(c2, ["t"], false));
  const c3 = next();
  if (c3 === undefined) return false;
  if (lower(c3) !== "s") throw new ByteUnitError(unitError(c3, ["s"], true));
  const c4 = next();
  if (c4 !== undefined) throw new ByteUnitError(unitError(c4, [], true));
  return false;
}

/** byte-unit `read_xib` with ignore_case and prefer_byte both true. */
function readUnit(first: string | undefined, next: () => string | undefined): UnitValue {
  if (first === undefined) return { bytes: 1n };
  const u = upper(first)!;
  if (u === "B") return unitValue(undefined, false, readB(next));
  const power = PREFIX_POWER[u];
  if (power === undefined) {
    throw new ByteUnitError(unitError(first, ["B", "K", "M", "G", "T", "P", "E"], true));
  }
  let c = next();
  if (c === undefined) return unitValue(power, false, true);
  const binary = c === "i" || c === "I";
  if (binary) {
    c = next();
    if (c === undefined) return unitValue(power, true, true);
  }
  if (c !== "b" && c !== "B") throw new ByteUnitError(unitError(c, ["B"], true));
  return unitValue(power, binary, readB(next));
}

function isAsciiDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && ch >= "0" && ch <= "9";
}

/** byte-unit 5.1.6 `Byte::parse_str(text, true)`, as a byte count (at most u64::MAX). */
export function parseByteSize(text: string): ValueResult<bigint> {
  // Read a character (code point) at a time, as far as the parse goes: the parse stops at the first
  // character that cannot follow, and splitting a whole value of a megabyte first (a secret named
  // as max_bytes, say) cost it all for each reference.
  const trimmed = rustTrim(text);
  let i = 0;
  const next = (): string | undefined => {
    if (i >= trimmed.length) return undefined;
    const c = String.fromCodePoint(trimmed.codePointAt(i)!);
    i += c.length;
    return c;
  };
  try {
    const first = next();
    if (first === undefined) throw new ByteUnitError(NO_VALUE);
    if (!isAsciiDigit(first)) throw new ByteUnitError(notNumber(first));
    let value: Dec = { mantissa: BigInt(first), scale: 0 };
    let unitStart: string | undefined;
    const skipSpaces = (): string | undefined => {
      let c = next();
      while (c === " ") c = next();
      return c;
    };
    for (;;) {
      const c = next();
      if (c === undefined) {
        unitStart = undefined;
        break;
      }
      if (isAsciiDigit(c)) {
        const m = value.mantissa * 10n + BigInt(c);
        if (m > DEC_MAX_MANTISSA) throw new ByteUnitError(NUMBER_TOO_LONG);
        value = { mantissa: m, scale: 0 };
        continue;
      }
      if (c === ".") {
        let scale = 1;
        for (;;) {
          const f = next();
          if (isAsciiDigit(f)) {
            if (scale > DEC_MAX_SCALE) throw new ByteUnitError(NUMBER_TOO_LONG);
            value = addScaledDigit(value, Number(f), scale);
            scale += 1;
            continue;
          }
          if (scale === 1) throw new ByteUnitError(notNumber(f === undefined ? "." : f));
          unitStart = f === " " ? skipSpaces() : f;
          break;
        }
        break;
      }
      unitStart = c === " " ? skipSpaces() : c;
      break;
    }
    const unit = readUnit(unitStart, next);
    // from_decimal_with_unit + from_decimal: multiply (or divide by 8 for bits), round up.
    const denom = 10n ** BigInt(value.scale);
    let bytes: bigint;
    if (unit === "bit") {
      bytes = ceilDiv(value.mantissa, denom * 8n);
    } else {
      bytes = ceilDiv(value.mantissa * unit.bytes, denom);
    }
    if (bytes > U64_MAX) {
      throw new ByteUnitError(`the value ${formatDecimal(value)} exceeds the valid range`);
    }
    return { ok: true, value: bytes };
  } catch (e) {
    if (e instanceof ByteUnitError) return { ok: false, message: e.message };
    throw e;
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * `convert_data_size_with_shellexpand` (or the optional variant): a byte count converted to
 * the field's integer type, or null for an optional field given `null`.
 */
export function convertDataSize(
  input: JsonInput,
  range: IntRange,
  env: EnvLookup,
  opts: { optional?: boolean } = {},
): ValueResult<bigint | null> {
  const optional = opts.optional === true;
  if (optional && input.kind === "null") return { ok: true, value: null };
  const visited = visitJson(input);
  if (!visited.ok) return visited;
  const v = visited.value;
  switch (v.kind) {
    case "i64":
      if (v.value < 0n) return { ok: false, message: NEGATIVE_DATA_SIZE };
      return tryIntoRange(v.value, range);
    case "str": {
      const expanded = shellExpand(v.value, env);
      if (!expanded.ok) return { ok: false, message: expanded.message };
      // NativeLink tests the raw string, after expanding it: "${EMPTY}" or "  " reach byte-unit.
      if (v.value.length === 0) return { ok: false, message: MISSING_SIZE_VALUE };
      const parsed = parseByteSize(rustTrim(expanded.value));
      if (!parsed.ok) return parsed;
      return tryIntoRange(parsed.value, range);
    }
    default:
      return invalidType(v, optional ? OPTIONAL_DATA_SIZE_EXPECTING : DATA_SIZE_EXPECTING);
  }
}
