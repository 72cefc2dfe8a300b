// src/flat.ts relies on V8 copying a string joined from pieces into one flat string when a regular
// expression runs over it, and on the pieces then being garbage. Measured here on the running Node,
// so that a V8 that stops doing so fails this test instead of quietly costing memory again.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { flat } from "../src/flat.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** 20,000 messages joined from 20 pieces each, as a rule makes its findings' texts. */
function messages(through: (s: string) => string): string[] {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
  const out: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    let s = `the store "S_${i}" `;
    for (let j = 0; j < 20; j++) s += `${words[(i + j) % 40]} `;
    out.push(through(s));
  }
  return out;
}

/** Heap bytes that `make`'s result keeps alive, after full collections. */
function retained(make: () => string[]): { bytes: number; kept: string[] } {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = make();
  gc();
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, kept };
}

describe("flat", () => {
  it("keeps the text as it is", () => {
    const joined = `a ${"b".repeat(20)} ${String(42)} c\u00e9 😀`;
    expect(flat(joined)).toBe(joined);
    expect(flat("")).toBe("");
  });

  it("makes joined strings take a fraction of the heap they took as pieces", () => {
    const pieces = retained(() => messages((s) => s));
    const flattened = retained(() => messages(flat));
    // Same texts either way.
    expect(flattened.kept).toEqual(pieces.kept);
    // Measured: about 1,200 bytes a message as a tree of pieces, about 200 flat (Node 20 and 24).
    expect(flattened.bytes).toBeLessThan(pieces.bytes / 2);
  });
});
