// The deployment as a graph, built once per deployment and read by both the deployment-* rules
// (through `connections`) and the `graph` command (through the nodes and edges): what is drawn is
// what was checked. Nodes are the configs, their listeners, their clients (workers, grpc stores,
// grpc schedulers) and the places an endpoint dials that no config of the run serves; an edge joins a
// client endpoint to the listener it lands on, with its scheme, port and trust relation.
import type { Deployment, DeployedConfig } from "../context.ts";
import type { Finding } from "../types.ts";
import type { Str } from "../model.ts";
import { groupBy, pushAll } from "../arrays.ts";
import { clients, listenerLabel, listeners, peerFile, placement, resolve, type Client, type Connection, type Listener, type MatchMode, type Resolution } from "../facts/deployment.ts";

export type Security = "plaintext" | "tls" | "mtls";

export interface ConfigNode {
  id: string;
  file: string;
  config: DeployedConfig;
}

export interface ListenerNode {
  kind: "listener";
  id: string;
  configId: string;
  listener: Listener;
  /** `servers[1] "workers"`. */
  name: string;
  address: string;
  security: Security;
  /** What terminates TLS in front of a plaintext listener (settings file tlsProxies). */
  proxied?: string;
  services: string[];
  /** Subject of the first certificate of cert_file, else cert_file as written. */
  serverCert?: string;
  /** client_ca_file as written (mTLS). */
  clientCa?: string;
  file: string;
  /** Pointer of the servers[] entry. */
  at: string;
}

export interface ClientNode {
  kind: "client";
  id: string;
  configId: string;
  /** `worker "w"`, `grpc store "GRPC_CAS"`. */
  label: string;
  file: string;
  /** Pointer of what owns the endpoints (the worker, the grpc store spec, the grpc scheduler spec). */
  at: string;
}

export interface DanglingNode {
  kind: "dangling";
  id: string;
  host: string;
  port: number;
  /** Why nothing of the run is drawn there. */
  why: string;
}

export type GraphNode = ListenerNode | ClientNode | DanglingNode;

export interface Trust {
  /** Subject of the listener's certificate (or its file as written). */
  serverCert?: string;
  /** The client's tls_config.ca_file as written. */
  clientCa?: string;
  /** Subject of the client's certificate (or its file as written). */
  clientCert?: string;
  /** The listener's client_ca_file as written. */
  serverClientCa?: string;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  scheme: string;
  port: number;
  tls: boolean;
  /** For TLS edges. */
  trust?: Trust;
  connection: Connection;
  file: string;
  /** Pointer of the endpoint object. */
  at: string;
}

export interface DeploymentGraph {
  deployment: Deployment;
  configs: ConfigNode[];
  listeners: ListenerNode[];
  clients: ClientNode[];
  dangling: DanglingNode[];
  edges: GraphEdge[];
  /** Every client endpoint with where it lands: what the deployment rules iterate. */
  connections: Connection[];
}

const built = new WeakMap<Deployment, DeploymentGraph>();

/** The graph of a deployment; the same object for every caller of the run. */
export function deploymentGraph(dep: Deployment): DeploymentGraph {
  let g = built.get(dep);
  if (!g) {
    g = build(dep);
    built.set(dep, g);
  }
  return g;
}

/** The graph of a deployment when something of the run has built it already (tests: built once). */
export function builtGraph(dep: Deployment): DeploymentGraph | undefined {
  return built.get(dep);
}

const shownStr = (s: Str | undefined): string | undefined => (s ? (s.unknown ? s.raw : s.value) : undefined);

/** Subject of the first certificate of a file, else the file as written. */
function certName(config: DeployedConfig, s: Str | undefined): string | undefined {
  const subject = peerFile(config, s)?.certs[0]?.subject;
  return subject || shownStr(s);
}

function schemeOf(c: Client): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(c.uri.value);
  return m ? m[1]!.toLowerCase() : c.tls ? "grpcs" : "grpc";
}

function ownerAt(c: Client): string {
  if (c.worker) return c.worker.at;
  if (c.store) return c.store.spec.at;
  if (c.scheduler) return c.scheduler.spec.at;
  return c.endpoint.at;
}

