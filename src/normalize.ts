// Walks the document the way NativeLink's serde types read it: expands ${VAR} where NativeLink does,
// converts helper values, resolves enum variants, drops what NativeLink silently ignores, and checks
// every key and value against the type table (src/type-issues.ts says what it finds). Everything
// tolerated-but-odd becomes a diagnostic.
import type { DocNode, DocObject, DocArray, DocMember, DocNumber } from "./doc.ts";
import { atOrUnder, describeUnexpected, splitPointer, toPlain } from "./doc.ts";
import { withMembers } from "./doc-nodes.ts";
import { doc, type Typed } from "./typed.ts";
import type { CasConfig } from "./generated/nativelink-types.ts";
import type { Severity } from "./types.ts";
import type { EnumDef, FieldDef, StructDef, TypeRef, VariantDef } from "./typetable.ts";
import { ROOT_TYPE, fieldIndex, parseTypeRef, rustTypeName, structFields, typeDef, variantByName } from "./typetable.ts";
import type { EnvLookup, IntRange, JsonInput, ValueResult } from "./values/index.ts";
import { convertBool, convertDataSize, convertDuration, convertNumeric, convertString, referencedVars } from "./values/index.ts";
import { anyLiteralError, castDirectInteger, json5LiteralIsInt, INT_BOUNDS, JSON5_HEX_ERROR, JSON5_INTEGER_ERROR, JSON5_NUMBER_TOO_LARGE, jsonFloatLiteral } from "./values/index.ts";
import type { JsonKind, SchemaIssue } from "./type-issues.ts";
import { keepText } from "./flat.ts";
import { distanceAtMost } from "./suggest.ts";
import { enumIssue, rangeIssue, requiredIssue, serdeOneOf, typeIssue, unknownKeyIssue } from "./type-issues.ts";
export { serdeOneOf } from "./type-issues.ts";

export type DiagCode =
  | "key-duplicate"
  | "key-duplicate-map"
  | "key-ignored"
  | "struct-positional"
  | "variant-shape"
  | "variant-string-panic"
  | "env-defined"
  | "env-lenient"
  | "value-format"
  | "number-truncated"
  | "deprecated-services-map"
  | "deprecated-bytestream-form"
  | "bytestream-decoding-ignored";

export interface Diagnostic {
  code: DiagCode;
  at: string;
  node?: DocNode;
  target?: "key" | "value";
  message: string;
  nativelink?: string;
  hint?: string;
  severity?: Severity;
  /** Type issues at or below this pointer are redundant once this one is reported. */
  masksSchema?: boolean;
}

/** What the walker learned about one field occurrence. */
export interface FieldInfo {
  field: FieldDef;
  /** The struct (type key) the field belongs to. */
  owner: string;
  /** True inside store, scheduler and service subtrees, which serde reads from a buffer. */
  buffered: boolean;
}

/**
 * The field a list's items are read as (vec_string's items are strings), and the field a variant's
 * payload is read as: made once per field or variant, so that the per-field memos below (field infos,
 * expectations) hold for them too.
 */
const elementFields = new WeakMap<FieldDef, FieldDef>();
function elementField(field: FieldDef): FieldDef {
  let element = elementFields.get(field);
  if (!element) elementFields.set(field, (element = { ...field, expand: elementExpand(field.expand) }));
  return element;
}
const payloadFields = new WeakMap<VariantDef, FieldDef>();
function payloadField(v: VariantDef, payload: string): FieldDef {
  let f = payloadFields.get(v);
  if (!f) payloadFields.set(v, (f = { name: v.name, aliases: [], type: payload, required: true, nullable: false, expand: v.expand ?? "none", int: null }));
  return f;
}

/** One FieldInfo per field, owner and path: a config of thousands of values shares a few hundred. */
const fieldInfos = [new WeakMap<FieldDef, Map<string, FieldInfo>>(), new WeakMap<FieldDef, Map<string, FieldInfo>>()] as const;
function fieldInfo(field: FieldDef, owner: string, buffered: boolean): FieldInfo {
  const byField = fieldInfos[buffered ? 1 : 0];
  let byOwner = byField.get(field);
  if (!byOwner) byField.set(field, (byOwner = new Map<string, FieldInfo>()));
  let info = byOwner.get(owner);
  if (!info) byOwner.set(owner, (info = Object.freeze({ field, owner, buffered })));
  return info;
}

/** A value after expansion and conversion, with the variables it used. */
export interface ResolvedValue {
  raw: unknown;
  value: unknown;
  vars: { name: string; defaulted: boolean }[];
  /**
   * The value is not known: it depends on an unset variable, or NativeLink cannot convert it. A
   * finding (env-lenient, env-defined, value-format) already says why; rules that read the value skip it.
   */
  unknown?: boolean;
}

export interface Normalized {
  /**
   * The document as NativeLink reads it: a typed handle of the root (src/typed.ts), from which every
   * read of the model, the facts and the rules goes down by key; the values it converted are in
   * `values` (the model's `str()` makes a Located<string> of a node).
   */
  root: Typed<CasConfig>;
  /**
   * The canonical document, in the published JSON Schema's form: positional structs as objects,
   * helper values converted, what NativeLink ignores dropped, and the keys a struct refuses kept (so
   * that the schema refuses them too). Only tests read it: they validate it with the schema and
   * check that the schema's verdict and the walker's agree.
   */
  effective: unknown;
  diagnostics: Diagnostic[];
  /**
   * What the type table refuses: unknown and missing keys, values of the wrong JSON type, numbers
   * out of range. None at or below a value a diagnostic already refused.
   */
  issues: SchemaIssue[];
  /** Node → struct or enum type key of the object found there (a check empties it once its model is built). */
  typeAt: Map<DocNode, string>;
  /** Node → field info, for every field value the walker reached. */
  fieldAt: Map<DocNode, FieldInfo>;
  /** Node → expanded/converted value for every helper field. */
  values: Map<DocNode, ResolvedValue>;
  /** Node → chosen enum variant name. */
  variantAt: Map<DocNode, string>;
  /** Document pointers of values the walker could not read, each with a diagnostic at or below it. */
  unread: Set<string>;
  /**
   * An object's pointer → the fields it has written under another key (a misspelling or a
   * shortening), and that key: the unknown key's finding (or the missing field's) says the mistake,
   * so a rule that would report the field as absent says nothing more (see fieldWrittenElsewhere,
   * src/rule-helpers.ts). By pointer: an internally tagged enum's body is walked as a copy of its node.
   */
  misspelt: Map<string, Map<string, string>>;
}

export interface NormalizeOptions {
  env: EnvLookup;
  lenientEnv?: boolean;
  /**
   * Build the canonical copy (`effective`, what the published schema judges). A check does not read
   * it (false there): the walk then makes only what its own judgements need, with the same findings
   * (test/normalize-lean.test.ts compares the two over the corpus). Default true.
   */
  canonical?: boolean;
}

/** What a walk without the canonical copy returns for a list or an object: only its kind is read. */
const LEAN_LIST: readonly unknown[] = Object.freeze([]);

