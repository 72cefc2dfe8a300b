// What every drawing of the graph shows, whatever its format: boxes (one per config) holding
// clients and listeners, dangling nodes, labelled edges, and the findings on each of them.
import type { Finding } from "../types.ts";
import { groupBy } from "../arrays.ts";
import { markFindings, type DeploymentGraph, type GraphEdge, type ListenerNode, type Mark } from "./model.ts";

export interface ViewNode {
  id: string;
  kind: "listener" | "client" | "dangling";
  lines: string[];
  mark?: Mark;
}

export interface ViewBox {
  id: string;
  title: string;
  mark?: Mark;
  nodes: ViewNode[];
}

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  lines: string[];
  mark?: Mark;
  tls: boolean;
  dangling: boolean;
}

export interface GraphView {
  boxes: ViewBox[];
  dangling: ViewNode[];
  edges: ViewEdge[];
}

const SECURITY = { plaintext: "plaintext", tls: "TLS", mtls: "mTLS" } as const;

/** `error: rule-a, rule-b`. */
export function markLine(m: Mark | undefined): string[] {
  return m ? [`${m.severity}: ${m.rules.join(", ")}`] : [];
}

function listenerLines(l: ListenerNode): string[] {
  const sec = l.proxied ? `plaintext, TLS by ${l.proxied}` : SECURITY[l.security];
  const out = [l.name, `${l.address} · ${sec}`];
  if (l.services.length) out.push(`services: ${l.services.join(", ")}`);
  if (l.serverCert) out.push(`cert: ${l.serverCert}`);
  if (l.clientCa) out.push(`client CA: ${l.clientCa}`);
  return out;
}

function edgeLines(e: GraphEdge): string[] {
  const out = [`${e.scheme} :${e.port}`];
  const t = e.trust;
  if (t) {
    out.push(`server cert: ${t.serverCert ?? "?"} · trusted by: ${t.clientCa ?? "native roots"}`);
    if (t.clientCert || t.serverClientCa) out.push(`client cert: ${t.clientCert ?? "none"} · checked by: ${t.serverClientCa ?? "nothing"}`);
  }
  return out;
}

/**
 * The view of the run's deployments; `clean` hides secrets (the run's redactor). With several
 * deployments, ids carry the deployment's number so that they stay apart.
 */
export function graphView(graphs: readonly DeploymentGraph[], findings: readonly Finding[], clean: (s: string) => string = (s) => s): GraphView {
  const view: GraphView = { boxes: [], dangling: [], edges: [] };
  graphs.forEach((g, i) => {
    const p = graphs.length > 1 ? `g${i}_` : "";
    const marks = markFindings(g, findings);
    // Each config's clients and listeners, grouped once (looking through all of them for each
    // config's box was quadratic in the configs: 8,000 configs in mermaid took 9.8 s).
    const clientsOf = groupBy(g.clients, (k) => k.configId);
    const listenersOf = groupBy(g.listeners, (l) => l.configId);
    for (const c of g.configs) {
      const nodes: ViewNode[] = [];
      for (const k of clientsOf.get(c.id) ?? []) nodes.push({ id: p + k.id, kind: "client", lines: [k.label, ...markLine(marks.get(k.id))].map(clean), mark: marks.get(k.id) });
      for (const l of listenersOf.get(c.id) ?? []) nodes.push({ id: p + l.id, kind: "listener", lines: [...listenerLines(l), ...markLine(marks.get(l.id))].map(clean), mark: marks.get(l.id) });
      const mark = marks.get(c.id);
      view.boxes.push({ id: p + c.id, title: clean(mark ? `${c.file} — ${markLine(mark)[0]}` : c.file), mark, nodes });
    }
    for (const d of g.dangling) view.dangling.push({ id: p + d.id, kind: "dangling", lines: [`${d.host}:${d.port}`, d.why].map(clean) });
    for (const e of g.edges) {
      const mark = marks.get(e.id);
      view.edges.push({ id: p + e.id, from: p + e.from, to: p + e.to, lines: [...edgeLines(e), ...markLine(mark)].map(clean), mark, tls: e.tls, dangling: e.to.startsWith("d") });
    }
  });
  return view;
}

export const COLORS = {
  error: { stroke: "#d1242f", fill: "#ffebe9" },
  warning: { stroke: "#bf8700", fill: "#fff8c5" },
  ok: { stroke: "#57606a", fill: "#ffffff" },
  dangling: { stroke: "#8c959f", fill: "#f6f8fa" },
  box: { stroke: "#8c959f", fill: "#f6f8fa" },
} as const;

export const LEGEND = [
  { key: "ok", text: "no finding" },
  { key: "warning", text: "amber: a warning here, with its rule ids" },
  { key: "error", text: "red: an error here, with its rule ids" },
  { key: "dangling", text: "dashed: nothing in the run serves it" },
] as const;
