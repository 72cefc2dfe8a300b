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
 * The part of `text` that fits in `width` columns and contains columns [from, to) when it can: an
 * ellipsis marks each side that was cut. Returns the shown text and the column where `from` lands.
 */
export function clipAround(text: string, from: number, to: number, width: number): { shown: string; offset: number } {
  const total = displayWidth(text);
  if (total <= width) return { shown: text, offset: from };
  const chars = Array.from(text);
  // Keep some context before the span, but never so much that the span's start falls off the end.
  const context = Math.min(16, Math.floor(width / 4));
  // Show the whole span when it fits, else its start.
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
