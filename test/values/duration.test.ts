// convert_duration_with_shellexpand(_and_negative) of NativeLink v1.6.6, and humantime 2.3.0's
// parse_duration that they call.
import { describe, expect, test } from "vitest";
import {
  convertDuration,
  envFrom,
  parseHumantime,
  type IntRange,
  type JsonInput,
  type ValueResult,
} from "../../src/values/index.ts";

const ENV = envFrom({ T: "5m", SPACED: "  1h  ", EMPTY: "", NUM: "300" });

const int = (text: string): JsonInput => ({ kind: "integer", text });
const float = (text: string): JsonInput => ({ kind: "float", text, value: Number(text) });
const str = (value: string): JsonInput => ({ kind: "string", value });
const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const err = (message: string): ValueResult<never> => ({ ok: false, message });

const EXP =
  'either a number of seconds as an integer, or a string with a duration format (e.g., "1h2m3s", "30m", "1d")';
const OOR = "out of range integral type conversion attempted";
const OVERFLOW =
  "number is too large or cannot be represented without a lack of precision (values below 1ns are not supported)";
const unknownUnit = (u: string) =>
  `unknown time unit "${u}", supported units: ns, us/µs, ms, sec, min, hours, days, weeks, months, years (and few variations)`;

// Real NativeLink v1.6.6 verdicts for grpc rpc_timeout_s (u64).
describe("verdicts", () => {
  const cases: Record<string, [JsonInput, ValueResult<bigint>]> = {
    grpc_rpc_timeout_bare_string: [str("300"), err("time unit needed, for example 300sec or 300ms")],
    grpc_rpc_timeout_human: [str("5m"), ok(300n)],
    grpc_rpc_timeout_float: [float("1.5"), err(`invalid type: floating point \`1.5\`, expected ${EXP}`)],
  };
  test.each(Object.entries(cases))("%s", (_id, [input, expected]) => {
    expect(convertDuration(input, "u64", ENV)).toEqual(expected);
  });
});

describe("convertDuration", () => {
  const cases: [[JsonInput, IntRange], ValueResult<bigint>][] = [
    [[int("30"), "u64"], ok(30n)],
    [[int("0"), "u32"], ok(0n)],
    [[int("0x10"), "u64"], ok(16n)],
    [[int("-1"), "u64"], err("Negative duration is not allowed")],
    [[int("4294967296"), "u32"], err(OOR)],
    [[int("99999999999999999999"), "u64"], err("error parsing integer")],
    [[str("1h 30m"), "u64"], ok(5400n)],
    [[str("1h30m"), "u64"], ok(5400n)],
    [[str("  2h  "), "u64"], ok(7200n)],
    [[str("0"), "u64"], ok(0n)],
    [[str(" 0 "), "u64"], ok(0n)], // trimmed before humantime's "0" special case
    [[str("00"), "u64"], err("time unit needed, for example 0sec or 0ms")],
    [[str("500ms"), "u64"], ok(0n)], // sub-second values truncate to whole seconds
    [[str("1.9s"), "u64"], ok(1n)],
    [[str("1500ms"), "u64"], ok(1n)],
    [[str("1.5h"), "u64"], ok(5400n)],
    [[str("1d"), "u32"], ok(86400n)],
    [[str("200y"), "u32"], err(OOR)], // catalog: max_seconds: "200y"
    [[str("200y"), "u64"], ok(6311520000n)],
    [[str("292271023046y"), "u64"], ok(9223372036876449600n)],
    [[str("1M"), "u64"], ok(2630016n)],
    [[str("1m"), "u64"], ok(60n)],
    [[str("5 mins"), "u64"], ok(300n)],
    [[str("$T"), "u64"], ok(300n)],
    [[str("$SPACED"), "u64"], ok(3600n)],
    [[str("${MISSING:-10s}"), "u64"], ok(10n)],
    [[str("$NUM"), "u64"], err("time unit needed, for example 300sec or 300ms")],
    [[str("$EMPTY"), "u64"], err("value was empty")],
    [[str(""), "u64"], err("value was empty")],
    [[str("   "), "u64"], err("value was empty")],
    [[str("$MISSING"), "u64"], err("error looking key 'MISSING' up: environment variable not found")],
    [[str("-5s"), "u64"], err("expected number at 0")],
    [[str("5 parsecs"), "u64"], err(unknownUnit("parsecs"))],
    [[str("1.5ns"), "u64"], err(OVERFLOW)],
    [[str("584942417356y"), "u64"], err(OVERFLOW)],
    [[{ kind: "null" }, "u64"], err(`invalid type: unit value, expected ${EXP}`)],
    [[{ kind: "boolean", value: true }, "u64"], err(`invalid type: boolean \`true\`, expected ${EXP}`)],
    [[float("1e3"), "u64"], err(`invalid type: floating point \`1000.0\`, expected ${EXP}`)],
    [[{ kind: "object" }, "u64"], err(`invalid type: map, expected ${EXP}`)],
    [[{ kind: "array" }, "u64"], err(`invalid type: sequence, expected ${EXP}`)],
  ];
  test.each(cases)("%j", ([input, range], expected) => {
    expect(convertDuration(input, range, ENV)).toEqual(expected);
  });
});

