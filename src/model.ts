// The typed, located view of one config that rules work on: every value keeps its pointer and node,
// and string values come already expanded the way NativeLink expands them.
import type { DocNode, DocObject } from "./doc.ts";
import { member, memberEntry } from "./doc.ts";
import type { Normalized } from "./normalize.ts";
import { resolve as resolvePath, isAbsolute } from "node:path";
import { field, get, items, schedulerBody, storeBody, type Typed } from "./typed.ts";
import type { ClientTlsConfig, EndpointConfig, ExperimentalOntapS3Spec, GrpcEndpoint, ListenerConfig, LocalWorkerConfig, ServicesConfig, Located } from "./generated/nativelink-types.ts";

/** A string value as NativeLink reads it, with its node: the generated Located<string>. */
export type Str = Located<string>;

export interface SpecRef {
  /** The enum variant chosen, e.g. "fast_slow", "simple". */
  kind: string;
  /** Pointer of the object that holds the kind key. */
  at: string;
  /** The object that holds the kind key (the node `at` names). */
  node: DocNode;
  /** Pointer of the kind's body. */
  bodyAt: string;
  body: DocNode;
  /** Keys from the top-level entry down to this spec, e.g. ["fast_slow", "fast"]. */
  path: string[];
  children: SpecRef[];
  /** The top-level entry (stores[i] or schedulers[i]) this spec is, or is nested in. */
  owner?: { list: "stores" | "schedulers"; index: number };
}

export interface NamedEntry {
  index: number;
  at: string;
  /** The stores[i] or schedulers[i] item itself. */
  node: DocNode;
  name?: Str;
  spec?: SpecRef;
}

export type ServiceName =
  | "cas"
  | "ac"
  | "capabilities"
  | "execution"
  | "bytestream"
  | "fetch"
  | "push"
  | "worker_api"
  | "experimental_bep"
  | "admin"
  | "health";

export const CLIENT_FACING_SERVICES: readonly ServiceName[] = ["cas", "ac", "execution", "bytestream", "capabilities", "fetch", "push"];

export interface ServiceEntry {
  service: ServiceName;
  at: string;
  /** "" when not given. */
  instanceName: string;
  body: DocNode;
  /** Written in a pre-v0.7 map form. */
  legacyForm: boolean;
}

export interface ServerTls {
  at: string;
  /** The tls object `at` names. */
  node: DocNode;
  certFile?: Str;
  keyFile?: Str;
  clientCaFile?: Str;
  clientCrlFile?: Str;
}

export interface ServerModel {
  index: number;
  at: string;
  /** The servers[i] item itself. */
  node: DocNode;
  name?: Str;
  listenerAt?: string;
  listenerNode?: Typed<ListenerConfig>;
  socketAddress?: Str;
  tls?: ServerTls;
  servicesAt?: string;
  /** The services block as written, for rules that read services the model does not summarise. */
  servicesNode?: Typed<ServicesConfig>;
  /** undefined when the server has no services block (or it is null). */
  services?: ServiceEntry[];
}

export interface ClientTls {
  at: string;
  /** The tls_config object `at` names. */
  node: DocNode;
  caFile?: Str;
  certFile?: Str;
  keyFile?: Str;
  useNativeRoots?: { value: boolean; at: string; node: DocNode };
}

export type EndpointOwner = "worker" | "grpc-store" | "grpc-scheduler";

export interface EndpointModel {
  owner: EndpointOwner;
  /** Pointer of the object holding the URI. */
  at: string;
  uri?: Str;
  tls?: ClientTls;
  /** The tls_config pointer even when it is not an object. */
  tlsAt?: string;
  /** The tls_config node as written (null, a wrong type, or the object `tls` reads). */
  tlsNode?: DocNode;
  /** For a grpc store: the name of the top-level store entry it belongs to (NativeLink's "Failed to create store" tip). */
  store?: string;
  /** The grpc store or grpc scheduler spec whose endpoint this is (none for a worker's). */
  spec?: SpecRef;
}

