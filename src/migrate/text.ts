// Text edits at the spans of the located document: every rewrite of `migrate` and `check --fix` is a
// list of these, so comments, key order, quoting, trailing commas and indentation outside them stay.
import type { DocMember, DocNode, DocObject } from "../doc.ts";
import type { Span } from "../types.ts";
import { pushAll } from "../arrays.ts";
import { DocSource } from "../doc-nodes.ts";

/** Replace text[range[0], range[1]) by `text`. Edits of one batch never overlap. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

/** Applies non-overlapping edits; insertions at one offset keep the order they were given in. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i);
  let out = "";
  let at = 0;
  for (const { e } of sorted) {
    if (e.range[0] < at) throw new Error(`overlapping edits at offset ${e.range[0]}`);
    out += text.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return out + text.slice(at);
}

/** 1-based line/column span of an offset range, as findings and SARIF regions give them. */
export function rangeSpan(text: string | DocSource, range: [number, number]): Span {
  // Lines and columns as the document's nodes count them (\r\n and a lone \r end a line too). A
  // caller with several ranges of one text passes its DocSource, whose line index is made once.
  return (typeof text === "string" ? new DocSource(text) : text).span(range[0], range[1]);
}

export function lineStart(text: string, off: number): number {
  return text.lastIndexOf("\n", off - 1) + 1;
}

/** The whitespace that starts the line holding `off`. */
export function indentAt(text: string, off: number): string {
  const s = lineStart(text, off);
  return /^[ \t]*/.exec(text.slice(s, off))![0];
}

/** Whether only blanks stand between the start of the line and `off`. */
export function startsLine(text: string, off: number): boolean {
  // Read back over the blanks only: a search back to the line's start costs a whole minified line
  // per call (4,000 stores on one line: 19.8 s in `migrate`).
  let i = off - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  return i < 0 || text.charCodeAt(i) === 0x0a;
}

/** Skips blanks, line ends and comments from `i`; returns the next significant offset. */
export function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("//", i)) {
      const nl = text.indexOf("\n", i);
      i = nl === -1 ? text.length : nl;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else return i;
  }
}

/** How this file writes keys and strings: the quote of a nearby key ("" for bare identifiers). */
export interface Style {
  keyQuote: string;
  strQuote: string;
  /** One level of indentation. */
  unit: string;
}

export function styleOf(text: string, root: DocNode): Style {
  let keyQuote = '"';
  let strQuote = '"';
  const first = firstMember(root);
  if (first?.keyRange) {
    const c = text[first.keyRange[0]];
    keyQuote = c === '"' || c === "'" ? c : "";
  }
  const s = firstString(root);
  if (s) strQuote = text[s.range[0]] === "'" ? "'" : '"';
  return { keyQuote, strQuote, unit: indentUnit(text, root) };
}

function firstMember(n: DocNode): DocMember | undefined {
  return n.kind === "object" ? n.members[0] : undefined;
}

// Both searches go breadth first through a queue read by index: Array#shift moves every element
// left behind it, quadratic in the stores of a config.
function firstString(n: DocNode): DocNode | undefined {
  const stack = [n];
  for (let head = 0; head < stack.length; head++) {
    const x = stack[head]!;
    if (x.kind === "string") return x;
    if (x.kind === "object") pushAll(stack, x.members.map((m) => m.value));
    if (x.kind === "array") pushAll(stack, x.items);
  }
  return undefined;
}

/** The indentation step: what an object's first member on its own line adds to the object's line. */
function indentUnit(text: string, root: DocNode): string {
  const stack = [root];
  for (let head = 0; head < stack.length; head++) {
    const x = stack[head]!;
    if (x.kind === "object") {
      const m = x.members[0];
      if (m?.keyRange && startsLine(text, m.keyRange[0])) {
        const outer = indentAt(text, x.range[0]);
        const inner = indentAt(text, m.keyRange[0]);
        if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
      }
      pushAll(stack, x.members.map((mm) => mm.value));
    } else if (x.kind === "array") pushAll(stack, x.items);
  }
  return "  ";
}

