// convert_numeric_with_shellexpand / convert_optional_numeric_with_shellexpand and
// convert_(optional_|vec_)string_with_shellexpand of NativeLink v1.6.6, plus the serde,
// serde_json5 and Rust std behaviour they rely on.
import { describe, expect, test } from "vitest";
import {
  anyLiteralError,
  castDirectInteger,
  convertNumeric,
  convertString,
  convertVecString,
  envFrom,
  jsonIntegerLiteral,
  parseRustI64,
  rustTrim,
  visitJson,
  type IntRange,
  type JsonInput,
  type ValueResult,
} from "../../src/values/index.ts";

const ENV = envFrom({ N: "42", NEG: "-3", SP: "  9  ", EMPTY: "", BIG: "99999999999", WORD: "five" });

const int = (text: string): JsonInput => ({ kind: "integer", text });
const float = (text: string): JsonInput => ({ kind: "float", text, value: Number(text) });
const str = (value: string): JsonInput => ({ kind: "string", value });
const bool = (value: boolean): JsonInput => ({ kind: "boolean", value });
const NULL: JsonInput = { kind: "null" };
const OBJ: JsonInput = { kind: "object" };
const ARR: JsonInput = { kind: "array" };
const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const err = (message: string): ValueResult<never> => ({ ok: false, message });

const EXP = "an integer or a plain number string";
const OPT_EXP = "an optional integer or a plain number string";
const OOR = "out of range integral type conversion attempted";

// Real NativeLink v1.6.6 verdicts (nativelink-1.6.6-verdicts.json), message without "InvalidArgument: ".
describe("verdicts: connections_per_endpoint (usize), max_open_files (usize), shard weight (Option<u32>)", () => {
  const usize: Record<string, [JsonInput, ValueResult<bigint | null>]> = {
    grpc_conn_str: [str("5"), ok(5n)],
    grpc_conn_plus: [str("+5"), ok(5n)],
    grpc_conn_exp: [float("1e3"), err(`invalid type: floating point \`1000.0\`, expected ${EXP}`)],
    grpc_conn_float_str: [str("5.0"), err("invalid digit found in string")],
    grpc_conn_neg: [int("-1"), err(OOR)],
    grpc_conn_hex_json5: [int("0x10"), ok(16n)],
    grpc_conn_undefined_env: [
      str("${UNDEFINED_NL_VAR}"),
      err("error looking key 'UNDEFINED_NL_VAR' up: environment variable not found"),
    ],
    grpc_conn_env_default: [str("${UNDEFINED_NL_VAR:-7}"), ok(7n)],
    global_mof_float: [float("1.0"), err(`invalid type: floating point \`1.0\`, expected ${EXP}`)],
    global_mof_ws: [str(" 42 "), ok(42n)],
    global_mof_hexstr: [str("0x10"), err("invalid digit found in string")],
    global_mof_null: [NULL, err(`invalid type: unit value, expected ${EXP}`)],
  };
  test.each(Object.entries(usize))("%s", (_id, [input, expected]) => {
    expect(convertNumeric(input, "usize", ENV)).toEqual(expected);
  });

  const weight: Record<string, [JsonInput, ValueResult<bigint | null>]> = {
    shard_weight_null: [NULL, ok(null)],
    shard_weight_blank_string: [str("  "), ok(null)],
    shard_weight_empty_string: [str(""), err("empty string is not a valid number")],
  };
  test.each(Object.entries(weight))("%s", (_id, [input, expected]) => {
    expect(convertNumeric(input, "u32", ENV, { optional: true })).toEqual(expected);
  });
});

