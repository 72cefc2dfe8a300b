// Integer conversion as NativeLink v1.6.6 does it in
// `convert_numeric_with_shellexpand` / `convert_optional_numeric_with_shellexpand`
// (nativelink-config/src/serde_utils.rs), plus the pieces of Rust, serde 1.0.228 and
// serde_json5 0.2.1 behaviour that every value helper shares: how a JSON5 number literal
// reaches a visitor, serde's "invalid type" wording, `str::trim` (`{:?}` and f64 Display are in src/rust/).
//
// All integer math is done with bigint.

import { shellExpand, type EnvLookup } from "./shellexpand.ts";
import { rustStrDebug } from "../rust/debug.ts";
import { rustFloatWithPoint } from "../rust/float.ts";

export type IntRange = "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize";

export type ValueResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** A JSON5 value as the config parser saw it. */
export type JsonInput =
  | { kind: "integer"; text: string }
  | { kind: "float"; text: string; value: number }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "object" }
  | { kind: "array" };

// ---------------------------------------------------------------------------------------------
// Integer ranges (usize/isize are 64-bit: NativeLink ships for 64-bit targets only).

export const INT_BOUNDS: Readonly<Record<IntRange, readonly [bigint, bigint]>> = {
  u8: [0n, 255n],
  u16: [0n, 65535n],
  u32: [0n, 4294967295n],
  u64: [0n, 18446744073709551615n],
  usize: [0n, 18446744073709551615n],
  i8: [-128n, 127n],
  i16: [-32768n, 32767n],
  i32: [-2147483648n, 2147483647n],
  i64: [-9223372036854775808n, 9223372036854775807n],
  isize: [-9223372036854775808n, 9223372036854775807n],
};

export const I64_MIN = -9223372036854775808n;
export const I64_MAX = 9223372036854775807n;
export const U64_MAX = 18446744073709551615n;

/** Display text of `core::num::TryFromIntError`. */
export const OUT_OF_RANGE = "out of range integral type conversion attempted";

export function inRange(v: bigint, range: IntRange): boolean {
  const [lo, hi] = INT_BOUNDS[range];
  return v >= lo && v <= hi;
}

/** `T::try_from(v)` for an integer type T: the value, or TryFromIntError's message. */
export function tryIntoRange(v: bigint, range: IntRange): ValueResult<bigint> {
  return inRange(v, range) ? { ok: true, value: v } : { ok: false, message: OUT_OF_RANGE };
}

// ---------------------------------------------------------------------------------------------
// Rust text primitives.

/** `char::is_whitespace` (Unicode White_Space). Differs from JS `\s`: U+0085 yes, U+FEFF no. */
export function isRustWhitespace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x20 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** `str::trim`. */
export function rustTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end) {
    const cp = s.codePointAt(start)!;
    if (!isRustWhitespace(cp)) break;
    start += cp > 0xffff ? 2 : 1;
  }
  while (end > start) {
    // Whitespace code points are all in the BMP, so one code unit is enough to test.
    const cu = s.charCodeAt(end - 1);
    if (!isRustWhitespace(cu)) break;
    end -= 1;
  }
  return s.slice(start, end);
}

// ---------------------------------------------------------------------------------------------
// Rust's `str::parse::<i64>()` (core::num::ParseIntError messages).

export const PARSE_INT_EMPTY = "cannot parse integer from empty string";
export const PARSE_INT_INVALID = "invalid digit found in string";
export const PARSE_INT_POS_OVERFLOW = "number too large to fit in target type";
export const PARSE_INT_NEG_OVERFLOW = "number too small to fit in target type";