export function keyText(style: Style, key: string): string {
  if (style.keyQuote === "" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return key;
  return quote(style.keyQuote || '"', key);
}

export function strText(style: Style, s: string): string {
  return quote(style.strQuote, s);
}

function quote(q: string, s: string): string {
  const json = JSON.stringify(s);
  if (q === '"') return json;
  return "'" + json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'") + "'";
}

/** The key as this file writes it at `m` (same quotes), renamed. */
export function renameKey(text: string, m: DocMember, to: string): TextEdit {
  const r = m.keyRange!;
  const c = text[r[0]];
  const q = c === '"' || c === "'" ? c : "";
  return { range: r, text: q ? quote(q, to) : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(to) ? to : JSON.stringify(to) };
}

/** The text of a member (key through value) and where it ends with its comma, if it has one. */
function memberExtent(text: string, m: DocMember): { start: number; end: number; comma: boolean } {
  const start = m.keyRange![0];
  let end = m.value.range[1];
  const next = skipTrivia(text, end);
  const comma = text[next] === ",";
  // A comma on the same line belongs to the member; comments between are rare and kept out.
  if (comma && /^[ \t]*$/.test(text.slice(end, next))) end = next + 1;
  return { start, end, comma };
}

/**
 * Edits that take a member out of its object. With `why`, a comment saying why takes its place (its
 * own line when the member had one, else an inline block comment). A member without a trailing comma
 * that was the last one also takes the comma of the member before it, so a file that writes no
 * trailing commas still has none.
 */
export function removeMember(text: string, obj: DocObject, index: number, why?: string): TextEdit[] {
  return removeMembers(text, obj, [index], why);
}

/** removeMember for several members of one object at once (the comma rule then looks at the kept ones). */
export function removeMembers(text: string, obj: DocObject, indices: number[], why?: string | ((m: DocMember) => string)): TextEdit[] {
  const edits: TextEdit[] = [];
  const gone = new Set(indices);
  for (const i of gone) edits.push(removalEdit(text, obj.members[i]!, typeof why === "function" ? why(obj.members[i]!) : why));
  const lastIndex = obj.members.length - 1;
  if (gone.has(lastIndex) && !memberExtent(text, obj.members[lastIndex]!).comma) {
    let keep = lastIndex;
    while (keep >= 0 && gone.has(keep)) keep--;
    if (keep >= 0) {
      const c = skipTrivia(text, obj.members[keep]!.value.range[1]);
      if (text[c] === ",") {
        // The kept member's comma may sit inside its own removal edit only if it were removed; it is not.
        edits.push({ range: [c, c + 1], text: "" });
      }
    }
  }
  return edits;
}

function removalEdit(text: string, m: DocMember, why: string | undefined): TextEdit {
  const { start, end } = memberExtent(text, m);
  const ownLine = startsLine(text, start) && /^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.test(text.slice(end));
  if (ownLine) {
    const ls = lineStart(text, start);
    const rest = /^[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.exec(text.slice(end))!;
    const indent = text.slice(ls, start);
    return { range: [ls, end + rest[0].length], text: why ? `${indent}// ${why}${rest[2] || ""}` : "" };
  }
  let e = end;
  if (!why) while (text[e] === " " || text[e] === "\t") e++;
  return { range: [start, e], text: why ? `/* ${why} */` : "" };
}

/** An edit that adds `key: value` as the first member of `obj`, laid out like the members there. */
export function insertFirst(text: string, obj: DocObject, member: string, _style: Style): TextEdit {
  const open = obj.range[0] + 1;
  const first = obj.members[0];
  if (!first) {
    const inner = text.slice(open, obj.range[1] - 1);
    if (/^\s*$/.test(inner)) return { range: [open, obj.range[1] - 1], text: ` ${member} ` };
    return { range: [open, open], text: ` ${member}` };
  }
  if (first.keyRange && startsLine(text, first.keyRange[0])) {
    return { range: [open, open], text: `\n${indentAt(text, first.keyRange[0])}${member},` };
  }
  const gap = text.slice(open, first.keyRange![0]);
  return { range: [open, open], text: /^\s*$/.test(gap) ? ` ${member},` : ` ${member}, ` };
}

/** An edit that adds `key: value` as the last member of `obj`, keeping its comma style. */
export function insertLast(text: string, obj: DocObject, member: string, style: Style): TextEdit {
  const last = obj.members[obj.members.length - 1];
  if (!last) return insertFirst(text, obj, member, style);
  const { end, comma } = memberExtent(text, last);
  if (last.keyRange && startsLine(text, last.keyRange[0])) {
    const indent = indentAt(text, last.keyRange[0]);
    return comma ? { range: [end, end], text: `\n${indent}${member},` } : { range: [end, end], text: `,\n${indent}${member}` };
  }
  return comma ? { range: [end, end], text: ` ${member},` } : { range: [end, end], text: `, ${member}` };
}

/**
 * A block of text moved to a new depth: every line after the first gets `delta` more (or, when
 * negative, fewer) characters of indentation. Only moved blocks are re-indented.
 */
export function reindent(block: string, from: string, to: string): string {
  const lines = block.split("\n");
  return lines
    .map((l, i) => {
      if (i === 0) return l;
      if (l.startsWith(from)) return to + l.slice(from.length);
      return l.trim() === "" ? l : to + l.replace(/^[ \t]*/, "");
    })
    .join("\n");
}
