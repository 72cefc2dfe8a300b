// Column arithmetic of the human format: wide characters, wrapping, clipping around a span, colour switches.
import { describe, expect, it } from "vitest";
import { clipAround, displayWidth, wrap } from "../../src/report/width.ts";
import { useColor } from "../../src/cli.ts";

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
