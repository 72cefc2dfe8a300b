// The document tree's nodes as the parsers build them: each keeps its offsets, its parent and the
// key or index it sits at, and works out its span, range and pointer only when asked. A config of
// a few kilobytes never notices; one of megabytes would otherwise hold a span object, a range
// array and a pointer string for every value, most of them never read (the located tree was about
// 35 bytes of heap per byte of config with them all made up front).
import type { DocArray, DocBoolean, DocMember, DocNode, DocNull, DocNumber, DocObject, DocString } from "./doc.ts";
import { escapePointerToken } from "./doc.ts";
import type { Span } from "./types.ts";

/** The text a tree was read from: offsets become lines and columns on demand. */
export class DocSource {
  private starts: number[] | undefined;
  /** Spans the parser stated itself (momoa's own locations), where they are not the offsets' own. */
  readonly stated = new Map<object, Span>();
  private hint = 0;

  constructor(readonly text: string) {}

  /** Offsets where lines start: a line ends at \n, \r\n or a lone \r, as momoa counts them. */
  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const t = this.text;
    const out = [0];
    // Without a carriage return, the engine's own search finds the line ends (several times faster).
    if (t.indexOf("\r") < 0) for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) out.push(i + 1);
    else
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 0x0a) out.push(i + 1);
        else if (c === 0x0d) {
          if (t.charCodeAt(i + 1) === 0x0a) i++;
          out.push(i + 1);
        }
      }
    this.starts = out;
    return out;
  }

  /** The 0-based line of an offset (asked mostly in order, so the last answer is tried first). */
  private lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    const h = this.hint;
    if ((starts[h] ?? 0) <= offset && (h + 1 >= starts.length || starts[h + 1]! > offset)) return h;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  /** 1-based lines, columns in UTF-16 units, the end exclusive (momoa's convention). */
  span(start: number, end: number): Span {
    const starts = this.lineStarts();
    const l1 = this.lineOf(start);
    const l2 = this.lineOf(end);
    return { line: l1 + 1, column: start - starts[l1]! + 1, endLine: l2 + 1, endColumn: end - starts[l2]! + 1 };
  }
}

abstract class NodeBase {
  // Every field is declared and assigned in the constructor: defined class fields (and TypeScript's
  // parameter properties, which become them) cost V8 an initializer call per node.
  declare readonly source: DocSource;
  declare readonly start: number;
  /** Set by the parser once an object's or list's closing bracket is read. */
  declare end: number;
  /** The object or list this value is in; undefined at the root. */
  declare readonly parent: DocNode | undefined;
  /** The key (in an object) or index (in a list) this value sits at. */
  declare readonly token: string | number;
  private declare cachedPointer: string | undefined;

  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.parent = parent;
    this.token = token;
    this.cachedPointer = undefined;
  }

  get span(): Span {
    return this.source.stated.get(this) ?? this.source.span(this.start, this.end);
  }

  get range(): [number, number] {
    return [this.start, this.end];
  }

  get pointer(): string {
    if (this.cachedPointer === undefined) {
      const t = this.token;
      this.cachedPointer = this.parent === undefined ? "" : `${this.parent.pointer}/${typeof t === "number" ? t : escapePointerToken(t)}`;
    }
    return this.cachedPointer;
  }
}

// `kind` lives on each class's prototype (set below): one property fewer in every node.
export class ObjectNode extends NodeBase implements DocObject {
  declare readonly kind: "object";
  declare members: DocMember[];
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number) {
    super(source, start, end, parent, token);
    this.members = [];
  }
}

export class ArrayNode extends NodeBase implements DocArray {
  declare readonly kind: "array";
  declare items: DocNode[];
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number) {
    super(source, start, end, parent, token);
    this.items = [];
  }
}

export class StringNode extends NodeBase implements DocString {
  declare readonly kind: "string";
  declare readonly value: string;
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number, value: string) {
    super(source, start, end, parent, token);
    this.value = value;
  }
}

/** A number literal that is an integer literal (no fraction, exponent, Infinity or NaN): decimal or hex. */
export function isIntegerLiteral(literal: string): boolean {
  return /^[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(literal);
}

export class NumberNode extends NodeBase implements DocNumber {
  declare readonly kind: "number";
  constructor(
    source: DocSource,
    start: number,
    end: number,
    parent: DocNode | undefined,
    token: string | number,
    value: number,
    text: string,
    integer: boolean,
  ) {
    super(source, start, end, parent, token);
    this.value = value;
    this.text = text;
    this.integer = integer;
  }
  declare readonly value: number;
  declare readonly text: string;
  declare readonly integer: boolean;
}

export class BooleanNode extends NodeBase implements DocBoolean {
  declare readonly kind: "boolean";
  declare readonly value: boolean;
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number, value: boolean) {
    super(source, start, end, parent, token);
    this.value = value;
  }
}

export class NullNode extends NodeBase implements DocNull {
  declare readonly kind: "null";
}

for (const [cls, kind] of [
  [ObjectNode, "object"],
  [ArrayNode, "array"],
  [StringNode, "string"],
  [NumberNode, "number"],
  [BooleanNode, "boolean"],
  [NullNode, "null"],
] as const) {
  Object.defineProperty(cls.prototype, "kind", { value: kind, enumerable: true });
}

export class MemberNode implements DocMember {
  declare readonly source: DocSource;
  declare readonly key: string;
  declare readonly keyStart: number;
  declare readonly keyEnd: number;
  declare value: DocNode;
  constructor(source: DocSource, key: string, keyStart: number, keyEnd: number, value: DocNode) {
    this.source = source;
    this.key = key;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
    this.value = value;
  }

  get keySpan(): Span {
    return this.source.stated.get(this) ?? this.source.span(this.keyStart, this.keyEnd);
  }

  get keyRange(): [number, number] {
    return [this.keyStart, this.keyEnd];
  }
}

/**
 * A copy of an object node with other members: same place, same pointer. Works for the classes
 * above (their getters stay on the prototype) and for plain objects alike.
 */
export function withMembers(node: DocObject, members: DocMember[]): DocObject {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(node) as object) as DocObject, node);
  copy.members = members;
  if (node instanceof ObjectNode) {
    const stated = node.source.stated.get(node);
    if (stated) node.source.stated.set(copy, stated);
  }
  return copy;
}
