// The document tree's nodes as the parsers build them: each keeps its offsets, its parent and the
// key or index it sits at, and works out its span, range and pointer only when asked. A config of
// a few kilobytes never notices; one of megabytes would otherwise hold a span object, a range
// array and a pointer string for every value, most of them never read (the located tree was about
// 35 bytes of heap per byte of config with them all made up front).
import type { DocArray, DocBoolean, DocMember, DocNode, DocNull, DocNumber, DocObject, DocString } from "./doc.ts";
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
  private cachedPointer: string | undefined = undefined;

  constructor(
    readonly source: DocSource,
    readonly start: number,
    /** Set by the parser once an object's or list's closing bracket is read. */
    public end: number,
    /** The object or list this value is in; undefined at the root. */
    readonly parent: DocNode | undefined,
    /** The key (in an object) or index (in a list) this value sits at. */
    readonly token: string | number,
  ) {}

  get span(): Span {
    return this.source.stated.get(this) ?? this.source.span(this.start, this.end);
  }

  get range(): [number, number] {
    return [this.start, this.end];
  }

  get pointer(): string {
    if (this.cachedPointer === undefined) {
      const t = this.token;
      this.cachedPointer = this.parent === undefined ? "" : `${this.parent.pointer}/${typeof t === "number" ? t : escapeToken(t)}`;
    }
    return this.cachedPointer;
  }
}

function escapeToken(token: string): string {
  if (!token.includes("~") && !token.includes("/")) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export class ObjectNode extends NodeBase implements DocObject {
  readonly kind = "object";
  members: DocMember[] = [];
}

export class ArrayNode extends NodeBase implements DocArray {
  readonly kind = "array";
  items: DocNode[] = [];
}

export class StringNode extends NodeBase implements DocString {
  readonly kind = "string";
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number, readonly value: string) {
    super(source, start, end, parent, token);
  }
}

export class NumberNode extends NodeBase implements DocNumber {
  readonly kind = "number";
  constructor(
    source: DocSource,
    start: number,
    end: number,
    parent: DocNode | undefined,
    token: string | number,
    readonly value: number,
    readonly text: string,
    readonly integer: boolean,
  ) {
    super(source, start, end, parent, token);
  }
}

export class BooleanNode extends NodeBase implements DocBoolean {
  readonly kind = "boolean";
  constructor(source: DocSource, start: number, end: number, parent: DocNode | undefined, token: string | number, readonly value: boolean) {
    super(source, start, end, parent, token);
  }
}

export class NullNode extends NodeBase implements DocNull {
  readonly kind = "null";
}

export class MemberNode implements DocMember {
  constructor(
    readonly source: DocSource,
    readonly key: string,
    readonly keyStart: number,
    readonly keyEnd: number,
    public value: DocNode,
  ) {}

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
