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
  /**
   * The edges one connection draws, as one entry: they share the client, the file and the place, so
   * the findings on them are the same. Counting edges and broken ones needs only these: a client
   * that reaches n listeners is n edges, and drawing every one to count them was quadratic.
   */
  bundles: EdgeBundle[];
  /** Every client endpoint with where it lands: what the deployment rules iterate. */
  connections: Connection[];
}

export interface EdgeBundle {
  /** The client node the edges leave. */
  from: string;
  file: string;
  /** Pointer of the endpoint object. */
  at: string;
  /** How many edges: one per target listener, or one to a dangling node. */
  count: number;
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
  let drawn: Omit<DeploymentGraph, "deployment" | "connections" | "edges"> & { targets: EdgeTargets[] } | undefined;
  let edges: GraphEdge[] | undefined;
  const draw = () => (drawn ??= drawNodes(dep, allListeners, connections));
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
    get bundles() {
      return draw().bundles;
    },
    get edges() {
      if (!edges) {
        const d = draw();
        edges = drawEdges(d.bundles, d.targets, connections);
        edgesDrawn.add(dep);
      }
      return edges;
    },
  };
}

const edgesDrawn = new WeakSet<Deployment>();

/** Whether the edges of a deployment's graph have been drawn (tests: counting them does not). */
export function haveEdges(g: DeploymentGraph): boolean {
  return edgesDrawn.has(g.deployment);
}

/** Where one connection's edges go: listener nodes with their certificates, or one dangling node. */
interface EdgeTargets {
  to: string[] | string;
  nodes: (ListenerNode | undefined)[];
}

function drawNodes(dep: Deployment, allListeners: Listener[], connections: Connection[]): Omit<DeploymentGraph, "deployment" | "connections" | "edges"> & { targets: EdgeTargets[] } {
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
  const bundles: EdgeBundle[] = [];
  const targets: EdgeTargets[] = [];
  // Connections alike in where they land share their targets (one list of a resolution's listeners).
  const targetsOf = new Map<Listener[], EdgeTargets>();
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
    const listed = res.target ? [res.target] : res.serving.length > 0 ? res.serving : res.reached;
    let t: EdgeTargets;
    if (listed.length === 0) {
      const dkey = `${c.host}:${c.port}`;
      let d = dangling.get(dkey);
      if (!d) {
        d = { kind: "dangling", id: `d${dangling.size}`, host: c.host, port: c.port, why: danglingWhy(res.mode, res.reached.length) };
        dangling.set(dkey, d);
      }
      t = { to: d.id, nodes: [] };
    } else {
      let shared = targetsOf.get(listed);
      if (!shared) {
        const nodes = listed.map((l) => listenerNodes.get(l)!);
        shared = { to: nodes.map((n) => n.id), nodes };
        targetsOf.set(listed, shared);
      }
      t = shared;
    }
    targets.push(t);
    bundles.push({ from: from.id, file: c.config.file, at: c.endpoint.at, count: typeof t.to === "string" ? 1 : t.to.length });
  }
  return { configs, listeners: [...listenerNodes.values()], clients: [...clientNodes.values()], dangling: [...dangling.values()], bundles, targets };
}

/** Every edge of the bundles, numbered in order. */
function drawEdges(bundles: EdgeBundle[], targets: EdgeTargets[], connections: Connection[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  bundles.forEach((b, i) => {
    const conn = connections[i]!;
    const c = conn.client;
    const t = c.endpoint.tls;
    const { to, nodes } = targets[i]!;
    // `to` holds the targets' ids in their order (or the one dangling node when there is none).
    (typeof to === "string" ? [to] : to).forEach((target, j) => {
      const ln = nodes[j];
      const trust: Trust | undefined = c.tls
        ? {
            serverCert: ln?.serverCert,
            clientCa: shownStr(t?.caFile),
            clientCert: t?.certFile ? certName(c.config, t.certFile) : undefined,
            serverClientCa: ln?.clientCa,
          }
        : undefined;
      edges.push({ id: `e${edges.length}`, from: b.from, to: target, scheme: schemeOf(c), port: c.port, tls: c.tls, trust, connection: conn, file: b.file, at: b.at });
    });
  });
  return edges;
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
  const { nodes, edges } = markPlaces(g, g.edges, findings);
  for (const [i, m] of edges) nodes.set(g.edges[i]!.id, m);
  return nodes;
}

/** A place edges are drawn from: an edge, or a bundle of the edges of one connection. */
interface EdgePlace {
  from: string;
  file: string;
  at: string;
}

/**
 * The marks of markFindings, the edges' (or bundles') by their index: a finding at an edge's place
 * marks every edge there; else the first listener there; else the first client there (a deployment
 * rule's finding marks the client's edges instead); else the config of its file.
 */
function markPlaces(g: Pick<DeploymentGraph, "configs" | "listeners" | "clients">, edgePlaces: readonly EdgePlace[], findings: readonly Finding[]): { nodes: Map<string, Mark>; edges: Map<number, Mark> } {
  const nodes = new Map<string, Mark>();
  const edges = new Map<number, Mark>();
  const put = <K>(marks: Map<K, Mark>, id: K, f: Finding) => {
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
  const edgesAt = placeIndex(edgePlaces);
  const listenersAt = placeIndex(g.listeners);
  const clientsAt = placeIndex(g.clients);
  const edgesFrom = groupBy(edgePlaces.keys(), (i) => edgePlaces[i]!.from);
  const configOf = new Map<string, ConfigNode>();
  for (const c of g.configs) if (!configOf.has(c.file)) configOf.set(c.file, c);
  for (const f of findings) {
    if (f.suppressed || (f.severity !== "error" && f.severity !== "warning")) continue;
    const at = placesAround(edgesAt, f.file, f.pointer);
    if (at.length > 0) {
      for (const i of at) put(edges, i, f);
      continue;
    }
    // The first of the graph's listeners (clients) there, as a search in order finds it.
    const l = placesAround(listenersAt, f.file, f.pointer)[0];
    if (l !== undefined) {
      put(nodes, g.listeners[l]!.id, f);
      continue;
    }
    const ci = placesAround(clientsAt, f.file, f.pointer)[0];
    if (ci !== undefined) {
      const c = g.clients[ci]!;
      // A deployment rule judges where the client lands (its instance name, its platform
      // properties): that is about its connections. Any other finding is about the client itself.
      const own = f.ruleId.startsWith("deployment-") ? (edgesFrom.get(c.id) ?? []) : [];
      if (own.length > 0) for (const i of own) put(edges, i, f);
      else put(nodes, c.id, f);
      continue;
    }
    const cfg = configOf.get(f.file);
    if (cfg) put(nodes, cfg.id, f);
  }
  for (const m of nodes.values()) m.rules.sort();
  for (const m of edges.values()) m.rules.sort();
  return { nodes, edges };
}

/** `N configs, M edges, K broken`: an edge is broken when an error lies on it. */
export function graphCounts(graphs: readonly DeploymentGraph[], findings: readonly Finding[]): { configs: number; edges: number; broken: number } {
  let configs = 0;
  let edges = 0;
  let broken = 0;
  for (const g of graphs) {
    // By bundle: the edges of one connection are marked alike, and need not be drawn to be counted.
    const marks = markPlaces(g, g.bundles, findings).edges;
    configs += g.configs.length;
    g.bundles.forEach((b, i) => {
      edges += b.count;
      if (marks.get(i)?.severity === "error") broken += b.count;
    });
  }
  return { configs, edges, broken };
}
