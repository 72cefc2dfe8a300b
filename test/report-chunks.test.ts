// Reports are written in pieces (src/report/chunks.ts): joined, the pieces must be the text the whole
// document would have been, byte for byte, and a large report must really come in pieces.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonWithList, joined, linesOf, PIECE } from "../src/report/chunks.ts";
import { formatJson, jsonPieces } from "../src/report/json.ts";
import { writeReport } from "../src/commands/output.ts";
import type { Finding } from "../src/types.ts";

const finding = (i: number): Finding => ({
  ruleId: "store-ref-defined",
  category: "schema",
  severity: i % 2 ? "error" : "warning",
  message: `store "S${i}" is not defined\nline two "quoted" \u2028 \u00e9 \ud83d\ude00`,
  file: `dir/c${i}.json5`,
  line: i + 1,
  column: 3,
  endLine: i + 1,
  endColumn: 9,
  pointer: `/stores/${i}`,
  related: i % 3 ? [{ file: "x.json5", pointer: "", message: "here", line: 1, column: 1, endLine: 1, endColumn: 2 }] : undefined,
});

describe("jsonWithList", () => {
  it.each([0, 1, 2, 7])("is JSON.stringify of the whole document with %i items, at any depth", (n) => {
    const items = Array.from({ length: n }, (_, i) => ({ i, nested: { list: [i, { deep: [] }], empty: {} }, s: "a\nb" }));
    const shallow = (list: unknown) => ({ a: 1, list, z: [1, 2] });
    const deep = (list: unknown) => ({ runs: [{ tool: { x: [] }, results: list, after: "y" }], version: "2" });
    for (const shape of [shallow, deep]) {
      expect(joined(jsonWithList(shape, items))).toBe(JSON.stringify(shape(items), null, 2) + "\n");
    }
  });

  it("refuses a document that does not place the list", () => {
    expect(() => joined(jsonWithList(() => ({ a: 1 }), [1]))).toThrow(/no place for the list/);
  });
});

describe("the JSON report in pieces", () => {
  it("is formatJson's text, in more than one piece when large", () => {
    const findings = Array.from({ length: 400 }, (_, i) => finding(i));
    const pieces = [...jsonPieces(findings, 400, 2)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(0, -1).every((p) => p.length >= PIECE)).toBe(true);
    const whole = JSON.stringify({ version: 1, findings: JSON.parse(pieces.join("")).findings, summary: JSON.parse(pieces.join("")).summary }, null, 2) + "\n";
    expect(pieces.join("")).toBe(whole);
    expect(formatJson(findings, 400, 2)).toBe(whole);
    expect(formatJson([], 0)).toBe(JSON.stringify({ version: 1, findings: [], summary: { files: 0, skipped: 0, errors: 0, warnings: 0, infos: 0 } }, null, 2) + "\n");
  });
});

describe("linesOf", () => {
  it("puts a newline after each line and hands on pieces of about PIECE units", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(i % 50)}`);
    const pieces = [...linesOf(lines)];
    expect(pieces.join("")).toBe(lines.join("\n") + "\n");
    expect(pieces.length).toBeGreaterThan(1);
    expect([...linesOf([])]).toEqual([]);
  });
});

describe("writeReport", () => {
  const io = (cwd: string, out: string[]) => ({ argv: [], env: {}, cwd, stdout: (s: string) => void out.push(s), stderr: () => {}, isTTY: false });

  it("writes each piece as it comes, to stdout or to the -o file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-pieces-"));
    const out: string[] = [];
    const seen: string[] = [];
    const pieces = function* () {
      for (const p of ["a\u00e9", "b\ud83d\ude00", "c\n"]) {
        seen.push(p);
        yield p;
      }
    };
    writeReport(io(dir, out), undefined, pieces());
    expect(out).toEqual(["a\u00e9", "b\ud83d\ude00", "c\n"]);
    writeReport(io(dir, out), "r.txt", pieces());
    expect(readFileSync(join(dir, "r.txt"), "utf8")).toBe("a\u00e9b\ud83d\ude00c\n");
    writeReport(io(dir, out), "s.txt", "whole\n");
    expect(readFileSync(join(dir, "s.txt"), "utf8")).toBe("whole\n");
  });

  it("an error of the report itself is not said to be the file's", () => {
    const dir = mkdtempSync(join(tmpdir(), "nlp-pieces-"));
    const bad = function* () {
      yield "x";
      throw new TypeError("boom");
    };
    expect(() => writeReport(io(dir, []), "r.txt", bad())).toThrow(TypeError);
  });
});
