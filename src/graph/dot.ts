// The graph in Graphviz's DOT language (`dot -Tsvg`).
import { COLORS, LEGEND, type GraphView, type ViewNode } from "./view.ts";

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\r\n]+/g, " ")}"`;
const lines = (ls: string[]) => q(ls.join("\u0000")).replace(/\u0000/g, "\\n");

function node(n: ViewNode, indent: string): string {
  const col = n.kind === "dangling" ? COLORS.dangling : COLORS[n.mark?.severity ?? "ok"];
  const attrs = [`label=${lines(n.lines)}`, `color=${q(col.stroke)}`, `fillcolor=${q(col.fill)}`];
  if (n.kind === "client") attrs.push(`style="rounded,filled"`);
  if (n.kind === "dangling") attrs.push(`style="dashed,filled"`);
  if (n.mark) attrs.push("penwidth=2");
  return `${indent}${n.id} [${attrs.join(", ")}];`;
}

export function toDot(view: GraphView): string {
  const out = [
    "digraph deployment {",
    "  rankdir=LR;",
    '  node [shape=box, style=filled, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const b of view.boxes) {
    const col = b.mark ? COLORS[b.mark.severity] : COLORS.box;
    out.push(`  subgraph cluster_${b.id} {`, `    label=${q(b.title)};`, `    color=${q(col.stroke)};`, `    style=filled;`, `    fillcolor=${q(col.fill)};`);
    if (b.mark) out.push("    penwidth=2;");
    if (b.nodes.length === 0) out.push(`    ${b.id}_none [label="no listener, no client", style=dotted];`);
    for (const n of b.nodes) out.push(node(n, "    "));
    out.push("  }");
  }
  for (const d of view.dangling) out.push(node(d, "  "));
  for (const e of view.edges) {
    const attrs = [`label=${lines(e.lines)}`];
    if (e.mark) {
      const col = COLORS[e.mark.severity].stroke;
      attrs.push(`color=${q(col)}`, `fontcolor=${q(col)}`, "penwidth=2");
    }
    if (e.dangling) attrs.push("style=dashed");
    out.push(`  ${e.from} -> ${e.to} [${attrs.join(", ")}];`);
  }
  out.push("  subgraph cluster_legend {", '    label="legend";', '    color="#d0d7de";');
  for (const l of LEGEND) {
    const col = COLORS[l.key];
    out.push(`    legend_${l.key} [label=${q(l.text)}, color=${q(col.stroke)}, fillcolor=${q(col.fill)}${l.key === "dangling" ? ', style="dashed,filled"' : ""}];`);
  }
  out.push("  }", "}");
  return out.join("\n") + "\n";
}
