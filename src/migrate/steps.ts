// The rewrites from older NativeLink config formats to v1.6.6, one small named step per breaking change,
// each with the release that made it (test/fixtures/reference/nativelink-config-versions.md and the
// release tags of nativelink-config/src). A step only produces text edits at document spans.
import type { DocMember, DocNode, DocObject } from "../doc.ts";
import { member, memberEntry } from "../doc.ts";
import type { Style, TextEdit } from "./text.ts";
import { indentAt, insertFirst, insertLast, keyText, reindent, removeMember, removeMembers, renameKey, skipTrivia, startsLine, strText, applyEdits } from "./text.ts";
import { pushAll } from "../arrays.ts";

export interface StepInput {
  text: string;
  root: DocNode;
  style: Style;
}

/** A change whose meaning cannot be kept mechanically: left for the operator, said as what to decide. */
export interface Decision {
  node: DocNode;
  /** Underline the member's key rather than its value. */
  keyOf?: DocMember;
  message: string;
  hint: string;
}

export interface MigrateStep {
  id: string;
  /** The NativeLink release whose config format made the change. */
  release: string;
  /** The upstream change (PR or commit). */
  change: string;
  summary: string;
  /** Whether NativeLink v1.6.6 still reads the old form (with a warning): such a step is a safe `check --fix`. */
  accepted?: boolean;
  edits(input: StepInput): TextEdit[];
  decisions?(input: StepInput): Decision[];
}

// ---- walking ----------------------------------------------------------------------------------

function objects(root: DocNode, visit: (o: DocObject) => void): void {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === "object") {
      visit(n);
      for (let i = n.members.length - 1; i >= 0; i--) stack.push(n.members[i]!.value);
    } else if (n.kind === "array") for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]!);
  }
}

function servers(root: DocNode): DocObject[] {
  const s = member(root, "servers");
  return s?.kind === "array" ? s.items.filter((x): x is DocObject => x.kind === "object") : [];
}

function index(obj: DocObject, key: string): number {
  for (let i = obj.members.length - 1; i >= 0; i--) if (obj.members[i]!.key === key) return i;
  return -1;
}

/**
 * `{ NAME: { ... }, ... }` → `[{ <nameKey>: NAME, ... }, ...]`: the brackets change, each key moves into
 * its value as the first member; the values stay where they are, comments and layout included.
 */
function mapToList(input: StepInput, map: DocObject, nameKey: string): TextEdit[] {
  const { text, style } = input;
  if (!map.members.every((m) => m.value.kind === "object" && m.keyRange)) return [];
  const edits: TextEdit[] = [
    { range: [map.range[0], map.range[0] + 1], text: "[" },
    { range: [map.range[1] - 1, map.range[1]], text: "]" },
  ];
  for (const m of map.members) {
    const v = m.value as DocObject;
    // `KEY:` goes, with the blanks after it; a comment between the key and its value stays.
    const colon = skipTrivia(text, m.keyRange![1]);
    let end = colon + 1;
    while (end < v.range[0] && (text[end] === " " || text[end] === "\t")) end++;
    edits.push({ range: [m.keyRange![0], end], text: "" });
    edits.push(insertFirst(text, v, `${keyText(style, nameKey)}: ${strText(style, m.key)}`, style));
  }
  return edits;
}

function mapDecision(map: DocObject, what: string): Decision[] {
  const bad = map.members.find((m) => m.value.kind !== "object");
  return bad ? [{ node: bad.value, message: `${what} "${bad.key}" is not an object, so the map cannot become a list mechanically`, hint: `write it as an entry of the list: { name: "${bad.key}", <kind>: {...} }` }] : [];
}

const SERVICE_MAPS = ["cas", "ac", "capabilities", "execution", "fetch", "push"];

// Removed keys are dropped with a comment saying why, in the file's own words.
function dropped(key: string, release: string, why: string, change = "removed in"): string {
  return `nativelink-preflight migrate dropped ${key} (${change} NativeLink ${release}; ${why})`;
}