/** `s.parse::<i64>()`: optional single `+`/`-`, then ASCII digits only. */
export function parseRustI64(s: string): ValueResult<bigint> {
  if (s.length === 0) return { ok: false, message: PARSE_INT_EMPTY };
  let digits = s;
  let negative = false;
  const first = s[0];
  if (first === "+" || first === "-") {
    if (s.length === 1) return { ok: false, message: PARSE_INT_INVALID };
    negative = first === "-";
    digits = s.slice(1);
  }
  let acc = 0n;
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return { ok: false, message: PARSE_INT_INVALID };
    const d = BigInt(c - 0x30);
    if (negative) {
      acc = acc * 10n - d;
      if (acc < I64_MIN) return { ok: false, message: PARSE_INT_NEG_OVERFLOW };
    } else {
      acc = acc * 10n + d;
      if (acc > I64_MAX) return { ok: false, message: PARSE_INT_POS_OVERFLOW };
    }
  }
  return { ok: true, value: acc };
}

// ---------------------------------------------------------------------------------------------
// serde_json5 0.2.1: how a number literal becomes visit_i64 / visit_f64, or an error.

export const JSON5_INTEGER_ERROR = "error parsing integer";
export const JSON5_NUMBER_ERROR = "error parsing number";
export const JSON5_NUMBER_TOO_LARGE = "error parsing number: too large";
export const JSON5_HEX_ERROR = "error parsing hex";

function isHexLiteral(s: string): boolean {
  return s.length > 2 && (s.startsWith("0x") || s.startsWith("0X"));
}

/** serde_json5's `is_int`: decides between visit_i64 and visit_f64 from the literal's text. */
export function json5LiteralIsInt(s: string): boolean {
  return (
    !s.includes(".") &&
    (isHexLiteral(s) ||
      (!s.includes("e") && !s.includes("E") && !s.includes("Infinity") && !s.includes("NaN")))
  );
}

/** `u32::from_str_radix(s, 16)`. */
function parseU32Hex(s: string): bigint | undefined {
  let body = s;
  if (body.startsWith("+")) body = body.slice(1);
  if (body.length === 0 || !/^[0-9a-fA-F]+$/.test(body)) return undefined;
  const v = BigInt("0x" + body);
  return v <= 0xffffffffn ? v : undefined;
}

/**
 * The integer serde_json5 hands to the visitor for an integer literal (`visit_i64`), or its
 * error: hex literals go through u32 (`error parsing hex` above 0xFFFFFFFF), decimal ones
 * through i64 (`error parsing integer` outside i64, and for a signed hex such as `-0x10`).
 */
export function jsonIntegerLiteral(text: string): ValueResult<bigint> {
  if (isHexLiteral(text)) {
    const v = parseU32Hex(text.slice(2));
    return v === undefined ? { ok: false, message: JSON5_HEX_ERROR } : { ok: true, value: v };
  }
  const r = parseRustI64(text);
  return r.ok ? r : { ok: false, message: JSON5_INTEGER_ERROR };
}

const RUST_FLOAT_SYNTAX = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const RUST_FLOAT_WORD = /^([+-]?)(inf|infinity|nan)$/i;

/** `s.parse::<f64>()`; undefined when Rust would reject the text. */
export function parseRustF64(s: string): number | undefined {
  const w = RUST_FLOAT_WORD.exec(s);
  if (w) {
    if (w[2]?.toLowerCase() === "nan") return NaN;
    return w[1] === "-" ? -Infinity : Infinity;
  }
  if (!RUST_FLOAT_SYNTAX.test(s)) return undefined;
  return Number(s);
}

/** serde_json5's `parse_number`, for literals it does not treat as integers. */
export function jsonFloatLiteral(text: string): ValueResult<number> {
  if (text === "Infinity") return { ok: true, value: Infinity };
  if (text === "-Infinity") return { ok: true, value: -Infinity };
  if (text === "NaN" || text === "-NaN") return { ok: true, value: NaN };
  if (isHexLiteral(text)) {
    const v = parseU32Hex(text.slice(2));
    return v === undefined ? { ok: false, message: JSON5_HEX_ERROR } : { ok: true, value: Number(v) };
  }
  const r = parseRustF64(text);
  if (r === undefined) return { ok: false, message: JSON5_NUMBER_ERROR };
  if (!Number.isFinite(r)) return { ok: false, message: JSON5_NUMBER_TOO_LARGE };
  return { ok: true, value: r };
}

