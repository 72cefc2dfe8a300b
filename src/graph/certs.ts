// `graph --certs`: every certificate the deployment's configs name, on a timeline from notBefore to
// notAfter, with today and --at marked and the warning window (--expiry-warn-days) shaded; as a
// Mermaid gantt chart or an SVG.
import type { TlsFileRole } from "../model.ts";
import { peerFile } from "../facts/deployment.ts";
import type { DeploymentGraph } from "./model.ts";
import { xml } from "./svg.ts";
import { validityAt } from "../tls/verify.ts";
import { groupBy, maxOf } from "../arrays.ts";

const DAY = 86_400_000;

export interface CertRow {
  /** Config file that names it first. */
  config: string;
  /** The file as written there. */
  path: string;
  role: TlsFileRole;
  /** Position in its file (0 = leaf or first). */
  index: number;
  subject: string;
  notBefore: Date;
  notAfter: Date;
  status: "expired" | "expiring" | "valid" | "not-yet-valid";
  /** How many references name the same certificate. */
  uses: number;
}

export interface TimelineOptions {
  /** The moment certificates are judged at (--at, else now). */
  at: Date;
  /** Whether --at was given (then it is marked apart from today). */
  atGiven: boolean;
  today: Date;
  warnDays: number;
}

const ROLES: TlsFileRole[] = ["server-cert", "client-ca", "ca", "client-cert", "ontap-ca"];

/** The certificates of every config of the run, once each (by SHA-256 fingerprint), in document order. */
export function certRows(graphs: readonly DeploymentGraph[], o: TimelineOptions, clean: (s: string) => string = (s) => s): CertRow[] {
  const rows = new Map<string, CertRow>();
  for (const g of graphs) {
    for (const config of g.deployment.configs) {
      for (const ref of config.model.tlsFiles) {
        if (!ROLES.includes(ref.role)) continue;
        const file = peerFile(config, ref.str);
        for (const c of file?.certs ?? []) {
          const seen = rows.get(c.fingerprintSha256);
          if (seen) {
            seen.uses++;
            continue;
          }
          // The same judgement, boundary and window as the expiry rules gave this config.
          const status = validityAt(c, o.at, config.expiryWarnDays ?? o.warnDays);
          rows.set(c.fingerprintSha256, {
            config: clean(config.file),
            path: clean(ref.str.unknown ? ref.str.raw : ref.str.value),
            role: ref.role,
            index: c.index,
            subject: clean(c.subject || "(empty subject)"),
            notBefore: c.notBefore,
            notAfter: c.notAfter,
            status,
            uses: 1,
          });
        }
      }
    }
  }
  return [...rows.values()];
}