/** Names that look like they hold a secret; their values are never printed. */
export const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASS|CREDENTIAL/i;

const SERVICE_BACKCOMPAT = /^\/servers\/\d+\/services\/(cas|ac|capabilities|execution|fetch|push|bytestream)$/;

export function normalize(root: DocNode, opts: NormalizeOptions): Normalized {
  const w = new Walker(opts);
  const effective = w.walkRef(root, { k: "ref", name: ROOT_TYPE }, false);
  return { root: doc(root), effective, diagnostics: w.diags, issues: w.finalIssues(), typeAt: w.typeAt, fieldAt: w.fieldAt, values: w.values, variantAt: w.variantAt, unread: w.unread, misspelt: w.misspelt };
}

interface Texts {
  message: string;
  nativelink?: string;
  hint?: string;
}

/** `t` with its texts kept as src/flat.ts's keepText keeps them, against the one before it. */
function texts<T extends Texts>(t: T, last: Texts | undefined): T {
  t.message = keepText(t.message, last?.message);
  if (t.nativelink !== undefined) t.nativelink = keepText(t.nativelink, last?.nativelink);
  if (t.hint !== undefined) t.hint = keepText(t.hint, last?.hint);
  return t;
}

class Walker {
  private readonly canonical: boolean;
  diags: Diagnostic[] = [];
  issues: SchemaIssue[] = [];
  typeAt = new Map<DocNode, string>();
  fieldAt = new Map<DocNode, FieldInfo>();
  values = new Map<DocNode, ResolvedValue>();
  variantAt = new Map<DocNode, string>();
  unread = new Set<string>();
  misspelt = new Map<string, Map<string, string>>();
  constructor(private opts: NormalizeOptions) {
    this.canonical = opts.canonical ?? true;
  }

  // Their texts are kept until the rules report them: flat, not trees of their pieces (src/flat.ts),
  // and the previous one's own where they are the same (thousands of duplicate keys, one text).
  private diag(d: Diagnostic) {
    this.diags.push(texts(d, this.diags[this.diags.length - 1]));
  }

  private issue(i: SchemaIssue) {
    this.issues.push(texts(i, this.issues[this.issues.length - 1]));
  }

  /** `field` of the object `node` is written as `key` (see Normalized.misspelt). */
  private noteMisspelt(node: DocNode, field: string, key: string) {
    let fields = this.misspelt.get(node.pointer);
    if (!fields) this.misspelt.set(node.pointer, (fields = new Map<string, string>()));
    if (!fields.has(field)) fields.set(field, key);
  }

