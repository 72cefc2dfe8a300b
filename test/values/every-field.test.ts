// Generated from the type table: every JSON5 number form, and every other kind of value, in every
// string, boolean, integer, float, duration and data-size field NativeLink reads. The engine must
// never throw, must put a finding on the field when NativeLink refuses the value, and must not
// refuse a value NativeLink takes.
//
// What NativeLink takes comes from serde_json5 0.2.1 (its Cargo.lock at v1.6.6): a field read
// through `deserialize_any` (strings, booleans, anything inside a stores/schedulers/services entry,
// which serde buffers) reads an integer literal as i64 (`-0x10` and past-i64 literals fail with
// `error parsing integer`, hex past 0xFFFFFFFF with `error parsing hex`) and any other literal as a
// finite f64 (`1e400`, `+Infinity` fail with `error parsing number: too large`); a plain integer or
// float field read directly is `parse_number(pair)? as T`: anything that is not a number literal
// fails with `error parsing number`, the rest goes through f64 and Rust's saturating cast.
import { describe, expect, it } from "vitest";
import type { FieldDef } from "../../src/typetable.ts";
import { TYPE_TABLE, parseTypeRef, typeDef } from "../../src/typetable.ts";
import type { Finding } from "../../src/types.ts";
import { lint } from "../helpers/lint.ts";
import { render, structSites } from "../helpers/typewalk.ts";

const TABLE = TYPE_TABLE;
const BIG = "99999999999999999999999"; // past 2^64
const VALUES = ["Infinity", "-Infinity", "+Infinity", "NaN", "+NaN", "+1", ".5", "5.", "0x10", "-0x10", "0x1FFFFFFFF", "1e400", "-0", BIG, "'x'", "true", "null", "{}", "[]"] as const;
type Value = (typeof VALUES)[number];

/** serde's `Unexpected` for what deserialize_any hands a visitor, per value. */
const UNEXPECTED: Partial<Record<Value, string>> = {
  Infinity: "floating point `inf`",
  "-Infinity": "floating point `-inf`",
  NaN: "floating point `NaN`",
  "+1": "integer `1`",
  ".5": "floating point `0.5`",
  "5.": "floating point `5.0`",
  "0x10": "integer `16`",
  "-0": "integer `0`",
  "'x'": 'string "x"',
  true: "boolean `true`",
  null: "unit value",
  "{}": "map",
  "[]": "sequence",
};

/** Literals serde_json5 cannot read at all, and its words, in a deserialize_any context. */
const ANY_LITERAL_ERROR: Partial<Record<Value, string>> = {
  "+Infinity": "error parsing number: too large",
  "+NaN": "error parsing number: too large",
  "-0x10": "error parsing integer",
  "0x1FFFFFFFF": "error parsing hex",
  "1e400": "error parsing number: too large",
  [BIG]: "error parsing integer",
};

/** The same for a plain integer or float field read directly (`parse_number`). */
const DIRECT_ERROR: Partial<Record<Value, string>> = {
  "+Infinity": "error parsing number: too large",
  "+NaN": "error parsing number: too large",
  "-0x10": "error parsing number",
  "0x1FFFFFFFF": "error parsing hex",
  "1e400": "error parsing number: too large",
  "'x'": "error parsing number",
  true: "error parsing number",
  "{}": "error parsing number",
  "[]": "error parsing number",
};

const CAST_FROM_F64: Value[] = ["Infinity", "-Infinity", "NaN", "+1", ".5", "5.", "0x10", "-0", BIG];

type Kind = "string" | "bool" | "helper-number" | "direct-integer" | "direct-number" | "buffered-integer" | "buffered-number";

function kindOf(f: FieldDef, buffered: boolean): Kind | undefined {
  const ref = parseTypeRef(f.type);
  const leaf = ref.k === "option" ? ref.inner : ref;
  if (leaf.k !== "prim") return undefined;
  if (f.expand === "string" || f.expand === "optional_string" || leaf.name === "string") return "string";
  if (f.expand === "bool" || leaf.name === "bool") return "bool";
  if (f.expand !== "none") return "helper-number";
  if (leaf.name === "integer") return buffered ? "buffered-integer" : "direct-integer";
  if (leaf.name === "number") return buffered ? "buffered-number" : "direct-number";
  return undefined;
}

