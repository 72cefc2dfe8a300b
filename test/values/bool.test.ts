// convert_boolean_with_shellexpand of NativeLink v1.6.6.
import { describe, expect, test } from "vitest";
import { convertBool, envFrom, type JsonInput, type ValueResult } from "../../src/values/index.ts";

const ENV = envFrom({ T: "True", F: " false ", EMPTY: "", Y: "yes" });

const int = (text: string): JsonInput => ({ kind: "integer", text });
const float = (text: string): JsonInput => ({ kind: "float", text, value: Number(text) });
const str = (value: string): JsonInput => ({ kind: "string", value });
const bool = (value: boolean): JsonInput => ({ kind: "boolean", value });
const ok = (value: boolean): ValueResult<boolean> => ({ ok: true, value });
const err = (message: string): ValueResult<boolean> => ({ ok: false, message });

const EXP = "a boolean or a shell-expandable string that is a boolean";
const NOT_BOOL = "provided string was not `true` or `false`";

// Real NativeLink v1.6.6 verdicts for grpc experimental_remote_cache_compression.
describe("verdicts", () => {
  const cases: Record<string, [JsonInput, ValueResult<boolean>]> = {
    grpc_rcc_null: [{ kind: "null" }, err(`invalid type: unit value, expected ${EXP}`)],
    grpc_rcc_str: [str(" TRUE "), ok(true)],
    grpc_rcc_yes: [str("yes"), err(NOT_BOOL)],
  };
  test.each(Object.entries(cases))("%s", (_id, [input, expected]) => {
    expect(convertBool(input, ENV)).toEqual(expected);
  });
});

describe("convertBool", () => {
  const cases: [JsonInput, ValueResult<boolean>][] = [
    [bool(true), ok(true)],
    [bool(false), ok(false)],
    [str("true"), ok(true)],
    [str("false"), ok(false)],
    [str("FaLsE"), ok(false)],
    [str("\ttrue\n"), ok(true)],
    [str("$T"), ok(true)],
    [str("$F"), ok(false)],
    [str("${MISSING:-TRUE}"), ok(true)],
    [str(""), err("empty string is not a valid number")], // sic
    [str(" "), err(NOT_BOOL)],
    [str("$EMPTY"), err(NOT_BOOL)],
    [str("$Y"), err(NOT_BOOL)],
    [str("1"), err(NOT_BOOL)],
    [str("0"), err(NOT_BOOL)],
    [str("on"), err(NOT_BOOL)],
    [str("t"), err(NOT_BOOL)],
    [str("true false"), err(NOT_BOOL)],
    [str("$MISSING"), err("error looking key 'MISSING' up: environment variable not found")],
    [int("1"), err(`invalid type: integer \`1\`, expected ${EXP}`)],
    [int("-1"), err(`invalid type: integer \`-1\`, expected ${EXP}`)],
    [int("99999999999999999999"), err("error parsing integer")],
    [float("1.5"), err(`invalid type: floating point \`1.5\`, expected ${EXP}`)],
    [{ kind: "object" }, err(`invalid type: map, expected ${EXP}`)],
    [{ kind: "array" }, err(`invalid type: sequence, expected ${EXP}`)],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(convertBool(input, ENV)).toEqual(expected);
  });
});