function danglingWhy(mode: MatchMode, reached: number): string {
  if (mode === "elsewhere") return "--host-map names a config outside this deployment";
  if (mode === "unmatched") return "no config of the run is known to serve this host";
  if (reached > 0) return "no listener there mounts the services it calls";
  return "no listener of the run on this port";
}

function build(dep: Deployment): DeploymentGraph {
  const allListeners = listeners(dep);
  const where = placement(dep, allListeners);
  // Where a client lands depends on its config, host, port and the services it calls: clients alike
  // in these share one resolution (each looks at every listener on its port).
  const landed = new Map<DeployedConfig, Map<string, Resolution>>();
  const connections = clients(dep).map((client) => {
    let ofConfig = landed.get(client.config);
    if (!ofConfig) landed.set(client.config, (ofConfig = new Map<string, Resolution>()));
    const key = `${client.host}\u0000${client.port}\u0000${client.needs.join(",")}`;
    let res = ofConfig.get(key);
    if (!res) ofConfig.set(key, (res = resolve(dep, client, where)));
    return { client, res };
  });
  // The drawing (nodes and edges) is made when first read: the deployment rules read only the
  // connections, and a client that reaches many listeners has an edge to each.
  let drawn: Omit<DeploymentGraph, "deployment" | "connections"> | undefined;
  const draw = () => (drawn ??= drawGraph(dep, allListeners, connections));
  return {
    deployment: dep,
    connections,
    get configs() {
      return draw().configs;
    },
    get listeners() {
      return draw().listeners;
    },
    get clients() {
      return draw().clients;
    },
    get dangling() {
      return draw().dangling;
    },
    get edges() {
      return draw().edges;
    },
  };
}

function drawGraph(dep: Deployment, allListeners: Listener[], connections: Connection[]): Omit<DeploymentGraph, "deployment" | "connections"> {
  const configs = dep.configs.map((config, i) => ({ id: `cfg${i}`, file: config.file, config }));
  const configId = new Map(dep.configs.map((c, i) => [c, `cfg${i}`]));
  const listenerNodes = new Map<Listener, ListenerNode>();
  allListeners.forEach((l, i) => {
    const tls = l.server.tls;
    listenerNodes.set(l, {
      kind: "listener",
      id: `l${i}`,
      configId: configId.get(l.config)!,
      listener: l,
      name: listenerLabel(l, false).replace(/ \([^)]*\)$/, ""),
      address: l.text,
      security: !tls ? "plaintext" : tls.clientCaFile ? "mtls" : "tls",
      proxied: l.proxied,
      services: [...l.mounted].sort(),
      serverCert: tls ? certName(l.config, tls.certFile) : undefined,
      clientCa: tls ? shownStr(tls.clientCaFile) : undefined,
      file: l.config.file,
      at: l.server.at,
    });
  });
  const clientNodes = new Map<string, ClientNode>();
  const dangling = new Map<string, DanglingNode>();
  const edges: GraphEdge[] = [];
  for (const conn of connections) {
    const c = conn.client;
    const key = `${c.config.file}\u0000${ownerAt(c)}`;
    let from = clientNodes.get(key);
    if (!from) {
      from = { kind: "client", id: `k${clientNodes.size}`, configId: configId.get(c.config)!, label: c.label, file: c.config.file, at: ownerAt(c) };
      clientNodes.set(key, from);
    }
    const res = conn.res;
    // Where the endpoint lands: the one serving listener, else every candidate the rules looked at.
    const targets = res.target ? [res.target] : res.serving.length > 0 ? res.serving : res.reached;
    const to: string[] = targets.map((l) => listenerNodes.get(l)!.id);
    if (to.length === 0) {
      const dkey = `${c.host}:${c.port}`;
      let d = dangling.get(dkey);
      if (!d) {
        d = { kind: "dangling", id: `d${dangling.size}`, host: c.host, port: c.port, why: danglingWhy(res.mode, res.reached.length) };
        dangling.set(dkey, d);
      }
      to.push(d.id);
    }
    const t = c.endpoint.tls;
    // `to` holds the targets' ids in their order (or one dangling node when there is none).
    to.forEach((target, i) => {
      const l = targets[i];
      const ln = l ? listenerNodes.get(l) : undefined;
      const trust: Trust | undefined = c.tls
        ? {
            serverCert: ln?.serverCert,
            clientCa: shownStr(t?.caFile),
            clientCert: t?.certFile ? certName(c.config, t.certFile) : undefined,
            serverClientCa: ln?.clientCa,
          }
        : undefined;
      edges.push({ id: `e${edges.length}`, from: from.id, to: target, scheme: schemeOf(c), port: c.port, tls: c.tls, trust, connection: conn, file: c.config.file, at: c.endpoint.at });
    });
  }
  return { configs, listeners: [...listenerNodes.values()], clients: [...clientNodes.values()], dangling: [...dangling.values()], edges };
}

