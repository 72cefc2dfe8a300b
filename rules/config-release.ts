// Recognises configs written for an older NativeLink release and says which, with the v1.6.6 form.
import { defineRule } from "../src/rule-helpers.ts";
import type { DocNode, DocObject } from "../src/doc.ts";
import { member, toPlain } from "../src/doc.ts";
import type { Report } from "../src/types.ts";
import { doc, field, get, items, tag } from "../src/typed.ts";
import { pushAll } from "../src/arrays.ts";

/** A trace of an older format. Lower `age` = older release. */
interface Marker {
  age: number;
  release: string;
  evidence: string;
  at: string;
  node: DocNode;
  target?: "key" | "value";
  newForm: string;
  /** Findings this sign explains that are at other places than its own (see Report.explains). */
  explains?: { rule: string; at: string }[];
}

// Release boundaries come from the git history of nativelink-config (see docs/rules/config-release.md).
// Builds from 2023, before the first tag (the evidence dates them where it can).
const PRE_0_1 = { age: 0, release: "before v0.1.0" };
const V0_2 = { age: 1, release: "v0.2.x or older" };
const V0_5 = { age: 2, release: "v0.5.x or older" };
const V0_6 = { age: 3, release: "v0.6.x or older" };
const V0_8 = { age: 4, release: "v0.8.x or older" };
const V1_5 = { age: 5, release: "v1.5.x or older" };

const PASCAL = /^[A-Z][a-zA-Z]+$/;