export interface WorkerModel {
  index: number;
  at: string;
  /** The workers[i] item itself. */
  node: DocNode;
  /** Pointer of the `local` body. */
  localAt?: string;
  local?: Typed<LocalWorkerConfig>;
  /** Explicit name, or NativeLink's default `worker_{index}`. */
  name: string;
  nameStr?: Str;
  endpoint?: EndpointModel;
  casFastSlowStore?: Str;
  acStore?: Str;
  historicalStore?: Str;
  /** The directory the worker deletes recursively and recreates when it starts. */
  workDirectory?: Str;
}

export type TlsFileRole = "server-cert" | "server-key" | "client-ca" | "client-crl" | "ca" | "client-cert" | "client-key" | "ontap-ca";

/** A field that names a TLS file: where it is, and what NativeLink reads it as. */
export interface TlsFileRef {
  role: TlsFileRole;
  str: Str;
  /** The server (for server roles) or endpoint (for client roles) it belongs to. */
  server?: ServerModel;
  endpoint?: EndpointModel;
  /** The store spec that holds the ONTAP settings (for "ontap-ca"). */
  store?: SpecRef;
}

/** What NativeLink does with a data file it reads (not a TLS file). */
export type DataFileRole = "historical-hints" | "ontap-cache-index";

/** A field naming a JSON file NativeLink reads: a scheduler's hints file, an existence cache's index. */
export interface DataFileRef {
  role: DataFileRole;
  str: Str;
  /** The store or scheduler spec the field belongs to. */
  spec: SpecRef;
}

export interface ConfigModel {
  root: DocNode;
  stores: NamedEntry[];
  /** Every store spec at any depth, top-level ones included, in document order. */
  allStoreSpecs: SpecRef[];
  schedulers: NamedEntry[];
  allSchedulerSpecs: SpecRef[];
  servers: ServerModel[];
  workers: WorkerModel[];
  endpoints: EndpointModel[];
  /** Pointer of `global` when given. */
  globalAt?: string;
  /** Resolves a config path the way NativeLink does: relative to its working directory. */
  resolvePath(p: string): string;
  /** Every field naming a certificate, key, CA bundle or CRL, in document order. */
  tlsFiles: TlsFileRef[];
  /** Every field naming a JSON data file NativeLink reads (hints, cache index), in document order. */
  dataFiles: DataFileRef[];
  /** Reads a string at a pointer, expanded where NativeLink expands it. */
  str(node: DocNode | undefined): Str | undefined;
  /** The converted value of a helper field (bigint for integers, durations and sizes; boolean; string). */
  valueOf(node: DocNode | undefined): unknown;
}

const NO_VARS: readonly string[] = Object.freeze([]);

// The model's most numerous parts as classes whose pointers are made when asked (a finding names
// them): a large config would otherwise hold a pointer string for each of its strings and specs.

class StrValue implements Str {
  declare value: string;
  declare raw: string;
  declare node: DocNode;
  declare unknown: boolean | undefined;
  declare vars: readonly string[];
  constructor(value: string, raw: string, node: DocNode, unknown: boolean | undefined, vars: readonly string[]) {
    this.value = value;
    this.raw = raw;
    this.node = node;
    this.unknown = unknown;
    this.vars = vars;
  }
  get at(): string {
    return this.node.pointer;
  }
}

class SpecValue implements SpecRef {
  declare kind: string;
  declare node: DocNode;
  declare body: DocNode;
  declare path: string[];
  declare children: SpecRef[];
  declare owner: { list: "stores" | "schedulers"; index: number } | undefined;
  constructor(kind: string, node: DocNode, body: DocNode, path: string[]) {
    this.kind = kind;
    this.node = node;
    this.body = body;
    this.path = path;
    this.children = [];
    this.owner = undefined;
  }
  get at(): string {
    return this.node.pointer;
  }
  get bodyAt(): string {
    return this.body.pointer;
  }
}

class NamedValue implements NamedEntry {
  declare index: number;
  declare node: DocNode;
  declare name: Str | undefined;
  declare spec: SpecRef | undefined;
  constructor(index: number, node: DocNode, name: Str | undefined, spec: SpecRef | undefined) {
    this.index = index;
    this.node = node;
    this.name = name;
    this.spec = spec;
  }
  get at(): string {
    return this.node.pointer;
  }
}

