// Terminal columns of text, and word wrapping by columns, for the human format. East Asian wide and
// fullwidth characters take two columns (get-east-asian-width holds Unicode's table); combining marks
// and zero-width characters take none.
import { eastAsianWidth } from "get-east-asian-width";

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufeff]$/u;

/** Columns one code point takes in a terminal. */
export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  return eastAsianWidth(cp);
}

/** Columns a string (without escape sequences) takes. */
export function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300) {
      w++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(String.fromCodePoint(cp));
  }
  return w;
}

/**
 * Splits text into lines at spaces: the first at most `first` columns wide, the others at most
 * `rest`. A word longer than a line stands alone on its line, whole: paths, URLs and commands stay
 * copyable.
 */
export function wrap(text: string, first: number, rest = first): string[] {
  const lines: string[] = [];
  let limit = Math.max(1, first);
  let line = "";
  let lineWidth = 0;
  let empty = true;
  for (const word of text.split(" ")) {
    const w = displayWidth(word);
    if (empty) {
      line = word;
      lineWidth = w;
      empty = false;
    } else if (lineWidth + 1 + w <= limit) {
      line += " " + word;
      lineWidth += 1 + w;
    } else {
      lines.push(line);
      limit = Math.max(1, rest);
      line = word;
      lineWidth = w;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * A text measured once: where each code point starts and the columns before it. Widths of its slices
 * and clips of it then cost their own length, not the text's: the code frames of a minified config
 * all show its one line, and measured it whole for each finding.
 */
export interface Measured {
  text: string;
  /** `starts[k]`: where code point k starts; the last entry is the text's length. */
  starts: Int32Array;
  /** `cols[k]`: the columns of the code points before k; the last entry is the text's width. */
  cols: Int32Array;
}

/** Measures `text` as displayWidth does, one code point at a time (a surrogate pair is one). */
export function measure(text: string): Measured {
  const starts = new Int32Array(text.length + 1);
  const cols = new Int32Array(text.length + 1);
  let k = 0;
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    starts[k] = i;
    cols[k++] = w;
    const c = text.charCodeAt(i);
    if (c < 0x300) {
      w++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(String.fromCodePoint(cp));
  }
  starts[k] = text.length;
  cols[k] = w;
  return { text, starts: starts.subarray(0, k + 1), cols: cols.subarray(0, k + 1) };
}

/** The code point that starts at offset `i` (`i` may be the text's length), or -1 inside a surrogate pair. */
function pointAt(m: Measured, i: number): number {
  let lo = 0;
  let hi = m.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (m.starts[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return m.starts[lo] === i ? lo : -1;
}

/**
 * `displayWidth(m.text.slice(from, to))` for offsets from 0 up: where both ends start code points,
 * the difference of their columns (displayWidth reads a slice's code points as it reads the whole
 * text's from there), else the slice measured.
 */
export function widthOf(m: Measured, from: number, to: number): number {
  const a = Math.min(from, m.text.length);
  const b = Math.min(to, m.text.length);
  if (b <= a) return 0;
  const ka = pointAt(m, a);
  const kb = pointAt(m, b);
  return ka >= 0 && kb >= 0 ? m.cols[kb]! - m.cols[ka]! : displayWidth(m.text.slice(a, b));
}

/**
 * The part of `text` that fits in `width` columns and contains columns [from, to) when it can: an
 * ellipsis marks each side that was cut. Returns the shown text and the column where `from` lands.
 */
export function clipAround(text: string, from: number, to: number, width: number): { shown: string; offset: number } {
  return clipMeasured(measure(text), from, to, width);
}

/** clipAround of a measured text: it reads the code points it shows, from the first at or past its start column. */
export function clipMeasured(m: Measured, from: number, to: number, width: number): { shown: string; offset: number } {
  const { text, starts, cols } = m;
  const count = starts.length - 1;
  const total = cols[count]!;
  if (total <= width) return { shown: text, offset: from };
  // Keep some context before the span, but never so much that the span's start falls off the end.
  const context = Math.min(16, Math.floor(width / 4));
  // Show the whole span when it fits, else its start.
  const wanted = Math.min(from, Math.max(from - context, to - (width - 2)));
  let start = Math.max(0, Math.min(wanted, total - (width - 1)));
  const leftCut = start > 0;
  const budget = width - (leftCut ? 1 : 0);
  // The first code point at or past column `start` (columns only grow along the text).
  let first = 0;
  let hi = count;
  while (first < hi) {
    const mid = (first + hi) >> 1;
    if (cols[mid]! < start) first = mid + 1;
    else hi = mid;
  }
  let k = first;
  let outWidth = 0;
  for (; k < count; k++) {
    const col = cols[k]!;
    const w = cols[k + 1]! - col;
    if (outWidth + w > budget - (col + w < total ? 1 : 0)) break;
    outWidth += w;
  }
  const out = first < count ? text.slice(starts[first], starts[k]) : "";
  if (first < count) start = cols[first]!;
  const rightCut = start + outWidth < total;
  return { shown: (leftCut ? "…" : "") + out + (rightCut ? "…" : ""), offset: from - start + (leftCut ? 1 : 0) };
}
