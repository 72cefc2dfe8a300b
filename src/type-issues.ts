// What the walker says when a value does not fit NativeLink's type table: an unknown or missing key,
// a value of the wrong JSON type, a number out of its Rust type's range. Each issue carries our
// sentence and, where NativeLink prints one for it, serde's.
import type { DocNode } from "./doc.ts";
import { describeUnexpected } from "./doc.ts";
import type { FieldDef, StructDef } from "./typetable.ts";
import { parseTypeRef, rustTypeName, typeDef } from "./typetable.ts";

export type SchemaCode = "key-unknown" | "key-required" | "value-type" | "value-enum" | "value-range";

export interface SchemaIssue {
  code: SchemaCode;
  at: string;
  /** The node the issue is about (the unknown key's value, the object lacking a key, the bad value). */
  node?: DocNode;
  target?: "key" | "value";
  message: string;
  nativelink?: string;
  hint?: string;
}

/** The JSON kinds a value may have where the type table expects something. */
export type JsonKind = "string" | "number" | "integer" | "boolean" | "object" | "array" | "null";

/** What the walker knows of the field a value belongs to. */
export interface FieldContext {
  field: FieldDef;
  buffered: boolean;
}

export function unknownKeyIssue(member: { key: string; value: DocNode }, at: string, def: StructDef, where: string, closestName: string | undefined, names: string[]): SchemaIssue {
  const key = member.key;
  return {
    code: "key-unknown",
    at: member.value.pointer,
    node: member.value,
    target: "key",
    message: `unknown key "${key}" in ${where}` + (closestName ? `; did you mean "${closestName}"?` : ""),
    nativelink: unknownFieldMessage(key, def),
    hint:
      key === "$schema" && at === ""
        ? "remove it: NativeLink rejects unknown top-level keys; point your editor at the schema by file pattern instead (see the README)"
        : closestName
          ? `rename it to "${closestName}"`
          : names.length
            ? `allowed keys: ${names.join(", ")}`
            : "remove it",
  };
}

/**
 * A required key that is missing; `writtenAs`, a key of the object NativeLink ignores that looks
 * like it (a misspelling or a shortening), is named in the same finding instead of one of its own.
 */
export function requiredIssue(node: DocNode, key: string, where: string, writtenAs?: string): SchemaIssue {
  return {
    code: "key-required",
    at: node.pointer,
    node,
    target: "value",
    message: `missing required key "${key}" in ${where}` + (writtenAs === undefined ? "" : `; "${writtenAs}" is not it, and NativeLink ignores that key`),
    nativelink: `missing field \`${key}\``,
    hint: writtenAs === undefined ? requiredHint(key, where) : `rename "${writtenAs}" to "${key}"`,
  };
}

export function typeIssue(node: DocNode, expected: JsonKind[], info: FieldContext | undefined): SchemaIssue {
  const at = node.pointer;
  if (at === "" && node.kind === "array") {
    return {
      code: "value-type",
      at,
      node,
      message: "the config must be an object with stores and servers, not a list",
      nativelink: `invalid length ${node.items.length}, expected struct CasConfig with 6 elements`,
      hint: "write { stores: [...], servers: [...] }",
    };
  }
  const kinds = expected.filter((t) => t !== "null");
  return {
    code: "value-type",
    at,
    node,
    message: `${info ? `"${info.field.name}"` : "value"} must be ${kinds.map(article).join(" or ")}, not ${jsonKind(node)}`,
    nativelink: info ? serdeTypeMessage(node, info.field, info.buffered) : undefined,
    hint: typeHint(info?.field, node),
  };
}

export function rangeIssue(node: DocNode, bound: "minimum" | "maximum", limit: number, info: FieldContext | undefined): SchemaIssue {
  return {
    code: "value-range",
    at: node.pointer,
    node,
    message: `${info ? `"${info.field.name}"` : "value"} must be ${bound === "minimum" ? ">=" : "<="} ${limit}${info?.field.int ? ` (${info.field.int})` : ""}`,
    nativelink:
      node.kind === "number" && info
        ? info.buffered || info.field.expand !== "none"
          ? info.field.expand !== "none"
            ? "out of range integral type conversion attempted"
            : `invalid value: ${describeUnexpected(node)}, expected ${info.field.int ?? "a number"}`
          : undefined
        : undefined,
  };
}

