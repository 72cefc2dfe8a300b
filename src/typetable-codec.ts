// How the type table is stored (src/generated/nativelink-types.json) and read back: written by
// scripts/gen-schema.ts, decoded once by src/typetable.ts. Kept apart from the table so that the
// generator can use it before a table exists.
import type { EnumDef, FieldDef, StructDef, TypeDef, TypeTable, VariantDef, Via } from "./typetable.ts";

/**
 * The table as stored (src/generated/nativelink-types.json): tuples, and only what the walker reads,
 * so that it costs little in the bundle. decodeTable turns it into the shapes above.
 */
export interface StoredTable {
  version: string;
  root: string;
  types: Record<string, StoredType>;
}
export type StoredType =
  | [kind: "struct", deny: 0 | 1, via: Via, fields: StoredField[], flatten: string[], named?: string]
  | [kind: "enum", deny: 0 | 1, via: Via, repr: EnumDef["repr"], variants: StoredVariant[], tag?: string];
/** flags: 1 required, 2 nullable, 4 lenient. expand "none", int null and no aliases may be left out. */
export type StoredField = [name: string, type: string, flags: number, expand?: string, int?: string | null, aliases?: string[]];
export type StoredVariant = [name: string, payload: string | null, expand?: string | null, aliases?: string[]];

export function encodeTable(t: TypeTable): StoredTable {
  const types: Record<string, StoredType> = {};
  for (const [key, d] of Object.entries(t.types)) {
    if (d.kind === "struct") {
      const fields = d.fields.map((f): StoredField => {
        const out: StoredField = [f.name, f.type, (f.required ? 1 : 0) | (f.nullable ? 2 : 0) | (f.lenient ? 4 : 0)];
        if (f.aliases.length > 0) out.push(f.expand, f.int, f.aliases);
        else if (f.int !== null) out.push(f.expand, f.int);
        else if (f.expand !== "none") out.push(f.expand);
        return out;
      });
      types[key] = d.named === undefined ? ["struct", d.deny ? 1 : 0, d.via, fields, d.flatten] : ["struct", d.deny ? 1 : 0, d.via, fields, d.flatten, d.named];
    } else {
      const variants = d.variants.map((v): StoredVariant => {
        const out: StoredVariant = [v.name, v.payload];
        if (v.aliases.length > 0) out.push(v.expand ?? null, v.aliases);
        else if (v.expand !== undefined) out.push(v.expand);
        return out;
      });
      types[key] = d.tag === undefined ? ["enum", d.deny ? 1 : 0, d.via, d.repr, variants] : ["enum", d.deny ? 1 : 0, d.via, d.repr, variants, d.tag];
    }
  }
  return { version: t.version, root: t.root, types };
}

export function decodeTable(s: StoredTable): TypeTable {
  const types: Record<string, TypeDef> = {};
  for (const [key, d] of Object.entries(s.types)) {
    if (d[0] === "struct") {
      const [, deny, via, fields, flatten, named] = d;
      const def: StructDef = {
        kind: "struct",
        deny: deny === 1,
        via,
        fields: fields.map(([name, type, flags, expand, int, aliases]): FieldDef => {
          const f: FieldDef = { name, aliases: aliases ?? [], type, required: (flags & 1) !== 0, nullable: (flags & 2) !== 0, expand: expand ?? "none", int: int ?? null };
          if ((flags & 4) !== 0) f.lenient = true;
          return f;
        }),
        flatten,
      };
      if (named !== undefined) def.named = named;
      types[key] = def;
    } else {
      const [, deny, via, repr, variants, tag] = d;
      const def: EnumDef = {
        kind: "enum",
        deny: deny === 1,
        via,
        repr,
        variants: variants.map(([name, payload, expand, aliases]): VariantDef => {
          const v: VariantDef = { name, aliases: aliases ?? [], payload };
          if (expand !== undefined && expand !== null) v.expand = expand;
          return v;
        }),
      };
      if (tag !== undefined) def.tag = tag;
      types[key] = def;
    }
  }
  return { version: s.version, root: s.root, types };
}