describe("convertDuration, allowNegative (convert_duration_with_shellexpand_and_negative)", () => {
  const cases: [[JsonInput, IntRange], ValueResult<bigint>][] = [
    [[int("-1"), "i64"], ok(-1n)],
    [[int("-9223372036854775808"), "i64"], ok(-9223372036854775808n)],
    [[int("-1"), "u64"], err(OOR)],
    [[str("5m"), "i64"], ok(300n)],
    [[str("-5m"), "i64"], err("expected number at 0")],
    [[str("292271023046y"), "i64"], err(OOR)], // 9223372036876449600 s: above i64::MAX
    [[str("292271023046y"), "u64"], err(OOR)], // the seconds pass through i64 first
    [[str("292271023045y"), "i64"], ok(9223372036844892000n)],
    [[float("-1.0"), "i64"], err(`invalid type: floating point \`-1.0\`, expected ${EXP}`)],
  ];
  test.each(cases)("%j", ([input, range], expected) => {
    expect(convertDuration(input, range, ENV, { allowNegative: true })).toEqual(expected);
  });
});

describe("parseHumantime", () => {
  const d = (seconds: bigint, nanos = 0) => ok({ seconds, nanos });
  const cases: [string, ValueResult<{ seconds: bigint; nanos: number }>][] = [
    // every unit spelling
    ["17nsec", d(0n, 17)],
    ["17nanos", d(0n, 17)],
    ["33ns", d(0n, 33)],
    ["3usec", d(0n, 3000)],
    ["78us", d(0n, 78000)],
    ["163µs", d(0n, 163000)],
    ["31msec", d(0n, 31000000)],
    ["31millis", d(0n, 31000000)],
    ["6ms", d(0n, 6000000)],
    ["3000s", d(3000n)],
    ["300sec", d(300n)],
    ["300secs", d(300n)],
    ["50seconds", d(50n)],
    ["1second", d(1n)],
    ["100m", d(6000n)],
    ["12min", d(720n)],
    ["12mins", d(720n)],
    ["1minute", d(60n)],
    ["7minutes", d(420n)],
    ["2h", d(7200n)],
    ["7hr", d(25200n)],
    ["7hrs", d(25200n)],
    ["1hour", d(3600n)],
    ["24hours", d(86400n)],
    ["1day", d(86400n)],
    ["2days", d(172800n)],
    ["365d", d(31536000n)],
    ["1week", d(604800n)],
    ["7weeks", d(4233600n)],
    ["104wks", d(62899200n)],
    ["100wk", d(60480000n)],
    ["52w", d(31449600n)],
    ["1month", d(2630016n)],
    ["3months", d(7890048n)],
    ["12M", d(31560192n)],
    ["1year", d(31557600n)],
    ["7years", d(220903200n)],
    ["15yrs", d(473364000n)],
    ["10yr", d(315576000n)],
    ["17y", d(536479200n)],
    // units are case-sensitive
    ["1H", err(unknownUnit("H"))],
    ["1Ms", err(unknownUnit("Ms"))],
    ["1μs", err("invalid character at 1")], // Greek mu, not the micro sign
    // combinations and whitespace
    ["2h 37min", d(9420n)],
    ["20 min 17 nsec ", d(1200n, 17)],
    ["2h 15m", d(8100n)],
    ["1 0s", d(10n)], // whitespace inside a number is skipped
    ["1h1h", d(7200n)],
    ["0", d(0n)],
    // fractions
    ["4.2s", d(4n, 200000000)],
    ["3.1us", d(0n, 3100)],
    ["3.001us", d(0n, 3001)],
    ["31.000001ms", d(0n, 31000001)],
    ["1.123456789s", d(1n, 123456789)],
    ["12.1min", d(726n)],
    ["1.5minutes", d(90n)],
    ["0.5h", d(1800n)],
    ["1.5d", d(129600n)],
    ["7.123us 4ns", d(0n, 7127)],
    ["1.234s 1.345ms 1.678us 1ns", d(1n, 235346679)],
    ["1.234s0.345ms0.678us0ns", d(1n, 234345678)],
    ["0.5s 0.5s", d(1n, 0)],
    ["0.999999999s 1ns", d(1n, 0)], // exactly 1e9 ns is carried by Duration::new
    ["1.333h", err(OVERFLOW)], // 1199.8 s is not whole
    ["17.5nsec", err(OVERFLOW)],
    ["3.0001us", err(OVERFLOW)],
    ["31.0000001ms", err(OVERFLOW)],
    ["1.0000000002s", err(OVERFLOW)],
    ["0.00000005d", err(OVERFLOW)],
    ["0.000123456789s", err(OVERFLOW)],
    ["1.00000000000000000000s", err(OVERFLOW)], // denominator above u64
    // overflow
    ["100000000000000000000ns", err(OVERFLOW)],
    ["100000000000000000us", err(OVERFLOW)],
    ["100000000000000ms", err(OVERFLOW)],
    ["100000000000000000000s", err(OVERFLOW)],
    ["10000000000000000000m", err(OVERFLOW)],
    ["1000000000000000000h", err(OVERFLOW)],
    ["10000000000000y", err(OVERFLOW)],
    ["18446744073709551615s", d(18446744073709551615n)],
    ["18446744073709551615s 1s", err(OVERFLOW)],
    ["5000000000ns", d(5n)],
    // errors and their byte offsets
    ["", err("value was empty")],
    ["\r", err("value was empty")],
    ["\0", err("expected number at 0")],
    ["s", err("expected number at 0")],
    [".1s", err("expected number at 0")],
    [".", err("expected number at 0")],
    ["1~", err("invalid character at 1")],
    ["1Nå", err("invalid character at 2")],
    ["µ1Nå", err("expected number at 0")],
    ["1µså", err("invalid character at 4")], // offsets count UTF-8 bytes (µ is 2)
    ["1.s", err("invalid character at 1")],
    ["1..s", err("invalid character at 1")],
    ["1.", err("invalid character at 1")],
    ["1. s", err("invalid character at 3")],
    ["1.5.s", err("invalid character at 3")],
    ["1-2s", err("invalid character at 1")],
    ["5m x", err("expected number at 3")],
    ["5m  x", err("expected number at 3")],
    ["5m,3s", err("invalid character at 2")],
    ["123", err("time unit needed, for example 123sec or 123ms")],
    ["10 months 1", err("time unit needed, for example 1sec or 1ms")],
    ["1.5", err("time unit needed, for example 1sec or 1ms")],
    ["1 2 3", err("time unit needed, for example 123sec or 123ms")],
    ["10nights", err(unknownUnit("nights"))],
    ["222nsec221nanosmsec7s5msec572s", err(unknownUnit("nanosmsec"))],
    ["5 m s", err("expected number at 4")],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(parseHumantime(input)).toEqual(expected);
  });
});