/** The values NativeLink's loader takes in a field of this kind. */
function accepted(kind: Kind, f: FieldDef): Set<Value> {
  const base: Value[] = f.nullable ? ["null"] : [];
  switch (kind) {
    case "string":
      return new Set([...base, "'x'"]);
    case "bool":
      return new Set([...base, "true"]);
    case "helper-number":
    case "buffered-integer":
      return new Set([...base, "+1", "0x10", "-0"]);
    case "direct-integer":
    case "direct-number":
      return new Set([...base, ...CAST_FROM_F64]);
    case "buffered-number":
      return new Set([...base, ...CAST_FROM_F64.filter((v) => v !== BIG)]);
  }
}

/** Integer values the direct cast changes, so a warning must say what NativeLink reads instead. */
const TRUNCATED: Value[] = ["Infinity", "-Infinity", "NaN", ".5", BIG];

/** Ids of the findings the loader (normaliser and schema) raises. */
const LOADER = new Set(["value-format", "value-type", "value-range", "value-enum", "variant-shape", "key-required", "key-unknown"]);

const sites = structSites()
  .map((s) => ({ ...s, leaves: s.fields.map((f) => ({ f, kind: kindOf(f, s.buffered) })).filter((x): x is { f: FieldDef; kind: Kind } => x.kind !== undefined) }))
  .filter((s) => s.leaves.length > 0);

describe("every JSON5 value in every typed field of the type table", () => {
  it("reaches every struct of the table (the deprecated object form of bytestream aside)", () => {
    const reached = new Set<string>();
    const add = (name: string) => {
      reached.add(name);
      const def = typeDef(name);
      if (def?.kind === "struct") def.flatten.forEach(add);
    };
    structSites().forEach((s) => add(s.owner));
    const structs = Object.entries(TABLE.types).filter(([, d]) => d.kind === "struct").map(([n]) => n);
    expect(structs.filter((n) => !reached.has(n))).toEqual(["OldByteStreamConfig"]);
    expect(sites.reduce((n, s) => n + s.leaves.length, 0)).toBeGreaterThan(200);
  });

  // One config per struct and value: the value goes into every leaf field of the struct at once.
  for (const value of VALUES) {
    it(`${value}: never throws, refuses what NativeLink refuses, at the field`, async () => {
      const problems: string[] = [];
      for (const site of sites) {
        const text = render(site.build(site.leaves.map((l) => l.f.name)), value);
        let findings: Finding[];
        try {
          findings = await lint(text);
        } catch (e) {
          problems.push(`${site.owner}: threw ${(e as Error).message}`);
          continue;
        }
        for (const { f, kind } of site.leaves) {
          const at = `${site.pointer}/${f.name}`;
          const here = findings.filter((x) => x.pointer === at);
          const where = `${site.owner}.${f.name} (${kind}) = ${value}`;
          if (accepted(kind, f).has(value)) {
            const refused = here.filter((x) => LOADER.has(x.ruleId) && x.severity === "error");
            if (refused.length > 0) problems.push(`${where}: NativeLink takes it, but ${refused.map((x) => `${x.ruleId}: ${x.message}`).join("; ")}`);
            const warned = here.some((x) => x.ruleId === "number-truncated");
            const shouldWarn = kind === "direct-integer" && TRUNCATED.includes(value);
            if (warned !== shouldWarn) problems.push(`${where}: number-truncated ${shouldWarn ? "missing" : "unexpected"}`);
            continue;
          }
          // The loader's own finding: rules that judge the value as NativeLink would run it are not enough.
          const errors = here.filter((x) => x.severity === "error" && LOADER.has(x.ruleId));
          if (errors.length === 0) {
            problems.push(`${where}: NativeLink refuses it, but no loader error at ${at} (found ${here.map((x) => x.ruleId).join(", ") || "nothing there"})`);
            continue;
          }
          const direct = kind === "direct-integer" || kind === "direct-number";
          const literal = direct ? (DIRECT_ERROR[value] ?? (value === "null" ? "error parsing number" : undefined)) : ANY_LITERAL_ERROR[value];
          const said = errors.map((x) => x.nativelink).filter((t): t is string => t !== undefined);
          const ok = (t: string) =>
            literal !== undefined
              ? t === literal || t.startsWith("data did not match any variant of untagged enum")
              : t.startsWith(`invalid type: ${UNEXPECTED[value]}, expected `) || t.startsWith("data did not match any variant of untagged enum") || (kind === "helper-number" && !t.startsWith("invalid type")) || (kind === "bool" && f.expand === "bool");
          for (const t of said) if (!ok(t)) problems.push(`${where}: NativeLink would not print ${JSON.stringify(t)}${literal ? ` but ${JSON.stringify(literal)}` : ""}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
