// Typed access to the generated table of NativeLink v1.6.6 config types (src/generated/nativelink-types.json).
import table from "./generated/nativelink-types.json" with { type: "json" };
import type { StoredTable } from "./typetable-codec.ts";
import { decodeTable } from "./typetable-codec.ts";

export interface FieldDef {
  name: string;
  aliases: string[];
  type: string;
  required: boolean;
  nullable: boolean;
  expand: string;
  int: string | null;
  default?: unknown;
  /** A helper-less integer read on the direct path: any JSON number is taken (cast with `as`), no range. */
  lenient?: boolean;
}

export interface VariantDef {
  name: string;
  aliases: string[];
  payload: string | null;
  /** Set when NativeLink ${VAR}-expands the variant's body (worker property values, env values). */
  expand?: string;
}

/** Which serde path deserialises a type: directly, through a buffered Content, or both. */
export type Via = "direct" | "buffered" | "both";

export interface StructDef {
  kind: "struct";
  deny: boolean;
  via: Via;
  fields: FieldDef[];
  flatten: string[];
  named?: string;
}

export interface EnumDef {
  kind: "enum";
  deny: boolean;
  via: Via;
  repr: "external" | "internal" | "untagged" | "unit_strings";
  tag?: string;
  variants: VariantDef[];
}

export type TypeDef = StructDef | EnumDef;

/** The whole generated table, as scripts/gen-schema.ts writes it. */
export interface TypeTable {
  version: string;
  root: string;
  types: Record<string, TypeDef>;
}

export type TypeRef =
  | { k: "option"; inner: TypeRef }
  | { k: "array"; inner: TypeRef }
  | { k: "map"; inner: TypeRef }
  | { k: "prim"; name: "string" | "bool" | "integer" | "number" | "duration" | "data_size" }
  | { k: "ref"; name: string };

/** The whole table, decoded once. */
export const TYPE_TABLE: TypeTable = decodeTable(table as unknown as StoredTable);
const TABLE = TYPE_TABLE;
const TYPES = TABLE.types;
export const ROOT_TYPE = TABLE.root;
export const MODEL_VERSION = TABLE.version;

export function typeDef(name: string): TypeDef | undefined {
  return TYPES[name];
}

const refCache = new Map<string, TypeRef>();

export function parseTypeRef(s: string): TypeRef {
  const hit = refCache.get(s);
  if (hit) return hit;
  let out: TypeRef;
  const [, k, body = ""] = /^(option|array|map)<(.*)>$/.exec(s) ?? [];
  if (k) {
    const inner = k === "map" ? body.replace(/^string\s*,\s*/, "") : body;
    out = { k: k as "option" | "array" | "map", inner: parseTypeRef(inner) };
  } else if (["string", "bool", "integer", "number", "duration", "data_size"].includes(s)) {
    out = { k: "prim", name: s as "string" };
  } else {
    out = { k: "ref", name: s };
  }
  refCache.set(s, out);
  return out;
}

const fieldsOf = new WeakMap<StructDef, readonly FieldDef[]>();
const indexOf = new WeakMap<StructDef, ReadonlyMap<string, FieldDef>>();

/** Every field a struct accepts at its own level, flattened members included (computed once per type). */
export function structFields(def: StructDef): readonly FieldDef[] {
  let out = fieldsOf.get(def);
  if (!out) {
    const all = [...def.fields];
    for (const f of def.flatten) {
      const inner = typeDef(f);
      if (inner && inner.kind === "struct") all.push(...structFields(inner));
    }
    fieldsOf.set(def, (out = all));
  }
  return out;
}

/** Accepted key (canonical or alias) → field (computed once per type). */
export function fieldIndex(def: StructDef): ReadonlyMap<string, FieldDef> {
  let idx = indexOf.get(def);
  if (!idx) {
    const m = new Map<string, FieldDef>();
    for (const f of structFields(def)) {
      m.set(f.name, f);
      for (const a of f.aliases) m.set(a, f);
    }
    indexOf.set(def, (idx = m));
  }
  return idx;
}

export function variantByName(def: EnumDef, key: string): VariantDef | undefined {
  return def.variants.find((v) => v.name === key || v.aliases.includes(key));
}

/** Rust-ish name of a type for messages ("struct MemorySpec"). */
export function rustTypeName(key: string): string {
  return key.replace(/^(stores|schedulers)::/, "");
}
