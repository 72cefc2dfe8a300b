// What a config asks of the host it runs on, read from the typed model alone: the listeners it binds,
// the directories its filesystem stores and workers create, the commands workers run, the open-file
// limit, the trust store and the cloud credentials it needs. The facts module gathers facts for
// exactly this plan, and the host rules judge the same plan against those facts.
import { doc, entries, get, storeBody } from "../typed.ts";
import type { RuleContext } from "../context.ts";
import type { DocNode } from "../doc.ts";
import type { EndpointModel, SpecRef, Str, WorkerModel, ServerModel } from "../model.ts";
import { boolAt, intAt, storeName, strAt } from "../facts/stores.ts";
import { parseSocketAddr, type SocketAddr } from "../facts/endpoints.ts";
import { shlexSplit } from "../facts/worker.ts";

export interface PlannedPath {
  str: Str;
  /** Resolved against NativeLink's working directory. */
  path: string;
}

export interface FsStorePlan {
  spec: SpecRef;
  /** The top-level store's name (NativeLink's `Failed to create store '{name}'`). */
  name: string;
  content: PlannedPath;
  temp: PlannedPath;
  maxBytes?: { value: bigint; at: string; node: DocNode };
}

export interface CommandPlan {
  /** What the command is for, in messages: `entrypoint` or `query_cmd of platform property "cpu"`. */
  what: string;
  str: Str;
  /** The program as NativeLink runs it: the first shlex word (query_cmd) or the whole value (entrypoint). */
  program: string;
  /** Resolved path when the program names one (it contains a slash). */
  path?: string;
  /** Query commands: the worker clears the environment, so a bare name is searched in this PATH. */
  searchPath?: string[];
  /** Some entry of additional_environment sets PATH: the search path is not known here. */
  pathUnknown?: boolean;
}

export interface WorkerPlan {
  worker: WorkerModel;
  workDir?: PlannedPath;
  useNamespaces?: { value: boolean; at: string; node: DocNode };
  useMountNamespace?: { value: boolean; at: string; node: DocNode };
  commands: CommandPlan[];
}

export interface ListenerPlan {
  server: ServerModel;
  str: Str;
  addr: SocketAddr;
  freebind: boolean;
}

export interface CloudPlan {
  spec: SpecRef;
  name: string;
  provider: "gcs" | "azure";
  at: string;
  node: DocNode;
}

export interface HostPlan {
  listeners: ListenerPlan[];
  fsStores: FsStorePlan[];
  workers: WorkerPlan[];
  maxOpenFiles?: { value: bigint; at: string; node: DocNode };
  /** Client TLS blocks with use_native_roots: true. */
  nativeRoots: EndpointModel[];
  /** ONTAP stores without root_certificates (they load the system trust store). */
  ontapNativeRoots: { spec: SpecRef; name: string }[];
  cloud: CloudPlan[];
}

/** glibc's default search path for execvp when PATH is unset (a worker's query_cmd runs with a cleared environment). */
export const DEFAULT_EXEC_PATH = ["/bin", "/usr/bin"];

export function hostPlan(ctx: RuleContext): HostPlan {
  const model = ctx.model!;
  const planned = (str: Str | undefined): PlannedPath | undefined => (str && !str.unknown && str.value !== "" ? { str, path: model.resolvePath(str.value) } : undefined);
  const plan: HostPlan = { listeners: [], fsStores: [], workers: [], nativeRoots: [], ontapNativeRoots: [], cloud: [] };

  for (const server of model.servers) {
    const s = server.socketAddress;
    if (!s || s.unknown) continue;
    const addr = parseSocketAddr(s.value);
    if (!addr) continue;
    const freebind = boolAt(ctx, get(get(server.listenerNode, "http"), "freebind"))?.value === true;
    plan.listeners.push({ server, str: s, addr, freebind });
  }

  for (const spec of model.allStoreSpecs) {
    const fs = storeBody(spec, "filesystem");
    if (fs) {
      const content = planned(strAt(ctx, get(fs, "content_path")));
      const temp = planned(strAt(ctx, get(fs, "temp_path")));
      if (!content || !temp) continue;
      const ev = get(fs, "eviction_policy");
      const mb = ev ? intAt(ctx, get(ev, "max_bytes")) : undefined;
      plan.fsStores.push({ spec, name: storeName(model, spec), content, temp, maxBytes: mb?.state === "value" && mb.value > 0n ? { value: mb.value, at: mb.at, node: mb.node } : undefined });
    }
    // The cloud store's provider tag sits beside the provider's own fields.
    const cloud = storeBody(spec, "experimental_cloud_object_store");
    const provider = get(cloud, "provider");
    if (cloud && provider?.kind === "string") {
      const auth = get(cloud, "authentication_required");
      if (provider.value === "gcs" && auth && boolAt(ctx, auth)?.value === true) {
        plan.cloud.push({ spec, name: storeName(model, spec), provider: "gcs", at: auth.pointer, node: auth });
      }
      if (provider.value === "azure" && !get(cloud, "sas_url")) plan.cloud.push({ spec, name: storeName(model, spec), provider: "azure", at: provider.pointer, node: provider });
      if (provider.value === "ontap" && !get(cloud, "root_certificates")) plan.ontapNativeRoots.push({ spec, name: storeName(model, spec) });
    }
    const backend = get(storeBody(spec, "ontap_s3_existence_cache"), "backend");
    if (backend?.kind === "object" && !get(backend, "root_certificates")) plan.ontapNativeRoots.push({ spec, name: storeName(model, spec) });
  }

  for (const worker of model.workers) {
    const local = worker.local;
    if (!local || local.kind !== "object") continue;
    const env = get(local, "additional_environment");
    const pathUnknown = env?.kind === "object" && env.members.some((m) => m.key === "PATH");
    const commands: CommandPlan[] = [];
    const entry = strAt(ctx, get(local, "entrypoint"));
    if (entry && entry.value.trim() !== "") {
      const program = entry.value;
      commands.push({ what: "entrypoint", str: entry, program, path: program.includes("/") ? model.resolvePath(program) : undefined });
    }
    // A map keyed by the user's property names; each value is a WorkerProperty.
    for (const m of entries(get(local, "platform_properties"))) {
      const q = strAt(ctx, get(m.value, "query_cmd"));
      if (!q) continue;
      const words = shlexSplit(q.value);
      if (!words || words.length === 0) continue;
      const program = words[0]!;
      commands.push({
        what: `query_cmd of platform property "${m.key}"`,
        str: q,
        program,
        path: program.includes("/") ? model.resolvePath(program) : undefined,
        searchPath: pathUnknown ? undefined : DEFAULT_EXEC_PATH,
        pathUnknown,
      });
    }
    plan.workers.push({
      worker,
      workDir: planned(worker.workDirectory),
      useNamespaces: boolAt(ctx, get(local, "use_namespaces")),
      useMountNamespace: boolAt(ctx, get(local, "use_mount_namespace")),
      commands,
    });
  }

  const g = get(doc(model.root), "global");
  if (g) {
    const f = intAt(ctx, get(g, "max_open_files"));
    if (f?.state === "value") plan.maxOpenFiles = { value: f.value, at: f.at, node: f.node };
  }
  for (const e of model.endpoints) if (e.tls?.useNativeRoots?.value === true) plan.nativeRoots.push(e);
  return plan;
}

