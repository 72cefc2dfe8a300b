// The graph as a standalone SVG, laid out here (src/graph/layout.ts) without a browser: config boxes
// in layers from the clients that dial to the listeners dialled, edges between their rows.
import { layered } from "./layout.ts";
import { COLORS, LEGEND, type GraphView, type ViewBox, type ViewNode } from "./view.ts";
import { groupBy, maxOf } from "../arrays.ts";

const LINE = 16;
const CHAR = 6.8;
const PAD = 10;
const HEAD = 26;
const NODE_GAP = 8;
const BOX_GAP = 36;
const MARGIN = 20;

export const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const textWidth = (s: string, char = CHAR) => Math.ceil(Array.from(s).length * char);

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const nodeHeight = (n: ViewNode) => n.lines.length * LINE + 10;

function boxSize(b: ViewBox): { w: number; h: number } {
  const nodes = b.nodes.length ? b.nodes : [{ lines: ["no listener, no client"] } as ViewNode];
  const w = maxOf(
    nodes.map((n) => Math.max(...n.lines.map((l) => textWidth(l))) + 2 * PAD + 16),
    Math.max(220, textWidth(b.title, 7.4) + 2 * PAD),
  );
  const h = HEAD + nodes.reduce((a, n) => a + nodeHeight(n) + NODE_GAP, 0) + PAD - NODE_GAP + 4;
  return { w, h };
}

function tspans(lines: string[], x: number, y: number, bold = false): string {
  return lines.map((l, i) => `<tspan x="${x}" y="${y + i * LINE}"${bold && i === 0 ? ' font-weight="600"' : ""}>${xml(l)}</tspan>`).join("");
}

const severityClass = (m: { severity: string } | undefined) => (m ? ` ${m.severity}` : "");
const rulesAttr = (m: { rules: string[] } | undefined) => (m ? ` data-rules="${xml(m.rules.join(" "))}"` : "");