/** The top-level stores[] or schedulers[] entry a spec is, or is nested in. */
export function ownerEntry(model: Pick<ConfigModel, "stores" | "schedulers">, spec: SpecRef): NamedEntry | undefined {
  if (!spec.owner) return undefined;
  return (spec.owner.list === "stores" ? model.stores : model.schedulers)[spec.owner.index];
}

export function buildModel(root: DocNode, norm: Normalized, cwd: string): ConfigModel {
  // What the model's functions keep of the walk: its values. The rest of it (the other side maps,
  // the canonical copy) is only read here, while the model is built.
  const values = norm.values;
  // Read while the model is built, then let go (see the end of this function).
  let variantAt: Normalized["variantAt"] | undefined = norm.variantAt;
  let typeAt: Normalized["typeAt"] | undefined = norm.typeAt;
  const str = (node: DocNode | undefined): Str | undefined => {
    if (!node || node.kind !== "string") return undefined;
    const v = values.get(node);
    return new StrValue(v && typeof v.value === "string" ? v.value : node.value, node.value, node, v?.unknown, v && v.vars.length > 0 ? v.vars.map((x) => x.name) : NO_VARS);
  };
  const valueOf = (node: DocNode | undefined) => (node ? values.get(node)?.value : undefined);
  const specsOf = (entryNode: DocNode, path: string[], sink: SpecRef[]): SpecRef | undefined => {
    const kind = variantAt?.get(entryNode);
    if (!kind || entryNode.kind !== "object") return undefined;
    const kv = entryNode.members.find((m) => m.key === kind || variantAt?.get(entryNode) === m.key);
    const body = kv?.value ?? memberEntry(entryNode, kind)?.value;
    if (!body) return undefined;
    const ref: SpecRef = new SpecValue(kind, entryNode, body, [...path, kind]);
    sink.push(ref);
    path.push(kind);
    collectNested(body, path, ref, sink);
    path.pop();
    return ref;
  };
  // Nested specs are objects whose variant the walker resolved (fast/slow/backend/stores[].store/...).
  // `path` is one stack for the whole descent: only a spec keeps a copy of it.
  const collectNested = (node: DocNode, path: string[], parent: SpecRef, sink: SpecRef[]) => {
    if (node.kind === "object") {
      for (const m of node.members) {
        const t = typeAt?.get(m.value);
        path.push(m.key);
        if (t === "StoreSpec" || t === "SchedulerSpec") {
          const child = specsOf(m.value, path, sink);
          if (child) parent.children.push(child);
        } else {
          collectNested(m.value, path, parent, sink);
        }
        path.pop();
      }
    } else if (node.kind === "array") {
      node.items.forEach((item, i) => {
        path.push(String(i));
        collectNested(item, path, parent, sink);
        path.pop();
      });
    }
  };
  // The walker's typed document: every read below names only a key, checked against the type there.
  const cfg = norm.root;
  const named = (listKey: "stores" | "schedulers", sink: SpecRef[]): NamedEntry[] => {
    return items(get(cfg, listKey)).map((item, index) => {
      const first = sink.length;
      const entry = new NamedValue(index, item, str(get(item, "name")), specsOf(item, [], sink));
      // Every spec this entry holds knows it (how messages name a nested store: `fast_slow.slow in store "CAS"`).
      for (let i = first; i < sink.length; i++) sink[i]!.owner = { list: listKey, index };
      return entry;
    });
  };
  const allStoreSpecs: SpecRef[] = [];
  const allSchedulerSpecs: SpecRef[] = [];
  const stores = named("stores", allStoreSpecs);
  const schedulers = named("schedulers", allSchedulerSpecs);
  const endpoints: EndpointModel[] = [];

  const clientTls = (node: Typed<ClientTlsConfig> | undefined): ClientTls | undefined => {
    if (!node || node.kind !== "object") return undefined;
    const unr = get(node, "use_native_roots");
    const unrVal = valueOf(unr) ?? (unr?.kind === "boolean" ? unr.value : undefined);
    return {
      at: node.pointer,
      node,
      caFile: str(get(node, "ca_file")),
      certFile: str(get(node, "cert_file")),
      keyFile: str(get(node, "key_file")),
      useNativeRoots: unr && typeof unrVal === "boolean" ? { value: unrVal, at: unr.pointer, node: unr } : undefined,
    };
  };
  const endpoint = (owner: EndpointOwner, node: DocNode, uri: DocNode | undefined, tlsNode: Typed<ClientTlsConfig> | undefined, spec?: SpecRef, store?: string): EndpointModel => {
    const e: EndpointModel = { owner, at: node.pointer, uri: str(uri), tls: clientTls(tlsNode), tlsAt: tlsNode?.pointer, tlsNode, ...(store !== undefined ? { store } : {}), ...(spec ? { spec } : {}) };
    endpoints.push(e);
    return e;
  };
  // A worker's worker_api_endpoint is an EndpointConfig (uri); grpc stores and schedulers use GrpcEndpoint (address).
  const workerEndpoint = (n: Typed<EndpointConfig> | undefined) => (n?.kind === "object" ? endpoint("worker", n, get(n, "uri"), get(n, "tls_config")) : undefined);
  const grpcEndpoint = (owner: EndpointOwner, n: Typed<GrpcEndpoint> | undefined, spec: SpecRef, store?: string) =>
    n?.kind === "object" ? endpoint(owner, n, get(n, "address"), get(n, "tls_config"), spec, store) : undefined;
  for (const s of allStoreSpecs) {
    const grpc = storeBody(s, "grpc");
    if (!grpc) continue;
    const entry = ownerEntry({ stores, schedulers }, s);
    for (const ep of items(get(grpc, "endpoints"))) grpcEndpoint("grpc-store", ep, s, entry?.name?.value);
  }
  for (const s of allSchedulerSpecs) {
    const grpc = schedulerBody(s, "grpc");
    if (grpc) grpcEndpoint("grpc-scheduler", get(grpc, "endpoint"), s);
  }

  const servers: ServerModel[] = [];
  items(get(cfg, "servers")).forEach((item, index) => {
    const listener = get(item, "listener");
    const http = get(listener, "http");
    const tlsNode = get(http, "tls");
    const servicesNode = get(item, "services");
    servers.push({
      index,
      at: item.pointer,
      node: item,
      name: str(get(item, "name")),
      listenerAt: listener?.pointer,
      listenerNode: listener,
      socketAddress: str(get(http, "socket_address")),
      tls:
        tlsNode && tlsNode.kind === "object"
          ? {
              at: tlsNode.pointer,
              node: tlsNode,
              certFile: str(get(tlsNode, "cert_file")),
              keyFile: str(get(tlsNode, "key_file")),
              clientCaFile: str(get(tlsNode, "client_ca_file")),
              clientCrlFile: str(get(tlsNode, "client_crl_file")),
            }
          : undefined,
      servicesAt: servicesNode?.pointer,
      servicesNode,
      services: servicesNode && servicesNode.kind === "object" ? serviceEntries(servicesNode) : undefined,
    });
  });

  const workers: WorkerModel[] = [];
  items(get(cfg, "workers")).forEach((item, index) => {
    const local = get(item, "local");
    const nameStr = str(get(local, "name"));
    const upload = get(local, "upload_action_result");
    workers.push({
      index,
      at: item.pointer,
      node: item,
      localAt: local?.pointer,
      local,
      name: nameStr && nameStr.value !== "" ? nameStr.value : `worker_${index}`,
      nameStr,
      endpoint: workerEndpoint(get(local, "worker_api_endpoint")),
      casFastSlowStore: str(get(local, "cas_fast_slow_store")),
      acStore: str(get(upload, "ac_store")),
      historicalStore: str(get(upload, "historical_results_store")),
      workDirectory: str(get(local, "work_directory")),
    });
  });

  const tlsFiles: TlsFileRef[] = [];
  for (const server of servers) {
    const t = server.tls;
    if (!t) continue;
    for (const [role, str] of [["server-cert", t.certFile], ["server-key", t.keyFile], ["client-ca", t.clientCaFile], ["client-crl", t.clientCrlFile]] as const) {
      if (str) tlsFiles.push({ role, str, server });
    }
  }
  for (const endpoint of endpoints) {
    const t = endpoint.tls;
    if (!t) continue;
    for (const [role, str] of [["ca", t.caFile], ["client-cert", t.certFile], ["client-key", t.keyFile]] as const) {
      if (str) tlsFiles.push({ role, str, endpoint });
    }
  }
  // ONTAP stores load root_certificates into their own rustls root store (ontap_s3_store.rs:96-122).
  for (const spec of allStoreSpecs) {
    const ontap = ontapSettings(spec);
    const ca = str(get(ontap, "root_certificates"));
    if (ca) tlsFiles.push({ role: "ontap-ca", str: ca, store: spec });
  }
  tlsFiles.sort((a, b) => (a.str.node.range[0] - b.str.node.range[0]));

  const dataFiles: DataFileRef[] = [];
  for (const spec of allStoreSpecs) {
    const index = str(get(storeBody(spec, "ontap_s3_existence_cache"), "index_path"));
    if (index) dataFiles.push({ role: "ontap-cache-index", str: index, spec });
  }
  for (const spec of allSchedulerSpecs) {
    const hints = str(get(schedulerBody(spec, "historical_resource"), "hints_file"));
    if (hints) dataFiles.push({ role: "historical-hints", str: hints, spec });
  }
  dataFiles.sort((a, b) => (a.str.node.range[0] - b.str.node.range[0]));

  // The functions the model keeps share this scope: the walk's maps must not stay with them.
  variantAt = undefined;
  typeAt = undefined;
  return {
    root,
    tlsFiles,
    dataFiles,
    stores,
    allStoreSpecs,
    schedulers,
    allSchedulerSpecs,
    servers,
    workers,
    endpoints,
    globalAt: get(cfg, "global")?.pointer,
    // NativeLink opens an empty path as it is (and gets "No such file or directory"), not the cwd.
    resolvePath: (p: string) => (p === "" ? "" : isAbsolute(p) ? p : resolvePath(cwd, p)),
    str,
    valueOf,
  };
}

