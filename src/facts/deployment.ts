// How the configs of one deployment reach each other: every client endpoint (a worker's
// worker_api_endpoint, a grpc store's endpoints, a grpc scheduler's endpoint) is resolved to the
// listener of the run it lands on, with what it needs there. src/graph/model.ts builds the
// deployment's graph from these once per run; the deployment-* rules read that graph.
import type { DeployedConfig, Deployment } from "../context.ts";
import type { DocNode } from "../doc.ts";
import { escapePointerToken } from "../doc.ts";
import type { ConfigModel, EndpointModel, NamedEntry, ServerModel, ServiceEntry, ServiceName, SpecRef, Str, WorkerModel } from "../model.ts";
import { ownerEntry } from "../model.ts";
import type { CertFacts, CrlFacts } from "../tls/index.ts";
import type { IpAddr, SocketAddr } from "./endpoints.ts";
import { endpointUri, isLoopback, isUnspecified, parseSocketAddr } from "./endpoints.ts";
import { get, serviceBody, storeBody } from "../typed.ts";
import { groupBy } from "../arrays.ts";

/** One `servers[]` entry of a config of the run, with the address it binds. */
export interface Listener {
  config: DeployedConfig;
  server: ServerModel;
  addr: SocketAddr;
  /** socket_address as NativeLink reads it (expanded). */
  text: string;
  /** Pointer of socket_address. */
  at: string;
  /** The socket_address node `at` names. */
  node: DocNode;
  tls: boolean;
  /** The services the server mounts: keys of `services` whose value is not null (even an empty list). */
  mounted: Set<ServiceName>;
  /** A proxy the settings file names (tlsProxies) terminates TLS in front of this plaintext listener. */
  proxied?: string;
}

export type ClientKind = EndpointModel["owner"];

/** A local service entry that forwards to a grpc scheduler, with the instance name it sends. */
export interface SchedulerUse {
  service: "execution" | "capabilities";
  entry: ServiceEntry;
  /** Pointer of the entry's instance_name (the entry itself when it has none). */
  at: string;
  /** The node `at` names. */
  node: DocNode;
}

export interface Client {
  config: DeployedConfig;
  endpoint: EndpointModel;
  uri: Str;
  /** The URI as messages show it (userinfo hidden). */
  shown: string;
  /** Host as written, lower-case, without IPv6 brackets. */
  host: string;
  /** The IP address when the host is an IP literal. */
  hostIp?: IpAddr;
  /** The port hyper-util connects to. */
  port: number;
  /** The scheme is https or grpcs: tonic speaks TLS. */
  tls: boolean;
  /** "worker \"w\"", "grpc store \"GRPC_CAS\"", "grpc scheduler \"UPSTREAM\"". */
  label: string;
  /** Services the client calls on the listener it reaches. */
  needs: ServiceName[];
  worker?: WorkerModel;
  store?: { spec: SpecRef; type?: "cas" | "ac"; instance?: Str; instanceName: string };
  scheduler?: { spec: SpecRef; name?: string; uses: SchedulerUse[] };
}

/**
 * How the host was matched to a config:
 * - host-map: --host-map names the config that serves the host;
 * - loopback: the host is loopback, so the listener is on the client's own machine;
 * - ip: the host is an IP literal equal to a listener's explicit address;
 * - unmatched: no config of the deployment is known to serve the host (a name no --host-map entry
 *   names, or an IP literal no listener binds explicitly): the connection is not checked, since a
 *   listener with the same port may well be another deployment's;
 * - elsewhere: --host-map names a config of the run that is not in this deployment.
 */
export type MatchMode = "host-map" | "loopback" | "ip" | "unmatched" | "elsewhere";

export interface Resolution {
  mode: MatchMode;
  /** The config --host-map names for the host. */
  mapped?: string;
  /** Listeners the host and port reach, before looking at their services. */
  reached: Listener[];
  /** Listeners on the port that the host cannot reach (bound to loopback or to another address). */
  unreachable: Listener[];
  /** Reached listeners that mount every service the client calls. */
  serving: Listener[];
  /** The one listener that serves the client, when exactly one does. */
  target?: Listener;
  /** For an unmatched host: listeners on the port the host could reach, were it their machine. */
  candidates: Listener[];
}

export interface Connection {
  client: Client;
  res: Resolution;
}

// ---- listeners ---------------------------------------------------------------------------------

function mountedServices(config: DeployedConfig, server: ServerModel): Set<ServiceName> {
  const out = new Set<ServiceName>();
  const node = server.servicesNode;
  if (node?.kind !== "object") return out;
  for (const m of node.members) {
    if (m.value.kind !== "null") out.add(m.key as ServiceName);
  }
  return out;
}

