// Rust's Display of an f64 (core::fmt::float, flt2dec's shortest representation): the digits of the
// shortest round-trip form, written out in full, never with an exponent.

/** `format!("{}", x)` for an f64: shortest round-trip digits, never an exponent. */
export function rustF64Display(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const sign = x < 0 ? "-" : "";
  // toExponential() of a finite number always has the "e" (e.g. "1.5e-7").
  const [mant = "", expText = ""] = Math.abs(x).toExponential().split("e");
  const digits = mant.replace(".", "");
  const exp = Number(expText); // value = 0.d1d2d3... * 10^(exp+1)
  const pointAt = exp + 1; // digits before the decimal point
  let body: string;
  if (pointAt <= 0) {
    body = "0." + "0".repeat(-pointAt) + digits;
  } else if (pointAt >= digits.length) {
    body = digits + "0".repeat(pointAt - digits.length);
  } else {
    body = digits.slice(0, pointAt) + "." + digits.slice(pointAt);
  }
  return sign + body;
}

/** serde's `Unexpected::Float` Display: the f64 Display, with ".0" when it has no fraction. */
export function rustFloatWithPoint(x: number): string {
  const t = rustF64Display(x);
  return Number.isFinite(x) && !t.includes(".") ? `${t}.0` : t;
}
