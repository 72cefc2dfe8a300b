// A parser for the JSON5 that configs are written in, building the located document tree directly.
//
// momoa (src/load.ts) stays the parser of record: every text this one does not accept, for any
// reason, is parsed by momoa, which gives the syntax errors their words and places. This one only
// takes the common case faster: it reads the text once and builds the tree, where momoa builds its
// own tree of tokens and nodes with location objects that src/load.ts then converts. It accepts a
// subset of JSON5 and gives up (returns undefined) on anything else: non-ASCII outside strings, rare
// escapes, line continuations, control characters in strings, any syntax error. On what it accepts
// its tree is the one momoa's gives after conversion, node for node (test/json5-fast.test.ts compares
// them over every fixture config and thousands of mutations of them).
import type { DocMember, DocNode } from "./doc.ts";
import type { Comment } from "./load.ts";
import { ArrayNode, BooleanNode, DocSource, isIntegerLiteral, MemberNode, NullNode, NumberNode, ObjectNode, StringNode } from "./doc-nodes.ts";

/** Thrown inside the parser to give up; never leaves this module. One instance: giving up is common. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp("left to momoa");

/** The one-character escapes taken here; any other (\x, \0, \v, a line continuation...) is momoa's. */
const SIMPLE_ESCAPES: Partial<Record<string, string>> = { '"': '"', "'": "'", "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class FastParser {
  private pos = 0;
  /** Objects and lists open around the current position. */
  private depth = 0;
  private readonly source: DocSource;
  /** Each key's text once: a large config repeats a few dozen keys thousands of times. */
  private readonly keys = new Map<string, string>();
  /**
   * The members (items) of the objects (lists) being read, innermost last: each node gets an array of
   * exactly its own when its bracket closes. An array grown by push keeps room for 17 or more, which
   * was a quarter of a large config's tree.
   */
  private readonly memberStack: DocMember[] = [];
  private readonly itemStack: DocNode[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
    /** Where the comments go, in order, when the caller wants them (suppression directives). */
    private readonly comments: Comment[] | undefined,
  ) {
    this.source = new DocSource(text);
  }

  parseDocument(): DocNode {
    this.skipTrivia();
    const root = this.value(undefined, "");
    this.skipTrivia();
    if (this.pos !== this.text.length) throw GIVE_UP;
    return root;
  }

  /** Whitespace (ASCII only) and comments. */
  private skipTrivia(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c) {
        this.pos++;
      } else if (c === 0x2f) {
        const d = t.charCodeAt(this.pos + 1);
        if (d === 0x2f) {
          // A line comment ends at \n or \r; momoa also ends one at U+2028/U+2029, so those give up.
          let i = this.pos + 2;
          for (; i < t.length; i++) {
            const e = t.charCodeAt(i);
            if (e === 0x0a || e === 0x0d) break;
            if (e === 0x2028 || e === 0x2029) throw GIVE_UP;
          }
          if (this.comments) this.comments.push({ kind: "line", text: t.slice(this.pos + 2, i), span: this.source.span(this.pos, i) });
          this.pos = i;
        } else if (d === 0x2a) {
          const end = t.indexOf("*/", this.pos + 2);
          if (end < 0) throw GIVE_UP;
          if (this.comments) this.comments.push({ kind: "block", text: t.slice(this.pos + 2, end), span: this.source.span(this.pos, end + 2) });
          this.pos = end + 2;
        } else throw GIVE_UP;
      } else if (c > 0x7f) {
        // Unicode whitespace (NBSP, BOM, U+2028, ...) is JSON5's too; momoa reads it.
        throw GIVE_UP;
      } else return;
    }
  }

  /** The value at the current position, a child of `parent` at `token`. */
  private value(parent: DocNode | undefined, token: string | number): DocNode {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 0x7b) return this.object(parent, token);
    if (c === 0x5b) return this.array(parent, token);
    const start = this.pos;
    if (c === 0x22 || c === 0x27) {
      const value = this.string(c);
      return new StringNode(this.source, start, this.pos, parent, token, value);
    }
    if (t.startsWith("true", start) && !identPart(t.charCodeAt(start + 4))) {
      this.pos += 4;
      return new BooleanNode(this.source, start, this.pos, parent, token, true);
    }
    if (t.startsWith("false", start) && !identPart(t.charCodeAt(start + 5))) {
      this.pos += 5;
      return new BooleanNode(this.source, start, this.pos, parent, token, false);
    }
    if (t.startsWith("null", start) && !identPart(t.charCodeAt(start + 4))) {
      this.pos += 4;
      return new NullNode(this.source, start, this.pos, parent, token);
    }
    return this.number(parent, token);
  }

  private object(parent: DocNode | undefined, token: string | number): DocNode {
    const t = this.text;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const node = new ObjectNode(this.source, this.pos, 0, parent, token);
    this.pos++;
    const members = this.memberStack;
    const mark = members.length;
    this.skipTrivia();
    while (t.charCodeAt(this.pos) !== 0x7d) {
      const keyStart = this.pos;
      const q = t.charCodeAt(this.pos);
      let key: string;
      if (q === 0x22 || q === 0x27) key = this.string(q);
      else {
        let i = this.pos;
        if (!identStart(t.charCodeAt(i))) throw GIVE_UP;
        i++;
        while (identPart(t.charCodeAt(i))) i++;
        // A key running into non-ASCII letters or a `\u` escape is momoa's to read.
        const next = t.charCodeAt(i);
        if (next > 0x7f || next === 0x5c) throw GIVE_UP;
        key = t.slice(this.pos, i);
        // momoa reads these words as literals, which cannot be keys.
        if (key === "true" || key === "false" || key === "null" || key === "Infinity" || key === "NaN") throw GIVE_UP;
        this.pos = i;
      }
      const known = this.keys.get(key);
      if (known === undefined) this.keys.set(key, key);
      else key = known;
      const keyEnd = this.pos;
      this.skipTrivia();
      if (t.charCodeAt(this.pos) !== 0x3a) throw GIVE_UP;
      this.pos++;
      this.skipTrivia();
      const value = this.value(node, key);
      members.push(new MemberNode(this.source, key, keyStart, keyEnd, value));
      this.afterEntry(0x7d);
    }
    node.members = exactly(members, mark);
    this.pos++;
    this.depth--;
    return finish(node, this.pos);
  }

  private array(parent: DocNode | undefined, token: string | number): DocNode {
    const t = this.text;
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const node = new ArrayNode(this.source, this.pos, 0, parent, token);
    this.pos++;
    const items = this.itemStack;
    const mark = items.length;
    this.skipTrivia();
    while (t.charCodeAt(this.pos) !== 0x5d) {
      items.push(this.value(node, items.length - mark));
      this.afterEntry(0x5d);
    }
    node.items = exactly(items, mark);
    this.pos++;
    this.depth--;
    return finish(node, this.pos);
  }

  /** After an entry of an object or list: a comma (and what follows it), or the closing bracket `close`. */
  private afterEntry(close: number): void {
    this.skipTrivia();
    const sep = this.text.charCodeAt(this.pos);
    if (sep === 0x2c) {
      this.pos++;
      this.skipTrivia();
    } else if (sep !== close) throw GIVE_UP;
  }

  /** A quoted string from its opening quote; the common escapes only. */
  private string(quote: number): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = "";
    let from = i;
    for (;;) {
      if (i >= t.length) throw GIVE_UP;
      const c = t.charCodeAt(i);
      if (c === quote) break;
      // Raw line breaks and other control characters, and U+2028/U+2029, are momoa's to judge.
      if (c < 0x20 || c === 0x2028 || c === 0x2029) throw GIVE_UP;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(from, i);
      const e = t.charCodeAt(i + 1);
      const simple = SIMPLE_ESCAPES[t.charAt(i + 1)];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (e === 0x75) {
        // \u: exactly four hex digits
        const hex = t.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw GIVE_UP;
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else throw GIVE_UP;
      from = i;
    }
    out += t.slice(from, i);
    this.pos = i + 1;
    return out;
  }

  /** Decimal and hex numbers with an optional sign, Infinity and NaN. */
  private number(parent: DocNode | undefined, token: string | number): DocNode {
    const t = this.text;
    const start = this.pos;
    let i = start;
    let sign = 1;
    const s = t.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) {
      if (s === 0x2d) sign = -1;
      i++;
    }
    const bodyStart = i;
    if (t.startsWith("Infinity", i) && !identPart(t.charCodeAt(i + 8))) {
      this.pos = i + 8;
      return new NumberNode(this.source, start, this.pos, parent, token, sign * Infinity, t.slice(start, this.pos), false);
    }
    if (t.startsWith("NaN", i) && !identPart(t.charCodeAt(i + 3))) {
      this.pos = i + 3;
      return new NumberNode(this.source, start, this.pos, parent, token, NaN, t.slice(start, this.pos), false);
    }
    let magnitude: number;
    if (t.charCodeAt(i) === 0x30 && (t.charCodeAt(i + 1) | 0x20) === 0x78) {
      i += 2;
      const digits = i;
      while (hexDigit(t.charCodeAt(i))) i++;
      if (i === digits) throw GIVE_UP;
      magnitude = parseInt(t.slice(digits, i), 16);
    } else {
      const intStart = i;
      while (digit(t.charCodeAt(i))) i++;
      const intDigits = i - intStart;
      // A leading zero is followed by nothing more of the integer part in JSON5.
      if (intDigits > 1 && t.charCodeAt(intStart) === 0x30) throw GIVE_UP;
      let fracDigits = 0;
      if (t.charCodeAt(i) === 0x2e) {
        i++;
        const f = i;
        while (digit(t.charCodeAt(i))) i++;
        fracDigits = i - f;
      }
      if (intDigits === 0 && fracDigits === 0) throw GIVE_UP;
      if ((t.charCodeAt(i) | 0x20) === 0x65) {
        i++;
        const es = t.charCodeAt(i);
        if (es === 0x2b || es === 0x2d) i++;
        const e = i;
        while (digit(t.charCodeAt(i))) i++;
        if (i === e) throw GIVE_UP;
      }
      magnitude = Number(t.slice(bodyStart, i));
    }
    // A number runs into nothing that could continue a token.
    const after = t.charCodeAt(i);
    if (identPart(after) || after === 0x2e || after > 0x7f || after === 0x5c) throw GIVE_UP;
    this.pos = i;
    const literal = t.slice(start, i);
    return new NumberNode(this.source, start, i, parent, token, sign * magnitude, literal, isIntegerLiteral(literal));
  }
}