/** What the settings file says terminates TLS in front of a server: named by server name or socket_address. */
function proxyOf(config: DeployedConfig, server: ServerModel, raw: string, value: string): string | undefined {
  const name = server.name && !server.name.unknown ? server.name.value : undefined;
  return config.tlsProxies?.find((p) => p.listeners.some((l) => l === name || l === raw || l === value))?.by;
}

/** Every listener of the run whose socket_address parses. */
export function listeners(dep: Deployment): Listener[] {
  const out: Listener[] = [];
  for (const config of dep.configs) {
    for (const server of config.model.servers) {
      const a = server.socketAddress;
      if (!a || a.unknown) continue;
      const addr = parseSocketAddr(a.value);
      if (!addr) continue;
      const proxied = server.tls ? undefined : proxyOf(config, server, a.raw, a.value);
      out.push({ config, server, addr, text: a.value, at: a.at, node: a.node, tls: server.tls !== undefined, mounted: mountedServices(config, server), proxied });
    }
  }
  return out;
}

/** `servers[1] "workers" (0.0.0.0:50061) of scheduler.json5`. */
export function listenerLabel(l: Listener, withFile = true): string {
  const name = l.server.name && !l.server.name.unknown && l.server.name.value !== "" ? ` "${l.server.name.value}"` : "";
  return `servers[${l.server.index}]${name} (${l.text})${withFile ? ` of ${l.config.file}` : ""}`;
}

// ---- clients -----------------------------------------------------------------------------------

function storeTypeOf(node: DocNode | undefined): "cas" | "ac" | undefined {
  let v: string | undefined;
  if (node?.kind === "string") v = node.value;
  else if (node?.kind === "object" && node.members.length === 1) v = node.members[0]!.key;
  return v === "cas" || v === "ac" ? v : undefined;
}

/** A config's schedulers by name (the last entry of each name) and the local entries that use each name. */
interface SchedulerIndex {
  lastByName: Map<string, NamedEntry>;
  usesByName: Map<string, SchedulerUse[]>;
}

/** Made once per config: each grpc scheduler looked through every scheduler and every service entry (n²). */
function schedulerIndex(m: ConfigModel): SchedulerIndex {
  const lastByName = new Map<string, NamedEntry>();
  for (const s of m.schedulers) if (s.name) lastByName.set(s.name.value, s);
  const usesByName = new Map<string, SchedulerUse[]>();
  for (const server of m.servers) {
    for (const s of server.services ?? []) {
      let ref: Str | undefined;
      const execution = serviceBody(s, "execution");
      const capabilities = serviceBody(s, "capabilities");
      if (execution) ref = m.str(get(execution, "scheduler"));
      else if (capabilities) ref = m.str(get(get(capabilities, "remote_execution"), "scheduler"));
      else continue;
      if (!ref || ref.unknown) continue;
      const inst = execution ? get(execution, "instance_name") : get(capabilities, "instance_name");
      const use: SchedulerUse = { service: execution ? "execution" : "capabilities", entry: s, at: inst && !s.legacyForm ? inst.pointer : s.at, node: inst && !s.legacyForm ? inst : s.body };
      const list = usesByName.get(ref.value);
      if (list) list.push(use);
      else usesByName.set(ref.value, [use]);
    }
  }
  return { lastByName, usesByName };
}

/** The local execution and capabilities entries whose scheduler is the top-level one holding `spec`. */
function schedulerUses(m: ConfigModel, index: SchedulerIndex, spec: SpecRef): { name?: string; uses: SchedulerUse[] } {
  const entry = ownerEntry(m, spec);
  const name = entry?.name && !entry.name.unknown ? entry.name.value : undefined;
  if (name === undefined) return { uses: [] };
  // A later entry with the same name replaces this one; then nothing forwards through it.
  if (index.lastByName.get(name) !== entry) return { name, uses: [] };
  return { name, uses: [...(index.usesByName.get(name) ?? [])] };
}

function hostIpOf(host: string): IpAddr | undefined {
  return (parseSocketAddr(`${host}:0`) ?? parseSocketAddr(`[${host}]:0`))?.ip;
}