  /**
   * The issues, less those about a value a diagnostic already refused (or anything inside it): one
   * mistake, one finding. Each issue once.
   */
  finalIssues(): SchemaIssue[] {
    const masks = new Set([...this.diags.filter((d) => d.masksSchema).map((d) => d.at), ...this.unread]);
    const masked = (p: string) => atOrUnder(masks, p);
    const seen = new Set<string>();
    return this.issues.filter((i) => {
      const key = `${i.code}|${i.at}|${i.message}`;
      if (masked(i.at) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** A value as an element of a list or map, or a variant's payload: its type alone says what fits. */
  walkRef(node: DocNode, ref: TypeRef, buffered: boolean, field?: FieldDef): unknown {
    const value = this.walkRefUnchecked(node, ref, buffered, field);
    this.checkValue(node, value, ref, undefined);
    return value;
  }

  /**
   * A null in place of a value that is not null means the walker could not read it and has said
   * why; the value must not be judged again (as "must be an object" of its parent's type).
   */
  private walkRefUnchecked(node: DocNode, ref: TypeRef, buffered: boolean, field?: FieldDef): unknown {
    return this.unreadable(node, this.walkRefInner(node, ref, buffered, field));
  }

  /**
   * Judges the JSON kind and range of what the walker made of a node, against the type table: the
   * type, the field's helper (a ${VAR}-expanded number may be written as a string) and its Rust
   * integer type. `field` is given for a field's own value, not for the elements inside it.
   */
  private checkValue(node: DocNode, value: unknown, ref: TypeRef, field: FieldDef | undefined): void {
    if (value === undefined || (value === null && node.kind !== "null")) return; // unset, or unreadable: a diagnostic says why
    const want = expectationOf(ref, field);
    const kind = valueKind(value);
    const fits = want.kinds.includes(kind) || (kind === "integer" && want.kinds.includes("number"));
    if (!fits) {
      this.issue(want.units && kind !== "object" ? enumIssue(node, want.units) : typeIssue(node, [...want.kinds], this.fieldAt.get(node)));
      return;
    }
    if (typeof value !== "number") return;
    if (want.min !== undefined && value < want.min) this.issue(rangeIssue(node, "minimum", want.min, this.fieldAt.get(node)));
    else if (want.max !== undefined && value > want.max) this.issue(rangeIssue(node, "maximum", want.max, this.fieldAt.get(node)));
  }

  private unreadable(node: DocNode, value: unknown): unknown {
    if (value === null && node.kind !== "null") this.unread.add(node.pointer);
    return value;
  }

  private walkRefInner(node: DocNode, ref: TypeRef, buffered: boolean, field?: FieldDef): unknown {
    if (node.kind === "number" && ref.k !== "option") {
      const prim = buffered ? undefined : directNumber(ref);
      if (prim) return field ? this.walkDirectNumber(node, prim, field) : toPlain(node);
      if (this.unreadableLiteral(node)) return null;
      // From serde's buffer an integer field takes only what was read as an integer (no f64).
      if (buffered && directNumber(ref) === "integer" && !json5LiteralIsInt(node.text)) {
        const int = field?.int ?? "u64";
        this.diag({
          code: "value-format",
          at: node.pointer,
          node,
          message: `${field?.name ?? "this field"} must be a whole number; ${node.text} is read as a floating-point number, which NativeLink refuses here`,
          nativelink: `invalid type: ${describeUnexpected(node)}, expected ${int}`,
          hint: "write a whole number without a fraction or exponent",
          masksSchema: true,
        });
        return 0;
      }
    }
    switch (ref.k) {
      case "option":
        if (node.kind === "null") return null;
        return this.walkRefUnchecked(node, ref.inner, buffered, field);
      case "array":
        if (node.kind !== "array") return toPlain(node);
      {
        const element = field && elementField(field);
        if (!this.canonical) {
          for (const item of node.items) this.walkRef(item, ref.inner, buffered, element);
          return LEAN_LIST;
        }
        return node.items.map((item) => this.walkRef(item, ref.inner, buffered, element));
      }
      case "map":
        if (node.kind !== "object") return toPlain(node);
        return this.walkMap(node, ref.inner, buffered);
      case "prim":
        return this.walkPrim(node, ref.name, buffered, field);
      case "ref": {
        const def = typeDef(ref.name);
        if (!def) return toPlain(node);
        if (def.kind === "struct") return this.walkStruct(node, ref.name, def, buffered);
        return this.walkEnum(node, ref.name, def, buffered);
      }
    }
  }

  private walkMap(node: DocObject, inner: TypeRef, buffered: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, DocObject["members"][number]>();
    for (const m of node.members) {
      const first = seen.get(m.key);
      if (first) {
        this.diag({
          code: "key-duplicate-map",
          at: m.value.pointer,
          node: m.value,
          target: "key",
          message: `key "${m.key}" appears twice in this map; NativeLink keeps the later value and silently drops the one at ${first.keySpan.line}:${first.keySpan.column}`,
          hint: "remove one of the two entries",
        });
      }
      seen.set(m.key, m);
      const value = this.walkRef(m.value, inner, buffered);
      if (this.canonical) out[m.key] = value;
    }
    return out;
  }

  // ---- structs ----------------------------------------------------------------------------

  private walkStruct(node: DocNode, typeKey: string, def: StructDef, buffered: boolean): unknown {
    if (def.named) return this.walkNamed(node, typeKey, def, buffered);
    if (node.kind === "array" && def.flatten.length === 0 && def.fields.length > 0) {
      if (node.pointer === "" && node.items.length < def.fields.length) return this.shortTopLevelList(node, typeKey, def, buffered);
      return this.walkPositional(node, typeKey, def, buffered);
    }
    if (node.kind !== "object") return toPlain(node);
    this.typeAt.set(node, typeKey);
    const isInstanceItem = typeKey.startsWith("WithInstanceName<");
    const idx = fieldIndex(def);
    const out: Record<string, unknown> = {};
    const seen = new Map<string, DocObject["members"][number]>();
    const names = (): string[] => structFields(def).map((x) => x.name);
    /** Required fields written with a typo: the unknown key's finding names the field already. */
    const misspelt = new Set<string>();
    /** Unknown keys, said once the object is read (a guess may need what is missing). */
    const refused: DocMember[] = [];
    const ignored: DocMember[] = [];
    for (const m of node.members) {
      const f = idx.get(m.key);
      if (!f) {
        if (def.deny && !isInstanceItem) {
          refused.push(m);
          if (this.canonical) out[m.key] = toPlain(m.value);
        } else ignored.push(m);
        continue;
      }
      const prev = seen.get(f.name);
      if (prev) {
        const both = prev.key !== m.key;
        const { line, column } = prev.keySpan;
        this.diag({
          code: "key-duplicate",
          at: m.value.pointer,
          node: m.value,
          target: "key",
          message: both
            ? `"${m.key}" and "${prev.key}" (at ${line}:${column}) are two names for the same field; NativeLink refuses both together`
            : `duplicate key "${m.key}" (first at ${line}:${column}); NativeLink refuses a field given twice`,
          nativelink: `duplicate field \`${f.name}\``,
          hint: both ? `keep only "${f.name}"` : "remove one of the two",
          masksSchema: true,
        });
        continue;
      }
      seen.set(f.name, m);
      this.fieldAt.set(m.value, fieldInfo(f, typeKey, buffered));
      // Keys stay as written in the canonical copy (the schema lists aliases too).
      const value = this.walkField(m.value, f, buffered);
      if (this.canonical) out[m.key] = value;
    }
    const missing = refused.length + ignored.length > 0 ? structFields(def).filter((f) => f.required && !seen.has(f.name)).map((f) => f.name) : [];
    // A key that is not a field is a misspelling of the closest one, or else a shortening of a
    // required field that is missing (work_dir for work_directory): one mistake, said once.
    // The closest field is looked up once per key (a config may hold 100,000 of them).
    const fieldNames = refused.length + ignored.length > 0 ? names() : [];
    const guessOf = (near: string | undefined, m: DocMember): string | undefined => {
      const guess = near ?? shortened(m.key, missing);
      return guess !== undefined && !seen.has(guess) ? guess : undefined;
    };
    for (const m of refused) {
      const near = closest(m.key, fieldNames);
      const guess = guessOf(near, m);
      if (guess) {
        misspelt.add(guess);
        this.noteMisspelt(node, guess, m.key);
      }
      this.issue(unknownKeyIssue(m, node.pointer, def, operatorPath(node.pointer), near ?? guess, fieldNames));
    }
    /** Missing required fields written under an ignored key: the missing field's finding names the key. */
    const writtenAs = new Map<string, string>();
    for (const m of ignored) {
      const near = closest(m.key, fieldNames);
      const guess = guessOf(near, m);
      if (guess !== undefined && missing.includes(guess) && !writtenAs.has(guess)) {
        writtenAs.set(guess, m.key);
        this.noteMisspelt(node, guess, m.key);
        continue;
      }
      if (guess !== undefined) this.noteMisspelt(node, guess, m.key);
      this.diag({
        code: "key-ignored",
        at: m.value.pointer,
        node: m.value,
        target: "key",
        message: isInstanceItem
          ? `unknown key "${m.key}" in a service entry; NativeLink ignores it without a word`
          : typeKey === "NoopSpec"
            ? `"${m.key}" has no effect: a noop store takes no settings, and NativeLink ignores them without a word`
            : `unknown key "${m.key}" in ${operatorPath(node.pointer)}; NativeLink ignores it without a word`,
        hint: near !== undefined ? `did you mean "${near}"?` : "remove it, or move it to where it takes effect",
      });
    }
    // serde_derive notices a missing field at the object's end, in declaration order.
    for (const f of structFields(def)) {
      if (f.required && !seen.has(f.name) && !misspelt.has(f.name)) this.issue(requiredIssue(node, f.name, operatorPath(node.pointer), writtenAs.get(f.name)));
    }
    return out;
  }

  private walkPositional(node: DocArray, typeKey: string, def: StructDef, buffered: boolean, quiet = false): unknown {
    const fields = def.fields;
    if (node.items.length > fields.length && buffered) {
      this.diag({
        code: "variant-shape",
        at: node.pointer,
        node,
        message: `${operatorPath(node.pointer)} is written as a list of ${node.items.length} values, but it has only ${fields.length} fields`,
        nativelink: `invalid length ${node.items.length}, expected ${fields.length} elements in sequence`,
        hint: `write it as an object: { ${fields.map((f) => f.name).join(", ")} }`,
        masksSchema: true,
      });
      return toPlain(node);
    }
    if (!quiet) this.diag({
      code: "struct-positional",
      at: node.pointer,
      node,
      message: `${operatorPath(node.pointer)} is written as a list of values; NativeLink reads it by position (${fields.map((f) => f.name).join(", ")})${node.items.length > fields.length ? " and ignores the extra values" : ""}`,
      hint: `write it as an object with named keys: { ${fields.slice(0, node.items.length).map((f) => f.name).join(", ")} }`,
    });
    this.typeAt.set(node, typeKey);
    const out: Record<string, unknown> = {};
    node.items.forEach((item, i) => {
      const f = fields[i];
      if (!f) return;
      this.fieldAt.set(item, fieldInfo(f, typeKey, buffered));
      const value = this.walkField(item, f, buffered);
      if (this.canonical) out[f.name] = value;
    });
    // A top-level list says what it lacks as its length (shortTopLevelList).
    if (node.pointer !== "") {
      for (const f of fields.slice(node.items.length)) if (f.required) this.issue(requiredIssue(node, f.name, operatorPath(node.pointer)));
    }
    return out;
  }

  /**
   * A top-level list shorter than CasConfig's fields. serde's derived visit_seq reads the fields in
   * order and, none of them having a serde default, fails at the first element that is not there:
   * `invalid length N, expected struct CasConfig with 6 elements`, unless an element it read first
   * failed. The empty list is a type issue at the root, which says the same.
   */
  private shortTopLevelList(node: DocArray, typeKey: string, def: StructDef, buffered: boolean): unknown {
    if (node.items.length === 0) return toPlain(node);
    const before = this.diags.length;
    const read = this.walkPositional(node, typeKey, def, buffered, true);
    const kindsFit = node.items.every((item, i) => {
      const field = def.fields[i];
      return field !== undefined && fitsKind(item, parseTypeRef(field.type));
    });
    if (!kindsFit || this.diags.length !== before) return read;
    {
      this.diag({
        code: "variant-shape",
        at: node.pointer,
        node,
        message: `the config is a list of ${node.items.length} value${node.items.length === 1 ? "" : "s"}, not an object with stores and servers; NativeLink reads a top-level list by position and needs all ${def.fields.length} (${def.fields.map((f) => f.name).join(", ")})`,
        nativelink: `invalid length ${node.items.length}, expected struct ${rustTypeName(typeKey)} with ${def.fields.length} elements`,
        hint: "write { stores: [...], servers: [...] }",
        masksSchema: true,
      });
    }
    return null;
  }

  /** A stores[] or schedulers[] entry: `name` plus the first key that names a kind. */
  private walkNamed(node: DocNode, typeKey: string, def: StructDef, _buffered: boolean): unknown {
    if (node.kind !== "object") return toPlain(node);
    this.typeAt.set(node, typeKey);
    const spec = typeDef(def.named!) as EnumDef;
    const nameField = def.fields.find((f) => f.name === "name");
    if (nameField === undefined) throw new Error(`type table: ${typeKey} has no name field`);
    const out: Record<string, unknown> = {};
    let chosen: string | undefined;
    let nameSeen = false;
    const what = typeKey === "StoreConfig" ? "store" : "scheduler";
    /** Keys that name no kind, judged once the entry is read: with a kind they are ignored keys. */
    const unknown: DocMember[] = [];
    for (const m of node.members) {
      if (m.key === "name") {
        if (nameSeen) {
          this.diag({
            code: "key-duplicate",
            at: m.value.pointer,
            node: m.value,
            target: "key",
            message: `duplicate key "name" in this ${what} entry; NativeLink refuses a field given twice`,
            nativelink: "duplicate field `name`",
            hint: "remove one of the two",
          });
          continue;
        }
        nameSeen = true;
        this.fieldAt.set(m.value, fieldInfo(nameField, typeKey, false));
        const name = m.value.kind === "number" && this.unreadableLiteral(m.value) ? "" : toPlain(m.value);
        this.checkValue(m.value, name, parseTypeRef(nameField.type), nameField);
        if (this.canonical) out.name = name;
        continue;
      }
      const v = variantByName(spec, m.key);
      if (v && chosen === undefined) {
        chosen = v.name;
        this.variantAt.set(node, v.name);
        const payload = this.walkVariantPayload(m.value, v, true);
        if (this.canonical) out[v.name] = payload;
        continue;
      }
      if (!v) {
        unknown.push(m);
        continue;
      }
      this.diag({
        code: "key-ignored",
        at: m.value.pointer,
        node: m.value,
        target: "key",
        message: `second ${what} kind "${m.key}" in one entry; NativeLink uses the first ("${chosen}") and ignores this one without a word`,
        hint: `split it into two ${what} entries, each with its own name`,
      });
    }
    const kinds = spec.variants.map((x) => x.name);
    /** A key that is "name" misspelt, in an entry without a kind (where the missing name is not said). */
    let nameTypo: DocMember | undefined;
    if (!nameSeen) {
      // A key that is "name" misspelt is said with the missing name, not as a kind or an ignored key.
      // Without a kind, the entry's one finding is the missing kind (it hides the missing name), so
      // the misspelt name stays an ignored key of its own.
      const i = unknown.findIndex((m) => closest(m.key, ["name"]) && !closest(m.key, kinds));
      const typoOfName = i >= 0 ? unknown.splice(i, 1)[0]! : undefined;
      if (typoOfName && chosen === undefined) nameTypo = typoOfName;
      const writtenAs = chosen !== undefined ? typoOfName?.key : undefined;
      if (typoOfName) this.noteMisspelt(node, "name", typoOfName.key);
      this.issue(requiredIssue(node, "name", operatorPath(node.pointer), writtenAs));
    }
    // Without a kind, the entry's unknown keys are how its kind was meant to be written: a misspelt
    // kind (the first one close to a kind's name), or else all of them ({ kind: "grpc", spec: {...} }).
    // They are said in the one finding the entry gets; other keys beside a misspelt kind, and every
    // unknown key beside a kind, are ignored keys of their own.
    const typo = chosen === undefined ? unknown.find((m) => closest(m.key, kinds)) : undefined;
    if (chosen === undefined) {
      const guess = typo && closest(typo.key, kinds);
      const tried = typo ? [] : unknown;
      // A key whose value is a kind's name ("kind": "grpc") says which kind was meant.
      const named = tried.find((m) => m.value.kind === "string" && variantByName(spec, m.value.value));
      const namedKind = named?.value.kind === "string" ? variantByName(spec, named.value.value)!.name : undefined;
      this.diag({
        code: "variant-shape",
        at: node.pointer,
        node,
        message: typo
          ? `this ${what} entry has no ${what} kind: "${typo.key}" is not one; did you mean "${guess}"?`
          : tried.length > 0
            ? `this ${what} entry has no ${what} kind: ${quotedList(tried.map((m) => m.key))} ${tried.length === 1 ? "is not a" : "are not"} ${what} kind${tried.length === 1 ? "" : "s"}; expected one of ${variantList(spec)}`
            : `this ${what} entry has no ${what} kind; expected one of ${variantList(spec)}`,
        nativelink: `no variant of enum ${rustTypeName(def.named!)} found in flattened data`,
        hint: guess
          ? `did you mean "${guess}"?`
          : namedKind
            ? `write the kind as the key and its settings as the value: { name: "...", ${namedKind}: { ... } }, not ${named!.key}: "${namedKind}"`
            : `add the ${what}'s kind, e.g. { name: "...", ${kinds[0] ?? "memory"}: { ... } }`,
        masksSchema: true,
      });
    }
    if (nameTypo) unknown.push(nameTypo);
    for (const m of unknown) {
      if (chosen === undefined && m !== nameTypo && (typo === undefined || m === typo)) continue;
      this.diag({
        code: "key-ignored",
        at: m.value.pointer,
        node: m.value,
        target: "key",
        message: `unknown key "${m.key}" in this ${what} entry; NativeLink ignores it without a word`,
        hint: suggestionHint(m.key, [...kinds, "name"]) ?? "remove it",
      });
    }
    return out;
  }

  private walkField(node: DocNode, f: FieldDef, buffered: boolean): unknown {
    const value = this.unreadable(node, this.walkFieldInner(node, f, buffered));
    this.checkValue(node, value, parseTypeRef(f.type), f);
    return value;
  }

  private walkFieldInner(node: DocNode, f: FieldDef, buffered: boolean): unknown {
    const ref = parseTypeRef(f.type);
    if (f.expand !== "none") {
      if (f.expand === "vec_string") {
        if (node.kind !== "array") return toPlain(node);
        const element = elementField(f);
        const values = node.items.map((item) => {
          const value = this.unreadable(item, this.convertHelper(item, element));
          this.checkValue(item, value, { k: "prim", name: "string" }, undefined);
          return value;
        });
        return this.canonical ? values : LEAN_LIST;
      }
      return this.convertHelper(node, f);
    }
    if (!buffered && node.kind === "number" && directNumber(ref)) return this.walkDirectNumber(node, directNumber(ref)!, f);
    return this.walkRefUnchecked(node, ref, buffered, f);
  }

  /**
   * serde_json5's `deserialize_any` reads a number literal before any type is consulted
   * (`parse_integer` as i64 for integer literals, `parse_number` as f64 otherwise); a literal it
   * cannot read stops the load there. True when this literal is such a one (and reported).
   */
  private unreadableLiteral(node: DocNumber): boolean {
    const err = anyLiteralError(node.text);
    if (err === undefined) return false;
    this.literalDiag(node, err);
    return true;
  }

  private literalDiag(node: DocNumber, err: string): void {
    this.diag({
      code: "value-format",
      at: node.pointer,
      node,
      message: literalMessage(node.text, err),
      nativelink: err,
      hint: err === JSON5_HEX_ERROR ? "write the number in decimal" : "write a plain number in range",
      masksSchema: true,
    });
  }

  /**
   * An integer or float field read straight by serde_json5 (`deserialize_u64`, `deserialize_f32`,
   * ...): `parse_number(pair)? as T`, so a literal goes through f64 and is cast with Rust's `as`.
   */
  private walkDirectNumber(node: DocNumber, prim: "integer" | "number", f: FieldDef): unknown {
    if (prim === "number") {
      const r = jsonFloatLiteral(node.text);
      if (!r.ok) {
        this.literalDiag(node, r.message);
        return 0; // a number, so no type issue joins the finding above
      }
      return node.value;
    }
    const r = castDirectInteger(node.text, (f.int ?? "u64") as IntRange);
    if (!r.ok) {
      this.literalDiag(node, r.message);
      return 0; // a number, so no type issue joins the finding above
    }
    const { value, exact } = r.value;
    if (!exact) {
      const [lo, hi] = INT_BOUNDS[(f.int ?? "u64") as IntRange];
      const why = Number.isNaN(node.value)
        ? "is not a number"
        : value === hi && node.value > 0
          ? `is more than ${f.int ?? "u64"} can hold (${hi})`
          : node.value < 0 || value === lo || !Number.isInteger(node.value)
            ? "is not a non-negative integer"
            : "cannot be held exactly by the 64-bit float NativeLink reads it through";
      this.diag({
        code: "number-truncated",
        at: node.pointer,
        node,
        message: `${node.text} ${why}; NativeLink silently reads it as ${value}`,
        hint: `write ${value} if that is what you mean`,
      });
      this.values.set(node, { raw: node.value, value, vars: [] });
    }
    return Number(value);
  }

  private walkPrim(node: DocNode, _name: string, _buffered: boolean, _field?: FieldDef): unknown {
    return toPlain(node);
  }

  private convertHelper(node: DocNode, f: FieldDef): unknown {
    if (node.kind === "number" && this.unreadableLiteral(node)) return null;
    const input = jsonInput(node);
    const range = (f.int ?? "u64") as IntRange;
    const env = this.opts.env;
    let r: ValueResult<unknown>;
    switch (f.expand) {
      case "numeric":
        r = convertNumeric(input, range, env);
        break;
      case "optional_numeric":
        r = convertNumeric(input, range, env, { optional: true });
        break;
      case "duration":
        r = convertDuration(input, range, env);
        break;
      case "duration_allow_negative":
        r = convertDuration(input, range, env, { allowNegative: true });
        break;
      case "data_size":
        r = convertDataSize(input, range, env);
        break;
      case "optional_data_size":
        r = convertDataSize(input, range, env, { optional: true });
        break;
      case "bool":
        r = convertBool(input, env);
        break;
      case "optional_string":
        r = convertString(input, env, { optional: true });
        break;
      default:
        r = convertString(input, env);
    }
    const vars = node.kind === "string" ? usedVars(node.value, env) : [];
    if (!r.ok) {
      const missing = /^error looking key '([^']*)' up/.exec(r.message);
      if (missing) {
        const name = missing[1];
        if (this.opts.lenientEnv) {
          this.diag({
            code: "env-lenient",
            at: node.pointer,
            node,
            message: `\${${name}} is not set; with --lenient-env the checks that need this value were skipped`,
            hint: `set ${name} in --target-env-file or --env to check it`,
            severity: "warning",
            masksSchema: true,
          });
          this.values.set(node, { raw: toPlain(node), value: undefined, vars, unknown: true });
          return placeholderFor(f);
        }
        this.diag({
          code: "env-defined",
          at: node.pointer,
          node,
          message: `environment variable ${name} is not set, and \${${name}} has no default`,
          nativelink: r.message,
          hint: `set ${name} on the target host (pass it to this check with --env ${name}=... or --target-env-file), or write \${${name}:-default}`,
          masksSchema: true,
        });
        this.values.set(node, { raw: toPlain(node), value: undefined, vars, unknown: true });
        return null;
      }
      this.diag({
        code: "value-format",
        at: node.pointer,
        node,
        message: formatValueMessage(node, f, r.message, vars),
        nativelink: r.message,
        hint: valueHint(f),
        masksSchema: true,
      });
      this.values.set(node, { raw: toPlain(node), value: undefined, vars, unknown: true });
      return null;
    }
    const value = r.value;
    this.values.set(node, { raw: toPlain(node), value, vars });
    if (typeof value === "bigint") return Number(value);
    return value;
  }

  // ---- enums ------------------------------------------------------------------------------

  private walkEnum(node: DocNode, typeKey: string, def: EnumDef, buffered: boolean): unknown {
    if (def.repr === "untagged") return this.walkUntagged(node, typeKey, def, buffered);
    if (def.repr === "internal") return this.walkInternal(node, typeKey, def);
    // Words for messages, made only when one is written.
    const name = () => operatorPath(node.pointer);
    const list = () => variantList(def);
    if (node.kind === "string") {
      const v = variantByName(def, node.value);
      if (!v) return this.unknownVariant(node, node.value, def, list());
      if (v.payload !== null) {
        if (!buffered) {
          this.diag({
            code: "variant-string-panic",
            at: node.pointer,
            node,
            message: `"${node.value}" needs a value here; written as a bare string it makes NativeLink crash (panic, exit code 101) while reading the config`,
            nativelink: "called `Option::unwrap()` on a `None` value",
            hint: `write { ${v.name}: ${payloadExample(v.payload)} }`,
            masksSchema: true,
          });
        } else {
          this.diag({
            code: "variant-shape",
            at: node.pointer,
            node,
            message: `"${node.value}" needs a value here: write { ${v.name}: ${payloadExample(v.payload)} }`,
            nativelink: "invalid type: unit variant, expected newtype variant",
            hint: `write { ${v.name}: ${payloadExample(v.payload)} }`,
            masksSchema: true,
          });
        }
        return null;
      }
      this.variantAt.set(node, v.name);
      return v.name;
    }
    if (node.kind !== "object") return toPlain(node);
    const [first, second] = node.members;
    if (first === undefined) {
      this.diag({
        code: "variant-shape",
        at: node.pointer,
        node,
        message: `empty object: expected exactly one of ${list()}`,
        nativelink: buffered ? "invalid value: map, expected map with a single key" : "expected a nonempty object",
        hint: `write one of: ${def.variants.map((x) => `{ ${x.name}: ${x.payload ? payloadExample(x.payload) : "null"} }`).slice(0, 3).join(", ")}`,
        masksSchema: true,
      });
      return null;
    }
    if (second !== undefined) {
      if (buffered) {
        this.diag({
          code: "variant-shape",
          at: second.value.pointer,
          node: second.value,
          target: "key",
          message: `${name()} takes exactly one key, but this object has ${node.members.length} (${node.members.map((m) => `"${m.key}"`).join(", ")})`,
          nativelink: "invalid value: map, expected map with a single key",
          hint: "keep one kind per object; to combine stores use a wrapper such as fast_slow",
          masksSchema: true,
        });
        return null;
      }
      for (const extra of node.members.slice(1)) {
        this.diag({
          code: "key-ignored",
          at: extra.value.pointer,
          node: extra.value,
          target: "key",
          message: `"${extra.key}" is ignored: NativeLink reads only the first key ("${first.key}") of ${name()}`,
          hint: "remove it",
        });
      }
    }
    const v = variantByName(def, first.key);
    if (!v) {
      this.unknownVariant(first.value, first.key, def, list(), "key");
      return null;
    }
    this.variantAt.set(node, v.name);
    this.typeAt.set(node, typeKey);
    return { [v.name]: this.walkVariantPayload(first.value, v, buffered) };
  }

  private walkVariantPayload(node: DocNode, v: VariantDef, buffered: boolean): unknown {
    if (v.payload === null) {
      if (node.kind !== "null") {
        this.diag({
          code: "variant-shape",
          at: node.pointer,
          node,
          message: `"${v.name}" takes no value; write null or the bare string "${v.name}"`,
          nativelink: `invalid type: ${describeUnexpected(node)}, expected unit`,
          hint: `write "${v.name}"`,
          masksSchema: true,
        });
      }
      return null;
    }
    const f = payloadField(v, v.payload);
    this.fieldAt.set(node, fieldInfo(f, "variant", buffered));
    if (f.expand !== "none") return this.walkField(node, f, buffered);
    return this.walkRef(node, parseTypeRef(v.payload), buffered);
  }

  private unknownVariant(node: DocNode, value: string, def: EnumDef, list: string, target?: "key"): null {
    const guess = closest(value, def.variants.map((v) => v.name));
    this.diag({
      code: "variant-shape",
      at: node.pointer,
      node,
      target,
      message: `unknown ${def.variants.length === 1 ? "kind" : "value"} "${value}": expected ${list}`,
      nativelink: `unknown variant \`${value}\`, expected ${serdeOneOf(def.variants.map((v) => v.name))}`,
      hint: guess ? `did you mean "${guess}"?` : undefined,
      masksSchema: true,
    });
    return null;
  }

  private walkInternal(node: DocNode, typeKey: string, def: EnumDef): unknown {
    if (node.kind !== "object") return toPlain(node);
    const tag = def.tag ?? "provider";
    const tags = node.members.filter((m) => m.key === tag);
    const [given, again] = tags;
    if (given === undefined) {
      this.diag({
        code: "variant-shape",
        at: node.pointer,
        node,
        message: `missing "${tag}": expected one of ${variantList(def)}`,
        nativelink: `missing field \`${tag}\``,
        hint: `add ${tag}: "${def.variants[0]?.name ?? "aws"}" (the S3 fields of the old experimental_s3_store go under provider "aws")`,
        masksSchema: true,
      });
      return null;
    }
    if (again !== undefined) {
      this.diag({
        code: "key-duplicate",
        at: again.value.pointer,
        node: again.value,
        target: "key",
        message: `duplicate key "${tag}"; NativeLink refuses a field given twice`,
        nativelink: `duplicate field \`${tag}\``,
        hint: "keep one",
        masksSchema: true,
      });
      return null;
    }
    const t = given.value;
    if (t.kind !== "string") {
      this.diag({
        code: "variant-shape",
        at: t.pointer,
        node: t,
        message: `"${tag}" must be a string, one of ${variantList(def)}`,
        nativelink: `invalid type: ${describeUnexpected(t)}, expected variant identifier`,
        masksSchema: true,
      });
      return null;
    }
    const v = variantByName(def, t.value);
    if (!v) return this.unknownVariant(t, t.value, def, variantList(def));
    this.variantAt.set(node, v.name);
    const rest: DocObject = withMembers(node, node.members.filter((m) => m.key !== tag));
    const payload = this.walkRef(rest, parseTypeRef(v.payload!), true);
    this.typeAt.set(node, v.payload!);
    return { [tag]: v.name, ...(payload as object) };
  }

  private walkOldPositionalBytestream(node: DocArray, oldType: string): unknown {
    const first = node.items[0] as DocObject;
    const pairs = first.members.map((m) => `instance "${m.key}" → store ${JSON.stringify(toPlain(m.value))}`);
    this.diag({
      code: "struct-positional",
      at: node.pointer,
      node,
      message: `this bytestream list does not have the current form (an entry lacks cas_store), so NativeLink reads it as the old form written positionally: ${pairs.length ? pairs.join(", ") : "no instances at all"}`,
      hint: 'write bytestream: [{ instance_name: "", cas_store: "<store>" }]',
    });
    return this.walkPositional(node, oldType, typeDef(oldType) as StructDef, true, true);
  }

  /** services.{cas,...}: a list (current) or a map by instance name (deprecated); bytestream likewise. */
  private walkUntagged(node: DocNode, typeKey: string, def: EnumDef, _buffered: boolean): unknown {
    const vec = def.variants.find((v) => v.payload?.startsWith("array<"));
    const other = def.variants.find((v) => v !== vec);
    if (node.kind === "array" && typeKey === "ByteStreamKind" && other?.payload && readsAsOldPositional(node)) {
      return this.walkOldPositionalBytestream(node, other.payload);
    }
    if (node.kind === "array" && vec) return this.walkRef(node, parseTypeRef(vec.payload!), true);
    if (node.kind === "object" && other?.payload) {
      const isBytestream = typeKey === "ByteStreamKind";
      const svc = /\/services\/([^/]+)$/.exec(node.pointer)?.[1] ?? "service";
      this.diag({
        code: isBytestream ? "deprecated-bytestream-form" : "deprecated-services-map",
        at: node.pointer,
        node,
        message: isBytestream
          ? `the object form of "bytestream" ({ cas_stores: {...} }) is deprecated since v0.7.2; use a list of { instance_name, cas_store }`
          : `the map form of "${svc}" ({ "<instance>": {...} }) is deprecated since v0.7.0; use a list of { instance_name, ... }`,
        nativelink: "WARNING: Using deprecated map format for services. Please migrate to the new array format:",
        hint: isBytestream ? migrateBytestreamHint(node) : migrateServiceHint(node),
      });
      if (isBytestream) {
        const dec = node.members.find((m) => m.key === "max_decoding_message_size");
        if (dec && !(dec.value.kind === "number" && dec.value.value === 0)) {
          this.diag({
            code: "bytestream-decoding-ignored",
            at: dec.value.pointer,
            node: dec.value,
            target: "key",
            message: "max_decoding_message_size on bytestream is ignored since v0.7.2; the value is dropped",
            nativelink: "WARNING: max_decoding_message_size is ignored on Bytestream now. Please set on the HTTP listener instead",
            hint: "set max_decoding_message_size on this server's listener.http instead",
          });
        }
      }
      return this.walkRef(node, parseTypeRef(other.payload), true);
    }
    return toPlain(node);
  }
}

// ---- helpers --------------------------------------------------------------------------------

/**
 * serde tries the list form of bytestream first; when an item lacks cas_store it retries the whole
 * list as the old object written positionally, where the first element becomes the cas_stores map.
 */
function readsAsOldPositional(node: DocArray): boolean {
  const first = node.items[0];
  const fitsNew = node.items.every((i) => i.kind === "object" && i.members.some((m) => m.key === "cas_store"));
  return !fitsNew && node.items.length <= 4 && first?.kind === "object" && first.members.every((m) => m.value.kind === "string");
}

/** Whether a value has the JSON kind of a type (lists for vectors, objects for structs, null for options). */
function fitsKind(node: DocNode, ref: TypeRef): boolean {
  if (ref.k === "option") return node.kind === "null" || fitsKind(node, ref.inner);
  if (ref.k === "array") return node.kind === "array";
  if (ref.k === "map") return node.kind === "object";
  if (ref.k === "ref") return node.kind === "object";
  return true;
}

/** What the type table accepts for a value: its JSON kinds, and the range of its Rust integer type. */
interface Expectation {
  kinds: JsonKind[];
  /** The names of an enum's unit variants, the strings it takes. */
  units?: string[];
  min?: number;
  max?: number;
}

const expectationsByRef = new WeakMap<TypeRef, Readonly<Expectation>>();
/** Keyed by the field first, weakly: fields made while walking (a list's element field) go with their walk. */
const expectationsByField = new WeakMap<FieldDef, Map<TypeRef, Readonly<Expectation>>>();

/** expectation(), with null added for a nullable field, computed once per type and field. */
function expectationOf(ref: TypeRef, field: FieldDef | undefined): Readonly<Expectation> {
  if (!field) {
    let want = expectationsByRef.get(ref);
    if (!want) expectationsByRef.set(ref, (want = expectation(ref, undefined)));
    return want;
  }
  let byRef = expectationsByField.get(field);
  if (!byRef) expectationsByField.set(field, (byRef = new Map<TypeRef, Readonly<Expectation>>()));
  let want = byRef.get(ref);
  if (!want) {
    const w = expectation(ref, field);
    if (field.nullable) w.kinds.push("null");
    byRef.set(ref, (want = w));
  }
  return want;
}

/**
 * The JSON kinds (and range) a value of this type may have once walked: a helper field's value is
 * already converted, a ${VAR}-expanded integer may still be a string where expansion left it one.
 * `field` carries the helper and the integer type of a field's own value; elements have neither.
 */
function expectation(ref: TypeRef, field: FieldDef | undefined): Expectation {
  const expand = field?.expand ?? "none";
  switch (ref.k) {
    case "option":
      return expectation(ref.inner, field);
    case "array":
      return { kinds: ["array"] };
    case "map":
      return { kinds: ["object"] };
    case "prim":
      switch (ref.name) {
        case "string":
          return { kinds: ["string"] };
        case "number":
          return { kinds: ["number"] };
        case "bool":
          return { kinds: expand === "bool" ? ["boolean", "string"] : ["boolean"] };
        case "integer":
          if (expand === "numeric" || expand === "optional_numeric") return { kinds: ["integer", "string"], ...intRange(field?.int) };
          if (field?.lenient) return { kinds: ["number"] };
          return { kinds: ["integer"], ...intRange(field?.int) };
        case "duration":
          return { kinds: ["integer", "string"], ...intRange(field?.int, expand !== "duration_allow_negative") };
        case "data_size":
          return { kinds: ["integer", "string"], ...intRange(field?.int, true) };
      }
    // falls through: every primitive is handled above
    case "ref": {
      const def = typeDef(ref.name);
      if (!def) return { kinds: ["string", "number", "integer", "boolean", "object", "array", "null"] };
      if (def.kind === "struct") return { kinds: ref.name === "NoopSpec" ? ["object", "array"] : ["object"] };
      if (def.repr === "untagged") return { kinds: ["array", "object"] };
      if (def.repr === "internal") return { kinds: ["object"] };
      const units = def.variants.filter((v) => v.payload === null).map((v) => v.name);
      return units.length > 0 ? { kinds: ["string", "object"], units } : { kinds: ["object"] };
    }
  }
}

/** The range of a Rust integer type that a JSON number states exactly (64-bit maxima are not). */
function intRange(int: string | null | undefined, nonNegative = false): { min?: number; max?: number } {
  switch (int) {
    case "u8":
      return { min: 0, max: 255 };
    case "u16":
      return { min: 0, max: 65535 };
    case "u32":
      return { min: 0, max: 4294967295 };
    case "i32":
      return { min: -2147483648, max: 2147483647 };
    case "u64":
    case "usize":
      return { min: 0 };
    default:
      return nonNegative ? { min: 0 } : {};
  }
}

function valueKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
    case "bigint":
      // As JSON Schema validators judge a double: Infinity counts as an integer, NaN as a number.
      return typeof value === "number" && (Boolean(value % 1) || Number.isNaN(value)) ? "number" : "integer";
    default:
      return "object";
  }
}

