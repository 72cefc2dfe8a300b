// Column arithmetic of the human format: wide characters, wrapping, clipping around a span, colour switches.
import { describe, expect, it } from "vitest";
import { charWidth, clipAround, clipMeasured, displayWidth, measure, widthOf, wrap } from "../../src/report/width.ts";
import { useColor } from "../../src/cli.ts";
import { seeded } from "../helpers/seeded.ts";

describe("displayWidth", () => {
  it("counts East Asian wide characters as two columns and combining marks as none", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("説明")).toBe(4);
    expect(displayWidth("ｷｬｯｼｭ")).toBe(5); // halfwidth katakana
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("a\u200bb")).toBe(2);
    expect(displayWidth("😀")).toBe(2);
  });
});

describe("wrap", () => {
  it("breaks at spaces within the width, with another width after the first line", () => {
    expect(wrap("aaa bbb ccc ddd", 7)).toEqual(["aaa bbb", "ccc ddd"]);
    expect(wrap("aaa bbb ccc ddd", 11, 3)).toEqual(["aaa bbb ccc", "ddd"]);
  });
  it("keeps a word longer than the line whole, on a line of its own", () => {
    expect(wrap("see /a/very/long/path/to/a/file.pem now", 10)).toEqual(["see", "/a/very/long/path/to/a/file.pem", "now"]);
  });
  it("measures wide characters by columns", () => {
    expect(wrap("説明 説明 説明", 9)).toEqual(["説明 説明", "説明"]);
  });
});

describe("clipAround", () => {
  it("leaves a line that fits alone", () => {
    expect(clipAround("short line", 6, 10, 40)).toEqual({ shown: "short line", offset: 6 });
  });
  it("cuts a long line on both sides around the span and says where the span landed", () => {
    const line = "x".repeat(200) + "TARGET" + "y".repeat(200);
    const { shown, offset } = clipAround(line, 200, 206, 60);
    expect(displayWidth(shown)).toBeLessThanOrEqual(60);
    expect(shown.startsWith("…") && shown.endsWith("…")).toBe(true);
    expect(shown.slice(offset, offset + 6)).toBe("TARGET");
  });
  it("keeps a span at the very end of a long line visible", () => {
    const line = "x".repeat(300) + "END";
    const { shown, offset } = clipAround(line, 300, 303, 50);
    expect(shown.slice(offset)).toBe("END");
    expect(shown.startsWith("…")).toBe(true);
  });
});

/** clipAround as it was before texts were measured once: the reference the measured clip is held to. */
function clipAroundByScan(text: string, from: number, to: number, width: number): { shown: string; offset: number } {
  const total = displayWidth(text);
  if (total <= width) return { shown: text, offset: from };
  const chars = Array.from(text);
  const context = Math.min(16, Math.floor(width / 4));
  const wanted = Math.min(from, Math.max(from - context, to - (width - 2)));
  let start = Math.max(0, Math.min(wanted, total - (width - 1)));
  const leftCut = start > 0;
  const budget = width - (leftCut ? 1 : 0);
  let col = 0;
  let out = "";
  let outWidth = 0;
  let startCol = -1;
  for (const ch of chars) {
    const w = charWidth(ch);
    if (col >= start) {
      if (startCol < 0) startCol = col;
      if (outWidth + w > budget - (col + w < total ? 1 : 0)) break;
      out += ch;
      outWidth += w;
    }
    col += w;
  }
  if (startCol < 0) startCol = start;
  start = startCol;
  const rightCut = start + outWidth < total;
  return { shown: (leftCut ? "…" : "") + out + (rightCut ? "…" : ""), offset: from - start + (leftCut ? 1 : 0) };
}

describe("measured texts (a line measured once for all the code frames on it)", () => {
  // ASCII, wide, combining and zero-width characters, emoji (surrogate pairs), lone surrogates, controls.
  const pieces = ["a", "b", " ", "\t", "\u0007", "説", "ｷ", "e\u0301", "\u200b", "😀", "\ud83d", "\ude00", "é", "\u0300", "\uff01", "\u1100"];
  const text = (rand: (n: number) => number, n: number) => Array.from({ length: n }, () => pieces[rand(pieces.length)]).join("");

  it("widthOf is displayWidth of the slice, pairs cut in two included, over 3,000 generated slices", () => {
    const rand = seeded(0x3d1);
    for (let c = 0; c < 300; c++) {
      const m = measure(text(rand, rand(60)));
      expect(m.cols[m.cols.length - 1]).toBe(displayWidth(m.text));
      for (let k = 0; k < 10; k++) {
        const a = rand(m.text.length + 3);
        const b = rand(m.text.length + 3);
        expect(widthOf(m, a, b)).toBe(displayWidth(m.text.slice(a, b)));
      }
    }
  });

  it("clipMeasured and clipAround clip as the scan of every character did, over 20,000 generated cases", () => {
    const rand = seeded(0xc11);
    for (let c = 0; c < 2_000; c++) {
      const t = text(rand, rand(c % 20 === 0 ? 2_000 : 120));
      const m = measure(t);
      for (let k = 0; k < 10; k++) {
        const total = displayWidth(t);
        const from = rand(total + 4);
        const to = from + rand(40);
        const width = 1 + rand(c % 3 === 0 ? 200 : 40);
        const want = clipAroundByScan(t, from, to, width);
        expect(clipMeasured(m, from, to, width)).toEqual(want);
        expect(clipAround(t, from, to, width)).toEqual(want);
      }
    }
  });
});

describe("useColor", () => {
  it("follows NO_COLOR, FORCE_COLOR (0 means off) and TERM=dumb, else the terminal", () => {
    expect(useColor({}, true)).toBe(true);
    expect(useColor({}, false)).toBe(false);
    expect(useColor({ NO_COLOR: "1" }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: "false" }, true)).toBe(false);
    expect(useColor({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(useColor({ TERM: "dumb" }, true)).toBe(false);
    expect(useColor({ TERM: "dumb", FORCE_COLOR: "1" }, false)).toBe(true);
  });
});