function makeClient(config: DeployedConfig, endpoint: EndpointModel, label: string, needs: ServiceName[]): Client | undefined {
  const uri = endpoint.uri;
  if (!uri || uri.unknown) return undefined;
  const p = endpointUri(config, uri.value);
  if (!p.ok || p.host === undefined || p.host === "" || p.effectivePort === undefined) return undefined;
  const host = p.host.replace(/^\[|\]$/g, "").toLowerCase();
  return { config, endpoint, uri, shown: uri.value, host, hostIp: hostIpOf(host), port: p.effectivePort, tls: p.scheme === "https", label, needs };
}

/** Every client endpoint of every config of the run whose URI has a host and a port. */
export function clients(dep: Deployment): Client[] {
  const out: Client[] = [];
  for (const config of dep.configs) {
    const m = config.model;
    // Each spec's endpoints, in the config's order: a search of every endpoint per grpc spec was n².
    const bySpec = groupBy(m.endpoints, (e) => e.spec);
    for (const w of m.workers) {
      if (!w.endpoint) continue;
      const c = makeClient(config, w.endpoint, `worker "${w.name}"`, ["worker_api"]);
      if (c) out.push({ ...c, worker: w });
    }
    for (const spec of m.allStoreSpecs) {
      if (spec.kind !== "grpc") continue;
      const entry = ownerEntry(m, spec);
      const name = entry?.name && !entry.name.unknown ? entry.name.value : "?";
      const label = entry && entry.spec === spec ? `grpc store "${name}"` : `the grpc store inside "${name}"`;
      const grpc = storeBody(spec, "grpc");
      const type = storeTypeOf(get(grpc, "store_type"));
      const instance = m.str(get(grpc, "instance_name"));
      const needs: ServiceName[] = type === "cas" ? ["cas", "bytestream"] : type === "ac" ? ["ac"] : [];
      for (const e of bySpec.get(spec) ?? []) {
        const c = makeClient(config, e, label, needs);
        if (c) out.push({ ...c, store: { spec, type, instance, instanceName: instance?.value ?? "" } });
      }
    }
    let schedulers: SchedulerIndex | undefined;
    for (const spec of m.allSchedulerSpecs) {
      if (spec.kind !== "grpc") continue;
      const e = bySpec.get(spec)?.[0];
      if (!e) continue;
      const { name, uses } = schedulerUses(m, (schedulers ??= schedulerIndex(m)), spec);
      const needs: ServiceName[] = ["execution"];
      if (uses.some((u) => u.service === "capabilities")) needs.push("capabilities");
      const c = makeClient(config, e, `grpc scheduler "${name ?? "?"}"`, needs);
      if (c) out.push({ ...c, scheduler: { spec, name, uses } });
    }
  }
  return out;
}

// ---- resolution --------------------------------------------------------------------------------

