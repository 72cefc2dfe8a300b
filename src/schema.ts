// Runs the ahead-of-time compiled validator on the normalised document and turns ajv's errors into
// one finding per problem, with NativeLink's wording beside ours.
import validate from "./generated/validate.js";
import type { Normalized } from "./normalize.ts";
import { closest, operatorPath, serdeOneOf } from "./normalize.ts";
import { childPointer, describeUnexpected, locate } from "./doc.ts";
import type { DocNode } from "./doc.ts";
import type { FieldDef, StructDef } from "./typetable.ts";
import { parseTypeRef, rustTypeName, structFields, typeDef } from "./typetable.ts";

export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type SchemaCode = "key-unknown" | "key-required" | "value-type" | "value-enum" | "value-range";

export interface SchemaIssue {
  code: SchemaCode;
  at: string;
  target?: "key" | "value";
  message: string;
  nativelink?: string;
  hint?: string;
}

type ValidateFn = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

export function runSchema(norm: Normalized, root: DocNode): SchemaIssue[] {
  const fn = validate as unknown as ValidateFn;
  if (fn(norm.effective)) return [];
  return mapErrors(fn.errors ?? [], norm, root);
}

export function mapErrors(errors: AjvError[], norm: Normalized, root: DocNode): SchemaIssue[] {
  const masks = [...norm.diagnostics.filter((d) => d.masksSchema).map((d) => d.at), ...norm.unread];
  const masked = (p: string) => masks.some((m) => p === m || p.startsWith(m + "/"));
  const kept = pruneBranches(errors);
  const out: SchemaIssue[] = [];
  const seen = new Set<string>();
  const misspelt = misspeltRequired(kept, norm);
  for (const e of kept) {
    // A top-level list is read by position: what it lacks is said as its length, by the walker.
    if (e.keyword === "required" && e.instancePath === "" && root.kind === "array") continue;
    if (e.keyword === "required" && misspelt.has(`${e.instancePath}\u0000${String(e.params.missingProperty)}`)) continue;
    const issue = toIssue(e, norm, root);
    if (!issue || masked(issue.at)) continue;
    // "at least 2 keys" of a store or scheduler entry: its missing name or kind is reported already.
    if ((e.keyword === "minProperties" || e.keyword === "maxProperties") && kept.some((o) => o !== e && o.instancePath === e.instancePath)) continue;
    const key = `${issue.code}|${issue.at}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

/**
 * Required keys that are there, misspelt: an unknown key of the same object whose closest field is
 * the missing one. The unknown key's finding names both, so the missing key is not a second finding.
 */
function misspeltRequired(errors: AjvError[], norm: Normalized): Set<string> {
  const out = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== "additionalProperties") continue;
    const owner = norm.typeAt.get(rawPointer(e.instancePath, norm));
    const def = owner ? typeDef(owner) : undefined;
    if (!def || def.kind !== "struct") continue;
    const guess = closest(String(e.params.additionalProperty), structFields(def).map((f) => f.name));
    if (guess) out.add(`${e.instancePath}\u0000${guess}`);
  }
  return out;
}

/**
 * For anyOf/oneOf, ajv reports every branch. A branch whose `type` does not match the data only
 * produces a type error at the branch's own path; the branch of the matching type produces the
 * real errors, at that path (not a type error) or anywhere below it (any keyword, type included: a
 * field of the struct that matched has the wrong type). Keep those; only when every branch failed
 * on type at the union's own path, keep one merged type error.
 */
function pruneBranches(errors: AjvError[]): AjvError[] {
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  if (unions.length === 0) return errors.filter((e) => e.keyword !== "if");
  const drop = new Set<AjvError>(unions);
  const merged: AjvError[] = [];
  for (const u of unions) {
    const at = u.instancePath;
    const typeErrs = errors.filter((e) => e.keyword === "type" && e.instancePath === at);
    const real = errors.filter(
      (e) =>
        !drop.has(e) &&
        e.keyword !== "anyOf" &&
        e.keyword !== "oneOf" &&
        (e.instancePath.startsWith(at + "/") || (e.instancePath === at && e.keyword !== "type")),
    );
    typeErrs.forEach((e) => drop.add(e));
    if (real.length === 0 && typeErrs.length > 0) {
      const types = [...new Set(typeErrs.flatMap((e) => String(e.params.type).split(",")))];
      merged.push({ ...typeErrs[0], params: { type: types.join(",") } });
    }
  }
  return [...errors.filter((e) => !drop.has(e) && e.keyword !== "if"), ...merged];
}

function toIssue(e: AjvError, norm: Normalized, root: DocNode): SchemaIssue | undefined {
  const at = rawPointer(e.instancePath, norm);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(e.params.additionalProperty);
      const ptr = childPointer(at, key);
      const owner = norm.typeAt.get(at);
      const def = owner ? typeDef(owner) : undefined;
      const names = def && def.kind === "struct" ? structFields(def).map((f) => f.name) : [];
      const guess = closest(key, names);
      const label = ` in ${operatorPath(at)}`;
      return {
        code: "key-unknown",
        at: ptr,
        target: "key",
        message: `unknown key "${key}"${label}` + (guess ? `; did you mean "${guess}"?` : ""),
        nativelink: def && def.kind === "struct" ? unknownFieldMessage(key, def, owner!) : `unknown field \`${key}\``,
        hint:
          key === "$schema" && at === ""
            ? "remove it: NativeLink rejects unknown top-level keys; point your editor at the schema by file pattern instead (see the README)"
            : guess
              ? `rename it to "${guess}"`
              : names.length
                ? `allowed keys: ${names.join(", ")}`
                : "remove it",
      };
    }
    case "required": {
      const key = String(e.params.missingProperty);
      return {
        code: "key-required",
        at,
        target: "value",
        message: `missing required key "${key}" in ${operatorPath(at)}`,
        nativelink: `missing field \`${key}\``,
        hint: requiredHint(key, at),
      };
    }
    case "type": {
      const node = locate(root, at).node;
      const info = norm.fieldAt.get(at);
      const expected = String(e.params.type).split(",").filter((t) => t !== "null");
      if (at === "" && node.kind === "array") {
        return {
          code: "value-type",
          at,
          message: "the config must be an object with stores and servers, not a list",
          nativelink: `invalid length ${node.items.length}, expected struct CasConfig with 6 elements`,
          hint: "write { stores: [...], servers: [...] }",
        };
      }
      return {
        code: "value-type",
        at,
        message: `${info ? `"${info.field.name}"` : "value"} must be ${expected.map(article).join(" or ")}, not ${jsonKind(node)}`,
        nativelink: info ? serdeTypeMessage(node, info.field, info.buffered) : undefined,
        hint: typeHint(info?.field, node),
      };
    }
    case "enum":
    case "const": {
      const node = locate(root, at).node;
      const allowed = (e.params.allowedValues as unknown[] | undefined) ?? [e.params.allowedValue];
      const strs = allowed.map(String);
      const guess = node.kind === "string" ? closest(node.value, strs) : undefined;
      return {
        code: "value-enum",
        at,
        message: `${node.kind === "string" ? JSON.stringify(node.value) : jsonKind(node)} is not one of ${strs.map((s) => `"${s}"`).join(", ")}` + (guess ? `; did you mean "${guess}"?` : ""),
        nativelink: node.kind === "string" ? `unknown variant \`${node.value}\`, expected ${serdeOneOf(strs)}` : undefined,
      };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const node = locate(root, at).node;
      const info = norm.fieldAt.get(at);
      return {
        code: "value-range",
        at,
        message: `${info ? `"${info.field.name}"` : "value"} must be ${e.keyword.includes("inimum") ? ">=" : "<="} ${e.params.limit}${info?.field.int ? ` (${info.field.int})` : ""}`,
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
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
    case "pattern":
    case "not":
    default: {
      return {
        code: "value-type",
        at,
        message: `invalid value: ${e.message ?? e.keyword}`,
      };
    }
  }
}

