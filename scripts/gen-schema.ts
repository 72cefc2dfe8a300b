// Generates the walker's type table (src/generated/nativelink-types.json), its TypeScript types
// (src/generated/nativelink-types.ts) and the published JSON Schema (schemas/nativelink-config.schema.json) from the NativeLink v1.6.6 config model
// (test/fixtures/reference/nativelink-1.6.6-model.json, a copy of ../shared/reference, mirrored from nativelink-config/src/*.rs).
// Usage: npx tsx scripts/gen-schema.ts [path/to/model.json]
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DESCRIPTIONS } from "./schema-descriptions.ts";
import type { EnumDef, FieldDef, TypeDef, TypeTable, VariantDef, Via } from "../src/typetable.ts";
import { encodeTable } from "../src/typetable-codec.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_MODEL_PATH = resolve(PROJECT_ROOT, "test/fixtures/reference/nativelink-1.6.6-model.json");
export const TYPES_OUT = resolve(PROJECT_ROOT, "src/generated/nativelink-types.json");
export const SCHEMA_OUT = resolve(PROJECT_ROOT, "schemas/nativelink-config.schema.json");
export const TS_OUT = resolve(PROJECT_ROOT, "src/generated/nativelink-types.ts");
export const SCHEMA_ID =
  "https://github.com/nativelink-preflight/nativelink-preflight/schemas/nativelink-config.schema.json";

// ---------------------------------------------------------------------------------------------
// The model (only the parts read here)