/**
 * A value that is neither a string nor an object where an enum with unit variants is expected:
 * said as the list of its names (the same words a string that is not one of them gets).
 */
export function enumIssue(node: DocNode, names: string[]): SchemaIssue {
  return {
    code: "value-enum",
    at: node.pointer,
    node,
    message: `${jsonKind(node)} is not one of ${names.map((s) => `"${s}"`).join(", ")}`,
  };
}

/** serde_derive lists every accepted name of a field, its aliases too, each field's names in byte order. */
function unknownFieldMessage(key: string, def: StructDef): string {
  if (def.flatten.length > 0 && def.deny) return `unknown field \`${key}\``;
  const names = def.fields.flatMap((f) => [f.name, ...f.aliases].sort());
  if (names.length === 0) return `unknown field \`${key}\`, there are no fields`;
  return `unknown field \`${key}\`, expected ${serdeOneOf(names)}`;
}

/** serde's "expected one of `a`, `b`" / "expected `a` or `b`" / "expected `a`". */
export function serdeOneOf(names: string[]): string {
  if (names.length === 0) return "nothing";
  if (names.length === 1) return `\`${names[0]}\``;
  if (names.length === 2) return `\`${names[0]}\` or \`${names[1]}\``;
  return `one of ${names.map((n) => `\`${n}\``).join(", ")}`;
}

function requiredHint(key: string, where: string): string {
  const known: Record<string, string> = {
    weight: "add weight: 1 (since v1.0.0 the key is required; null also means 1)",
    max_open_files: "add max_open_files: 24576 (required whenever global is given)",
    platform_properties: "add platform_properties: {} (required, even when empty)",
    store_type: 'add store_type: "cas" or "ac"',
    accepted_compression_algorithms: "add accepted_compression_algorithms: [] (required once compression is given)",
    provider: 'add provider: "aws" (or gcs, azure, ontap, r2, oci)',
  };
  return known[key] ?? `add "${key}" to ${where}`;
}

function article(t: JsonKind): string {
  switch (t) {
    case "integer":
      return "an integer";
    case "object":
      return "an object";
    case "array":
      return "a list";
    case "boolean":
      return "a boolean";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "null":
      return "null";
  }
}

function jsonKind(node: DocNode): string {
  switch (node.kind) {
    case "object":
      return "an object";
    case "array":
      return "a list";
    case "string":
      return `the string ${JSON.stringify(node.value.length > 40 ? node.value.slice(0, 40) + "…" : node.value)}`;
    case "number":
      return `the number ${node.text}`;
    case "boolean":
      return `${node.value}`;
    case "null":
      return "null";
  }
}

/** What serde would say for a value of the wrong JSON type in this field. */
function serdeTypeMessage(node: DocNode, f: FieldDef, buffered: boolean): string | undefined {
  let ref = parseTypeRef(f.type);
  while (ref.k === "option") ref = ref.inner;
  let expecting: string | undefined;
  if (ref.k === "prim") {
    if (ref.name === "integer" || ref.name === "number") {
      // serde_json5 parses a plain number field itself when reading directly, and fails early.
      if (!buffered && node.kind !== "number") return "error parsing number";
      expecting = ref.name === "number" ? "f32" : (f.int ?? "u64");
    } else if (ref.name === "string") expecting = "a string";
    else if (ref.name === "bool") expecting = "a boolean";
  } else if (ref.k === "array") expecting = "a sequence";
  else if (ref.k === "map") expecting = "a map";
  else {
    const def = typeDef(ref.name);
    if (def?.kind === "struct") expecting = `struct ${rustTypeName(ref.name)}`;
  }
  return expecting ? `invalid type: ${describeUnexpected(node)}, expected ${expecting}` : undefined;
}

function typeHint(f: FieldDef | undefined, node: DocNode): string | undefined {
  if (!f) return undefined;
  let ref = parseTypeRef(f.type);
  while (ref.k === "option") ref = ref.inner;
  if (ref.k === "array" && node.kind === "object") return `wrap it in a list: [ ... ]`;
  if (ref.k === "prim" && ref.name === "string" && node.kind === "number") return `quote it: "${node.text}"`;
  if (ref.k === "prim" && (ref.name === "integer" || ref.name === "number") && node.kind === "string") return "write the number without quotes";
  return undefined;
}
