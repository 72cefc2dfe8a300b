// Rust's Display of an f64, with the cases of Rust's own flt2dec tests (to_shortest_str with no
// minimum fraction digits, which is what `{}` prints), and serde's "floating point `...`" form.
import { describe, expect, test } from "vitest";
import { rustF64Display, rustFloatWithPoint } from "../../src/rust/float.ts";

describe("format!(\"{}\", x) for an f64", () => {
  // library/core tests, num/flt2dec: to_shortest_str_test, sign Minus, frac_digits 0.
  test.each([
    [0, "0"],
    [-0, "-0"],
    [Infinity, "inf"],
    [NaN, "NaN"],
    [-Infinity, "-inf"],
    [3.14, "3.14"],
    [-3.14, "-3.14"],
    [7.5e-11, "0.000000000075"],
    [1.9971e20, "199710000000000000000"],
    [Number.MAX_VALUE, "17976931348623157" + "0".repeat(292)],
    [5e-324, "0." + "0".repeat(323) + "5"],
  ])("Rust's flt2dec test: %d", (input, expected) => {
    expect(rustF64Display(input)).toBe(expected);
  });

  test.each([
    [1e21, "1000000000000000000000"],
    [1.5e-10, "0.00000000015"],
    [2 ** 53 + 2, "9007199254740994"],
    [0.1, "0.1"],
    [123456789.125, "123456789.125"],
  ])("%d, where JavaScript would write an exponent or differ", (input, expected) => {
    expect(rustF64Display(input)).toBe(expected);
  });
});

describe("serde's Unexpected::Float", () => {
  test.each([
    [1, "1.0"],
    [1e21, "1000000000000000000000.0"],
    [1e-7, "0.0000001"],
    [-0, "-0.0"],
    [2.5, "2.5"],
    [NaN, "NaN"],
    [Infinity, "inf"],
  ])("%d", (input, expected) => {
    expect(rustFloatWithPoint(input)).toBe(expected);
  });
});