interface ModelField {
  name: string;
  aliases: string[];
  type: string;
  via_type?: string;
  required: boolean;
  nullable: boolean;
  shellexpand: string;
  integer_range?: string;
  number_type?: string;
  default?: unknown;
  doc_default?: string;
  value_forms: { json_types: string[] };
}
interface ModelVariant {
  name: string;
  aliases: string[];
  payload: string | null;
  shellexpand?: string;
}
interface ModelType {
  kind: "struct" | "enum";
  template?: boolean;
  deny_unknown_fields: boolean;
  deserialized_via: string[];
  fields?: ModelField[];
  flatten?: { rust_field: string; type: string }[];
  representation?: string;
  variants?: ModelVariant[];
}
export interface Model {
  version: string;
  root: string;
  types: Record<string, ModelType>;
  counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Output 1: the walker's type table

// The table's shape is defined once, beside the code that reads it.
type TableField = FieldDef;
type TableVariant = VariantDef;
type TableType = TypeDef;

type TypeNode =
  | { k: "prim"; name: "string" | "bool" | "integer" | "number" | "duration" | "data_size" }
  | { k: "ref"; key: string }
  | { k: "array"; of: TypeNode }
  | { k: "map"; of: TypeNode }
  | { k: "option"; of: TypeNode };

const PRIMS = new Set(["string", "bool", "integer", "number", "duration", "data_size"]);

/** Parses the model's type grammar; type keys win over generic wrappers (`WithInstanceName<X>`). */
function parseType(s: string, keys: ReadonlySet<string>): TypeNode {
  if (keys.has(s)) return { k: "ref", key: s };
  for (const [prefix, k] of [
    ["option<", "option"],
    ["array<", "array"],
    ["map<string,", "map"],
  ] as const) {
    if (s.startsWith(prefix) && s.endsWith(">")) {
      return { k, of: parseType(s.slice(prefix.length, -1), keys) };
    }
  }
  if (PRIMS.has(s)) return { k: "prim", name: s as "string" };
  throw new Error(`model type '${s}' is neither a primitive nor a known type key`);
}

/** The type the deserializer really uses: services.* go through the back-compat untagged enums. */
function fieldType(f: ModelField): string {
  return f.via_type ?? f.type;
}

function via(t: ModelType, key: string): Via {
  const v = [...t.deserialized_via].sort().join(",");
  if (v === "direct") return "direct";
  if (v === "buffered") return "buffered";
  if (v === "buffered,direct") return "both";
  throw new Error(`${key}: unexpected deserialized_via ${JSON.stringify(t.deserialized_via)}`);
}

type Repr = "external" | "internal" | "untagged" | "unit_strings";
function repr(t: ModelType, key: string): { repr: Repr; tag?: string } {
  const r = t.representation ?? "";
  const m = /^internal\(tag=(\w+)\)$/.exec(r);
  if (m) return { repr: "internal", tag: m[1] };
  if (r === "external" || r === "untagged" || r === "unit_strings") return { repr: r };
  throw new Error(`${key}: unexpected representation '${r}'`);
}

/** The model's type under `key`; a key the model does not define is a bug in the model or this script. */
function modelType(model: Model, key: string): ModelType {
  const t = model.types[key];
  if (t === undefined) throw new Error(`'${key}' is not a type key of the model`);
  return t;
}

export function buildTypeTable(model: Model): TypeTable {
  const keys = new Set(Object.keys(model.types));
  const types: Record<string, TableType> = {};
  for (const [key, t] of Object.entries(model.types)) {
    if (t.template) continue;
    if (t.kind === "struct") {
      const fields = (t.fields ?? []).map((f): TableField => {
        const type = fieldType(f);
        parseType(type, keys); // validates every reference
        const out: TableField = {
          name: f.name,
          aliases: [...f.aliases],
          type,
          required: f.required,
          nullable: f.nullable,
          expand: f.shellexpand,
          int: f.integer_range ?? null,
        };
        if ("default" in f) out.default = f.default;
        if (isLenientInteger(f, parseType(type, keys))) out.lenient = true;
        return out;
      });
      const flatten = (t.flatten ?? []).map((fl) => {
        if (!keys.has(fl.type)) throw new Error(`${key}: flattened type '${fl.type}' is not a type key`);
        return fl.type;
      });
      const entry: TableType = { kind: "struct", deny: t.deny_unknown_fields, via: via(t, key), fields, flatten };
      const named = flatten.find((fk) => modelType(model, fk).kind === "enum");
      if (named !== undefined) {
        if (modelType(model, named).representation !== "external") throw new Error(`${key}: flattened enum must be external`);
        entry.named = named;
      }
      types[key] = entry;
    } else {
      const variants = (t.variants ?? []).map((v): TableVariant => {
        if (v.payload !== null) parseType(v.payload, keys);
        const out: TableVariant = { name: v.name, aliases: [...v.aliases], payload: v.payload };
        if (v.shellexpand !== undefined && v.shellexpand !== "none") out.expand = v.shellexpand;
        return out;
      });
      const r = repr(t, key);
      const entry: TableType = { kind: "enum", deny: t.deny_unknown_fields, via: via(t, key), repr: r.repr, variants };
      if (r.tag !== undefined) entry.tag = r.tag;
      types[key] = entry;
    }
  }
  return { version: model.version, root: model.root, types };
}

/** Counts comparable with model.json `counts` (templates excluded). */
export function countTable(table: TypeTable): { types: number; structs: number; enums: number; fields_incl_flatten_members: number; variants: number } {
  let structs = 0, enums = 0, fields = 0, variants = 0;
  for (const t of Object.values(table.types)) {
    if (t.kind === "struct") {
      structs++;
      fields += t.fields.length + t.flatten.length;
    } else {
      enums++;
      variants += t.variants.length;
    }
  }
  return { types: structs + enums, structs, enums, fields_incl_flatten_members: fields, variants };
}

// ---------------------------------------------------------------------------------------------
// Output 2: the JSON Schema (draft-07)

type Schema = Record<string, unknown>;

export function defName(key: string): string {
  return key.replace(/::/g, ".").replace(/</g, "_").replace(/>/g, "").replace(/,\s*/g, "_");
}
const ref = (key: string): Schema => ({ $ref: `#/definitions/${defName(key)}` });

// Raw-form string patterns. Every one also admits any string containing "$" (a ${VAR} that the
// engine expands before validating the normalised copy; editors see the raw text).
export const PATTERNS = {
  integer: "^\\s*[+-]?[0-9]+\\s*$|\\$",
  optionalInteger: "^(\\s*[+-]?[0-9]+\\s*|\\s+)$|\\$",
  bool: "^\\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\\s*$|\\$",
  duration: "^\\s*[0-9]+\\s*[A-Za-zµ]+(\\s*[0-9]+\\s*[A-Za-zµ]+)*\\s*$|\\$",
  dataSize: "^\\s*[0-9]+(\\.[0-9]+)?\\s*[A-Za-z]*\\s*$|\\$",
} as const;

/** Range keywords for a Rust integer type. 64-bit bounds are left out: they are not exact JSON/JS doubles. */
function range(int: string | undefined, forceNonNegative = false): Schema {
  switch (int) {
    case "u8":
      return { minimum: 0, maximum: 255 };
    case "u16":
      return { minimum: 0, maximum: 65535 };
    case "u32":
      return { minimum: 0, maximum: 4294967295 };
    case "i32":
      return { minimum: -2147483648, maximum: 2147483647 };
    case "u64":
    case "usize":
      return { minimum: 0 };
    case "i64":
    case undefined:
      return forceNonNegative ? { minimum: 0 } : {};
    default:
      throw new Error(`unknown integer_range '${int}'`);
  }
}
function rangeText(int: string | undefined): string {
  switch (int) {
    case "u32":
      return " Must fit u32 (0 to 4294967295).";
    case "u64":
    case "usize":
      return ` Non-negative (${int}).`;
    case "i64":
      return " May be negative (i64).";
    default:
      return "";
  }
}

interface Facts {
  shellexpand: string;
  int?: string;
  lenient?: boolean;
}

/** Schema of a value (never null), from the model grammar plus the field's helper facts. */
function valueSchema(node: TypeNode, facts: Facts): Schema {
  switch (node.k) {
    case "ref":
      return ref(node.key);
    case "option":
      return valueSchema(node.of, facts);
    case "array":
      return {
        type: "array",
        items: valueSchema(node.of, { shellexpand: facts.shellexpand === "vec_string" ? "string" : "none" }),
      };
    case "map":
      return { type: "object", additionalProperties: valueSchema(node.of, { shellexpand: "none" }) };
    case "prim":
      switch (node.name) {
        case "string":
          return { type: "string" };
        case "number":
          return { type: "number" };
        case "bool":
          return facts.shellexpand === "bool"
            ? { type: ["boolean", "string"], pattern: PATTERNS.bool }
            : { type: "boolean" };
        case "integer":
          if (facts.shellexpand === "numeric" || facts.shellexpand === "optional_numeric") {
            return {
              type: ["integer", "string"],
              ...range(facts.int),
              pattern: facts.shellexpand === "numeric" ? PATTERNS.integer : PATTERNS.optionalInteger,
            };
          }
          if (facts.shellexpand !== "none") throw new Error(`integer with helper ${facts.shellexpand}`);
          // Helper-less integers read on the direct path accept any JSON number (cast with `as`).
          return facts.lenient ? { type: "number" } : { type: "integer", ...range(facts.int) };
        case "duration":
          return {
            type: ["integer", "string"],
            ...(facts.shellexpand === "duration_allow_negative" ? range(facts.int) : range(facts.int, true)),
            pattern: PATTERNS.duration,
          };
        case "data_size":
          return { type: ["integer", "string"], ...range(facts.int, true), pattern: PATTERNS.dataSize };
      }
  }
}

function addNull(s: Schema): Schema {
  if ("$ref" in s) return { anyOf: [s, { type: "null" }] };
  const t = s.type;
  const types: unknown[] = Array.isArray(t) ? t : [t];
  return { ...s, type: [...types, "null"] };
}

/** Puts a description (and default) beside a schema; `$ref` is wrapped in allOf so draft-07 keeps siblings. */
function describe(s: Schema, description: string, extra: Schema = {}): Schema {
  if ("$ref" in s) return { description, allOf: [s], ...extra };
  return { description, ...s, ...extra };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}
function typeWords(node: TypeNode): string {
  switch (node.k) {
    case "ref":
      return `${article(node.key)} ${node.key} value`;
    case "option":
      return typeWords(node.of);
    case "array":
      return `a list of ${plural(node.of)}`;
    case "map":
      return `an object whose values are ${plural(node.of)}`;
    case "prim":
      return { string: "a string", bool: "a boolean", integer: "an integer", number: "a number", duration: "a duration", data_size: "a data size" }[node.name];
  }
}
function plural(node: TypeNode): string {
  if (node.k === "ref") return `${node.key} values`;
  if (node.k === "prim") return { string: "strings", bool: "booleans", integer: "integers", number: "numbers", duration: "durations", data_size: "data sizes" }[node.name];
  return typeWords(node);
}

// A runtime default recorded in the model that is a bare value ("4 MiB", "10 seconds", "\"/status\"",
// "unlimited", "false"), optionally followed by a short parenthetical ("10000 (10 seconds)").
const SIMPLE_VALUE =
  /^([0-9][0-9.,*]*\s*[A-Za-z]*( [A-Za-z]+)?|"[^"]*"|true|false|unlimited)( \([^()]{1,24}\))?$/i;
// Runtime defaults left out on purpose: NativeLink documents milliseconds but parses whole seconds.
const NO_RUNTIME_DEFAULT = new Set(["ExperimentalGcsSpec.connection_timeout_s", "ExperimentalGcsSpec.read_timeout_s"]);

function formatDefault(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return "unset";
  if (v === "") return '"" (empty)';
  if (typeof v === "object" && !Array.isArray(v)) {
    return Object.keys(v).length === 0 ? "{} (empty)" : "every sub-field at its own default";
  }
  if (Array.isArray(v) && v.length === 0) return "[] (empty)";
  return JSON.stringify(v);
}

/** The generated part of a field description: value forms, range, expansion, requiredness, default. */
function fieldFacts(owner: string, f: ModelField, node: TypeNode, lenient: boolean): string {
  const inner = node.k === "option" ? node.of : node;
  const parts: string[] = [];
  const sx = f.shellexpand;
  if (inner.k === "prim" && inner.name === "duration") {
    parts.push(
      'Duration: whole seconds as an integer, or a humantime string with a unit such as "30s", "5m" or "1h 30m" (a bare "300" is rejected).' +
        (sx === "duration_allow_negative" ? " Negative values are allowed." : ""),
    );
  } else if (inner.k === "prim" && inner.name === "data_size") {
    parts.push(
      'Data size: a byte count as an integer, or a string such as "64KiB", "10MB" or "1GiB" (KB/MB/GB count in 1000s, KiB/MiB/GiB in 1024s, case-insensitive).',
    );
  } else if (sx === "numeric" || sx === "optional_numeric") {
    parts.push('Integer, or a string holding a plain integer such as "42" (no fractions, no hex).');
    if (sx === "optional_numeric") parts.push("A blank string counts as unset; an empty string is rejected.");
  } else if (sx === "bool") {
    parts.push('Boolean, or the string "true" or "false" in any letter case.');
  } else if (inner.k === "prim" && inner.name === "integer" && lenient) {
    parts.push("Number; NativeLink truncates fractions and turns negatives into 0 here, so write a non-negative integer.");
  } else if (inner.k === "prim" && inner.name === "integer") {
    parts.push("Integer (a JSON number; strings are rejected).");
  } else if (inner.k === "prim" && inner.name === "number") {
    parts.push("Number (fractions allowed; strings are rejected).");
  } else if (inner.k !== "ref") {
    const w = typeWords(inner);
    parts.push(w.charAt(0).toUpperCase() + w.slice(1) + ".");
  } else {
    parts.push(`See ${inner.key}.`);
  }
  if (inner.k === "prim" && (inner.name === "integer" || inner.name === "duration" || inner.name === "data_size")) {
    parts.push(rangeText(f.integer_range).trim());
  }
  if (sx !== "none") {
    parts.push(
      sx === "vec_string"
        ? "${VAR} expansion applies to each item."
        : "${VAR} and ${VAR:-default} are expanded at load time.",
    );
  } else if (inner.k === "prim" && inner.name === "string") {
    parts.push("Taken literally (no ${VAR} expansion).");
  }
  if (f.aliases.length > 0) {
    parts.push(`Also accepted as ${f.aliases.map((a) => `\`${a}\``).join(", ")} (giving both is an error).`);
  }
  if (f.required && f.nullable) parts.push("Required key, but null is allowed and means unset.");
  else if (f.required) parts.push("Required.");
  else if (f.nullable) parts.push("null means unset.");
  if (!f.required) {
    const d = formatDefault(f.default);
    if (d !== undefined) parts.push(`Default: ${d}.`);
  }
  // The runtime substitute for a zero/unset value, when the model records a short one (e.g. "4 MiB").
  const raw = f.doc_default?.trim().replace(/\.$/, "");
  if (raw && SIMPLE_VALUE.test(raw) && !NO_RUNTIME_DEFAULT.has(`${owner}.${f.name}`)) {
    const dd = (/^(true|false|unlimited)$/i.test(raw) ? raw.toLowerCase() : raw).replace(/ \([^()]*default[^()]*\)$/i, "");
    const at = f.nullable ? "unset" : f.default === 0 ? "0" : f.default === "" ? '""' : undefined;
    const same = at !== undefined ? new RegExp(`^${at.replace(/"/g, '\\"')} \\((.*)\\)$`).exec(dd) : null;
    if (same) parts.push(`${at} means ${same[1]}.`);
    else if (at !== undefined && dd !== String(f.default)) parts.push(`NativeLink treats ${at} as ${dd}.`);
  }
  return parts.filter((p) => p !== "").join(" ");
}

interface Ctx {
  model: Model;
  keys: ReadonlySet<string>;
  used: Set<string>;
}

function hand(ctx: Ctx, key: string): string | undefined {
  // Members of WithInstanceName<X> share the template's text ("WithInstanceName<T>.instance_name").
  for (const k of [key, key.replace(/^WithInstanceName<[^>]+>\./, "WithInstanceName<T>.")]) {
    const d = DESCRIPTIONS[k];
    if (d !== undefined) {
      ctx.used.add(k);
      return d;
    }
  }
  return undefined;
}

/** A helper-less integer field read on the direct path: any JSON number is taken and cast with `as`. */
function isLenientInteger(f: ModelField, node: TypeNode): boolean {
  return f.shellexpand === "none" && node.k === "prim" && node.name === "integer" && f.value_forms.json_types.includes("number");
}

function fieldSchema(ctx: Ctx, owner: string, f: ModelField): Schema {
  const node = parseType(fieldType(f), ctx.keys);
  const lenient = isLenientInteger(f, node);
  let s = valueSchema(node, { shellexpand: f.shellexpand, int: f.integer_range, lenient });
  if (f.nullable) s = addNull(s);
  const own = hand(ctx, `${owner}.${f.name}`);
  const inner = node.k === "option" ? node.of : node;
  const fallback = inner.k === "ref" ? hand(ctx, inner.key) : undefined;
  const text = [own ?? fallback, fieldFacts(owner, f, node, lenient)].filter(Boolean).join(" ");
  const extra: Schema = {};
  if (!f.required && "default" in f) extra.default = f.default;
  return describe(s, text, extra);
}

function aliasDescription(f: ModelField, alias: string, canonical: string): string {
  const also = `Also accepted as ${f.aliases.map((a) => `\`${a}\``).join(", ")} (giving both is an error). `;
  return `Older name of \`${f.name}\` (\`${alias}\`); giving both is an error. ${canonical.replace(also, "")}`;
}