// ---- the steps, oldest first ------------------------------------------------------------------

const LOWER_CASE: Record<string, Record<string, string>> = {
  store_type: { CAS: "cas", AC: "ac" },
  allocation_strategy: { LeastRecentlyUsed: "least_recently_used", MostRecentlyUsed: "most_recently_used" },
  send_compression_algorithm: { None: "none", Gzip: "gzip" },
  ac_store_strategy: { SuccessOnly: "success_only", Never: "never", Everything: "everything", FailuresOnly: "failures_only" },
  upload_ac_results_strategy: { SuccessOnly: "success_only", Never: "never", Everything: "everything", FailuresOnly: "failures_only" },
  upload_historical_results_strategy: { SuccessOnly: "success_only", Never: "never", Everything: "everything", FailuresOnly: "failures_only" },
};
const PROPERTY_TYPES: Record<string, string> = { Minimum: "minimum", Exact: "exact", Priority: "priority" };
const ENV_SOURCES: Record<string, string> = { Property: "property", Value: "value", TimeoutMillis: "timeout_millis", SideChannelFile: "side_channel_file" };

const lowerCaseVariants: MigrateStep = {
  id: "lower-case-variants",
  release: "v0.1.0",
  change: "#461 3329d7cd",
  summary: 'enum values and variant keys written in PascalCase ("CAS", "Minimum", "Add", "LZ4") are lower case',
  edits({ text, root }) {
    const out: TextEdit[] = [];
    const value = (n: DocNode, table: Record<string, string>) => {
      if (n.kind === "string" && table[n.value]) out.push({ range: [n.range[0] + 1, n.range[1] - 1], text: table[n.value]! });
    };
    const key = (m: DocMember, table: Record<string, string>) => {
      if (table[m.key] && m.keyRange) out.push(renameKey(text, m, table[m.key]!));
    };
    objects(root, (o) => {
      for (const m of o.members) {
        if (LOWER_CASE[m.key]) value(m.value, LOWER_CASE[m.key]!);
        if (m.key === "accepted_compression_algorithms" && m.value.kind === "array") for (const i of m.value.items) value(i, LOWER_CASE.send_compression_algorithm!);
        if (m.key === "supported_platform_properties" && m.value.kind === "object") for (const p of m.value.members) value(p.value, PROPERTY_TYPES);
        if (m.key === "modifications" && m.value.kind === "array") {
          for (const i of m.value.items) if (i.kind === "object") for (const x of i.members) key(x, { Add: "add", Remove: "remove" });
        }
        if (m.key === "additional_environment" && m.value.kind === "object") {
          for (const e of m.value.members) {
            value(e.value, ENV_SOURCES);
            if (e.value.kind === "object") for (const x of e.value.members) key(x, ENV_SOURCES);
          }
        }
        if (m.key === "compression_algorithm" && m.value.kind === "object") for (const x of m.value.members) key(x, { LZ4: "lz4" });
      }
    });
    return out;
  },
};

function workerLocals(root: DocNode): DocObject[] {
  const w = member(root, "workers");
  if (w?.kind !== "array") return [];
  return w.items.map((i) => member(i, "local")).filter((l): l is DocObject => l?.kind === "object");
}

const SCHEDULER_KINDS = ["simple", "grpc", "cache_lookup", "property_modifier", "historical_resource"];
const SIMPLE_FIELDS = ["supported_platform_properties", "allocation_strategy", "retain_completed_for_s", "worker_timeout_s", "client_action_timeout_s", "max_job_retries"];