/** A smooth path through points, with horizontal tangents at each. */
function curve(points: [number, number][]): string {
  let d = `M${points[0]![0]},${points[0]![1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const dx = Math.max(30, Math.abs(x1 - x0) / 2) * (x1 >= x0 ? 1 : -1);
    d += ` C${x0 + dx},${y0} ${x1 - dx},${y1} ${x1},${y1}`;
  }
  return d;
}

export function toSvg(view: GraphView): string {
  const sizes = new Map<string, { w: number; h: number }>();
  for (const b of view.boxes) sizes.set(b.id, boxSize(b));
  for (const d of view.dangling) sizes.set(d.id, { w: Math.max(...d.lines.map((l) => textWidth(l))) + 2 * PAD, h: nodeHeight(d) });
  const boxOf = new Map<string, string>();
  for (const b of view.boxes) for (const n of b.nodes) boxOf.set(n.id, b.id);
  for (const d of view.dangling) boxOf.set(d.id, d.id);
  const vertices = [...view.boxes.map((b) => b.id), ...view.dangling.map((d) => d.id)];
  const { layer, layers } = layered({ vertices, edges: view.edges.map((e) => ({ from: boxOf.get(e.from)!, to: boxOf.get(e.to)! })) });

  // Columns: each layer as wide as its widest box, gaps wide enough for the edge labels.
  const labelW = maxOf(
    view.edges.map((e) => Math.max(...e.lines.map((l) => textWidth(l, 6.2))) + 16),
    0,
  );
  const gap = Math.min(Math.max(labelW + 40, 140), 520);
  const colX: number[] = [];
  let x = MARGIN;
  for (const l of layers) {
    colX.push(x);
    x += maxOf(l.map((v) => sizes.get(v)!.w)) + gap;
  }
  const rects = new Map<string, Rect>();
  const colBottom: number[] = [];
  layers.forEach((l, i) => {
    let y = MARGIN;
    for (const v of l) {
      const s = sizes.get(v)!;
      rects.set(v, { x: colX[i]!, y, w: s.w, h: s.h });
      y += s.h + BOX_GAP;
    }
    colBottom.push(y - BOX_GAP);
  });
  // Node rows inside each box.
  const nodeRects = new Map<string, Rect>();
  for (const b of view.boxes) {
    const r = rects.get(b.id)!;
    let y = r.y + HEAD;
    for (const n of b.nodes) {
      const h = nodeHeight(n);
      nodeRects.set(n.id, { x: r.x + PAD, y, w: r.w - 2 * PAD, h });
      y += h + NODE_GAP;
    }
  }
  for (const d of view.dangling) nodeRects.set(d.id, rects.get(d.id)!);

  // Edges: right side of the client row to the left side of the listener row; an edge that skips
  // layers runs below the boxes of the layers it passes; one that goes back loops round on the right.
  const below = colBottom.map(() => 0);
  const edgeParts: string[] = [];
  const labelParts: string[] = [];
  const labels: { e: (typeof view.edges)[number]; col: string; gap: number; x: number; y: number; w: number; h: number }[] = [];
  for (const e of view.edges) {
    const a = nodeRects.get(e.from)!;
    const b = nodeRects.get(e.to)!;
    const la = layer.get(boxOf.get(e.from)!)!;
    const lb = layer.get(boxOf.get(e.to)!)!;
    const start: [number, number] = [rects.get(boxOf.get(e.from)!)!.x + rects.get(boxOf.get(e.from)!)!.w, a.y + a.h / 2];
    let points: [number, number][];
    if (lb > la) {
      points = [start];
      for (let i = la + 1; i < lb; i++) {
        below[i]! += 14;
        const y = colBottom[i]! + 12 + below[i]!;
        points.push([colX[i]! - 10, y], [colX[i]! + maxOf(layers[i]!.map((v) => sizes.get(v)!.w)) + 10, y]);
      }
      points.push([b.x, b.y + b.h / 2]);
    } else {
      // Same layer or backwards: leave on the right and come back into the target's right side.
      const tr = rects.get(boxOf.get(e.to)!)!;
      points = [start, [Math.max(start[0], tr.x + tr.w) + 40, (start[1] + b.y + b.h / 2) / 2], [b.x + b.w, b.y + b.h / 2]];
    }
    const col = e.mark ? COLORS[e.mark.severity].stroke : e.dangling ? COLORS.dangling.stroke : COLORS.ok.stroke;
    const marker = e.mark ? e.mark.severity : "ok";
    const dash = e.dangling ? ' stroke-dasharray="6 4"' : "";
    // The label sits in the first gap the edge crosses.
    const [p0, p1] = [points[0]!, points[1]!];
    const lx = (p0[0] + p1[0]) / 2;
    const ly = (p0[1] + p1[1]) / 2;
    const w = Math.max(...e.lines.map((l) => textWidth(l, 6.2))) + 10;
    const h = e.lines.length * 14 + 6;
    labels.push({ e, col, gap: la, x: lx, y: ly - h / 2, w, h });
    edgeParts.push(
      `<g class="edge${severityClass(e.mark)}" id="edge-${e.id}" data-from="${e.from}" data-to="${e.to}"${rulesAttr(e.mark)}>` +
        `<path d="${curve(points)}" fill="none" stroke="${col}" stroke-width="${e.mark ? 3 : 1.5}"${dash} marker-end="url(#arrow-${marker})"/></g>`,
    );
  }
  // Labels that share a gap are pushed apart, top to bottom, so that none hides another.
  for (const group of groupBy(labels, (l) => l.gap).values()) {
    group.sort((a, b) => a.y - b.y);
    for (let i = 1; i < group.length; i++) group[i]!.y = Math.max(group[i]!.y, group[i - 1]!.y + group[i - 1]!.h + 4);
  }
  for (const { e, col, x: lx, y, w, h } of labels) {
    labelParts.push(
      `<g class="edge-label${severityClass(e.mark)}" data-edge="${e.id}"><rect x="${lx - w / 2}" y="${y}" width="${w}" height="${h}" rx="3" fill="#ffffff" fill-opacity="0.92" stroke="${col}" stroke-width="0.5"/>` +
        `<text font-size="11" text-anchor="middle" fill="${e.mark ? col : "#1f2328"}">${e.lines.map((l, i) => `<tspan x="${lx}" y="${y + 14 + i * 14}">${xml(l)}</tspan>`).join("")}</text></g>`,
    );
  }
  const labelBottom = maxOf(
    labels.map((l) => l.y + l.h),
    0,
  );

  const parts: string[] = [];
  for (const b of view.boxes) {
    const r = rects.get(b.id)!;
    const col = b.mark ? COLORS[b.mark.severity] : COLORS.box;
    parts.push(
      `<g class="box${severityClass(b.mark)}" id="box-${b.id}"${rulesAttr(b.mark)}><rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" rx="6" fill="${col.fill}" stroke="${col.stroke}" stroke-width="${b.mark ? 2 : 1}"/>` +
        `<text x="${r.x + PAD}" y="${r.y + 18}" font-size="13" font-weight="600" fill="#1f2328">${xml(b.title)}</text></g>`,
    );
    if (b.nodes.length === 0) parts.push(`<text x="${r.x + PAD}" y="${r.y + HEAD + 14}" font-size="12" fill="#57606a">no listener, no client</text>`);
    for (const n of b.nodes) parts.push(nodeSvg(n, nodeRects.get(n.id)!));
  }
  for (const d of view.dangling) parts.push(nodeSvg(d, nodeRects.get(d.id)!));

  // Legend under everything.
  const height0 = maxOf(
    colBottom.map((y, i) => y + below[i]! + 20),
    Math.max(labelBottom, MARGIN),
  );
  const legendY = height0 + 20;
  const legend: string[] = [`<g class="legend"><text x="${MARGIN}" y="${legendY}" font-size="12" font-weight="600" fill="#1f2328">legend</text>`];
  let lx = MARGIN;
  for (const l of LEGEND) {
    const col = COLORS[l.key];
    const w = textWidth(l.text) + 2 * PAD;
    legend.push(
      `<rect x="${lx}" y="${legendY + 8}" width="${w}" height="24" rx="4" fill="${col.fill}" stroke="${col.stroke}" stroke-width="${l.key === "ok" ? 1 : 2}"${l.key === "dangling" ? ' stroke-dasharray="4 3"' : ""}/>` +
        `<text x="${lx + PAD}" y="${legendY + 24}" font-size="12" fill="#1f2328">${xml(l.text)}</text>`,
    );
    lx += w + 12;
  }
  legend.push("</g>");
  const width = Math.max(x - gap + MARGIN, lx + MARGIN);
  const height = legendY + 48;
  const markers = (["ok", "warning", "error"] as const)
    .map((k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLORS[k].stroke}"/></marker>`)
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="Helvetica, Arial, sans-serif">\n` +
    `<title>deployment graph (nativelink-preflight)</title>\n<defs>${markers}</defs>\n<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    [...parts, ...edgeParts, ...labelParts, legend.join("")].join("\n") +
    "\n</svg>\n"
  );
}

function nodeSvg(n: ViewNode, r: Rect): string {
  const col = n.kind === "dangling" ? COLORS.dangling : COLORS[n.mark?.severity ?? "ok"];
  const dash = n.kind === "dangling" ? ' stroke-dasharray="4 3"' : "";
  const rx = n.kind === "client" ? 12 : n.kind === "dangling" ? r.h / 2 : 2;
  return (
    `<g class="node ${n.kind}${severityClass(n.mark)}" id="node-${n.id}"${rulesAttr(n.mark)}><rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" rx="${rx}" fill="${col.fill}" stroke="${col.stroke}" stroke-width="${n.mark ? 2 : 1}"${dash}/>` +
    `<text font-size="12" fill="#1f2328">${tspans(n.lines, r.x + 8, r.y + 17, true)}</text></g>`
  );
}