/** Properties/required of a struct, flattened struct members merged in declaration order. */
function structMembers(ctx: Ctx, key: string): { properties: Schema; required: string[]; allFields: ModelField[] } {
  const t = modelType(ctx.model, key);
  const properties: Schema = {};
  const required: string[] = [];
  const allFields: ModelField[] = [];
  const add = (owner: string, f: ModelField) => {
    const s = fieldSchema(ctx, owner, f);
    for (const n of [f.name, ...f.aliases]) {
      if (n in properties) throw new Error(`${key}: duplicate property '${n}'`);
      properties[n] = n === f.name ? s : { ...s, description: aliasDescription(f, n, s.description as string) };
    }
    if (f.required) {
      if (f.aliases.length > 0) throw new Error(`${key}.${f.name}: required field with aliases needs anyOf-required`);
      required.push(f.name);
    }
    allFields.push(f);
  };
  for (const f of t.fields ?? []) add(key, f);
  for (const fl of t.flatten ?? []) {
    const m = modelType(ctx.model, fl.type);
    if (m.kind !== "struct") continue; // flattened enums are handled by the caller
    for (const f of m.fields ?? []) add(fl.type, f);
    if ((m.flatten ?? []).length > 0) throw new Error(`${key}: nested flatten is not supported`);
  }
  return { properties, required, allFields };
}