const schedulerKind: MigrateStep = {
  id: "scheduler-simple-kind",
  release: "v0.1.0",
  change: "384f14e5",
  summary: "a scheduler written as the bare settings of the one scheduler there was is a simple scheduler: its settings move into simple: { ... }",
  edits({ text, root, style }) {
    const out: TextEdit[] = [];
    const list = member(root, "schedulers");
    const entries = list?.kind === "object" ? list.members.map((m) => m.value) : list?.kind === "array" ? list.items : [];
    for (const e of entries) {
      if (e.kind !== "object" || e.members.length === 0) continue;
      const body = e.members.filter((m) => m.key !== "name");
      if (body.length === 0 || body.some((m) => SCHEDULER_KINDS.includes(m.key)) || !body.some((m) => SIMPLE_FIELDS.includes(m.key))) continue;
      if (body.length !== e.members.length) continue; // a list entry with name and bare settings: left to the schema's finding
      const inner = text.slice(e.range[0] + 1, e.range[1] - 1).replace(/\s+$/, "");
      const first = e.members[0]!;
      const k = keyText(style, "simple");
      if (first.keyRange && startsLine(text, first.keyRange[0])) {
        const ind = indentAt(text, first.keyRange[0]);
        const deeper = inner.replace(/\n(?=[^\n])/g, `\n${style.unit}`);
        out.push({ range: e.range, text: `{\n${ind}${k}: {${deeper}\n${ind}}\n${indentAt(text, e.range[1] - 1)}}` });
      } else {
        out.push({ range: e.range, text: `{ ${k}: {${inner} } }` });
      }
    }
    return out;
  },
};

const uploadActionResult: MigrateStep = {
  id: "worker-upload-action-result",
  release: "v0.1.0",
  change: "#361 cf2f3e45",
  summary: "a local worker's ac_store and ac_store_strategy move into upload_action_result as ac_store and upload_ac_results_strategy",
  edits({ text, root, style }) {
    const out: TextEdit[] = [];
    for (const l of workerLocals(root)) {
      const ai = index(l, "ac_store");
      if (ai < 0 || index(l, "upload_action_result") >= 0) continue;
      const si = index(l, "ac_store_strategy");
      const a = l.members[ai]!;
      const parts = [`${keyText(style, "ac_store")}: ${text.slice(a.value.range[0], a.value.range[1])}`];
      if (si >= 0) parts.push(`${keyText(style, "upload_ac_results_strategy")}: ${text.slice(l.members[si]!.value.range[0], l.members[si]!.value.range[1])}`);
      out.push({ range: [a.keyRange![0], a.value.range[1]], text: `${keyText(style, "upload_action_result")}: { ${parts.join(", ")} }` });
      if (si >= 0) pushAll(out, removeMember(text, l, si));
    }
    return out;
  },
};

const workerEntrypoint: MigrateStep = {
  id: "worker-entrypoint",
  release: "v0.1.0",
  change: "#475 dbe61d28",
  summary: "a local worker's entrypoint_cmd is entrypoint, and precondition_script is experimental_precondition_script",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    for (const l of workerLocals(root)) {
      for (const [from, to] of [["entrypoint_cmd", "entrypoint"], ["precondition_script", "experimental_precondition_script"]] as const) {
        const i = index(l, from);
        if (i >= 0 && index(l, to) < 0) out.push(renameKey(text, l.members[i]!, to));
      }
    }
    return out;
  },
};

const listenAddress: MigrateStep = {
  id: "listen-address-to-listener",
  release: "v0.1.0",
  change: "#476 9db28d6a",
  summary: "a server's listen_address, compression, advanced_http and tls move into listener.http, listen_address as socket_address",
  edits: ({ text, root, style }) => {
  const out: TextEdit[] = [];
  for (const s of servers(root)) {
    const la = index(s, "listen_address");
    if (la < 0 || index(s, "listener") >= 0) continue;
    const laMember = s.members[la]!;
    const ownLine = startsLine(text, laMember.keyRange![0]) && /^[ \t]*,?[ \t]*(\/\/[^\n]*)?(\r?\n|$)/.test(text.slice(laMember.value.range[1]));
    const indent = ownLine ? indentAt(text, laMember.keyRange![0]) : undefined;
    const moved = ["compression", "advanced_http", "tls"].map((k) => index(s, k)).filter((i) => i >= 0);
    const k = (x: string) => keyText(style, x);
    const addr = text.slice(laMember.value.range[0], laMember.value.range[1]);
    let body: string;
    if (indent === undefined) {
      const parts = [`${k("socket_address")}: ${addr}`, ...moved.map((i) => `${k(s.members[i]!.key)}: ${text.slice(s.members[i]!.value.range[0], s.members[i]!.value.range[1])}`)];
      body = `${k("listener")}: { ${k("http")}: { ${parts.join(", ")} } }`;
    } else {
      const in2 = indent + style.unit + style.unit;
      const lines = [`${in2}${k("socket_address")}: ${addr}`];
      for (const i of moved) {
        const m = s.members[i]!;
        const from = indentAt(text, m.keyRange![0]);
        lines.push(`${in2}${reindent(text.slice(m.keyRange![0], m.value.range[1]), from, in2)}`);
      }
      body = `${k("listener")}: {\n${indent}${style.unit}${k("http")}: {\n${lines.join(",\n")}\n${indent}${style.unit}}\n${indent}}`;
    }
    out.push({ range: [laMember.keyRange![0], laMember.value.range[1]], text: body });
    // Take the moved members out where they were.
    pushAll(out, removeMembers(text, s, moved));
  }
  return dedupe(out);
  },
};