function elementExpand(expand: string): string {
  return expand === "vec_string" ? "string" : expand;
}

/** An integer or float field that serde_json5 reads with `parse_number` (not through deserialize_any). */
function directNumber(ref: TypeRef): "integer" | "number" | undefined {
  if (ref.k === "option") return directNumber(ref.inner);
  return ref.k === "prim" && (ref.name === "integer" || ref.name === "number") ? ref.name : undefined;
}

/** Says why serde_json5 cannot read this number literal. */
function literalMessage(text: string, err: string): string {
  if (err === JSON5_HEX_ERROR) return `${text} is past 0xFFFFFFFF, the largest hex number NativeLink's JSON5 reader takes`;
  if (err === JSON5_NUMBER_TOO_LARGE) return `${text} is not a finite number NativeLink's JSON5 reader takes`;
  if (/^[+-]0[xX]/.test(text)) return `${text}: NativeLink's JSON5 reader takes no sign before a hex number`;
  if (err === JSON5_INTEGER_ERROR) return `${text} does not fit in a 64-bit integer`;
  return `${text} is not a number NativeLink's JSON5 reader takes`;
}

function jsonInput(node: DocNode): JsonInput {
  switch (node.kind) {
    case "number":
      return node.integer ? { kind: "integer", text: node.text } : { kind: "float", text: node.text, value: node.value };
    case "string":
      return { kind: "string", value: node.value };
    case "boolean":
      return { kind: "boolean", value: node.value };
    case "null":
      return { kind: "null" };
    case "object":
      return { kind: "object" };
    case "array":
      return { kind: "array" };
  }
}