/** Object form of an externally tagged enum's variants: one property per variant name. */
function variantProperties(ctx: Ctx, key: string): Schema {
  const t = modelType(ctx.model, key);
  const props: Schema = {};
  for (const v of t.variants ?? []) {
    const own = hand(ctx, `${key}.${v.name}`);
    if (v.payload === null) {
      props[v.name] = { description: [own, `Unit variant: \`"${v.name}"\` or \`{"${v.name}": null}\`.`].filter(Boolean).join(" "), type: "null" };
      continue;
    }
    const node = parseType(v.payload, ctx.keys);
    const s = valueSchema(node, { shellexpand: v.shellexpand ?? "none" });
    const facts =
      node.k === "ref"
        ? `Payload: ${node.key}.`
        : `Payload: ${typeWords(node)}${v.shellexpand && v.shellexpand !== "none" ? " (${VAR} expansion applies)" : ""}.`;
    props[v.name] = describe(s, [own ?? (node.k === "ref" ? hand(ctx, node.key) : undefined), facts].filter(Boolean).join(" "));
  }
  return props;
}

function unknownKeysText(additional: boolean): string {
  return additional ? "Unknown keys are ignored by NativeLink." : "Unknown keys are rejected.";
}

function structDefinition(ctx: Ctx, key: string): Schema {
  const t = modelType(ctx.model, key);
  const summary = hand(ctx, key);
  if (key === "NoopSpec") {
    return {
      description: summary ?? "Accepts any object or array.",
      type: ["object", "array"],
    };
  }
  const { properties, required } = structMembers(ctx, key);
  const flattenedEnum = (t.flatten ?? []).map((f) => f.type).find((k) => modelType(ctx.model, k).kind === "enum");
  const isWithInstance = key.startsWith("WithInstanceName<");
  const strictByChoice = flattenedEnum !== undefined || isWithInstance;
  const additional = !(t.deny_unknown_fields || strictByChoice);
  const names = Object.keys(properties);
  const def: Schema = {};

  if (flattenedEnum !== undefined) {
    // StoreConfig / SchedulerConfig: name + exactly one variant key of the flattened enum.
    const vprops = variantProperties(ctx, flattenedEnum);
    const kinds = Object.keys(vprops);
    def.description = `${summary ?? `Named ${flattenedEnum}.`} Allowed kinds: ${kinds.join(", ")}.`;
    def.$comment =
      `Exactly one ${flattenedEnum} key besides \`name\`: with additionalProperties false and \`name\` required, ` +
      "minProperties/maxProperties 2 means exactly one kind key. This gives one clear ajv error (minProperties: no kind; " +
      "maxProperties: two kinds) instead of a oneOf over every kind. Stricter than NativeLink, which uses the first kind key " +
      "in document order and ignores all other keys; the engine drops those keys before validating.";
    def.type = "object";
    def.properties = { ...properties, ...vprops };
    def.required = required;
    def.minProperties = 2;
    def.maxProperties = 2;
    def.additionalProperties = false;
    return def;
  }

  def.description =
    (summary ?? (isWithInstance ? `One ${t.flatten?.[0]?.type} service entry.` : `${key} settings.`)) +
    (names.length > 0 ? ` Keys: ${names.join(", ")}.` : "") +
    " " +
    unknownKeysText(additional) +
    (isWithInstance ? " (In this array form NativeLink ignores unknown keys; this schema rejects them.)" : "");
  if (isWithInstance) {
    def.$comment =
      "WithInstanceName<T>: optional instance_name plus T's fields flattened. NativeLink ignores unknown keys here " +
      "(flatten hides T's deny_unknown_fields); the schema forbids them on purpose because the engine drops them first.";
  }
  if (key === "CommonObjectSpec") {
    def.$comment = "Only used flattened into the six cloud provider structs, which reject unknown keys.";
  }
  def.type = "object";
  def.properties = properties;
  if (required.length > 0) def.required = required;
  def.additionalProperties = additional;
  return def;
}

