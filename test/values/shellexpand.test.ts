// shellexpand 3.1.1 `env` semantics, as NativeLink v1.6.6 uses them.
import { describe, expect, test } from "vitest";
import {
  EMPTY_ENV,
  envFrom,
  hasExpansion,
  referencedVars,
  scanShell,
  shellExpand,
  type ExpandResult,
} from "../../src/values/index.ts";

const ENV = envFrom({ A: "a", B: "b", EMPTY: "", N: "42", ÄÖ: "umlaut", _U: "under", "1": "one", X_1: "x1" });

const ok = (value: string, vars: [string, boolean][] = []): ExpandResult => ({
  ok: true,
  value,
  vars: vars.map(([name, defaulted]) => ({ name, defaulted })),
});
const missing = (name: string): ExpandResult => ({
  ok: false,
  message: `error looking key '${name}' up: environment variable not found`,
  variable: name,
});

describe("shellExpand", () => {
  const cases: [string, ExpandResult][] = [
    // no `$`: unchanged
    ["plain", ok("plain")],
    ["", ok("")],
    ["~/x", ok("~/x")], // tilde is not expanded by shellexpand::env
    // bare and braced references
    ["$A", ok("a", [["A", false]])],
    ["${A}", ok("a", [["A", false]])],
    ["$A$B", ok("ab", [["A", false], ["B", false]])],
    ["x${A}y$B.z", ok("xayb.z", [["A", false], ["B", false]])],
    ["$A-$B", ok("a-b", [["A", false], ["B", false]])],
    ["$X_1", ok("x1", [["X_1", false]])],
    ["$_U", ok("under", [["_U", false]])],
    ["$1", ok("one", [["1", false]])], // names may start with a digit
    ["$ÄÖ!", ok("umlaut!", [["ÄÖ", false]])], // Unicode alphanumerics are name characters
    ["$Ab", missing("Ab")], // the name runs to the last alphanumeric
    ["$A_", missing("A_")],
    ["${A}_", ok("a_", [["A", false]])],
    // unset variables
    ["$UNSET", missing("UNSET")],
    ["${UNSET}", missing("UNSET")],
    ["${UNDEFINED_NL_VAR}", missing("UNDEFINED_NL_VAR")],
    ["$A$UNSET$B", missing("UNSET")], // the first failing lookup wins
    ["${}", missing("")], // the empty name is never set
    // defaults
    ["${UNSET:-7}", ok("7", [["UNSET", true]])],
    ["${UNDEFINED_NL_VAR:-7}", ok("7", [["UNDEFINED_NL_VAR", true]])],
    ["${UNSET:-}", ok("", [["UNSET", true]])],
    ["${A:-}", ok("a", [["A", false]])],
    ["${A:-zzz}", ok("a", [["A", false]])],
    ["${EMPTY:-d}", ok("", [["EMPTY", false]])], // set-but-empty does NOT take the default
    ["${UNSET:-a:-b}", ok("a:-b", [["UNSET", true]])], // the first `:-` splits
    ["${UNSET:-$B}", ok("$B", [["UNSET", true]])], // defaults are not expanded again
    ["${UNSET:-${B}}", ok("${B}", [["UNSET", true]])], // the first `}` closes
    ["${UNSET:- x }", ok(" x ", [["UNSET", true]])],
    ["${:-x}", missing(":-x")], // `:-` right after `${` is part of the name
    ["${A:x}", missing("A:x")],
    // literal dollars
    ["$", ok("$")],
    ["a$", ok("a$")],
    ["$$", ok("$")],
    ["$$A", ok("$A")], // `$$` is an escaped dollar
    ["$$$A", ok("$a", [["A", false]])],
    ["$-x", ok("$-x")],
    ["$ A", ok("$ A")],
    ["$.", ok("$.")],
    ["5$", ok("5$")],
    // unbalanced braces stay literal, and scanning resumes after `${`
    ["${A", ok("${A")],
    ["${A $B", ok("${A b", [["B", false]])],
    ["${$A", ok("${a", [["A", false]])],
    ["}$A{", ok("}a{", [["A", false]])],
    // `}` found later in the string closes an earlier `${`
    ["${A x}", missing("A x")],
  ];
  test.each(cases)("%j", (input, expected) => {
    expect(shellExpand(input, ENV)).toEqual(expected);
  });

  test("an empty environment expands nothing", () => {
    expect(shellExpand("${A:-d}", EMPTY_ENV)).toEqual(ok("d", [["A", true]]));
    expect(shellExpand("$A", EMPTY_ENV)).toEqual(missing("A"));
  });

  test("a Map works as an environment", () => {
    expect(shellExpand("$K", envFrom(new Map([["K", "v"]])))).toEqual(ok("v", [["K", false]]));
  });

  test("inherited object keys are not variables", () => {
    expect(shellExpand("$toString", envFrom({}))).toEqual(missing("toString"));
  });
});

describe("hasExpansion / referencedVars / scanShell", () => {
  const cases: [string, boolean][] = [
    ["plain", false],
    ["$", false],
    ["$$", false],
    ["$$A", false],
    ["${A", false],
    ["$-", false],
    ["$A", true],
    ["${A}", true],
    ["${A:-x}", true],
    ["${}", true],
    ["x$$y${B}", true],
  ];
  test.each(cases)("hasExpansion(%j) = %s", (input, expected) => {
    expect(hasExpansion(input)).toBe(expected);
  });

  test("referencedVars lists names in order", () => {
    expect(referencedVars("$A/${B:-x}/$$C/${D")).toEqual(["A", "B"]);
  });

  test("scanShell keeps defaults and raw text", () => {
    expect(scanShell("p${A:-d}q$B")).toEqual([
      { kind: "text", text: "p" },
      { kind: "var", name: "A", defaultValue: "d", braced: true, raw: "${A:-d}" },
      { kind: "text", text: "q" },
      { kind: "var", name: "B", braced: false, raw: "$B" },
    ]);
  });
});
