// Reports are written a piece at a time: a run with 100,000 findings would otherwise hold its
// whole report as one string (86 MB of JSON for the bench's 8 MiB servers config) beside the
// findings it was made from, and JSON.stringify's own copy of it.

/** Where this sentinel string stands in a document, the list goes. */
const HOLE = "\u0000nativelink-preflight: the list goes here\u0000";

/**
 * The text of `JSON.stringify(doc, null, 2) + "\n"` in pieces, where `doc` is `withHole(hole)` with
 * the list `items` (each passed through `toJson`) in the place it gave `hole`: each item is
 * stringified on its own, indented as the whole document would indent it. The pieces joined are the
 * whole text, byte for byte.
 */
export function* jsonWithList<T>(withHole: (hole: string) => unknown, items: Iterable<T>, toJson: (item: T) => unknown = (x) => x): Generator<string> {
  const text = JSON.stringify(withHole(HOLE), null, 2) + "\n";
  const quoted = JSON.stringify(HOLE);
  const at = text.indexOf(quoted);
  if (at < 0) throw new Error("jsonWithList: the document has no place for the list");
  const lineStart = text.lastIndexOf("\n", at) + 1;
  const depth = /^ */.exec(text.slice(lineStart, at))![0].length;
  const inner = " ".repeat(depth + 2);
  let piece = text.slice(0, at);
  let first = true;
  for (const item of items) {
    piece += (first ? "[\n" : ",\n") + inner + JSON.stringify(toJson(item), null, 2).replace(/\n/g, "\n" + inner);
    first = false;
    if (piece.length >= PIECE) {
      yield piece;
      piece = "";
    }
  }
  piece += first ? "[]" : "\n" + " ".repeat(depth) + "]";
  yield piece + text.slice(at + quoted.length);
}

/** About how many UTF-16 units a piece holds before it is handed on. */
export const PIECE = 1 << 16;

/** Pieces of lines: each string of `lines` is one line (a newline follows each). */
export function* linesOf(lines: Iterable<string>): Generator<string> {
  let piece = "";
  for (const l of lines) {
    piece += l + "\n";
    if (piece.length >= PIECE) {
      yield piece;
      piece = "";
    }
  }
  if (piece) yield piece;
}

export function joined(pieces: Iterable<string>): string {
  let s = "";
  for (const p of pieces) s += p;
  return s;
}
