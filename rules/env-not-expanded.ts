// A ${VAR} in a field NativeLink never expands is used as literal text.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import type { FieldInfo } from "../src/normalize.ts";
import { parseTypeRef, type TypeRef } from "../src/typetable.ts";
import { referencedVars } from "../src/values/index.ts";

const SERVER = (instance: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { cas: [{ instance_name: "${instance}", cas_store: "CAS" }] } }] }`;

/** The type a string at this position must have: the field's type with option, list and map wrappers removed. */
function elementType(ref: TypeRef): TypeRef {
  return ref.k === "option" || ref.k === "array" || ref.k === "map" ? elementType(ref.inner) : ref;
}

/**
 * Fields whose text is a command line: NativeLink splits it with shlex and runs it without a shell of
 * its own, so a `$VAR` reaches the program, which may well be a shell meant to expand it
 * (worker_utils.rs for query_cmd, local_worker.rs:135-155 for the precondition script).
 */
const COMMANDS = new Set(["query_cmd", "experimental_precondition_script"]);

interface Place {
  node: DocNode & { kind: "string" };
  info: FieldInfo;
  label: string;
}

export default defineRule(
  {
    id: "env-not-expanded",
    category: "reference",
    severity: "warning",
    summary: "a ${VAR} in a field NativeLink never expands is used literally",
    why: "NativeLink expands $VAR and ${VAR} only in fields read through its shellexpand helpers: paths, addresses, numbers, durations, sizes, booleans, store and scheduler references. Every other string keeps the text as written: instance_name, store and scheduler names, grpc headers and forward_headers, bytestream cas_store, a worker's upload_action_result stores, admin and health paths, cloud key_prefix, property_modifier names and values, redis experimental_pub_sub_channel and more. A ${INSTANCE} there is served, sent or looked up as the characters ${INSTANCE}: clients asking for the real instance name get `'instance_name' not configured`, a header carries the placeholder instead of the token. Which fields expand is taken from NativeLink's config model, field by field. Command lines (a worker property's query_cmd, experimental_precondition_script) are left alone: NativeLink passes $VAR on to the program it runs, which may be a shell meant to expand it.",
    fix: "Write the value itself in the field. If it has to differ between deployments, render the config from a template (envsubst, Helm, Nix) before NativeLink reads it.",
    examples: {
      bad: { config: SERVER("${INSTANCE}") },
      good: { config: SERVER("main") },
    },
  },
  function* (ctx): Iterable<Report> {
    const norm = ctx.normalized;
    const root = ctx.load.root;
    if (!norm || !root) return;
    // A reference needs a `$`, written as such or as a \u0024 or \x24 escape: most configs have none.
    if (ctx.load.text !== undefined && !/\$|\\u0024|\\x24/i.test(ctx.load.text)) return;
    const places: Place[] = [];
    // The walker records a field for each value it reaches; list items and map values go by their container's field.
    const visit = (node: DocNode, parent: { info: FieldInfo; label: string } | undefined, label: string) => {
      const info = norm.fieldAt.get(node);
      const own = info ? { info, label: info.field.name } : undefined;
      if (node.kind === "string") {
        if (!node.value.includes("$")) return;
        const at = own ?? (parent ? { info: parent.info, label } : undefined);
        if (at) places.push({ node, info: at.info, label: at.label });
        return;
      }
      const container = own ?? parent;
      if (node.kind === "array") {
        node.items.forEach((item, i) => visit(item, container, `${container?.label ?? ""}[${i}]`));
      } else if (node.kind === "object") {
        // A map field (headers, cas_stores): its values belong to it. Struct members carry their own field.
        const isMap = own !== undefined && elementIsMap(own.info.field.type);
        for (const m of node.members) visit(m.value, isMap ? own : undefined, isMap ? `${own.label}.${m.key}` : m.key);
      }
    };
    visit(root, undefined, "");
    for (const p of places) {
      const f = p.info.field;
      if (f.expand !== "none" || norm.values.has(p.node)) continue;
      const t = elementType(parseTypeRef(f.type));
      if (t.k !== "prim" || t.name !== "string") continue;
      if (COMMANDS.has(f.name)) continue;
      const vars = referencedVars(p.node.value);
      if (vars.length === 0) continue;
      const refs = [...new Set(vars)].map((v) => "$" + v).join(", ");
      yield {
        node: p.node,
        message: `${p.label} ${JSON.stringify(p.node.value)} refers to ${refs}, but NativeLink never expands variables in ${p.label.includes(".") || p.label.includes("[") ? "this field" : p.label}: it uses the text literally`,
        hint: "write the value itself; to vary it per deployment, render the config from a template before NativeLink reads it",
      };
    }
  },
);

/** The field is a map (possibly optional), so an object at its position holds values, not fields. */
function elementIsMap(type: string): boolean {
  const ref = parseTypeRef(type);
  return ref.k === "map" || (ref.k === "option" && ref.inner.k === "map");
}