function placeholderFor(f: FieldDef): unknown {
  switch (f.expand) {
    case "numeric":
    case "optional_numeric":
    case "duration":
    case "duration_allow_negative":
    case "data_size":
    case "optional_data_size":
      return 0;
    case "bool":
      return false;
    default:
      return "";
  }
}

function usedVars(s: string, env: EnvLookup): { name: string; defaulted: boolean }[] {
  return referencedVars(s).map((name) => ({ name, defaulted: env.get(name) === undefined }));
}

function formatValueMessage(node: DocNode, f: FieldDef, nlMessage: string, vars: { name: string }[]): string {
  const what: Record<string, string> = {
    numeric: "an integer",
    optional_numeric: "an integer",
    duration: "a duration (whole seconds, or a string such as \"30s\" or \"5m\")",
    duration_allow_negative: "a duration (whole seconds, or a string such as \"30s\")",
    data_size: "a data size (bytes, or a string such as \"64MiB\" or \"1GB\")",
    optional_data_size: "a data size (bytes, or a string such as \"64MiB\" or \"1GB\")",
    bool: "a boolean",
    string: "a string",
    optional_string: "a string",
  };
  const secret = vars.find((v) => SECRET_NAME.test(v.name));
  const shown =
    node.kind === "string"
      ? secret
        ? `the value of \${${secret.name}} (not shown: the name looks secret)`
        : JSON.stringify(node.value)
      : describeUnexpected(node);
  const range = f.int && /out of range|too large|too small/.test(nlMessage) ? ` that fits in ${f.int}` : "";
  return `${f.name} must be ${what[f.expand] ?? "a valid value"}${range}; ${shown} is not (${nlMessage})`;
}

