// A small layered layout (Sugiyama's first two steps): vertices get a layer by the longest path that
// reaches them (edges that close a cycle are reversed first), then each layer is ordered by the
// barycenter of its neighbours in the layers beside it, sweeping down and up a few times.
import { maxOf } from "../arrays.ts";

export interface LayoutInput {
  /** Vertex ids, in a stable order (ties keep it). */
  vertices: string[];
  edges: { from: string; to: string }[];
}

export interface Layout {
  /** Layer of each vertex, 0 first. */
  layer: Map<string, number>;
  /** The vertices of each layer, in order. */
  layers: string[][];
}

/** Edges without self-loops, with those that close a cycle (found by depth-first search) reversed. */
export function acyclic(input: LayoutInput): { from: string; to: string }[] {
  const out = new Map<string, string[]>();
  for (const v of input.vertices) out.set(v, []);
  const edges = input.edges.filter((e) => e.from !== e.to && out.has(e.from) && out.has(e.to));
  for (const e of edges) out.get(e.from)!.push(e.to);
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  for (const root of input.vertices) {
    if (state.has(root)) continue;
    // Iterative DFS: each frame is a vertex and the index of its next successor.
    const stack: [string, number][] = [[root, 0]];
    state.set(root, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const succ = out.get(top[0])!;
      if (top[1] >= succ.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const w = succ[top[1]++]!;
      const s = state.get(w);
      if (s === 1) back.add(`${top[0]}\u0000${w}`);
      else if (s === undefined) {
        state.set(w, 1);
        stack.push([w, 0]);
      }
    }
  }
  return edges.map((e) => (back.has(`${e.from}\u0000${e.to}`) ? { from: e.to, to: e.from } : e));
}

export function layered(input: LayoutInput, sweeps = 4): Layout {
  const edges = acyclic(input);
  const preds = new Map<string, string[]>(input.vertices.map((v) => [v, []]));
  const succs = new Map<string, string[]>(input.vertices.map((v) => [v, []]));
  for (const e of edges) {
    preds.get(e.to)!.push(e.from);
    succs.get(e.from)!.push(e.to);
  }
  // Longest path from a source, in topological order (Kahn).
  const layer = new Map<string, number>();
  const indeg = new Map(input.vertices.map((v) => [v, preds.get(v)!.length]));
  const queue = input.vertices.filter((v) => indeg.get(v) === 0);
  for (const v of queue) layer.set(v, 0);
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of succs.get(v)!) {
      layer.set(w, Math.max(layer.get(w) ?? 0, layer.get(v)! + 1));
      indeg.set(w, indeg.get(w)! - 1);
      if (indeg.get(w) === 0) queue.push(w);
    }
  }
  const depth = maxOf(layer.values(), 0);
  const layers: string[][] = Array.from({ length: depth + 1 }, () => []);
  for (const v of input.vertices) layers[layer.get(v)!]!.push(v);
  const pos = new Map<string, number>();
  const index = () => layers.forEach((l) => l.forEach((v, i) => pos.set(v, i)));
  index();
  const order = (l: string[], neighbours: Map<string, string[]>) => {
    const bary = new Map<string, number>();
    for (const v of l) {
      const ns = neighbours.get(v)!;
      bary.set(v, ns.length ? ns.reduce((a, n) => a + pos.get(n)!, 0) / ns.length : pos.get(v)!);
    }
    // Array.prototype.sort is stable: equal barycenters keep their order.
    l.sort((a, b) => bary.get(a)! - bary.get(b)!);
    l.forEach((v, i) => pos.set(v, i));
  };
  for (let s = 0; s < sweeps; s++) {
    for (let i = 1; i < layers.length; i++) order(layers[i]!, preds);
    for (let i = layers.length - 2; i >= 0; i--) order(layers[i]!, succs);
  }
  return { layer, layers };
}
