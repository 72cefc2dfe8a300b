// Walks the generated type table to build, for every struct NativeLink reads, a minimal config that
// holds it, so a test can put any value into any field and see what the engine says.
import type { EnumDef, FieldDef, StructDef, TypeRef } from "../../src/typetable.ts";
import { ROOT_TYPE, parseTypeRef, structFields, typeDef } from "../../src/typetable.ts";

/** A config being built: plain data, where PLACE marks the value under test. */
export const PLACE = "\u0000PLACE\u0000";

interface Hop {
  parent: string;
  /** Builds the parent's object around the child object; returns it and the child's pointer suffix. */
  wrap: (child: Record<string, unknown>) => { obj: unknown; tokens: string[] };
  buffered: boolean;
}

/** The smallest value serde accepts for a type (undefined when the type cannot be built without recursion). */
export function minimal(ref: TypeRef, stack: Set<string> = new Set()): unknown {
  switch (ref.k) {
    case "option":
      return null;
    case "array":
      return [];
    case "map":
      return {};
    case "prim":
      return ref.name === "string" ? "x" : ref.name === "bool" ? false : 1;
    case "ref": {
      if (stack.has(ref.name)) return undefined;
      const def = typeDef(ref.name);
      if (!def) return undefined;
      const inner = new Set(stack).add(ref.name);
      return def.kind === "struct" ? minimalStruct(def, inner) : minimalEnum(def, inner);
    }
  }
}

function minimalStruct(def: StructDef, stack: Set<string>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (def.named) {
    out.name = "n";
    const v = minimalEnum(typeDef(def.named) as EnumDef, stack);
    if (v === undefined || typeof v !== "object") return undefined;
    Object.assign(out, v);
  }
  for (const f of structFields(def)) {
    if (!f.required) continue;
    const v = minimal(parseTypeRef(f.type), stack);
    if (v === undefined) return undefined;
    out[f.name] = v;
  }
  return out;
}

function minimalEnum(def: EnumDef, stack: Set<string>): unknown {
  if (def.repr === "unit_strings") return def.variants[0]?.name;
  const order = def.repr === "untagged" ? [...def.variants].sort((a) => (a.payload?.startsWith("array<") ? -1 : 1)) : def.variants;
  for (const v of order) {
    if (v.payload === null) {
      if (def.repr === "external") return { [v.name]: null };
      continue;
    }
    const p = minimal(parseTypeRef(v.payload), stack);
    if (p === undefined) continue;
    if (def.repr === "external") return { [v.name]: p };
    if (def.repr === "untagged") return p;
    // internally tagged
    return { [def.tag ?? "provider"]: v.name, ...(p as object) };
  }
  return undefined;
}

/** The struct or enum types a type reference leads to, with how to wrap a value of that type. */
function unwrap(ref: TypeRef, wrapAt: (v: unknown) => { obj: unknown; tokens: string[] } = (v) => ({ obj: v, tokens: [] })): { name: string; wrap: (v: unknown) => { obj: unknown; tokens: string[] } } | undefined {
  switch (ref.k) {
    case "option":
      return unwrap(ref.inner, wrapAt);
    case "array":
      return unwrap(ref.inner, (v) => {
        const w = wrapAt([v]);
        return { obj: w.obj, tokens: [...w.tokens, "0"] };
      });
    case "map":
      return unwrap(ref.inner, (v) => {
        const w = wrapAt({ k: v });
        return { obj: w.obj, tokens: [...w.tokens, "k"] };
      });
    case "prim":
      return undefined;
    case "ref":
      return { name: ref.name, wrap: wrapAt };
  }
}