const HTTP2_RENAMED = [
  "http2_max_pending_accept_reset_streams",
  "http2_initial_stream_window_size",
  "http2_initial_connection_window_size",
  "http2_adaptive_window",
  "http2_max_frame_size",
  "http2_max_concurrent_streams",
  "http2_keep_alive_timeout",
  "http2_max_send_buf_size",
  "http2_enable_connect_protocol",
  "http2_max_header_list_size",
];

const advancedHttpPrefix: MigrateStep = {
  id: "advanced-http-experimental",
  release: "v0.1.0",
  change: "#476 9db28d6a",
  summary: "advanced_http's http2_* settings (all but http2_keep_alive_interval) are named experimental_http2_*",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    objects(root, (o) => {
      const adv = memberEntry(o, "advanced_http");
      if (adv?.value.kind !== "object") return;
      for (const m of adv.value.members) if (HTTP2_RENAMED.includes(m.key) && index(adv.value, `experimental_${m.key}`) < 0) out.push(renameKey(text, m, `experimental_${m.key}`));
    });
    return out;
  },
};

const grpcEndpointObjects: MigrateStep = {
  id: "grpc-endpoint-objects",
  release: "v0.3.0",
  change: "#627 b47f39ba",
  summary: "grpc store endpoints are objects { address }, and tls_config moves from the store into each endpoint",
  edits: ({ text, root, style }) => {
  const out: TextEdit[] = [];
  objects(root, (o) => {
    const g = member(o, "grpc");
    if (g?.kind !== "object") return;
    const eps = member(g, "endpoints");
    if (eps?.kind !== "array" || !eps.items.some((e) => e.kind === "string")) return;
    const tlsAt = index(g, "tls_config");
    const tls = tlsAt >= 0 ? g.members[tlsAt]! : undefined;
    for (const e of eps.items) {
      if (e.kind !== "string") continue;
      let tlsText = "";
      if (tls) {
        const from = indentAt(text, tls.keyRange![0]);
        tlsText = `, ${keyText(style, "tls_config")}: ${reindent(text.slice(tls.value.range[0], tls.value.range[1]), from, indentAt(text, e.range[0]))}`;
      }
      out.push({ range: e.range, text: `{ ${keyText(style, "address")}: ${text.slice(e.range[0], e.range[1])}${tlsText} }` });
    }
    if (tls) pushAll(out, removeMember(text, g, tlsAt));
  });
  return out;
  },
};

const verifyHash: MigrateStep = {
  id: "verify-hash",
  release: "v0.5.0",
  change: "#899 0a33c839",
  summary: "a verify store's hash_verification_function is verify_hash: true (the hash function now follows each request's digest function); null is verify_hash: false",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    objects(root, (o) => {
      const v = member(o, "verify");
      if (v?.kind !== "object" || index(v, "verify_hash") >= 0) return;
      const i = index(v, "hash_verification_function");
      if (i < 0) return;
      const m = v.members[i]!;
      out.push(renameKey(text, m, "verify_hash"));
      out.push({ range: m.value.range, text: m.value.kind === "null" ? "false" : "true" });
    });
    return out;
  },
};