function enumDefinition(ctx: Ctx, key: string): Schema {
  const t = modelType(ctx.model, key);
  const variants = t.variants ?? [];
  const summary = hand(ctx, key);
  const names = variants.map((v) => v.name);
  const r = repr(t, key);

  if (r.repr === "external" || r.repr === "unit_strings") {
    const units = variants.filter((v) => v.payload === null).map((v) => v.name);
    const objectForm: Schema = {
      type: "object",
      properties: variantProperties(ctx, key),
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
    };
    const forms =
      units.length === variants.length
        ? `One of the strings ${names.map((n) => `"${n}"`).join(", ")} (or the object form {"<name>": null}).`
        : units.length > 0
          ? `An object with exactly one key (${names.join(", ")}); the unit variants ${units.map((n) => `"${n}"`).join(", ")} may also be written as a bare string.`
          : `An object with exactly one key: ${names.join(", ")}.`;
    const description = [summary, forms].filter(Boolean).join(" ");
    if (units.length === 0) return { description, ...objectForm };
    return {
      description,
      $comment: "anyOf branches are told apart by JSON type (string vs object): report the errors of the branch matching the data's type.",
      anyOf: [{ type: "string", enum: units }, objectForm],
    };
  }

  if (r.repr === "untagged") {
    // Back-compat enums: current array form and deprecated object form (map, or OldByteStreamConfig).
    const branches = variants.map((v) => {
      if (v.payload === null) throw new Error(`${key}: untagged unit variant`);
      return { name: v.name, node: parseType(v.payload, ctx.keys) };
    });
    branches.sort((a, b) => Number(b.node.k === "array") - Number(a.node.k === "array"));
    const isByteStream = key === "ByteStreamKind";
    const current = branches.find((b) => b.node.k === "array");
    const item = current && current.node.k === "array" && current.node.of.k === "ref" ? current.node.of.key : "?";
    const description =
      (summary ?? "") +
      `Either the current form, a list of ${item} entries (one per instance name), or the deprecated object form ` +
      (isByteStream
        ? "{cas_stores: {<instance_name>: <store name>}, ...} (OldByteStreamConfig)."
        : "keyed by instance name, whose values reject unknown keys.") +
      " NativeLink logs a deprecation warning for the object form.";
    return {
      description,
      $comment: "anyOf branches are told apart by JSON type (array vs object).",
      anyOf: branches.map((b) => valueSchema(b.node, { shellexpand: "none" })),
    };
  }

  // Internally tagged (ExperimentalCloudObjectSpec, tag "provider").
  const tag = r.tag as string;
  const branches = variants.map((v) => {
    if (v.payload === null || !ctx.keys.has(v.payload)) throw new Error(`${key}: internal variant needs a struct payload`);
    const payloadKey = v.payload;
    const { properties, required } = structMembers(ctx, payloadKey);
    if (tag in properties) throw new Error(`${key}: payload ${payloadKey} already has '${tag}'`);
    const props: Schema = { [tag]: { const: v.name } };
    for (const n of Object.keys(properties)) {
      props[n] = { $ref: `#/definitions/${defName(payloadKey)}/properties/${n}` };
    }
    return {
      if: { properties: { [tag]: { const: v.name } }, required: [tag] },
      then: {
        description: `${tag} "${v.name}": the keys of ${payloadKey} (including the shared cloud settings) and \`${tag}\`.`,
        properties: props,
        required: [tag, ...required],
        additionalProperties: false,
      },
    };
  });
  return {
    description:
      (summary ? summary + " " : "") +
      `Required \`${tag}\`: ${names.map((n) => `"${n}"`).join(", ")} (case-sensitive). The other keys are those of the matching provider struct; unknown keys are rejected.`,
    $comment:
      `Internally tagged on '${tag}'. One if/then per ${tag} value (allOf), so ajv only reports errors of the branch ` +
      `whose ${tag} matches; each then-branch lists its own allowed keys (provider fields, the flattened CommonObjectSpec ` +
      `fields and '${tag}') with additionalProperties false. Field schemas are $refs into the provider struct definitions.`,
    type: "object",
    properties: {
      [tag]: {
        description: `Which cloud backend to use: ${names.join(", ")}.`,
        type: "string",
        enum: names,
      },
    },
    required: [tag],
    allOf: branches,
  };
}