/** For every struct reachable from the root, the hop from the struct that first leads to it. */
function hops(): Map<string, Hop | null> {
  const seen = new Map<string, Hop | null>([[ROOT_TYPE, null]]);
  const queue = [ROOT_TYPE];
  const bufferedOf = new Map<string, boolean>([[ROOT_TYPE, false]]);
  const visit = (parent: string, child: string, wrap: Hop["wrap"], buffered: boolean) => {
    if (seen.has(child)) return;
    seen.set(child, { parent, wrap, buffered });
    bufferedOf.set(child, buffered);
    queue.push(child);
  };
  while (queue.length > 0) {
    const name = queue.shift()!;
    const def = typeDef(name)!;
    const buffered = bufferedOf.get(name)!;
    if (def.kind === "struct") {
      const base = minimal({ k: "ref", name }) as Record<string, unknown>;
      if (def.named) {
        const spec = typeDef(def.named) as EnumDef;
        for (const v of spec.variants) {
          if (!v.payload) continue;
          const u = unwrap(parseTypeRef(v.payload));
          if (!u) continue;
          visit(name, u.name, (child) => {
            const w = u.wrap(child);
            return { obj: { name: "n", [v.name]: w.obj }, tokens: [v.name, ...w.tokens] };
          }, true);
        }
      }
      for (const f of structFields(def)) {
        const u = unwrap(parseTypeRef(f.type));
        if (!u) continue;
        visit(name, u.name, (child) => {
          const w = u.wrap(child);
          return { obj: { ...base, [f.name]: w.obj }, tokens: [f.name, ...w.tokens] };
        }, buffered);
      }
    } else {
      for (const v of def.variants) {
        if (!v.payload) continue;
        const u = unwrap(parseTypeRef(v.payload));
        if (!u) continue;
        if (def.repr === "external") {
          visit(name, u.name, (child) => {
            const w = u.wrap(child);
            return { obj: { [v.name]: w.obj }, tokens: [v.name, ...w.tokens] };
          }, buffered);
        } else if (def.repr === "internal") {
          visit(name, u.name, (child) => ({ obj: { [def.tag ?? "provider"]: v.name, ...child }, tokens: [] }), true);
        } else if (def.repr === "untagged" && v.payload.startsWith("array<")) {
          visit(name, u.name, (child) => u.wrap(child), true);
        }
      }
    }
  }
  return seen;
}

/** The root config holding `obj` (an object of type `name`), and the pointer of `obj` in it. */
function embed(name: string, obj: Record<string, unknown>, links: Map<string, Hop | null>): { config: unknown; pointer: string } {
  let cur: unknown = obj;
  let tokens: string[] = [];
  let at = name;
  for (let hop = links.get(at); hop; hop = links.get(at)) {
    const w = hop.wrap(cur as Record<string, unknown>);
    cur = w.obj;
    tokens = [...w.tokens, ...tokens];
    at = hop.parent;
  }
  return { config: cur, pointer: tokens.map((t) => "/" + t.replace(/~/g, "~0").replace(/\//g, "~1")).join("") };
}

/** A struct reachable from the root, and a way to build a config with chosen fields set to PLACE. */
export interface StructSite {
  owner: string;
  fields: FieldDef[];
  /** True when serde reads the struct from a buffer (inside stores, schedulers, services entries). */
  buffered: boolean;
  /** JSON pointer of the struct in every config `build` makes. */
  pointer: string;
  build: (fields: readonly string[]) => unknown;
}

/** Every struct reachable from the root with its fields (flattened ones included), each once. */
export function structSites(): StructSite[] {
  const links = hops();
  const out: StructSite[] = [];
  for (const name of links.keys()) {
    const def = typeDef(name);
    if (!def || def.kind !== "struct") continue;
    const base = minimal({ k: "ref", name }) as Record<string, unknown> | undefined;
    if (!base) continue;
    // The walker's own notion: buffered below a named entry, an internal tag or an untagged enum.
    let buffered = false;
    for (let at = name, hop = links.get(at); hop; at = hop.parent, hop = links.get(at)) buffered ||= hop.buffered;
    const build = (fields: readonly string[]) => embed(name, { ...base, ...Object.fromEntries(fields.map((f) => [f, PLACE])) }, links);
    out.push({ owner: name, fields: [...structFields(def)], buffered, pointer: build([]).pointer, build: (fields) => build(fields).config });
  }
  return out;
}

/** JSON5 text of a built config with `literal` written where PLACE is. */
export function render(config: unknown, literal: string): string {
  return JSON.stringify(config, null, 1).replaceAll(JSON.stringify(PLACE), () => literal);
}