/**
 * serde_json5's `deserialize_any` reading a number literal: the error it stops with before any
 * visitor is consulted (`error parsing integer` for `-0x10` or past i64, `error parsing hex` past
 * 0xFFFFFFFF, `error parsing number: too large` for `1e400` or `+Infinity`), or undefined.
 */
export function anyLiteralError(text: string): string | undefined {
  const r = json5LiteralIsInt(text) ? jsonIntegerLiteral(text) : jsonFloatLiteral(text);
  return r.ok ? undefined : r.message;
}

/** A number literal's exact value when it is an integer; undefined when it has a fraction or is not finite. */
export function exactIntegerOf(text: string): bigint | undefined {
  if (isHexLiteral(text)) return parseU32Hex(text.slice(2));
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  let digits = ((m[2] ?? "") + (m[3] ?? "")).replace(/^0+/, "");
  if (digits === "") return 0n;
  // The exponent text is bounded by the document size; anything past ±400 is not a 64-bit integer.
  let exp = (m[4] === undefined ? 0 : Math.max(-10000, Math.min(10000, Number(m[4])))) - (m[3] ?? "").length;
  while (exp < 0 && digits.endsWith("0")) {
    digits = digits.slice(0, -1);
    exp++;
  }
  if (exp < 0) return undefined;
  if (digits.length + exp > 400) return undefined;
  const v = BigInt(digits) * 10n ** BigInt(exp);
  return m[1] === "-" ? -v : v;
}

/**
 * What NativeLink holds after serde_json5 reads a number literal straight into an integer field
 * (`deserialize_u64` & co: `parse_number(pair)? as T`): the literal goes through f64, then Rust's
 * saturating `as` cast (NaN becomes 0, a fraction is cut off, a value past the type's range
 * becomes its bound). `exact` is false when that differs from the number written.
 */
export function castDirectInteger(text: string, range: IntRange): ValueResult<{ value: bigint; exact: boolean }> {
  const r = jsonFloatLiteral(text);
  if (!r.ok) return r;
  const [lo, hi] = INT_BOUNDS[range];
  const f = r.value;
  let value: bigint;
  if (Number.isNaN(f)) value = 0n;
  else if (f === Infinity) value = hi;
  else if (f === -Infinity) value = lo;
  else {
    const t = BigInt(Math.trunc(f));
    value = t < lo ? lo : t > hi ? hi : t;
  }
  const written = exactIntegerOf(text);
  return { ok: true, value: { value, exact: written !== undefined && written === value } };
}

/** What a visitor receives from `deserialize_any`, after serde_json5 has read the literal. */
export type Visited =
  | { kind: "i64"; value: bigint }
  | { kind: "f64"; value: number }
  | { kind: "str"; value: string }
  | { kind: "bool"; value: boolean }
  | { kind: "unit" }
  | { kind: "map" }
  | { kind: "seq" };

/** Reproduces serde_json5's `deserialize_any` dispatch, including its number-literal errors. */
export function visitJson(input: JsonInput): ValueResult<Visited> {
  switch (input.kind) {
    case "integer":
    case "float": {
      const text = input.text;
      if (json5LiteralIsInt(text)) {
        const r = jsonIntegerLiteral(text);
        return r.ok ? { ok: true, value: { kind: "i64", value: r.value } } : r;
      }
      const r = jsonFloatLiteral(text);
      return r.ok ? { ok: true, value: { kind: "f64", value: r.value } } : r;
    }
    case "string":
      return { ok: true, value: { kind: "str", value: input.value } };
    case "boolean":
      return { ok: true, value: { kind: "bool", value: input.value } };
    case "null":
      return { ok: true, value: { kind: "unit" } };
    case "object":
      return { ok: true, value: { kind: "map" } };
    case "array":
      return { ok: true, value: { kind: "seq" } };
  }
}

/** serde's `Unexpected` Display for what the visitor got. */
export function describeUnexpected(v: Visited): string {
  switch (v.kind) {
    case "i64":
      return `integer \`${v.value}\``;
    case "f64": {
      return `floating point \`${rustFloatWithPoint(v.value)}\``;
    }
    case "str":
      return `string ${rustStrDebug(v.value)}`;
    case "bool":
      return `boolean \`${v.value}\``;
    case "unit":
      return "unit value";
    case "map":
      return "map";
    case "seq":
      return "sequence";
  }
}