// ---- findings on the graph -----------------------------------------------------------------------

export interface Mark {
  severity: "error" | "warning";
  rules: string[];
}

/** The positions of `nodes` by file and pointer. */
function placeIndex(nodes: readonly { file: string; at: string }[]): Map<string, number[]> {
  return groupBy(nodes.keys(), (i) => `${nodes[i]!.file}\u0000${nodes[i]!.at}`);
}

/** The positions of the nodes in `file` at `pointer` or around it (at one of its ancestors), in order. */
function placesAround(index: Map<string, number[]>, file: string, pointer: string): number[] {
  const out: number[] = [];
  for (let p = pointer; ; ) {
    const here = index.get(`${file}\u0000${p}`);
    if (here) pushAll(out, here);
    const up = p.lastIndexOf("/");
    if (up < 0) break;
    p = p.slice(0, up);
  }
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
}

/** What the findings of the run put on each node, edge and config box (by id), located by pointer. */
export function markFindings(g: DeploymentGraph, findings: readonly Finding[]): Map<string, Mark> {
  const marks = new Map<string, Mark>();
  const put = (id: string, f: Finding) => {
    const sev = f.severity;
    if (sev !== "error" && sev !== "warning") return;
    const m = marks.get(id);
    if (!m) marks.set(id, { severity: sev, rules: [f.ruleId] });
    else {
      if (sev === "error") m.severity = "error";
      if (!m.rules.includes(f.ruleId)) m.rules.push(f.ruleId);
    }
  };
  // Nodes by their file and pointer, so that a finding looks up its own pointer's ancestors instead
  // of comparing itself with every edge, listener and client (quadratic in a large deployment).
  const edgesAt = placeIndex(g.edges);
  const listenersAt = placeIndex(g.listeners);
  const clientsAt = placeIndex(g.clients);
  const edgesFrom = groupBy(g.edges, (e) => e.from);
  const configOf = new Map<string, ConfigNode>();
  for (const c of g.configs) if (!configOf.has(c.file)) configOf.set(c.file, c);
  for (const f of findings) {
    if (f.suppressed || (f.severity !== "error" && f.severity !== "warning")) continue;
    const edges = placesAround(edgesAt, f.file, f.pointer);
    if (edges.length > 0) {
      for (const i of edges) put(g.edges[i]!.id, f);
      continue;
    }
    // The first of the graph's listeners (clients) there, as a search in order finds it.
    const l = placesAround(listenersAt, f.file, f.pointer)[0];
    if (l !== undefined) {
      put(g.listeners[l]!.id, f);
      continue;
    }
    const ci = placesAround(clientsAt, f.file, f.pointer)[0];
    if (ci !== undefined) {
      const c = g.clients[ci]!;
      // A deployment rule judges where the client lands (its instance name, its platform
      // properties): that is about its connections. Any other finding is about the client itself.
      const own = f.ruleId.startsWith("deployment-") ? (edgesFrom.get(c.id) ?? []) : [];
      if (own.length > 0) for (const e of own) put(e.id, f);
      else put(c.id, f);
      continue;
    }
    const cfg = configOf.get(f.file);
    if (cfg) put(cfg.id, f);
  }
  for (const m of marks.values()) m.rules.sort();
  return marks;
}

/** `N configs, M edges, K broken`: an edge is broken when an error lies on it. */
export function graphCounts(graphs: readonly DeploymentGraph[], findings: readonly Finding[]): { configs: number; edges: number; broken: number } {
  let configs = 0;
  let edges = 0;
  let broken = 0;
  for (const g of graphs) {
    const marks = markFindings(g, findings);
    configs += g.configs.length;
    edges += g.edges.length;
    broken += g.edges.filter((e) => marks.get(e.id)?.severity === "error").length;
  }
  return { configs, edges, broken };
}
