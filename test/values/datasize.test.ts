// convert_(optional_)data_size_with_shellexpand of NativeLink v1.6.6, and byte-unit 5.1.6's
// Byte::parse_str(s, true) that they call.
import { describe, expect, test } from "vitest";
import {
  convertDataSize,
  envFrom,
  formatDecimal,
  parseByteSize,
  type IntRange,
  type JsonInput,
  type ValueResult,
} from "../../src/values/index.ts";

const ENV = envFrom({ SZ: "1GiB", EMPTY: "", BLANK: "   ", NEG: "-5" });

const int = (text: string): JsonInput => ({ kind: "integer", text });
const float = (text: string): JsonInput => ({ kind: "float", text, value: Number(text) });
const str = (value: string): JsonInput => ({ kind: "string", value });
const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const err = (message: string): ValueResult<never> => ({ ok: false, message });

const EXP =
  'either a number of bytes as an integer, or a string with a data size format (e.g., "1GB", "500MB", "1.5TB")';
const OPT_EXP =
  'an optional number of bytes as an integer, or a string with a data size format (e.g., "1GB", "500MB", "1.5TB")';
const OOR = "out of range integral type conversion attempted";
const ANY_UNIT = "('B', 'K', 'M', 'G', 'T', 'P', 'E' or no character or no character is expected)";

// Real NativeLink v1.6.6 verdicts: size_partitioning size (u64), filesystem read_buffer_size (u32)
// and block_size (u64).
describe("verdicts", () => {
  const u64: Record<string, [JsonInput, ValueResult<bigint | null>]> = {
    size_part_size_neg: [int("-1"), err("Negative data size is not allowed")],
    size_part_size_float: [float("1.5"), err(`invalid type: floating point \`1.5\`, expected ${EXP}`)],
    size_part_size_empty: [str(""), err("Missing value in a size field")],
    size_part_size_null: [{ kind: "null" }, err(`invalid type: unit value, expected ${EXP}`)],
    size_part_size_str: [str("128mib"), ok(134217728n)],
    fs_read_buffer_ok__block_size: [str("4kb"), ok(4000n)],
  };
  test.each(Object.entries(u64))("%s", (_id, [input, expected]) => {
    expect(convertDataSize(input, "u64", ENV)).toEqual(expected);
  });

  const u32: Record<string, [JsonInput, ValueResult<bigint | null>]> = {
    fs_read_buffer_too_big: [str("5GB"), err(OOR)],
    fs_read_buffer_int_too_big: [int("5000000000"), err(OOR)],
    fs_read_buffer_ok: [str("32KiB"), ok(32768n)],
  };
  test.each(Object.entries(u32))("%s", (_id, [input, expected]) => {
    expect(convertDataSize(input, "u32", ENV)).toEqual(expected);
  });
});

describe("convertDataSize", () => {
  const cases: [[JsonInput, IntRange], ValueResult<bigint | null>][] = [
    [[int("0"), "u64"], ok(0n)],
    [[int("1024"), "u64"], ok(1024n)],
    [[int("0x10"), "u64"], ok(16n)],
    [[int("-0"), "u64"], ok(0n)],
    [[int("-5"), "u32"], err("Negative data size is not allowed")],
    [[int("4294967295"), "u32"], ok(4294967295n)],
    [[int("4294967296"), "u32"], err(OOR)],
    [[int("99999999999999999999"), "u64"], err("error parsing integer")],
    [[str("5GiB"), "u32"], err(OOR)], // catalog: read_buffer_size: "5GiB"
    [[str("4GiB"), "u32"], err(OOR)],
    [[str("4294967295"), "u32"], ok(4294967295n)],
    [[str("1.5GiB"), "u64"], ok(1610612736n)],
    [[str("1.5TB"), "u64"], ok(1500000000000n)],
    [[str("5 GB"), "u64"], ok(5000000000n)],
    [[str(" 5GB "), "u64"], ok(5000000000n)],
    [[str("1Gb"), "u64"], ok(1000000000n)], // ignore_case: `b` is still bytes
    [[str("$SZ"), "u64"], ok(1073741824n)],
    [[str("${MISSING:-2KiB}"), "u64"], ok(2048n)],
    [[str("$MISSING"), "u64"], err("error looking key 'MISSING' up: environment variable not found")],
    // the emptiness test is on the raw string, so these reach byte-unit
    [[str("$EMPTY"), "u64"], err("no value can be found")],
    [[str("$BLANK"), "u64"], err("no value can be found")],
    [[str("   "), "u64"], err("no value can be found")],
    [[str("-1"), "u64"], err("the character '-' is not a number")],
    [[str("$NEG"), "u64"], err("the character '-' is not a number")],
    [[str("5sec"), "u64"], err(`the character 's' is incorrect ${ANY_UNIT}`)],
    [[str("1e3"), "u64"], err("the character '3' is incorrect ('B' or no character is expected)")], // `e` is exa
    [[str("999999999999999999999"), "u64"], err("the value 999999999999999999999 exceeds the valid range")],
    [[{ kind: "boolean", value: true }, "u64"], err(`invalid type: boolean \`true\`, expected ${EXP}`)],
    [[{ kind: "object" }, "u64"], err(`invalid type: map, expected ${EXP}`)],
    [[{ kind: "array" }, "u64"], err(`invalid type: sequence, expected ${EXP}`)],
    [[float("1e3"), "u64"], err(`invalid type: floating point \`1000.0\`, expected ${EXP}`)],
  ];
  test.each(cases)("%j", ([input, range], expected) => {
    expect(convertDataSize(input, range, ENV)).toEqual(expected);
  });
});