/** serde's `Error::invalid_type` message. */
export function invalidType(v: Visited, expecting: string): { ok: false; message: string } {
  return { ok: false, message: `invalid type: ${describeUnexpected(v)}, expected ${expecting}` };
}

// ---------------------------------------------------------------------------------------------
// convert_numeric_with_shellexpand / convert_optional_numeric_with_shellexpand

export const NUMERIC_EXPECTING = "an integer or a plain number string";
export const OPTIONAL_NUMERIC_EXPECTING = "an optional integer or a plain number string";
export const EMPTY_NOT_A_NUMBER = "empty string is not a valid number";

export function convertNumeric(
  input: JsonInput,
  range: IntRange,
  env: EnvLookup,
  opts: { optional?: boolean } = {},
): ValueResult<bigint | null> {
  const optional = opts.optional === true;
  const expecting = optional ? OPTIONAL_NUMERIC_EXPECTING : NUMERIC_EXPECTING;
  if (optional && input.kind === "null") return { ok: true, value: null };
  const visited = visitJson(input);
  if (!visited.ok) return visited;
  const v = visited.value;
  switch (v.kind) {
    case "i64":
      return tryIntoRange(v.value, range);
    case "str": {
      if (optional) {
        if (v.value.length === 0) return { ok: false, message: EMPTY_NOT_A_NUMBER };
        if (rustTrim(v.value).length === 0) return { ok: true, value: null };
      }
      const expanded = shellExpand(v.value, env);
      if (!expanded.ok) return { ok: false, message: expanded.message };
      const parsed = parseRustI64(rustTrim(expanded.value));
      if (!parsed.ok) return parsed;
      return tryIntoRange(parsed.value, range);
    }
    default:
      return invalidType(v, expecting);
  }
}

// ---------------------------------------------------------------------------------------------
// convert_string_with_shellexpand / convert_optional_string_with_shellexpand /
// convert_vec_string_with_shellexpand (serde's String visitor expects "a string", Vec "a sequence").

export const STRING_EXPECTING = "a string";
export const SEQUENCE_EXPECTING = "a sequence";

export function convertString(
  input: JsonInput,
  env: EnvLookup,
  opts: { optional?: boolean } = {},
): ValueResult<string | null> {
  if (opts.optional === true && input.kind === "null") return { ok: true, value: null };
  const visited = visitJson(input);
  if (!visited.ok) return visited;
  const v = visited.value;
  if (v.kind !== "str") return invalidType(v, STRING_EXPECTING);
  const expanded = shellExpand(v.value, env);
  return expanded.ok ? { ok: true, value: expanded.value } : { ok: false, message: expanded.message };
}

/**
 * `convert_vec_string_with_shellexpand`. Pass the array's elements, or the non-array value.
 * Every element is type-checked before any is expanded, as serde builds the whole Vec first.
 */
export function convertVecString(
  input: readonly JsonInput[] | JsonInput,
  env: EnvLookup,
): ValueResult<string[]> {
  if (!Array.isArray(input)) {
    const single = input as JsonInput;
    if (single.kind === "array") {
      throw new TypeError("convertVecString: pass the array's elements, not { kind: \"array\" }");
    }
    const visited = visitJson(single);
    if (!visited.ok) return visited;
    return invalidType(visited.value, SEQUENCE_EXPECTING);
  }
  const raw: string[] = [];
  for (const item of input as readonly JsonInput[]) {
    const visited = visitJson(item);
    if (!visited.ok) return visited;
    if (visited.value.kind !== "str") return invalidType(visited.value, STRING_EXPECTING);
    raw.push(visited.value.value);
  }
  const out: string[] = [];
  for (const s of raw) {
    const expanded = shellExpand(s, env);
    if (!expanded.ok) return { ok: false, message: expanded.message };
    out.push(expanded.value);
  }
  return { ok: true, value: out };
}