describe("convertNumeric", () => {
  const cases: [[JsonInput, IntRange], ValueResult<bigint | null>][] = [
    [[int("42"), "u32"], ok(42n)],
    [[int("+7"), "u32"], ok(7n)],
    [[int("-0"), "u32"], ok(0n)],
    [[int("-5"), "i32"], ok(-5n)],
    [[int("-5"), "u64"], err(OOR)],
    [[int("4294967295"), "u32"], ok(4294967295n)],
    [[int("4294967296"), "u32"], err(OOR)],
    [[int("256"), "u8"], err(OOR)],
    [[int("65535"), "u16"], ok(65535n)],
    [[int("2147483648"), "i32"], err(OOR)],
    [[int("9223372036854775807"), "u64"], ok(9223372036854775807n)],
    [[int("-9223372036854775808"), "i64"], ok(-9223372036854775808n)],
    // serde_json5 reads integer literals as i64, hex ones as u32
    [[int("9223372036854775808"), "u64"], err("error parsing integer")],
    [[int("99999999999999999999"), "u64"], err("error parsing integer")],
    [[int("0xFFFFFFFF"), "u64"], ok(4294967295n)],
    [[int("0X1f"), "u64"], ok(31n)],
    [[int("0x100000000"), "u64"], err("error parsing hex")],
    [[int("-0x10"), "i64"], err("error parsing integer")], // a signed hex is not a hex literal
    [[int("-0x1E"), "i64"], err("error parsing number")], // ...and the `E` makes it a "float"
    // floats, NaN and infinities are visit_f64
    [[float("1.5"), "u32"], err(`invalid type: floating point \`1.5\`, expected ${EXP}`)],
    [[float("5."), "u32"], err(`invalid type: floating point \`5.0\`, expected ${EXP}`)],
    [[float(".5"), "u32"], err(`invalid type: floating point \`0.5\`, expected ${EXP}`)],
    [[float("-2.50"), "u32"], err(`invalid type: floating point \`-2.5\`, expected ${EXP}`)],
    [[float("1e21"), "u32"], err(`invalid type: floating point \`1000000000000000000000.0\`, expected ${EXP}`)],
    [[float("1e-7"), "u32"], err(`invalid type: floating point \`0.0000001\`, expected ${EXP}`)],
    [[float("-0.0"), "u32"], err(`invalid type: floating point \`-0.0\`, expected ${EXP}`)],
    [[float("NaN"), "u32"], err(`invalid type: floating point \`NaN\`, expected ${EXP}`)],
    [[float("-NaN"), "u32"], err(`invalid type: floating point \`NaN\`, expected ${EXP}`)],
    [[float("Infinity"), "u32"], err(`invalid type: floating point \`inf\`, expected ${EXP}`)],
    [[float("-Infinity"), "u32"], err(`invalid type: floating point \`-inf\`, expected ${EXP}`)],
    [[float("+Infinity"), "u32"], err("error parsing number: too large")],
    [[float("+NaN"), "u32"], err("error parsing number: too large")],
    [[float("1e400"), "u32"], err("error parsing number: too large")],
    // other JSON kinds
    [[bool(true), "u32"], err(`invalid type: boolean \`true\`, expected ${EXP}`)],
    [[OBJ, "u32"], err(`invalid type: map, expected ${EXP}`)],
    [[ARR, "u32"], err(`invalid type: sequence, expected ${EXP}`)],
    // strings: expanded, trimmed, then Rust's i64 parser
    [[str("42"), "u32"], ok(42n)],
    [[str("\t42\n"), "u32"], ok(42n)],
    [[str("\u00a042\u3000"), "u32"], ok(42n)], // Unicode whitespace is trimmed
    [[str("\ufeff42"), "u32"], err("invalid digit found in string")], // BOM is not whitespace in Rust
    [[str("\u008542"), "u32"], ok(42n)], // NEL is
    [[str("-3"), "i32"], ok(-3n)],
    [[str("-3"), "u32"], err(OOR)],
    [[str("007"), "u32"], ok(7n)],
    [[str(""), "u32"], err("cannot parse integer from empty string")],
    [[str("   "), "u32"], err("cannot parse integer from empty string")],
    [[str("+"), "u32"], err("invalid digit found in string")],
    [[str("-"), "u32"], err("invalid digit found in string")],
    [[str("+-1"), "i64"], err("invalid digit found in string")],
    [[str("4 2"), "u32"], err("invalid digit found in string")],
    [[str("1_000"), "u32"], err("invalid digit found in string")],
    [[str("1e3"), "u32"], err("invalid digit found in string")],
    [[str("٤٢"), "u32"], err("invalid digit found in string")], // only ASCII digits
    [[str("9223372036854775807"), "i64"], ok(9223372036854775807n)],
    [[str("9223372036854775808"), "u64"], err("number too large to fit in target type")],
    [[str("-9223372036854775809"), "i64"], err("number too small to fit in target type")],
    [[str("99999999999999999999x"), "u64"], err("number too large to fit in target type")],
    [[str("9x9999999999999999999"), "u64"], err("invalid digit found in string")],
    [[str("5000000000"), "u32"], err(OOR)],
    [[str("$N"), "u32"], ok(42n)],
    [[str("${N}0"), "u32"], ok(420n)],
    [[str("$SP"), "u32"], ok(9n)],
    [[str("$NEG"), "u32"], err(OOR)],
    [[str("$WORD"), "u32"], err("invalid digit found in string")],
    [[str("$EMPTY"), "u32"], err("cannot parse integer from empty string")],
    [[str("$BIG"), "u32"], err(OOR)],
    [[str("$MISSING"), "u32"], err("error looking key 'MISSING' up: environment variable not found")],
    [[str("${MISSING:-}"), "u32"], err("cannot parse integer from empty string")],
    [[str("${MISSING:- 8 }"), "u32"], ok(8n)],
  ];
  test.each(cases)("%j", ([input, range], expected) => {
    expect(convertNumeric(input, range, ENV)).toEqual(expected);
  });
});