export function buildSchema(model: Model): Schema {
  const keys = new Set(Object.keys(model.types));
  const ctx: Ctx = { model, keys, used: new Set() };
  const definitions: Schema = {};
  for (const [key, t] of Object.entries(model.types)) {
    if (t.template) continue;
    const name = defName(key);
    if (name in definitions) throw new Error(`definition name clash: ${name}`);
    definitions[name] = t.kind === "struct" ? structDefinition(ctx, key) : enumDefinition(ctx, key);
  }
  // No "$schema" property at the root: NativeLink rejects it as an unknown field, so an editor
  // must flag it too. Editors map the schema by file pattern instead (see README).
  const unused = Object.keys(DESCRIPTIONS).filter((k) => !ctx.used.has(k));
  if (unused.length > 0) throw new Error(`schema-descriptions.ts keys that match nothing: ${unused.join(", ")}`);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: `NativeLink v${model.version} configuration`,
    description: `Configuration file of NativeLink v${model.version} (CasConfig), in its canonical form. Generated by nativelink-preflight from a model of nativelink-config's serde types.`,
    $comment: [
      "Generated by scripts/gen-schema.ts; do not edit.",
      "Canonical strict form: NativeLink also accepts positional arrays for structs, extra keys in stores[]/schedulers[] entries, service array items and direct-path enum objects, which this schema rejects (the engine normalises them away before validating).",
      "Helper fields accept both their raw forms (numeric/duration/data-size/bool strings, anything containing '$') and their converted forms (integers, booleans).",
      "Every anyOf has branches with disjoint JSON types, so errors can be attributed by the data's type.",
      "u64/usize/i64 upper bounds are not expressed: they are not exact in JSON/JS numbers.",
      "The root has no \"$schema\" property because NativeLink rejects unknown top-level keys; map this schema to config files in the editor's settings instead.",
    ].join(" "),
    allOf: [ref(model.root)],
    definitions,
  };
}

