// The fast parser (src/json5-fast.ts) must build exactly momoa's tree (after src/load.ts converts it)
// on every text it takes, and take none that momoa refuses. Compared over every config among the
// fixtures, thousands of seeded mutations of them, and hand-picked corners of JSON5.
import { describe, expect, it } from "vitest";
import { parseFast } from "../src/json5-fast.ts";
import type { DocNode } from "../src/doc.ts";
import type { Comment } from "../src/load.ts";
import { MAX_DEPTH, momoaComments, momoaTree, parseConfigText } from "../src/load.ts";
import { fixtureTexts } from "./helpers/fixture-texts.ts";
import { seeded } from "./helpers/seeded.ts";

/** The first place two trees differ, or undefined; numbers compared with Object.is (NaN, -0). */
function difference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b) ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: list vs not`;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** Everything a reader of a node can ask of it, read through its accessors (spans and pointers are computed). */
function observed(n: DocNode): unknown {
  const base = { kind: n.kind, pointer: n.pointer, span: n.span, range: n.range };
  switch (n.kind) {
    case "object":
      return { ...base, members: n.members.map((m) => ({ key: m.key, keySpan: m.keySpan, keyRange: m.keyRange, value: observed(m.value) })) };
    case "array":
      return { ...base, items: n.items.map(observed) };
    case "number":
      return { ...base, value: n.value, text: n.text, integer: n.integer };
    case "null":
      return base;
    default:
      return { ...base, value: n.value };
  }
}

/** What happened to one text: taken (and equal to momoa's tree) or left to momoa. */
function compare(text: string): "taken" | "left" {
  const comments: Comment[] = [];
  const fast = parseFast(text, MAX_DEPTH, comments);
  if (fast === undefined) {
    expect(comments).toEqual([]);
    return "left";
  }
  const slow = momoaTree(text);
  if (slow instanceof Error) throw new Error(`the fast parser took a text momoa refuses (${slow.message}):\n${text.slice(0, 400)}`);
  const d = difference(observed(fast), observed(slow)) ?? difference(comments, momoaComments(text), "comments");
  if (d) throw new Error(`trees differ at ${d}:\n${text.slice(0, 400)}`);
  return "taken";
}

const texts = fixtureTexts();

describe("the fast JSON5 parser", () => {
  it("builds momoa's tree for the fixture configs, and takes nearly all of them", () => {
    expect(texts.length).toBeGreaterThan(500);
    let taken = 0;
    let valid = 0;
    for (const t of texts) {
      if (compare(t) === "taken") taken++;
      if (!(momoaTree(t) instanceof Error)) valid++;
    }
    // The point of the parser: the configs people write go the fast way.
    expect(taken / valid).toBeGreaterThan(0.95);
  });

  it("agrees with momoa on seeded mutations (or leaves them to it)", () => {
    const rand = seeded(0x2545f491);
    const pieces = ["{", "}", "[", "]", ",", ":", '"', "'", "\\", "/", "*", "//", "/*", "*/", "\n", "\r", "\r\n", "\t", " ", "0", "1", "-", "+", ".", "e", "E", "x", "0x", "Infinity", "NaN", "true", "null", "a", "_", "$", "\u00e9", "\u2028", "\u00a0", "\ufeff", "\\u0041", "\\n", "\\x41", "\\0", "\\\n", "😀", "\u0001"];
    let taken = 0;
    let left = 0;
    for (let round = 0; round < 8; round++) {
      for (const t of texts) {
        let m = t;
        for (let k = 1 + rand(3); k > 0; k--) {
          const at = rand(m.length + 1);
          switch (rand(3)) {
            case 0:
              m = m.slice(0, at) + m.slice(at + 1 + rand(3));
              break;
            case 1:
              m = m.slice(0, at) + pieces[rand(pieces.length)]! + m.slice(at);
              break;
            default: {
              const from = rand(m.length + 1);
              m = m.slice(0, at) + m.slice(from, from + rand(20)) + m.slice(at);
            }
          }
        }
        if (compare(m) === "taken") taken++;
        else left++;
      }
    }
    // Both paths were exercised many times.
    expect(taken).toBeGreaterThan(500);
    expect(left).toBeGreaterThan(500);
  });

  it.each([
    ["numbers", '{a: 0, b: -0, c: +1, d: .5, e: 5., f: 1e3, g: 1E-2, h: 0x1F, i: -0xff, j: +Infinity, k: -Infinity, l: NaN, m: -NaN, n: 12345678901234567890, o: 1.7976931348623157e309}'],
    ["strings and escapes", `{"a": 'it\\'s', b: "q\\"\\\\\\/\\b\\f\\n\\r\\t", c: "\\u00e9\\ud83d\\ude00", d: "caf\u00e9 😀", e: ''}`],
    ["keys", '{$a: 1, _b: 2, c3: 3, "d e": 4, \'f\': 5, a: 9, truth: 1, nullable: 2, NaNa: 3}'],
    ["comments and line ends", "// head\r\n{\r\n  a: 1, /* mid\r\n */ b: [1,\r 2,\n 3,], // tail\n}\n"],
    ["empty comments, and one at the very end", "/**/{}//"],
    ["comments with non-ASCII text and directives", "// nativelink-preflight-disable-next-line key-unknown -- caf\u00e9 😀\n{a: /* x\n * y */ 1, /** **/ b: 2} // end\r"],
    ["nesting", '[[[]], {}, [{a: [{}]}], ""]'],
    ["top-level scalars", "  42  "],
  ])("agrees on %s", (_name, text) => {
    expect(compare(text)).toBe("taken");
  });

  it.each([
    ["unicode key", "{é: 1}"],
    ["hex escape", '{a: "\\x41"}'],
    ["line continuation", '{a: "x\\\ny"}'],
    ["nbsp", "{a:\u00a01}"],
    ["leading zero", "{a: 01}"],
    ["trailing garbage", "{} x"],
    ["empty", ""],
    ["unclosed", "{a: 1"],
    // momoa reads these words as their values, never as keys.
    ["true as a key", "{true: 1}"],
    ["null as a key", "{null: 1}"],
    ["Infinity as a key", "{Infinity: 1}"],
    ["NaN as a key", "{NaN: 1}"],
  ])("leaves %s to momoa", (_name, text) => {
    expect(compare(text)).toBe("left");
  });

  it("takes nesting up to the limit and leaves deeper text, which the loader then reports as too deep", () => {
    const nest = (n: number) => "{a: ".repeat(n - 1) + "[]" + "}".repeat(n - 1);
    expect(parseFast(nest(MAX_DEPTH), MAX_DEPTH)).toBeDefined();
    expect(parseFast(nest(MAX_DEPTH + 1), MAX_DEPTH)).toBeUndefined();
    expect(parseFast("[".repeat(MAX_DEPTH + 1) + "]".repeat(MAX_DEPTH + 1), MAX_DEPTH)).toBeUndefined();
    const load = (text: string) => parseConfigText({ file: "deep.json5", path: "/deep.json5", comments: [] }, Buffer.from(text));
    expect(load(nest(MAX_DEPTH + 1)).problem?.code).toBe("too-deep");
    expect(load(nest(MAX_DEPTH)).problem).toBeUndefined();
    // A line comment ends at \r, U+2028 and U+2029 too (as momoa reads it): the nesting after one is counted.
    for (const end of ["\r", "\u2028", "\u2029"]) {
      expect(load(`// c${end}` + "[".repeat(2_000) + "]".repeat(2_000)).problem?.code, JSON.stringify(end)).toBe("too-deep");
    }
  });
});