function valueHint(f: FieldDef): string {
  switch (f.expand) {
    case "duration":
    case "duration_allow_negative":
      return "write whole seconds as a number (300) or a humantime string with a unit (\"300s\", \"5m\", \"1h30m\")";
    case "data_size":
    case "optional_data_size":
      return "write bytes as a number, or a string with a unit: \"64KiB\", \"512MB\", \"1GiB\"";
    case "bool":
      return "write true or false";
    case "numeric":
    case "optional_numeric":
      return `write a whole number${f.int ? ` that fits in ${f.int}` : ""}`;
    default:
      return "fix the value";
  }
}

function variantList(def: EnumDef): string {
  const names = def.variants.map((v) => `"${v.name}"`);
  return names.length <= 8 ? names.join(", ") : `${names.slice(0, 8).join(", ")}, ...`;
}

/** `"a"`, `"a" and "b"`, `"a", "b" and "c"`; past five, the first four and how many more. */
function quotedList(keys: string[]): string {
  const q = keys.map((k) => JSON.stringify(k));
  if (q.length > 5) return `${q.slice(0, 4).join(", ")} and ${q.length - 4} more keys`;
  return q.length <= 1 ? (q[0] ?? "") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}


function payloadExample(payload: string): string {
  return payload.startsWith("array<") ? "[...]" : payload === "string" ? '"..."' : "{...}";
}