const idleFileDescriptor: MigrateStep = {
  id: "drop-idle-file-descriptor-timeout",
  release: "v0.6.0",
  change: "#1582 8b89c311",
  summary: "global.idle_file_descriptor_timeout_millis is gone (file slots are no longer closed when idle): it is dropped",
  edits({ text, root }) {
    const g = member(root, "global");
    if (g?.kind !== "object") return [];
    const i = index(g, "idle_file_descriptor_timeout_millis");
    return i < 0 ? [] : removeMember(text, g, i, dropped("idle_file_descriptor_timeout_millis", "v0.6.0", "open files are no longer closed when idle"));
  },
};

const storesList: MigrateStep = {
  id: "stores-list",
  release: "v0.7.0",
  change: "#1496 c99dca6d, #1695 aff81c8b",
  summary: 'stores and schedulers are lists of { name, <kind>: {...} } instead of maps by name (deprecated in v0.5.4, refused since v0.7.0)',
  edits(input) {
    const out: TextEdit[] = [];
    for (const k of ["stores", "schedulers"]) {
      const m = member(input.root, k);
      if (m?.kind === "object") pushAll(out, mapToList(input, m, "name"));
    }
    return out;
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const k of ["stores", "schedulers"]) {
      const m = member(root, k);
      if (m?.kind === "object") pushAll(out, mapDecision(m, k === "stores" ? "store" : "scheduler"));
    }
    return out;
  },
};

const prometheus: MigrateStep = {
  id: "drop-prometheus",
  release: "v0.7.0",
  change: "#1686 23a64cf1",
  summary: "the prometheus / experimental_prometheus service and global.disable_metrics are gone (metrics go through OpenTelemetry): they are dropped",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    for (const s of servers(root)) {
      const svc = member(s, "services");
      if (svc?.kind !== "object") continue;
      const gone = ["prometheus", "experimental_prometheus"].map((k) => index(svc, k)).filter((i) => i >= 0);
      if (gone.length) pushAll(out, removeMembers(text, svc, gone, (m) => dropped(`the ${m.key} service`, "v0.7.0", "metrics are exported through OpenTelemetry")));
    }
    const g = member(root, "global");
    if (g?.kind === "object") {
      const i = index(g, "disable_metrics");
      if (i >= 0) pushAll(out, removeMember(text, g, i, dropped("disable_metrics", "v0.7.0", "metrics are exported through OpenTelemetry")));
    }
    return dedupe(out);
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const s of servers(root)) {
      const svc = member(s, "services");
      if (svc?.kind === "object" && svc.members.length === 0) {
        out.push({ node: svc, message: "this server served only metrics, which v1.6.6 no longer serves", hint: "remove the server, or give it the services it should serve" });
      }
    }
    return out;
  },
};

const s3Experimental: MigrateStep = {
  id: "s3-store-experimental",
  release: "v0.1.0",
  change: "#369 6ce11ab1, 05a6dd79",
  summary: "s3_store is experimental_s3_store, on the AWS SDK: its additional_max_concurrent_requests is gone and is dropped",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    objects(root, (o) => {
      for (const m of o.members) {
        if ((m.key !== "s3_store" && m.key !== "experimental_s3_store") || m.value.kind !== "object") continue;
        if (m.key === "s3_store" && index(o, "experimental_s3_store") < 0) out.push(renameKey(text, m, "experimental_s3_store"));
        const i = index(m.value, "additional_max_concurrent_requests");
        if (i >= 0) pushAll(out, removeMember(text, m.value, i, dropped("additional_max_concurrent_requests", "v0.1.0", "the AWS SDK client limits its own requests")));
      }
    });
    return dedupe(out);
  },
};