describe("convertNumeric, optional", () => {
  const cases: [JsonInput, ValueResult<bigint | null>][] = [
    [NULL, ok(null)],
    [str(""), err("empty string is not a valid number")],
    [str(" "), ok(null)],
    [str("\t\n"), ok(null)],
    [str(" 5 "), ok(5n)],
    [str("$EMPTY"), err("cannot parse integer from empty string")], // emptiness is checked before expanding
    [str("$MISSING"), err("error looking key 'MISSING' up: environment variable not found")],
    [int("7"), ok(7n)],
    [int("-7"), err(OOR)],
    [float("1.5"), err(`invalid type: floating point \`1.5\`, expected ${OPT_EXP}`)],
    [bool(false), err(`invalid type: boolean \`false\`, expected ${OPT_EXP}`)],
    [OBJ, err(`invalid type: map, expected ${OPT_EXP}`)],
    [ARR, err(`invalid type: sequence, expected ${OPT_EXP}`)],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(convertNumeric(input, "u32", ENV, { optional: true })).toEqual(expected);
  });
});

describe("convertString", () => {
  const cases: [[JsonInput, boolean], ValueResult<string | null>][] = [
    [[str("plain"), false], ok("plain")],
    [[str(" $N "), false], ok(" 42 ")], // no trimming
    [[str(""), false], ok("")],
    [[str(""), true], ok("")],
    [[NULL, true], ok(null)],
    [[NULL, false], err("invalid type: unit value, expected a string")],
    [[int("5"), false], err("invalid type: integer `5`, expected a string")], // verdict store_name_number
    [[int("1"), true], err("invalid type: integer `1`, expected a string")], // verdict mongo_write_concern_number
    [[int("0x10"), false], err("invalid type: integer `16`, expected a string")],
    [[int("99999999999999999999"), false], err("error parsing integer")],
    [[float("2.0"), false], err("invalid type: floating point `2.0`, expected a string")],
    [[bool(true), false], err("invalid type: boolean `true`, expected a string")],
    [[OBJ, false], err("invalid type: map, expected a string")],
    [[ARR, true], err("invalid type: sequence, expected a string")],
    [[str("${UNDEFINED_NL_VAR}"), true], err("error looking key 'UNDEFINED_NL_VAR' up: environment variable not found")],
  ];
  test.each(cases)("%j", ([input, optional], expected) => {
    expect(convertString(input, ENV, { optional })).toEqual(expected);
  });

  test("convertVecString expands every element", () => {
    expect(convertVecString([str("$N"), str("x")], ENV)).toEqual(ok(["42", "x"]));
    expect(convertVecString([], ENV)).toEqual(ok([]));
  });
  test("convertVecString type-checks all elements before expanding any", () => {
    expect(convertVecString([str("$MISSING"), int("3")], ENV)).toEqual(
      err("invalid type: integer `3`, expected a string"),
    );
    expect(convertVecString([str("a"), str("$MISSING")], ENV)).toEqual(
      err("error looking key 'MISSING' up: environment variable not found"),
    );
  });
  test("convertVecString rejects a non-array", () => {
    expect(convertVecString(str("a"), ENV)).toEqual(err('invalid type: string "a", expected a sequence'));
    expect(convertVecString(NULL, ENV)).toEqual(err("invalid type: unit value, expected a sequence"));
    expect(() => convertVecString(ARR, ENV)).toThrow(TypeError);
  });
});