/**
 * The object holding an ONTAP store's settings: an experimental_cloud_object_store with provider
 * "ontap" (the fields sit beside the tag), or an ontap_s3_existence_cache's backend.
 */
export function ontapSettings(spec: SpecRef): Typed<ExperimentalOntapS3Spec> | undefined {
  const cloud = storeBody(spec, "experimental_cloud_object_store");
  if (cloud) {
    const provider = get(cloud, "provider");
    // The ontap variant's fields sit beside its tag: the body is an ExperimentalOntapS3Spec.
    return provider?.kind === "string" && provider.value === "ontap" ? spec.body : undefined;
  }
  const backend = get(storeBody(spec, "ontap_s3_existence_cache"), "backend");
  return backend?.kind === "object" ? backend : undefined;
}

function serviceEntries(services: DocObject): ServiceEntry[] {
  const out: ServiceEntry[] = [];
  for (const m of services.members) {
    const service = m.key as ServiceName;
    const v = m.value;
    if (v.kind === "array") {
      v.items.forEach((item) => {
        // Untyped on purpose: read under any service key (a list where an object belongs too); each WithInstanceName<T> has it.
        const inst = member(item, "instance_name");
        out.push({ service, at: item.pointer, instanceName: inst?.kind === "string" ? inst.value : "", body: item, legacyForm: false });
      });
    } else if (v.kind === "object") {
      if (service === "bytestream") {
        const stores = field(v, "OldByteStreamConfig", "cas_stores");
        if (stores?.kind === "object") {
          for (const s of stores.members) out.push({ service, at: s.value.pointer, instanceName: s.key, body: s.value, legacyForm: true });
        }
      } else if (["worker_api", "experimental_bep", "admin", "health"].includes(service)) {
        out.push({ service, at: v.pointer, instanceName: "", body: v, legacyForm: false });
      } else {
        for (const s of v.members) out.push({ service, at: s.value.pointer, instanceName: s.key, body: s.value, legacyForm: true });
      }
    }
  }
  return out;
}
