// The line diff behind `migrate`'s output and the config-release fix: the shortest script wherever
// Myers' search fits its budget (exactly the script it always gave), and past that a correct script
// made in time and memory that grow with the input, not with its square.
import { describe, expect, it } from "vitest";
import { diffLines, lineEdits, MYERS_BUDGET, unifiedDiff, type Op } from "../src/migrate/diff.ts";
import { applyEdits } from "../src/migrate/text.ts";
import { seeded } from "./helpers/seeded.ts";

/** Myers' search as diff.ts wrote it before the budget (a frozen copy: the reference the new one is held to). */
function referenceDiff(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[--y]! });
      else ops.push({ kind: "-", line: a[--x]! });
    }
  }
  return ops.reverse();
}


/** A number in [0, 1) from the shared seeded source, so a failure names a seed that reproduces it. */
const random = (seed: number): (() => number) => {
  const int = seeded(seed);
  return () => int(2 ** 30) / 2 ** 30;
};

function lines(r: () => number, count: number, alphabet: number): string[] {
  return Array.from({ length: count }, () => `line ${Math.floor(r() * alphabet)}`);
}

/** What the script says a was and b is: it must give back both texts. */
function sides(ops: Op[]): { a: string[]; b: string[] } {
  return { a: ops.filter((o) => o.kind !== "+").map((o) => o.line), b: ops.filter((o) => o.kind !== "-").map((o) => o.line) };
}

/** The length of a shortest script (n + m - 2 * LCS), by the textbook table. */
function shortest(a: string[], b: string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const next = [0];
    for (let j = 1; j <= b.length; j++) next[j] = a[i - 1] === b[j - 1] ? row[j - 1]! + 1 : Math.max(row[j]!, next[j - 1]!);
    row = next;
  }
  return a.length + b.length - 2 * row[b.length]!;
}

const changes = (ops: Op[]) => ops.filter((o) => o.kind !== " ").length;

describe("the line diff", () => {
  it("within the budget, is the script Myers' search always gave (600 random pairs, many equal lines)", () => {
    for (let seed = 1; seed <= 600; seed++) {
      const r = random(seed);
      const a = lines(r, Math.floor(r() * 40), 1 + Math.floor(r() * 8));
      const b = r() < 0.5 ? lines(r, Math.floor(r() * 40), 1 + Math.floor(r() * 8)) : a.filter(() => r() < 0.7).concat(lines(r, Math.floor(r() * 5), 6));
      expect(diffLines(a, b), `seed ${seed}`).toEqual(referenceDiff(a, b));
    }
  });

  it("past the budget, still gives back both texts, and the shortest script where nothing is ambiguous", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = random(seed);
      const a = lines(r, Math.floor(r() * 60), 2 + Math.floor(r() * 30));
      const b = a.filter(() => r() < 0.8).concat(lines(r, Math.floor(r() * 10), 40));
      const work = { steps: 0 };
      // A budget of 0 stops Myers' search at once: every pair goes the anchored way.
      const ops = diffLines(a, b, 0, work);
      expect(sides(ops), `seed ${seed}`).toEqual({ a, b });
      expect(changes(ops)).toBeGreaterThanOrEqual(shortest(a, b));
    }
    // Lines that are all distinct: the anchors are every kept line, and the script is a shortest one.
    const a = Array.from({ length: 300 }, (_, i) => `store ${i}`);
    const b = a.filter((_, i) => i % 7 !== 3).map((l, i) => (i % 11 === 5 ? l + " changed" : l));
    const ops = diffLines(a, b, 0);
    expect(sides(ops)).toEqual({ a, b });
    expect(changes(ops)).toBe(shortest(a, b));
  });

  it("16,000 lines rewritten one by one: work grows with the lines, not their square", () => {
    // `migrate` of 16,000 stores written as a map: every store's line changes (34.5 s and 8.1 GB before).
    const size = (n: number) => {
      const a = ["{", "  stores: {"];
      const b = ["{", "  stores: ["];
      for (let i = 0; i < n; i++) {
        a.push(`    STORE_${i}: { memory: { eviction_policy: { max_bytes: ${i + 1} } } },`);
        b.push(`    { name: "STORE_${i}", memory: { eviction_policy: { max_bytes: ${i + 1} } } },`);
      }
      a.push("  },", "  servers: [],", "}");
      b.push("  ],", "  servers: [],", "}");
      const work = { steps: 0 };
      const ops = diffLines(a, b, MYERS_BUDGET, work);
      expect(sides(ops)).toEqual({ a, b });
      expect(changes(ops)).toBe(2 * n + 4);
      return work.steps;
    };
    const small = size(4_000);
    const large = size(16_000);
    // Myers' search runs to its budget either way; past it, each line costs a bounded number of steps.
    expect(large).toBeLessThan(MYERS_BUDGET + 300 * 16_000);
    expect(large - MYERS_BUDGET).toBeLessThan(8 * Math.max(1, small - MYERS_BUDGET) + 300 * 16_000);
  });

  it("a rewrite past the budget is still a diff that applies, and line edits that rebuild the text", () => {
    const before = Array.from({ length: 12_000 }, (_, i) => (i % 3 === 0 ? `  // kept ${i}` : `  old_${i}: ${i},`)).join("\n") + "\n";
    const after = before.replace(/old_(\d+)/g, (_, n: string) => `new_${n}`);
    expect(applyEdits(before, lineEdits(before, after))).toBe(after);
    const diff = unifiedDiff("c.json5", before, after);
    // Every kept comment line stays context: the anchors found them between the rewritten lines.
    expect(diff.split("\n").filter((l) => l.startsWith("-")).length).toBe(1 + 8_000);
    expect(diff.split("\n").filter((l) => l.startsWith("+")).length).toBe(1 + 8_000);
  });
});