const isV6 = (ip: IpAddr) => "v6" in ip;
const sameIp = (a: IpAddr, b: IpAddr) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a connection to `ip` reaches a listener bound to `l`: the same address, or the wildcard of
 * its family; `[::]` also takes IPv4 (Linux's default net.ipv6.bindv6only=0), `0.0.0.0` no IPv6.
 */
function accepts(l: Listener, ip: IpAddr): boolean {
  const bound = l.addr.ip;
  if (isUnspecified(bound)) return isV6(bound) || !isV6(ip);
  return sameIp(bound, ip);
}

const LOCALHOST: IpAddr[] = [{ v4: [127, 0, 0, 1] }, { v6: [0, 0, 0, 0, 0, 0, 0, 1], scope: 0 }];

function isLoopbackHost(c: Client): boolean {
  return c.host === "localhost" || (c.hostIp !== undefined && isLoopback(c.hostIp));
}

/**
 * What every client of a deployment is placed by, made once for all of them: the listeners by port,
 * the --host-map entries by host as clients name hosts (lower-case, IPv6 brackets ignored; the first
 * entry of a host counts), and the deployment's config files. Each client searched every listener and
 * every --host-map entry before.
 */
export interface Placement {
  byPort: ReadonlyMap<number, Listener[]>;
  hosts: ReadonlyMap<string, string>;
  files: ReadonlySet<string>;
}

export function placement(dep: Deployment, all: Listener[] = listeners(dep)): Placement {
  const hosts = new Map<string, string>();
  for (const [k, v] of dep.hostMap) {
    const host = k.replace(/^\[|\]$/g, "").toLowerCase();
    if (!hosts.has(host)) hosts.set(host, v);
  }
  return { byPort: groupBy(all, (l) => l.addr.port), hosts, files: new Set(dep.configs.map((x) => x.file)) };
}

/** Where the client's host and port land among the deployment's listeners. */
export function resolve(dep: Deployment, c: Client, where: Placement = placement(dep)): Resolution {
  const atPort = where.byPort.get(c.port) ?? [];
  const split = (ok: (l: Listener) => boolean, pool = atPort) => ({ reached: pool.filter(ok), unreachable: pool.filter((l) => !ok(l)) });
  let mode: MatchMode;
  let r: { reached: Listener[]; unreachable: Listener[] };
  let candidates: Listener[] = [];
  const mapped = where.hosts.get(c.host);
  if (mapped !== undefined && !where.files.has(mapped)) {
    mode = "elsewhere";
    r = { reached: [], unreachable: [] };
  } else if (mapped !== undefined) {
    mode = "host-map";
    const pool = atPort.filter((l) => l.config.file === mapped);
    // Through a mapped host name, a listener bound to loopback is reachable only from its own machine.
    r = split((l) => !isLoopback(l.addr.ip) || isLoopbackHost(c) || l.config === c.config, pool);
  } else if (isLoopbackHost(c)) {
    mode = "loopback";
    const ips = c.hostIp ? [c.hostIp] : LOCALHOST;
    r = split((l) => ips.some((ip) => accepts(l, ip)));
    // The client's own config runs on its machine; other configs only may.
    const own = r.reached.filter((l) => l.config === c.config);
    if (own.length > 0) r = { reached: own, unreachable: r.unreachable };
  } else if (c.hostIp && atPort.some((l) => sameIp(l.addr.ip, c.hostIp!))) {
    mode = "ip";
    r = split((l) => sameIp(l.addr.ip, c.hostIp!));
  } else {
    // A listener on the same port proves nothing: another deployment may run it. Say what would check it.
    mode = "unmatched";
    const ip = c.hostIp;
    const could = split((l) => (ip ? accepts(l, ip) : !isLoopback(l.addr.ip)));
    candidates = could.reached;
    r = { reached: [], unreachable: could.unreachable };
  }
  const serving = r.reached.filter((l) => c.needs.every((s) => l.mounted.has(s)));
  return { mode, mapped, ...r, serving, target: serving.length === 1 ? serving[0] : undefined, candidates };
}

// Every client with where it lands is built once per deployment by src/graph/model.ts
// (deploymentGraph(dep).connections), which the deployment-* rules and the graph command share.

/** How the listener was found, for messages: "" when the host names it outright. */
export function matchNote(c: Client, res: Resolution): string {
  switch (res.mode) {
    case "host-map":
      return ` (--host-map ${c.host}=${res.mapped})`;
    case "loopback":
      return ` (${c.host} is loopback: the listener must run on the same machine)`;
    default:
      return "";
  }
}

// ---- consequences ------------------------------------------------------------------------------

/** What a connection that fails (refused, handshake, wrong service) does to the client's owner. */
export function connectConsequence(c: Client): string {
  if (c.worker) return "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";
  if (c.store) return "NativeLink starts (grpc stores connect lazily), then every request through this store fails";
  if (c.scheduler?.uses.some((u) => u.service === "capabilities")) {
    return "NativeLink stops at startup: the capabilities service asks the upstream scheduler for its platform properties";
  }
  return "NativeLink starts, then every action forwarded to the upstream scheduler fails";
}

/** The NativeLink message that wraps a failed call of the client, when it is a fixed text. */
export function callTip(c: Client): string | undefined {
  if (c.worker) return "Could not call connect_worker() in worker";
  if (c.store?.type === "ac") return "in GrpcStore::get_action_result";
  if (c.store?.type === "cas") return "in GrpcStore::find_missing_blobs";
  if (c.scheduler?.uses.some((u) => u.service === "capabilities")) return "Retrieving upstream GrpcScheduler capabilities";
  if (c.scheduler) return "Sending action to upstream scheduler";
  return undefined;
}

// ---- TLS files of either side ------------------------------------------------------------------

export interface PeerFile {
  str: Str;
  /** Resolved path, for reproducer commands. */
  path: string;
  certs: CertFacts[];
  crls: CrlFacts[];
}

/** The certificates and CRLs of a file a config names, when the engine could read it. */
export function peerFile(config: DeployedConfig, str: Str | undefined): PeerFile | undefined {
  if (!str || str.unknown || str.value === "") return undefined;
  const path = config.model.resolvePath(str.value);
  const view = config.files.get(path);
  if (!view?.read.ok || !view.facts) return undefined;
  return { str, path, certs: view.facts.certs, crls: view.facts.crls };
}

/** Pointer of a key inside an object, for `related` locations. */
export function keyPointer(objectAt: string, key: string): string {
  return `${objectAt}/${escapePointerToken(key)}`;
}