describe("Rust and serde primitives", () => {
  const i64Cases: [string, ValueResult<bigint>][] = [
    ["0", ok(0n)],
    ["+0", ok(0n)],
    ["-9223372036854775808", ok(-9223372036854775808n)],
    ["", err("cannot parse integer from empty string")],
    [" 1", err("invalid digit found in string")],
    ["9223372036854775808", err("number too large to fit in target type")],
    ["-99999999999999999999", err("number too small to fit in target type")],
  ];
  test.each(i64Cases)("parseRustI64(%j)", (input, expected) => {
    expect(parseRustI64(input)).toEqual(expected);
  });

  const literalCases: [string, ValueResult<bigint>][] = [
    ["10", ok(10n)],
    ["+10", ok(10n)],
    ["-10", ok(-10n)],
    ["0x0", ok(0n)],
    ["0xffffffff", ok(4294967295n)],
    ["0x1ffffffff", err("error parsing hex")],
    ["0x00000000000a", ok(10n)],
    ["+0x1", err("error parsing integer")],
    ["-9223372036854775809", err("error parsing integer")],
  ];
  test.each(literalCases)("jsonIntegerLiteral(%j)", (input, expected) => {
    expect(jsonIntegerLiteral(input)).toEqual(expected);
  });

  test("visitJson classifies like serde_json5", () => {
    expect(visitJson(int("1e3"))).toEqual(ok({ kind: "f64", value: 1000 }));
    expect(visitJson(float("0x1E"))).toEqual(ok({ kind: "i64", value: 30n }));
  });

  const trimCases: [string, string][] = [
    ["  a b  ", "a b"],
    ["\u2028\u2029x\u205f", "x"],
    ["\ufeffx\ufeff", "\ufeffx\ufeff"],
    ["\u0085x\u0085", "x"],
    ["\u200bx", "\u200bx"], // zero-width space is not White_Space
  ];
  test.each(trimCases)("rustTrim(%j)", (input, expected) => {
    expect(rustTrim(input)).toBe(expected);
  });
});

describe("serde_json5 reading a number literal straight into an integer field (`parse_number(pair)? as T`)", () => {
  const cases: [string, "u64" | "u32" | "i64", bigint | string, boolean?][] = [
    ["5", "u64", 5n, true],
    ["+1", "u64", 1n, true],
    ["5.", "u64", 5n, true],
    ["1e3", "u64", 1000n, true],
    ["-0", "u64", 0n, true],
    ["0x10", "u64", 16n, true],
    [".5", "u64", 0n, false],
    ["1.9", "u64", 1n, false],
    ["-5", "u64", 0n, false],
    ["Infinity", "u64", 18446744073709551615n, false],
    ["Infinity", "u32", 4294967295n, false],
    ["-Infinity", "u64", 0n, false],
    ["-Infinity", "i64", -9223372036854775808n, false],
    ["NaN", "u64", 0n, false],
    ["-NaN", "u64", 0n, false],
    ["99999999999999999999999", "u64", 18446744073709551615n, false],
    ["18446744073709551615", "u64", 18446744073709551615n, true], // rounds up past the max, and saturates back
    ["9007199254740993", "u64", 9007199254740992n, false], // through f64
    ["-0x10", "u64", "error parsing number"],
    ["+0x10", "u64", "error parsing number"],
    ["0x1FFFFFFFF", "u64", "error parsing hex"],
    ["1e400", "u64", "error parsing number: too large"],
    ["+Infinity", "u64", "error parsing number: too large"],
    ["+NaN", "u64", "error parsing number: too large"],
  ];
  test.each(cases)("%s as %s", (text, range, expected, exact) => {
    const r = castDirectInteger(text, range);
    if (typeof expected === "string") expect(r).toEqual({ ok: false, message: expected });
    else expect(r).toEqual({ ok: true, value: { value: expected, exact } });
  });
});

describe("serde_json5's deserialize_any on a literal it cannot read", () => {
  const cases: [string, string | undefined][] = [
    ["5", undefined],
    ["0x10", undefined],
    ["Infinity", undefined],
    ["-NaN", undefined],
    ["-0x10", "error parsing integer"],
    ["99999999999999999999999", "error parsing integer"],
    ["0x100000000", "error parsing hex"],
    ["1e400", "error parsing number: too large"],
    ["-1e400", "error parsing number: too large"],
    ["+Infinity", "error parsing number: too large"],
    ["+NaN", "error parsing number: too large"],
  ];
  test.each(cases)("%s", (text, expected) => {
    expect(anyLiteralError(text)).toBe(expected);
  });
});
