// The graph as a Mermaid flowchart (GitHub renders it in Markdown and job summaries).
import { COLORS, LEGEND, type GraphView, type ViewNode } from "./view.ts";

/** Text inside a quoted Mermaid label: quotes and angle brackets as entities, lines joined by <br/>. */
function label(lines: string[]): string {
  const esc = (s: string) => s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/[\r\n]+/g, " ");
  return `"${lines.map(esc).join("<br/>")}"`;
}

function shape(n: ViewNode): string {
  // Clients are rounded, listeners square, dangling nodes stadiums.
  if (n.kind === "client") return `${n.id}(${label(n.lines)})`;
  if (n.kind === "dangling") return `${n.id}([${label(n.lines)}])`;
  return `${n.id}[${label(n.lines)}]`;
}

const cls = (sev: string | undefined) => (sev === "error" ? "err" : sev === "warning" ? "warn" : undefined);

export function toMermaid(view: GraphView): string {
  const out: string[] = ["flowchart LR"];
  const classes: string[] = [];
  for (const b of view.boxes) {
    out.push(`  subgraph ${b.id}[${label([b.title])}]`);
    if (b.nodes.length === 0) out.push(`    ${b.id}_none[${label(["no listener, no client"])}]`);
    for (const n of b.nodes) {
      out.push(`    ${shape(n)}`);
      const c = cls(n.mark?.severity);
      if (c) classes.push(`  class ${n.id} ${c}`);
    }
    out.push("  end");
    if (b.mark) {
      const col = COLORS[b.mark.severity];
      classes.push(`  style ${b.id} fill:${col.fill},stroke:${col.stroke},stroke-width:2px`);
    }
  }
  for (const d of view.dangling) {
    out.push(`  ${shape(d)}`);
    classes.push(`  class ${d.id} dangling`);
  }
  const links: string[] = [];
  view.edges.forEach((e, i) => {
    out.push(`  ${e.from} ${e.dangling ? "-.->" : "-->"}|${label(e.lines)}| ${e.to}`);
    if (e.mark) {
      const col = COLORS[e.mark.severity];
      links.push(`  linkStyle ${i} stroke:${col.stroke},stroke-width:3px,color:${col.stroke}`);
    }
  });
  out.push(`  subgraph legend[${label(["legend"])}]`);
  for (const l of LEGEND) out.push(`    legend_${l.key}[${label([l.text])}]`);
  out.push("  end");
  classes.push("  class legend_warning warn", "  class legend_error err", "  class legend_dangling dangling");
  out.push(
    `  classDef err fill:${COLORS.error.fill},stroke:${COLORS.error.stroke},stroke-width:2px,color:#1f2328`,
    `  classDef warn fill:${COLORS.warning.fill},stroke:${COLORS.warning.stroke},stroke-width:2px,color:#1f2328`,
    `  classDef dangling fill:${COLORS.dangling.fill},stroke:${COLORS.dangling.stroke},stroke-dasharray:4 3,color:#1f2328`,
    ...classes,
    ...links,
  );
  return out.join("\n") + "\n";
}

/** The diagram as a Markdown section (job summaries). */
export function mermaidMarkdown(view: GraphView, heading = "### Deployment graph"): string {
  return `${heading}\n\n\`\`\`mermaid\n${toMermaid(view)}\`\`\`\n`;
}