const s3Store: MigrateStep = {
  id: "s3-to-cloud-object-store",
  release: "v0.7.0",
  change: "#1720 1d944178",
  summary: 'experimental_s3_store is experimental_cloud_object_store with provider: "aws", the same fields',
  edits({ text, root, style }) {
    const out: TextEdit[] = [];
    objects(root, (o) => {
      for (const m of o.members) {
        if (m.key !== "experimental_s3_store" || m.value.kind !== "object") continue;
        out.push(renameKey(text, m, "experimental_cloud_object_store"));
        if (index(m.value, "provider") < 0) out.push(insertFirst(text, m.value, `${keyText(style, "provider")}: ${strText(style, "aws")}`, style));
      }
    });
    return out;
  },
};

const servicesList: MigrateStep = {
  id: "services-list",
  release: "v0.7.0",
  change: "#1712 3f1cf3b6",
  summary: "services cas, ac, capabilities, execution, fetch and push are lists of { instance_name, ... } instead of maps by instance (v1.6.6 still reads maps, with a warning)",
  accepted: true,
  edits(input) {
    const out: TextEdit[] = [];
    for (const s of servers(input.root)) {
      const svc = member(s, "services");
      if (svc?.kind !== "object") continue;
      for (const k of SERVICE_MAPS) {
        const m = member(svc, k);
        if (m?.kind === "object") pushAll(out, mapToList(input, m, "instance_name"));
      }
    }
    return out;
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const s of servers(root)) {
      const svc = member(s, "services");
      for (const k of SERVICE_MAPS) {
        const m = member(svc, k);
        if (m?.kind === "object") pushAll(out, mapDecision(m, `${k} instance`));
      }
    }
    return out;
  },
};

const bytestreamList: MigrateStep = {
  id: "bytestream-list",
  release: "v0.7.2",
  change: "#1951 e5b0eefe",
  summary: "bytestream is a list of { instance_name, cas_store, ... } instead of { cas_stores: { INSTANCE: STORE }, ... } (v1.6.6 still reads the old form, with a warning); max_decoding_message_size, which v1.6.6 ignores there, is dropped",
  accepted: true,
  edits({ text, root, style }) {
    const out: TextEdit[] = [];
    for (const s of servers(root)) {
      const b = member(member(s, "services"), "bytestream");
      if (b?.kind !== "object") continue;
      const ci = index(b, "cas_stores");
      const cas = ci >= 0 ? b.members[ci]! : undefined;
      if (!cas || cas.value.kind !== "object") continue;
      const entries: string[] = [];
      for (const inst of cas.value.members) {
        // Each instance gets the old object, its cas_stores member replaced by this one instance.
        const sep = startsLine(text, cas.keyRange![0]) ? `,\n${indentAt(text, cas.keyRange![0])}` : ", ";
        const pair = `${keyText(style, "instance_name")}: ${strText(style, inst.key)}${sep}${keyText(style, "cas_store")}: ${text.slice(inst.value.range[0], inst.value.range[1])}`;
        const local: TextEdit[] = [{ range: [cas.keyRange![0], cas.value.range[1]], text: pair }];
        const di = index(b, "max_decoding_message_size");
        if (di >= 0) pushAll(local, removeMember(text, b, di, dropped("max_decoding_message_size", "v0.7.2", "bytestream ignores it; the limit is listener.http.max_decoding_message_size")));
        const shifted = dedupe(local).map((e) => ({ range: [e.range[0] - b.range[0], e.range[1] - b.range[0]] as [number, number], text: e.text }));
        entries.push(applyEdits(text.slice(b.range[0], b.range[1]), shifted));
      }
      out.push({ range: b.range, text: `[${entries.join(", ")}]` });
    }
    return out;
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const s of servers(root)) {
      const b = member(member(s, "services"), "bytestream");
      if (b?.kind !== "object") continue;
      const cas = member(b, "cas_stores");
      if (cas && cas.kind !== "object") out.push({ node: cas, message: "cas_stores is not a map of instance names to stores, so bytestream cannot become a list mechanically", hint: 'write bytestream: [{ instance_name: "", cas_store: "<store>" }]' });
    }
    return out;
  },
};