const day = (d: Date) => d.toISOString().slice(0, 10);
/** Gantt task names end at a colon, and # and ; start comments and entities. */
const taskName = (s: string) => s.replace(/[:;#]/g, " ").replace(/\s+/g, " ").trim();
const rowName = (r: CertRow) => `${r.subject} (${r.path}${r.index > 0 ? ` #${r.index + 1}` : ""})`;

export function certsGantt(rows: CertRow[], o: TimelineOptions): string {
  const out = [
    "gantt",
    `  title certificates of the deployment, judged at ${day(o.at)}, warning window ${o.warnDays} days`,
    "  dateFormat YYYY-MM-DD",
    "  axisFormat %Y-%m-%d",
    "  section judged at",
    `  warning window (${o.warnDays} days) :active, window, ${day(o.at)}, ${day(new Date(o.at.getTime() + o.warnDays * DAY))}`,
  ];
  if (o.atGiven) out.push(`  --at ${day(o.at)} :milestone, at, ${day(o.at)}, 0d`);
  out.push(`  today ${day(o.today)} :milestone, today, ${day(o.today)}, 0d`);
  const byConfig = groupBy(rows, (r) => r.config);
  let i = 0;
  for (const [config, rs] of byConfig) {
    out.push(`  section ${taskName(config)}`);
    for (const r of rs) {
      // crit: expired or inside the window; done: not valid yet is shown apart too.
      const tag = r.status === "expired" || r.status === "expiring" ? "crit, " : r.status === "not-yet-valid" ? "done, " : "";
      out.push(`  ${taskName(`${rowName(r)} ${r.status}`)} :${tag}cert${i++}, ${day(r.notBefore)}, ${day(r.notAfter)}`);
    }
  }
  if (rows.length === 0) out.push("  section no certificates", `  no certificate is named :milestone, none, ${day(o.at)}, 0d`);
  return out.join("\n") + "\n";
}

const STATUS_COLOR = { expired: "#d1242f", expiring: "#bf8700", valid: "#1a7f37", "not-yet-valid": "#8250df" } as const;

export function certsSvg(rows: CertRow[], o: TimelineOptions): string {
  const LABEL_W = Math.min(
    560,
    maxOf(
      rows.map((r) => rowName(r).length * 6.6 + 20),
      200,
    ),
  );
  const PLOT_W = 720;
  const ROW = 26;
  const TOP = 80;
  const windowEnd = new Date(o.at.getTime() + o.warnDays * DAY);
  const times = [o.at.getTime(), o.today.getTime(), windowEnd.getTime(), ...rows.flatMap((r) => [r.notBefore.getTime(), r.notAfter.getTime()])];
  const min = times.reduce((a, t) => Math.min(a, t), Infinity) - 10 * DAY;
  const max = maxOf(times) + 10 * DAY;
  const X = (t: number) => LABEL_W + ((t - min) / (max - min)) * PLOT_W;
  const height = TOP + Math.max(1, rows.length) * ROW + 50;
  const width = LABEL_W + PLOT_W + 30;
  const parts: string[] = [];
  parts.push(`<text x="10" y="22" font-size="14" font-weight="600">certificates of the deployment, judged at ${day(o.at)}</text>`);
  parts.push(
    `<g class="window"><rect x="${X(o.at.getTime())}" y="${TOP - 10}" width="${Math.max(4, X(windowEnd.getTime()) - X(o.at.getTime()))}" height="${rows.length * ROW + 10}" fill="#fff8c5" stroke="#bf8700" stroke-opacity="0.4"/>` +
      `<text x="${X(o.at.getTime()) + 3}" y="${TOP - 14}" font-size="10" fill="#7d4e00">warning window (${o.warnDays} days)</text></g>`,
  );
  // Axis: one tick per year boundary (or month when the span is short).
  const ticks: number[] = [];
  const span = max - min;
  const start = new Date(min);
  const stepMonths = span > 3 * 365 * DAY ? 12 : span > 365 * DAY ? 3 : 1;
  for (let d = new Date(Date.UTC(start.getUTCFullYear(), 0, 1)); d.getTime() < max; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + stepMonths, 1))) {
    if (d.getTime() > min) ticks.push(d.getTime());
  }
  const axisY = TOP + rows.length * ROW + 6;
  parts.push(`<g class="axis"><line x1="${LABEL_W}" y1="${axisY}" x2="${LABEL_W + PLOT_W}" y2="${axisY}" stroke="#57606a"/>`);
  for (const t of ticks) parts.push(`<line x1="${X(t)}" y1="${axisY}" x2="${X(t)}" y2="${axisY + 5}" stroke="#57606a"/><text x="${X(t)}" y="${axisY + 18}" font-size="10" text-anchor="middle" fill="#57606a">${day(new Date(t)).slice(0, 7)}</text>`);
  parts.push("</g>");
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const x0 = X(r.notBefore.getTime());
    const x1 = X(r.notAfter.getTime());
    parts.push(
      `<g class="cert ${r.status}" data-subject="${xml(r.subject)}" data-not-after="${r.notAfter.toISOString()}">` +
        `<text x="${LABEL_W - 8}" y="${y + 14}" font-size="11" text-anchor="end" fill="#1f2328">${xml(rowName(r))}</text>` +
        `<rect x="${x0}" y="${y + 3}" width="${Math.max(2, x1 - x0)}" height="${ROW - 8}" rx="3" fill="${STATUS_COLOR[r.status]}" fill-opacity="0.8"/>` +
        (x1 + 110 < LABEL_W + PLOT_W + 30
          ? `<text x="${x1 + 4}" y="${y + 14}" font-size="10" fill="${STATUS_COLOR[r.status]}">${r.status} · ${day(r.notAfter)}</text></g>`
          : `<text x="${x1 - 4}" y="${y + 14}" font-size="10" text-anchor="end" fill="#ffffff">${r.status} · ${day(r.notAfter)}</text></g>`),
    );
  });
  if (rows.length === 0) parts.push(`<text x="${LABEL_W}" y="${TOP + 14}" font-size="12" fill="#57606a">no certificate is named</text>`);
  const marker = (cls: string, t: Date, text: string, dash: string, dy: number) =>
    `<g class="${cls}"><line x1="${X(t.getTime())}" y1="${TOP - dy}" x2="${X(t.getTime())}" y2="${axisY}" stroke="#0969da" stroke-width="1.5"${dash}/><text x="${X(t.getTime()) + 3}" y="${TOP - dy - 4}" font-size="10" fill="#0969da">${text}</text></g>`;
  parts.push(marker("today", o.today, `today ${day(o.today)}`, "", 28));
  if (o.atGiven) parts.push(marker("at", o.at, `--at ${day(o.at)}`, ' stroke-dasharray="5 3"', 44));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="Helvetica, Arial, sans-serif">\n` +
    `<title>certificate timeline (nativelink-preflight)</title>\n<rect width="100%" height="100%" fill="#ffffff"/>\n${parts.join("\n")}\n</svg>\n`
  );
}