describe("convertDataSize, optional", () => {
  const cases: [JsonInput, ValueResult<bigint | null>][] = [
    [{ kind: "null" }, ok(null)],
    [str(""), err("Missing value in a size field")], // no empty-string-to-None here
    [str("  "), err("no value can be found")],
    [str("1MB"), ok(1000000n)],
    [int("7"), ok(7n)],
    [int("-7"), err("Negative data size is not allowed")],
    [float("0.5"), err(`invalid type: floating point \`0.5\`, expected ${OPT_EXP}`)],
    [{ kind: "boolean", value: false }, err(`invalid type: boolean \`false\`, expected ${OPT_EXP}`)],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(convertDataSize(input, "u64", ENV, { optional: true })).toEqual(expected);
  });
});

describe("parseByteSize", () => {
  const cases: [string, ValueResult<bigint>][] = [
    // plain numbers are bytes; fractions round up
    ["0", ok(0n)],
    ["42", ok(42n)],
    ["007", ok(7n)],
    ["1.0", ok(1n)],
    ["1.2", ok(2n)],
    ["0.1", ok(1n)],
    ["0.0", ok(0n)],
    ["18446744073709551615", ok(18446744073709551615n)],
    // every prefix, decimal and binary, case-insensitive
    ["1B", ok(1n)],
    ["1b", ok(1n)],
    ["1K", ok(1000n)],
    ["1k", ok(1000n)],
    ["1KB", ok(1000n)],
    ["1kB", ok(1000n)],
    ["1KiB", ok(1024n)],
    ["1kib", ok(1024n)],
    ["1KI", ok(1024n)],
    ["1Ki", ok(1024n)],
    ["1M", ok(1000000n)],
    ["1MiB", ok(1048576n)],
    ["1G", ok(1000000000n)],
    ["1GiB", ok(1073741824n)],
    ["1T", ok(1000000000000n)],
    ["1TiB", ok(1099511627776n)],
    ["1P", ok(1000000000000000n)],
    ["1PiB", ok(1125899906842624n)],
    ["1E", ok(1000000000000000000n)],
    ["1EiB", ok(1152921504606846976n)],
    ["15EiB", ok(17293822569102704640n)],
    ["16EiB", err("the value 16 exceeds the valid range")],
    ["18.446744073709551615EB", ok(18446744073709551615n)],
    ["18.446744073709551616EB", err("the value 18.446744073709551616 exceeds the valid range")],
    // bits
    ["1bit", ok(1n)],
    ["8bit", ok(1n)],
    ["9bits", ok(2n)],
    ["1Kbit", ok(125n)],
    ["1Kibit", ok(128n)],
    ["1KiBIT", ok(128n)],
    ["1Gbit", ok(125000000n)],
    ["1Gbits", ok(125000000n)],
    // fractions
    ["1.5GiB", ok(1610612736n)],
    ["1.5KB", ok(1500n)],
    ["0.5KiB", ok(512n)],
    ["0.001KB", ok(1n)],
    ["0.0001KB", ok(1n)],
    ["1.00000000000000000000000000001", err("value number is too long")], // 29 decimals
    ["1.0000000000000000000000000001", ok(2n)], // 28 decimals
    // spaces: only ASCII spaces between number and unit; the whole string is trimmed
    ["5 GB", ok(5000000000n)],
    ["5   GB", ok(5000000000n)],
    ["1.5 KB", ok(1500n)],
    ["  5GB\t", ok(5000000000n)],
    ["5 ", ok(5n)],
    ["5\tGB", err(`the character '\\t' is incorrect ${ANY_UNIT}`)],
    ["5K B", err("the character ' ' is incorrect ('B' or no character is expected)")],
    ["5GB B", err("the character ' ' is incorrect ('i' or no character is expected)")],
    // value errors
    ["", err("no value can be found")],
    ["-1", err("the character '-' is not a number")],
    ["+1", err("the character '+' is not a number")],
    [".5", err("the character '.' is not a number")],
    ["GB", err("the character 'G' is not a number")],
    ["i", err("the character 'i' is not a number")],
    ["é1", err("the character 'é' is not a number")],
    ["1.", err("the character '.' is not a number")],
    ["1.x", err("the character 'x' is not a number")],
    ["1. 5", err("the character ' ' is not a number")],
    ["1..5", err("the character '.' is not a number")],
    ["79228162514264337593543950335", err("the value 79228162514264337593543950335 exceeds the valid range")],
    ["79228162514264337593543950336", err("value number is too long")],
    ["999999999999999999999999999999", err("value number is too long")],
    ["20EB", err("the value 20 exceeds the valid range")],
    ["20.50EB", err("the value 20.5 exceeds the valid range")], // trailing zero digits add no scale
    ["20.05EB", err("the value 20.05 exceeds the valid range")],
    ["18446744073709551616", err("the value 18446744073709551616 exceeds the valid range")],
    ["18446744073709551616.0", err("the value 18446744073709551616 exceeds the valid range")],
    ["18446744073709551616bit", ok(2305843009213693952n)],
    // unit errors (including byte-unit's doubled "or no character")
    ["5sec", err(`the character 's' is incorrect ${ANY_UNIT}`)],
    ["5X", err(`the character 'X' is incorrect ${ANY_UNIT}`)],
    ["5ZB", err(`the character 'Z' is incorrect ${ANY_UNIT}`)], // no u128 feature: no Z/Y
    ["5YiB", err(`the character 'Y' is incorrect ${ANY_UNIT}`)],
    ["1.5.", err(`the character '.' is incorrect ${ANY_UNIT}`)],
    ["5€", err(`the character '€' is incorrect ${ANY_UNIT}`)],
    ["5Gx", err("the character 'x' is incorrect ('B' or no character is expected)")],
    ["5Gix", err("the character 'x' is incorrect ('B' or no character is expected)")],
    ["5GBx", err("the character 'x' is incorrect ('i' or no character is expected)")],
    ["5Bs", err("the character 's' is incorrect ('i' or no character is expected)")],
    ["5Bi", err("the character 'i' is incorrect (no character is expected)")],
    ["5BI", err("the character 'i' is incorrect (no character is expected)")],
    ["5Bix", err("the character 'x' is incorrect ('t' is expected)")],
    ["5Bitx", err("the character 'x' is incorrect ('s' or no character is expected)")],
    ["5bitsx", err("the character 'x' is incorrect (no character is expected)")],
    ["5KiBs", err("the character 's' is incorrect ('i' or no character is expected)")],
    ["5KiBi", err("the character 'i' is incorrect (no character is expected)")],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(parseByteSize(input)).toEqual(expected);
  });

  test("formatDecimal shows every stored fractional digit", () => {
    expect(formatDecimal({ mantissa: 5n, scale: 3 })).toBe("0.005");
    expect(formatDecimal({ mantissa: 1500n, scale: 3 })).toBe("1.500");
    expect(formatDecimal({ mantissa: 12n, scale: 0 })).toBe("12");
  });
});