/** Structs written positionally are objects in the checked copy; map those paths back to the file's. */
function rawPointer(instancePath: string, norm: Normalized): string {
  for (const [eff, raw] of norm.rawPath) {
    if (instancePath === eff || instancePath.startsWith(eff + "/")) return raw + instancePath.slice(eff.length);
  }
  return instancePath;
}

function unknownFieldMessage(key: string, def: StructDef, typeKey: string): string {
  if (def.flatten.length > 0 && def.deny) return `unknown field \`${key}\``;
  // serde_derive lists every accepted name of a field, its aliases too, each field's names in byte order.
  const names = def.fields.flatMap((f) => [f.name, ...f.aliases].sort());
  if (names.length === 0) return `unknown field \`${key}\`, there are no fields`;
  void typeKey;
  return `unknown field \`${key}\`, expected ${serdeOneOf(names)}`;
}

function requiredHint(key: string, at: string): string {
  const known: Record<string, string> = {
    weight: "add weight: 1 (since v1.0.0 the key is required; null also means 1)",
    max_open_files: "add max_open_files: 24576 (required whenever global is given)",
    platform_properties: "add platform_properties: {} (required, even when empty)",
    store_type: 'add store_type: "cas" or "ac"',
    accepted_compression_algorithms: "add accepted_compression_algorithms: [] (required once compression is given)",
    provider: 'add provider: "aws" (or gcs, azure, ontap, r2, oci)',
  };
  return known[key] ?? `add "${key}" to ${operatorPath(at)}`;
}

function article(t: string): string {
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
    default:
      return t;
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
  else if (ref.k === "ref") {
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