/** An object or list node's end, known once its closing bracket is read. */
function finish<T extends ObjectNode | ArrayNode>(node: T, end: number): T {
  node.end = end;
  return node;
}

function digit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexDigit(c: number): boolean {
  return digit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** ASCII identifier characters of JSON5 (`$`, `_`, letters; digits after the first). */
function identStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24;
}

function identPart(c: number): boolean {
  return identStart(c) || digit(c);
}

/**
 * The document tree of `text`, or undefined where momoa must decide: text this parser does not
 * take (see the head of this file), including every text with a syntax error, and text that nests
 * objects and lists more than `maxDepth` deep (the caller reports that, src/load.ts). Given an empty
 * `comments`, the text's comments are added to it, in order, with the tree; it stays empty without one.
 */
export function parseFast(text: string, maxDepth: number, comments?: Comment[]): DocNode | undefined {
  try {
    return new FastParser(text, maxDepth, comments).parseDocument();
  } catch {
    if (comments) comments.length = 0;
    // Giving up, or anything unforeseen (the stack, say): momoa reads the text then, and its own
    // failures become findings. A bad input must never end the run here.
    return undefined;
  }
}

/** The entries of `stack` from `mark` on, in an array of their own size; `stack` is cut back to `mark`. */
function exactly<T>(stack: T[], mark: number): T[] {
  const own = stack.slice(mark);
  stack.length = mark;
  return own;
}
