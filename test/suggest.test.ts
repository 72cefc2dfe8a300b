// "Did you mean" through the name index (src/suggest.ts): the same answers as the plain scan of every
// name (normalize.ts's closest), with work bounded by the number of lookups, not lookups x names.
import { describe, expect, it } from "vitest";
import { closest } from "../src/normalize.ts";
import { MAX_COMPARED, NameIndex, boundedDistance, listNames, suggestWork } from "../src/suggest.ts";
import { lint } from "./helpers/lint.ts";
import { generate } from "../scripts/bench-shapes.mjs";

/** A small deterministic generator, so a failure names the same case every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomName(r: () => number): string {
  const alphabet = "abcAB_12";
  const len = Math.floor(r() * 10);
  let out = "";
  for (let i = 0; i < len; i++) out += alphabet.charAt(Math.floor(r() * alphabet.length));
  return out;
}

/** The whole table (optimal string alignment: a swap of neighbours is one edit, as in normalize.ts). */
function plainDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

describe("name index", () => {
  it("bounded distance is the distance when within the bound, else bound + 1", () => {
    const r = rng(7);
    for (let n = 0; n < 3000; n++) {
      const a = randomName(r);
      const b = randomName(r);
      const max = Math.floor(r() * 4);
      const d = plainDistance(a, b);
      expect(boundedDistance(a, b, max), `${a} ${b} ${max}`).toBe(d <= max ? d : max + 1);
    }
  });

  it("finds a name one swap of neighbours away among more than MAX_COMPARED names of its length (the pieces alone miss it)", () => {
    const names = [...Array.from({ length: MAX_COMPARED + 100 }, (_, i) => `Q${String(i).padStart(4, "0")}`), "ABCDE"];
    // ACBDE shares one two-letter piece with ABCDE (DE); the filter asks for two.
    expect(new NameIndex(names).closest("ACBDE")).toBe("ABCDE");
    expect(closest("ACBDE", names)).toBe("ABCDE");
  });

  it("answers as the scan of every name does", () => {
    const r = rng(42);
    for (let n = 0; n < 400; n++) {
      const names = Array.from({ length: Math.floor(r() * 30) }, () => randomName(r));
      const index = new NameIndex(names);
      for (let k = 0; k < 10; k++) {
        const word = r() < 0.5 && names.length ? names[Math.floor(r() * names.length)]!.replace(/^./, "x") : randomName(r);
        expect(index.closest(word), `${word} in ${JSON.stringify(names)}`).toBe(closest(word, names));
      }
    }
  });

  it("compares a bounded number of names per lookup among thousands of one length", () => {
    const names = Array.from({ length: 5000 }, (_, i) => `STORE_${String(i).padStart(5, "0")}`);
    const index = new NameIndex(names);
    suggestWork.comparisons = 0;
    const words = Array.from({ length: 2000 }, (_, i) => `STORF_${String(i * 2).padStart(5, "0")}`);
    const answers = words.map((w) => index.closest(w));
    const work = suggestWork.comparisons;
    // (The plain scan, for a sample: it is the slow thing this replaces.)
    for (let i = 0; i < words.length; i += 50) expect(answers[i]).toBe(closest(words[i]!, names));
    // The scan compares each word with every name: 2000 x 5000 = 10,000,000.
    expect(work).toBeLessThanOrEqual(words.length * MAX_COMPARED);
  });

  it("lists at most 50 names in a hint", () => {
    expect(listNames(["A", "B"])).toBe("A, B");
    const names = Array.from({ length: 55 }, (_, i) => `S${i}`);
    expect(listNames(names.slice(0, 50))).toBe(names.slice(0, 50).join(", "));
    expect(listNames(names)).toBe(`${names.slice(0, 50).join(", ")} and 5 more`);
  });

  it(
    "a config of 4,000 undefined ref_store names: one finding each, with a hint of bounded length",
    async () => {
      const { text, units } = generate("undefined-refs", 256 * 1024);
      suggestWork.comparisons = 0;
      const findings = (await lint(text)).filter((f) => f.ruleId === "store-ref-defined");
      expect(findings).toHaveLength(units);
      expect(findings[5]!.message).toBe('ref_store.name names store "MISSING_5", which is not defined in stores');
      // Before: every hint listed all the defined names (4,000 x 4,000 names in the report).
      for (const f of findings) expect(f.hint!.length).toBeLessThan(1000);
      // Before: 4,000 x 4,000 distance computations.
      expect(suggestWork.comparisons).toBeLessThanOrEqual(units * MAX_COMPARED);
    },
    120_000,
  );
});