const shardWeight: MigrateStep = {
  id: "shard-weight",
  release: "v1.0.0",
  change: "#2172 e54a0c3e",
  summary: "every shard entry needs weight; the old default, 1, is written out",
  edits({ text, root, style }) {
    const out: TextEdit[] = [];
    objects(root, (o) => {
      const sh = member(o, "shard");
      const list = member(sh, "stores");
      if (list?.kind !== "array") return;
      for (const e of list.items) if (e.kind === "object" && index(e, "weight") < 0) out.push(insertLast(text, e, `${keyText(style, "weight")}: 1`, style));
    });
    return out;
  },
};

function redisStores(root: DocNode): DocObject[] {
  const out: DocObject[] = [];
  objects(root, (o) => {
    const r = member(o, "redis_store");
    if (r?.kind === "object") out.push(r);
  });
  return out;
}

const redisDeprecated: MigrateStep = {
  id: "redis-deprecated-settings",
  release: "v1.0.0",
  change: "#2076 4956889c",
  summary: "redis_store: connection_timeout_s is connection_timeout_ms (times 1000); broadcast_channel_capacity and response_timeout_s, which v1.6.6 ignores, are dropped",
  accepted: true,
  edits({ text, root }) {
    const out: TextEdit[] = [];
    for (const r of redisStores(root)) {
      const gone: number[] = [];
      const why: Record<string, string> = {
        broadcast_channel_capacity: "it is ignored",
        response_timeout_s: "it is ignored; command_timeout_ms is the command timeout",
      };
      for (const k of Object.keys(why)) {
        const i = index(r, k);
        if (i >= 0) gone.push(i);
      }
      const ci = index(r, "connection_timeout_s");
      const ms = member(r, "connection_timeout_ms");
      const c = ci >= 0 ? r.members[ci]! : undefined;
      if (c && c.value.kind === "number" && c.value.integer && c.value.value >= 0 && !ms) {
        if (c.value.value === 0) gone.push(ci);
        else {
          out.push(renameKey(text, c, "connection_timeout_ms"));
          out.push({ range: c.value.range, text: String(BigInt(c.value.text.replace(/^\+/, "")) * 1000n) });
        }
      }
      if (gone.length) pushAll(out, removeMembers(text, r, gone, (m) => dropped(m.key, "v1.0.0", why[m.key] ?? "0 means unset", "deprecated in")));
    }
    return out;
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const r of redisStores(root)) {
      const c = member(r, "connection_timeout_s");
      if (c && !(c.kind === "number" && c.integer)) {
        out.push({ node: c, message: "connection_timeout_s is deprecated and is not a plain number here, so it cannot be turned into connection_timeout_ms mechanically", hint: "write connection_timeout_ms with the same timeout in milliseconds" });
      }
    }
    return out;
  },
};

const casAcDistinct: MigrateStep = {
  id: "cas-ac-distinct-stores",
  release: "v1.5.0",
  change: "#1177 9a5843b6",
  summary: "the CAS and the AC of one instance may no longer be the same store; which store to split off is a decision, so this step only reports it",
  edits: () => [],
  decisions({ root }) {
    const out: Decision[] = [];
    for (const s of servers(root)) {
      const svc = member(s, "services");
      const stores = (k: string, field: string) => {
        const list = member(svc, k);
        const m = new Map<string, DocNode>();
        if (list?.kind === "array") for (const e of list.items) {
          const inst = member(e, "instance_name");
          const st = member(e, field);
          if (st?.kind === "string") m.set(inst?.kind === "string" ? inst.value : "", st);
        }
        return m;
      };
      const cas = stores("cas", "cas_store");
      for (const [inst, ac] of stores("ac", "ac_store")) {
        const c = cas.get(inst);
        if (c && ac.kind === "string" && c.kind === "string" && c.value === ac.value) {
          out.push({ node: ac, message: `the ac_store of instance "${inst}" is its cas_store "${ac.value}", which NativeLink refuses since v1.5.0`, hint: "give the AC a store of its own (results and blobs must not share one store)" });
        }
      }
    }
    return out;
  },
};