function migrateServiceHint(node: DocObject): string {
  const svc = node.pointer.slice(node.pointer.lastIndexOf("/") + 1);
  if (node.members.length === 0) return `write ${svc}: [] (an empty list), or remove it`;
  const items = node.members.map((m) => `{ instance_name: ${JSON.stringify(m.key)}, ... }`);
  return `write ${svc}: [ ${items.join(", ")} ] with each entry's fields next to instance_name`;
}

function migrateBytestreamHint(node: DocObject): string {
  const stores = node.members.find((m) => m.key === "cas_stores")?.value;
  if (stores && stores.kind === "object") {
    const items = stores.members.map((m) => `{ instance_name: ${JSON.stringify(m.key)}, cas_store: ${JSON.stringify(toPlain(m.value))} }`);
    return `write bytestream: [ ${items.join(", ")} ]`;
  }
  return "write bytestream: [ { instance_name: \"...\", cas_store: \"...\" } ]";
}

/**
 * A pointer as operators write the place in their config: `stores[2].filesystem`,
 * `servers[0].listener.http`; the root is "the top level".
 */
export function operatorPath(pointer: string): string {
  let out = "";
  for (const token of splitPointer(pointer)) {
    if (/^(0|[1-9]\d*)$/.test(token)) out += `[${token}]`;
    else out += (out ? "." : "") + (/^[A-Za-z_][A-Za-z0-9_]*$/.test(token) ? token : JSON.stringify(token));
  }
  return out || "the top level";
}

/** The edit distance behind "did you mean" (src/suggest.ts distanceAtMost, without a bound). */
export function editDistance(a: string, b: string): number {
  return distanceAtMost(a, b, Infinity);
}

export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined || best === word) return undefined;
  // A suggestion must share most of its letters with the word; "X" is not a typo of "A".
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  if (bestD >= Math.min(word.length, best.length)) return undefined;
  return bestD <= limit ? best : undefined;
}

/** The one name of `missing` that `word` (four or more characters) begins, as a shortening does. */
function shortened(word: string, missing: string[]): string | undefined {
  if (word.length < 4) return undefined;
  const w = word.toLowerCase();
  const hits = missing.filter((name) => name.length > word.length && name.toLowerCase().startsWith(w));
  return hits.length === 1 ? hits[0] : undefined;
}

export function suggestionHint(word: string, candidates: string[]): string | undefined {
  const c = closest(word, candidates);
  return c ? `did you mean "${c}"?` : undefined;
}

export function isBackcompatService(pointer: string): string | undefined {
  return SERVICE_BACKCOMPAT.exec(pointer)?.[1];
}
