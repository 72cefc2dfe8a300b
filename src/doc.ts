// The parsed config as a tree whose every node knows its JSON pointer and its span in the file.
import type { Span } from "./types.ts";
import { describeUnexpected as describeVisited, visitJson } from "./values/numeric.ts";
import { rustStrDebug } from "./rust/debug.ts";
import { rustFloatWithPoint } from "./rust/float.ts";

interface DocBase {
  pointer: string;
  /** The object or list holding this value (set by the parsers; undefined at the root and in hand-made trees). */
  readonly parent?: DocNode;
  span: Span;
  /** [start, end) character offsets into the text. */
  range: [number, number];
}

export interface DocMember {
  key: string;
  keySpan: Span;
  /** [start, end) offsets of the key as written, quotes included (text edits, `migrate`). */
  keyRange?: [number, number];
  value: DocNode;
}

export interface DocObject extends DocBase {
  kind: "object";
  /** In document order, duplicates kept. */
  members: DocMember[];
}
export interface DocArray extends DocBase {
  kind: "array";
  items: DocNode[];
}
export interface DocString extends DocBase {
  kind: "string";
  value: string;
}
export interface DocNumber extends DocBase {
  kind: "number";
  value: number;
  /** The literal as written ("0x10", "1e3", "-Infinity"). */
  text: string;
  /** True when the literal is an integer literal (no fraction, exponent, Infinity or NaN). */
  integer: boolean;
}
export interface DocBoolean extends DocBase {
  kind: "boolean";
  value: boolean;
}
export interface DocNull extends DocBase {
  kind: "null";
}

export type DocNode = DocObject | DocArray | DocString | DocNumber | DocBoolean | DocNull;

/**
 * Whether `pointer` is one of `pointers` or inside one of them: its own ancestors are looked up (as
 * many as it is deep), not every pointer of the set compared with it.
 */
export function atOrUnder(pointers: ReadonlySet<string>, pointer: string): boolean {
  for (let p = pointer; ; ) {
    if (pointers.has(p)) return true;
    const up = p.lastIndexOf("/");
    if (up < 0) return false;
    p = p.slice(0, up);
  }
}

export function escapePointerToken(token: string): string {
  // Keys almost never hold either character; the check is much cheaper than two replaces.
  if (!token.includes("~") && !token.includes("/")) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointerToken(token: string): string {
  if (!token.includes("~")) return token;
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function childPointer(parent: string, token: string | number): string {
  return `${parent}/${escapePointerToken(String(token))}`;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map(unescapePointerToken);
}

/** The last member with this key (serde's "later wins" for maps; structs reject duplicates anyway). */
export function member(node: DocNode | undefined, key: string): DocNode | undefined {
  if (!node || node.kind !== "object") return undefined;
  return memberEntry(node, key)?.value;
}

/**
 * Each key's value as serde keeps it (the last given), keys in the order they are first given: one
 * pass over the object, where asking member() for each of its keys searches it once per key.
 */
export function lastValues(node: DocObject): Map<string, DocNode> {
  const out = new Map<string, DocNode>();
  for (const m of node.members) out.set(m.key, m.value);
  return out;
}

export function memberEntry(node: DocNode | undefined, key: string): DocMember | undefined {
  if (!node || node.kind !== "object") return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) {
    const m = node.members[i];
    if (m?.key === key) return m;
  }
  return undefined;
}

export function stringValue(node: DocNode | undefined): string | undefined {
  return node && node.kind === "string" ? node.value : undefined;
}

/** Describes a node the way serde's `Unexpected` does ("integer `5`", "string \"x\"", "map"). */
export function describeUnexpected(node: DocNode): string {
  switch (node.kind) {
    case "object":
      return "map";
    case "array":
      return "sequence";
    case "null":
      return "unit value";
    case "boolean":
      return `boolean \`${node.value}\``;
    case "string":
      return `string ${rustStrDebug(node.value)}`;
    case "number": {
      // What serde_json5's deserialize_any hands the visitor: `0x10` is integer `16`, `+1` is `1`.
      const v = visitJson(node.integer ? { kind: "integer", text: node.text } : { kind: "float", text: node.text, value: node.value });
      if (v.ok) return describeVisited(v.value);
      return node.integer ? `integer \`${node.text.replace(/^\+/, "")}\`` : `floating point \`${rustFloatWithPoint(node.value)}\``;
    }
  }
}

export interface Located {
  node: DocNode;
  /** Where a member's key is, when the node is an object member's value. */
  keySpan?: Span;
}

/**
 * Finds the node a pointer names, or the nearest existing ancestor (Spectral's fallback), along
 * with the key span of the last member step taken. Of a key given twice it takes the later value,
 * the one serde keeps in a map (and `member()` reads); a struct refuses both, said at the later one.
 */
export function locate(root: DocNode, pointer: string): Located & { exact: boolean } {
  let node: DocNode = root;
  let keySpan: Span | undefined;
  for (const token of splitPointer(pointer)) {
    if (node.kind === "object") {
      const m = memberEntry(node, token);
      if (!m) return { node, keySpan, exact: false };
      node = m.value;
      keySpan = m.keySpan;
    } else if (node.kind === "array" && /^(0|[1-9]\d*)$/.test(token) && Number(token) < node.items.length) {
      const item = node.items[Number(token)];
      if (!item) return { node, keySpan, exact: false };
      node = item;
      keySpan = undefined;
    } else {
      return { node, keySpan, exact: false };
    }
  }
  return { node, keySpan, exact: true };
}

/** Converts a document to plain JSON-like data (later duplicate keys win, as serde maps do). */
export function toPlain(node: DocNode): unknown {
  switch (node.kind) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const m of node.members) out[m.key] = toPlain(m.value);
      return out;
    }
    case "array":
      return node.items.map(toPlain);
    case "null":
      return null;
    default:
      return node.value;
  }
}