const TIME_RENAMES: [parent: RegExp, key: string][] = [
  [/^local$/, "max_action_timeout"],
  [/^local$/, "max_upload_timeout"],
  [/^advanced_http$/, "experimental_http2_keep_alive_timeout"],
];

const timeSuffix: MigrateStep = {
  id: "time-fields-seconds-suffix",
  release: "v1.6.0",
  change: "#2462 ccc01eb6",
  summary: "time fields carry an _s suffix (max_action_timeout_s, max_upload_timeout_s, persist_stream_on_disconnect_timeout_s, experimental_http2_keep_alive_timeout_s); v1.6.6 still reads the old names",
  accepted: true,
  edits({ text, root }) {
    const out: TextEdit[] = [];
    const rename = (o: DocObject, key: string) => {
      const i = index(o, key);
      if (i >= 0 && index(o, `${key}_s`) < 0) out.push(renameKey(text, o.members[i]!, `${key}_s`));
    };
    objects(root, (o) => {
      for (const m of o.members) {
        if (m.value.kind !== "object") continue;
        for (const [parent, key] of TIME_RENAMES) if (parent.test(m.key)) rename(m.value, key);
      }
    });
    for (const s of servers(root)) {
      const b = member(member(s, "services"), "bytestream");
      if (b?.kind === "array") for (const e of b.items) if (e.kind === "object") rename(e, "persist_stream_on_disconnect_timeout");
    }
    return out;
  },
};

const azureTimeouts: MigrateStep = {
  id: "drop-azure-timeouts",
  release: "v1.6.0",
  change: "#2472 884ffdea",
  summary: "the Azure store's connection_timeout_s and read_timeout_s are gone: they are dropped",
  edits({ text, root }) {
    const out: TextEdit[] = [];
    for (const o of azureStores(root)) {
      const gone = ["connection_timeout_s", "read_timeout_s"].map((k) => index(o, k)).filter((i) => i >= 0);
      if (gone.length) pushAll(out, removeMembers(text, o, gone, (m) => dropped(m.key, "v1.6.0", "the Azure client sets its own timeouts")));
    }
    return dedupe(out);
  },
  decisions({ root }) {
    const out: Decision[] = [];
    for (const o of azureStores(root)) {
      if (!member(o, "sas_url")) {
        out.push({
          node: o,
          message: "the Azure store authenticates with Workload Identity or a sas_url since v1.6.0, no longer with the AZURE_STORAGE_KEY account key",
          hint: "decide how NativeLink reaches the account: set sas_url, or give the pod an Azure Workload Identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE)",
        });
      }
    }
    return out;
  },
};

function azureStores(root: DocNode): DocObject[] {
  const out: DocObject[] = [];
  objects(root, (o) => {
    const c = member(o, "experimental_cloud_object_store");
    if (c?.kind === "object" && member(c, "provider")?.kind === "string" && (member(c, "provider") as { value: string }).value === "azure") out.push(c);
  });
  return out;
}

/** Edits a step may produce twice (the comma of a member before two removed ones). */
function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.range[0]}:${e.range[1]}:${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every step towards v1.6.6, in the order of the releases that made the changes. */
export const STEPS_TO_1_6_6: readonly MigrateStep[] = [
  lowerCaseVariants,
  schedulerKind,
  uploadActionResult,
  workerEntrypoint,
  listenAddress,
  advancedHttpPrefix,
  s3Experimental,
  grpcEndpointObjects,
  verifyHash,
  idleFileDescriptor,
  storesList,
  prometheus,
  s3Store,
  servicesList,
  bytestreamList,
  shardWeight,
  redisDeprecated,
  casAcDistinct,
  timeSuffix,
  azureTimeouts,
];

/** Targets `migrate --to` knows; the next release adds its own list of steps after these. */
export const TARGETS: Record<string, readonly MigrateStep[]> = { "1.6.6": STEPS_TO_1_6_6 };