// ---------------------------------------------------------------------------------------------
// Output 3: TypeScript types of the values the walker reads, and Located<T>

/** A TypeScript name for a type key: `stores::GrpcSpec` → `StoresGrpcSpec`, `WithInstanceName<X>` → `WithInstanceNameX`. */
export function tsName(key: string): string {
  return key
    .split(/::|<|>|,\s*/)
    .filter((p) => p !== "")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

function tsType(node: TypeNode): string {
  switch (node.k) {
    case "prim":
      return node.name === "string" ? "string" : node.name === "bool" ? "boolean" : "number";
    case "ref":
      return tsName(node.key);
    case "array": {
      const inner = tsType(node.of);
      return /[ |&]/.test(inner) ? `(${inner})[]` : `${inner}[]`;
    }
    case "map":
      return `Record<string, ${tsType(node.of)}>`;
    case "option":
      return `${tsType(node.of)} | null`;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const prop = (name: string) => (IDENT.test(name) ? name : JSON.stringify(name));

function tsField(f: FieldDef, keys: ReadonlySet<string>): string {
  const node = parseType(f.type, keys);
  let t = tsType(node);
  if (f.nullable && node.k !== "option") t += " | null";
  const notes = [f.int ? `Rust ${f.int}` : "", f.expand !== "none" ? `\${VAR} expanded (${f.expand})` : "", f.aliases.length ? `also written ${f.aliases.join(", ")}` : ""].filter(Boolean);
  const doc = notes.length ? `  /** ${notes.join("; ")}. */\n` : "";
  return `${doc}  ${prop(f.name)}${f.required ? "" : "?"}: ${t};\n`;
}

/** The TypeScript module: an interface per struct, a union per enum, a key union per struct, Located<T>. */
export function buildTypeScript(table: TypeTable): string {
  const keys = new Set(Object.keys(table.types));
  let out =
    `// Generated by scripts/gen-schema.ts from the NativeLink v${table.version} type table; do not edit.\n` +
    "// The values as NativeLink reads them (after ${VAR} expansion and conversion): durations and data\n" +
    "// sizes are numbers, enums their variant names or single-key objects, positional structs objects.\n" +
    'import type { DocNode } from "../doc.ts";\n\n' +
    "/**\n * A value read from the config, with where and how it was written (the model's `str(node)` gives a\n" +
    " * Located<string>). Its span, range and key come from its node, on demand.\n */\n" +
    "export interface Located<T> {\n" +
    "  /** What NativeLink reads: expanded and converted (as written where NativeLink does not expand). */\n  value: T;\n" +
    "  /** The value's text as written in the file. */\n  raw: string;\n" +
    "  /** The document node it was read from. */\n  node: DocNode;\n" +
    "  /** The node's JSON pointer. */\n  at: string;\n" +
    "  /** The value depends on an unset variable (only with --lenient-env). */\n  unknown?: boolean;\n" +
    "  /** The ${VAR}s the text used. */\n  vars: readonly string[];\n}\n";
  const structKeys: string[] = [];
  const enumVariants: string[] = [];
  const enumTags: string[] = [];
  for (const [key, t] of Object.entries(table.types)) {
    const name = tsName(key);
    out += `\n/** ${key} (${t.kind === "struct" ? (t.deny ? "refuses unknown keys" : "ignores unknown keys") : `enum, ${t.repr}${t.tag ? ` on "${t.tag}"` : ""}`}). */\n`;
    if (t.kind === "struct") {
      const own = t.fields.map((f) => tsField(f, keys)).join("");
      // Every key the struct's object form takes: its fields, flattened ones too, and a named
      // entry's kinds (a stores[] entry takes name and one store kind).
      const fields = [...t.fields, ...t.flatten.flatMap((k) => { const d = table.types[k]; return d?.kind === "struct" ? d.fields : []; })];
      const kinds = t.named !== undefined ? (table.types[t.named] as EnumDef).variants.map((v) => v.name) : [];
      const names = [...fields.flatMap((f) => [f.name, ...f.aliases]), ...kinds];
      if (t.named !== undefined) {
        out += `export type ${name} = {\n${own}} & ${tsName(t.named)};\n`;
      } else {
        const bases = t.flatten.map(tsName);
        out += `export interface ${name}${bases.length ? ` extends ${bases.join(", ")}` : ""} {\n${own}}\n`;
      }
      out += `export type ${name}Key = ${names.length ? names.map((n) => JSON.stringify(n)).join(" | ") : "never"};\n`;
      structKeys.push(`  ${name}: ${name}Key;`);
    } else {
      const payload = (v: VariantDef) => (v.payload === null ? "null" : tsType(parseType(v.payload, keys)));
      let members: string[];
      switch (t.repr) {
        case "unit_strings":
          members = t.variants.map((v) => JSON.stringify(v.name));
          break;
        case "untagged":
          members = t.variants.map(payload);
          break;
        case "internal":
          members = t.variants.map((v) => `({ ${prop(t.tag ?? "type")}: ${JSON.stringify(v.name)} } & ${payload(v)})`);
          break;
        default:
          members = t.variants.map((v) => (v.payload === null ? JSON.stringify(v.name) : `{ ${prop(v.name)}: ${payload(v)} }`));
      }
      out += `export type ${name} =\n${members.map((m) => `  | ${m}`).join("\n")};\n`;
      out += `export type ${name}Variant = ${t.variants.map((v) => JSON.stringify(v.name)).join(" | ")};\n`;
      enumVariants.push(`  ${name}: ${name}Variant;`);
      if (t.repr === "internal") enumTags.push(`  ${name}: ${JSON.stringify(t.tag ?? "type")};`);
    }
  }
  out += `\n/** The keys each struct takes, by struct: \`field(node, "RefSpec", "name")\` checks the key at compile time. */\nexport interface StructKeys {\n${structKeys.join("\n")}\n}\n`;
  out += `\n/** The variant names each enum takes, by enum. */\nexport interface EnumVariants {\n${enumVariants.join("\n")}\n}\n`;
  out += `\n/** The key that names the variant of each internally tagged enum: \`tag(node, "ExperimentalCloudObjectSpec", "provider")\`. */\nexport interface EnumTags {\n${enumTags.join("\n")}\n}\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------

export function loadModel(path = DEFAULT_MODEL_PATH): Model {
  return JSON.parse(readFileSync(path, "utf8")) as Model;
}

export function render(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** The stored table, one type per line (it is reviewed in diffs, and read through src/typetable.ts). */
function renderTable(table: TypeTable): string {
  const stored = encodeTable(table);
  const lines = Object.entries(stored.types).map(([k, t]) => `    ${JSON.stringify(k)}: ${JSON.stringify(t)}`);
  return `{\n  "version": ${JSON.stringify(stored.version)},\n  "root": ${JSON.stringify(stored.root)},\n  "types": {\n${lines.join(",\n")}\n  }\n}\n`;
}

export function generate(model: Model): { types: string; schema: string; ts: string } {
  const table = buildTypeTable(model);
  return { types: renderTable(table), schema: render(buildSchema(model)), ts: buildTypeScript(table) };
}

function main(): void {
  const modelPath = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_MODEL_PATH;
  const model = loadModel(modelPath);
  const out = generate(model);
  mkdirSync(dirname(TYPES_OUT), { recursive: true });
  mkdirSync(dirname(SCHEMA_OUT), { recursive: true });
  writeFileSync(TYPES_OUT, out.types);
  writeFileSync(SCHEMA_OUT, out.schema);
  writeFileSync(TS_OUT, out.ts);
  const c = countTable(buildTypeTable(model));
  const m = model.counts;
  process.stdout.write(
    `wrote ${TYPES_OUT}, ${TS_OUT} and ${SCHEMA_OUT}\n` +
      `types ${c.types}/${m.types} (structs ${c.structs}/${m.structs}, enums ${c.enums}/${m.enums}), ` +
      `fields incl. flatten ${c.fields_incl_flatten_members}/${m.fields_incl_flatten_members}, variants ${c.variants}/${m.variants}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