export default defineRule(
  {
    id: "config-release",
    category: "deprecation",
    severity: "error",
    summary: "the config is written for an older NativeLink release",
    why: "NativeLink's config format changed in breaking ways: stores and schedulers became lists in v0.7.0, experimental_s3_store became experimental_cloud_object_store, listen_address became listener.http.socket_address, a local worker's ac_store moved into upload_action_result and its entrypoint_cmd became entrypoint, shard weight became required in v1.0.0, Azure timeouts went away in v1.6.0. A config copied from an old example fails on v1.6.6 with messages that do not say it is simply out of date; this rule says which release it looks written for and how v1.6.6 spells it. Where the older form is the very value or key the loader refuses (stores as a map, listen_address, a shard entry without weight), this is the one finding there and carries the text NativeLink prints; at the other signs it lists, the loader's errors are not said again, except the one NativeLink stops at, which keeps its text at its own place; nor is the missing listener of a server that still has listen_address, or the missing AC store of a worker that still has ac_store outside upload_action_result.",
    fix: "Run `nativelink-preflight migrate FILE` to see the rewrite as a diff (`--write` applies it, as does `check --fix`), or rewrite the marked parts by hand in the v1.6.6 form the hint shows; every other finding in the file then tells what is left.",
    nativelink: [
      { message: "invalid type: map, expected a sequence", source: "serde_derive (stores/schedulers as a map, removed in v0.7.0)" },
      { message: "no variant of enum StoreSpec found in flattened data", source: "nativelink-config/src/cas_server.rs (experimental_s3_store, removed in v0.7.0)" },
      { message: "unknown field `experimental_prometheus`, expected one of `cas`, `ac`, ...", source: "nativelink-config/src/cas_server.rs (removed in v0.7.0)" },
      { message: "missing field `weight`", source: "nativelink-config/src/stores.rs (required since v1.0.0)" },
    ],
    examples: {
      bad: { config: '{ stores: { CAS: { memory: {} } }, servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", memory: {} }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const root = ctx.load.root;
    if (!root || root.kind !== "object") return;
    const markers = findMarkers(root);
    markers.sort((a, b) => a.age - b.age);
    const first = markers[0];
    if (!first) return;
    const others = markers.slice(1);
    yield {
      at: first.at,
      node: first.node,
      target: first.target,
      message: `this config looks written for NativeLink ${first.release}, not v1.6.6: ${first.evidence}${others.length ? ` (and ${others.length} more sign${others.length === 1 ? "" : "s"} of an older format)` : ""}`,
      hint: `in v1.6.6 write ${first.newForm}`,
      related: others.map((m) => ({ at: m.at, node: m.node, message: `${m.evidence} (${m.release}); in v1.6.6: ${m.newForm}` })),
      ...(markers.some((m) => m.explains) ? { explains: markers.flatMap((m) => m.explains ?? []) } : {}),
    };
  },
);

function findMarkers(root: DocObject): Marker[] {
  const out: Marker[] = [];
  const cfg = doc(root);
  for (const key of ["stores", "schedulers"] as const) {
    const list = get(cfg, key);
    if (list?.kind === "object") {
      const firstEntry = list.members[0];
      const example = firstEntry ? `[{ name: ${JSON.stringify(firstEntry.key)}, ${briefSpec(firstEntry.value)} }, ...]` : "[]";
      out.push({ ...V0_6, evidence: `${key} is a map by name (lists since v0.7.0)`, at: list.pointer, node: list, newForm: `${key}: ${example}` });
    }
  }
  for (const s of items(get(cfg, "servers"))) {
    const la = memberNode(s, "listen_address");
    if (la) {
      const addr = la.kind === "string" ? JSON.stringify(la.value) : '"0.0.0.0:50051"';
      // listener is the server's one required key (test/rules/config-release.test.ts holds the type
      // table to that): the missing-key error at the server is this rename again.
      out.push({
        ...PRE_0_1,
        evidence: "servers use listen_address (renamed in December 2023)",
        at: la.pointer,
        node: la,
        target: "key",
        newForm: `listener: { http: { socket_address: ${addr} } }`,
        ...(memberNode(s, "listener") ? {} : { explains: [{ rule: "key-required", at: s.pointer }] }),
      });
    }
    const services = get(s, "services");
    for (const [k, m] of [["prometheus", PRE_0_1], ["experimental_prometheus", V0_6]] as const) {
      const p = memberNode(services, k);
      if (p) out.push({ ...m, evidence: `the "${k}" service (removed in v0.7.0)`, at: p.pointer, node: p, target: "key", newForm: `no ${k} service: remove it (v1.6.6 exports metrics through OpenTelemetry)` });
    }
  }
  for (const w of items(get(cfg, "workers"))) {
    const local = memberNode(w, "local");
    if (local?.kind !== "object") continue;
    // Moved into upload_action_result in November 2023 (#361), before v0.1.0.
    const ac = memberNode(local, "ac_store");
    if (ac && !memberNode(local, "upload_action_result")) {
      const store = ac.kind === "string" ? JSON.stringify(ac.value) : '"AC_STORE"';
      out.push({
        ...PRE_0_1,
        evidence: "a local worker's ac_store outside upload_action_result (moved in November 2023)",
        at: ac.pointer,
        node: ac,
        target: "key",
        newForm: `upload_action_result: { ac_store: ${store} }`,
        // Without upload_action_result the worker has no AC store to upload to: the same move.
        explains: [{ rule: "worker-upload-ac-store", at: local.pointer }],
      });
    }
    // Renamed in December 2023 (#475), before v0.1.0.
    for (const [old, now] of [["entrypoint_cmd", "entrypoint"], ["precondition_script", "experimental_precondition_script"]] as const) {
      const n = memberNode(local, old);
      if (n && !memberNode(local, now)) out.push({ ...PRE_0_1, evidence: `a local worker's ${old} (renamed to ${now} in December 2023)`, at: n.pointer, node: n, target: "key", newForm: `${now}: ${n.kind === "string" ? JSON.stringify(n.value) : "..."}` });
    }
  }
  const global = get(cfg, "global");
  for (const [k, m, note] of [
    ["disable_metrics", V0_6, "removed in v0.7.0"],
    ["idle_file_descriptor_timeout_millis", V0_5, "removed in v0.6.0"],
  ] as const) {
    const n = memberNode(global, k);
    if (n) out.push({ ...m, evidence: `global.${k} (${note})`, at: n.pointer, node: n, target: "key", newForm: `global without ${k}` });
  }
  // A walk over every object: a key names what its value is read as (field() names that type).
  walk(root, (obj) => {
    for (const m of obj.members) {
      if (m.key === "experimental_s3_store") {
        out.push({ ...V0_6, evidence: "experimental_s3_store (replaced in v0.7.0)", at: m.value.pointer, node: m.value, target: "key", newForm: 'experimental_cloud_object_store: { provider: "aws", ...the same fields }' });
      }
      if (m.key === "store_type" && m.value.kind === "string" && PASCAL.test(m.value.value) && /^(CAS|AC)$/.test(m.value.value)) {
        out.push({ ...PRE_0_1, evidence: `store_type "${m.value.value}" in upper case`, at: m.value.pointer, node: m.value, newForm: `store_type: "${m.value.value.toLowerCase()}"` });
      }
      if (m.key === "supported_platform_properties" && m.value.kind === "object") {
        const pascal = m.value.members.find((p) => p.value.kind === "string" && /^(Minimum|Exact|Priority|Ignore)$/.test(p.value.value));
        if (pascal && pascal.value.kind === "string") {
          out.push({ ...PRE_0_1, evidence: `property type "${pascal.value.value}" capitalised`, at: pascal.value.pointer, node: pascal.value, newForm: `"${pascal.value.value.toLowerCase()}"` });
        }
      }
      if (m.key === "modifications" && m.value.kind === "array") {
        const old = m.value.items.find((i) => i.kind === "object" && i.members.some((x) => x.key === "Add" || x.key === "Remove"));
        if (old) out.push({ ...PRE_0_1, evidence: 'property modifications spelled "Add"/"Remove"', at: old.pointer, node: old, newForm: '{ add: { name, value } } and { remove: "name" }' });
      }
      if (m.key === "grpc" && m.value.kind === "object") {
        const eps = field(m.value, "StoresGrpcSpec", "endpoints");
        const s = eps?.kind === "array" ? eps.items.find((e) => e.kind === "string") : undefined;
        if (s?.kind === "string") {
          out.push({ ...V0_2, evidence: "grpc endpoints written as plain strings (objects since v0.3.0)", at: s.pointer, node: s, newForm: `endpoints: [{ address: ${JSON.stringify(s.value)} }]` });
        }
      }
      if (m.key === "shard" && m.value.kind === "object") {
        const list = field(m.value, "ShardSpec", "stores");
        const noWeight = list?.kind === "array" ? list.items.find((i) => i.kind === "object" && !i.members.some((x) => x.key === "weight")) : undefined;
        if (noWeight) out.push({ ...V0_8, evidence: "a shard entry without weight (required since v1.0.0)", at: noWeight.pointer, node: noWeight, newForm: "weight: 1 in every shard entry" });
      }
      if (m.key === "experimental_cloud_object_store" && m.value.kind === "object") {
        const prov = tag(m.value, "ExperimentalCloudObjectSpec", "provider");
        if (prov?.kind === "string" && prov.value === "azure") {
          for (const k of ["connection_timeout_s", "read_timeout_s"]) {
            const n = memberNode(m.value, k);
            if (n) out.push({ ...V1_5, evidence: `Azure ${k} (removed in v1.6.0)`, at: n.pointer, node: n, target: "key", newForm: `the Azure store without ${k}` });
          }
        }
      }
    }
  });
  return out;
}

// Untyped on purpose: these keys belong to older releases, so v1.6.6's types do not have them.
function memberNode(node: DocNode | undefined, key: string): DocNode | undefined {
  return member(node, key);
}

function walk(node: DocNode, visit: (o: DocObject) => void): void {
  const stack: DocNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === "object") {
      visit(n);
      for (const m of n.members) stack.push(m.value);
    } else if (n.kind === "array") {
      pushAll(stack, n.items);
    }
  }
}

function briefSpec(spec: DocNode): string {
  const only = spec.kind === "object" ? spec.members[0] : undefined;
  if (!only) return "...";
  const kind = only.key;
  const body = toPlain(only.value);
  const text = JSON.stringify(body);
  return `${kind}: ${text.length > 40 ? "{ ... }" : text}`;
}
