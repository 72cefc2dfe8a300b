// Terminal output: findings grouped by file, each with a code frame and a caret under its span.
import pc from "picocolors";
import type { Finding } from "../types.ts";
import { escapeControl } from "./escape.ts";
import type { RedactedLine } from "./redact.ts";

export interface HumanOptions {
  /** File contents for code frames, keyed by the finding's `file`. */
  sources: Map<string, string>;
  /** Takes secrets out of a source line before it is shown (see redact.ts); the caret follows its column map. */
  redactLine: (line: string) => RedactedLine;
  color: boolean;
  filesChecked: number;
}

export function formatHuman(findings: Finding[], opts: HumanOptions): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  let current: string | undefined;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.file !== current) {
      if (current !== undefined) out.push("");
      out.push(c.underline(c.bold(escapeControl(f.file))));
      current = f.file;
    }
    out.push(block(f, opts.sources.get(f.file), c, opts.redactLine));
  }
  const s = summarize(findings);
  if (out.length) out.push("");
  const parts = [
    s.errors ? c.red(c.bold(plural(s.errors, "error"))) : "0 errors",
    s.warnings ? c.yellow(plural(s.warnings, "warning")) : "0 warnings",
  ];
  if (s.infos) parts.push(plural(s.infos, "info"));
  const mark = s.errors ? c.red("✖") : s.warnings ? c.yellow("⚠") : c.green("✔");
  out.push(`${mark} ${parts.join(", ")} in ${plural(opts.filesChecked, "file")} checked`);
  return out.join("\n") + "\n";
}

type Colors = ReturnType<typeof pc.createColors>;

function block(f: Finding, source: string | undefined, c: Colors, redactLine: HumanOptions["redactLine"]): string {
  const sev = f.severity === "error" ? c.red(c.bold("error")) : f.severity === "warning" ? c.yellow(c.bold("warning")) : c.cyan(c.bold("info"));
  const lines = [`${c.dim(`${f.line}:${f.column}`)} ${sev} ${escapeControl(f.message)} ${c.dim(`[${f.ruleId}]`)}`];
  const frame = source !== undefined ? codeFrame(source, f, c, redactLine) : [];
  lines.push(...frame);
  const pad = " ".repeat(gutterWidth(f) + 1);
  if (f.nativelink) lines.push(`${pad}${c.dim("=")} ${c.bold("NativeLink:")} ${escapeControl(f.nativelink)}`);
  if (f.hint) lines.push(`${pad}${c.dim("=")} ${c.bold("fix:")} ${escapeControl(f.hint)}`);
  if (f.reproduce) lines.push(`${pad}${c.dim("=")} ${c.bold("reproduce:")} ${escapeControl(f.reproduce)}`);
  for (const r of f.related ?? []) {
    lines.push(`${pad}${c.dim("=")} ${c.bold("see")} ${escapeControl(r.file)}:${r.line}:${r.column}: ${escapeControl(r.message)}`);
  }
  return lines.join("\n");
}

function gutterWidth(f: Finding): number {
  return String(f.line).length + 1;
}

function codeFrame(source: string, f: Finding, c: Colors, redactLine: HumanOptions["redactLine"]): string[] {
  const all = source.split(/\r?\n/);
  const raw = all[f.line - 1];
  if (raw === undefined) return [];
  const red = redactLine(raw);
  const text = red.text;
  const g = gutterWidth(f);
  const gutter = (s: string) => c.dim(s.padStart(g) + " │");
  // Tabs and control characters are shown escaped, so the caret has to be measured on the shown text.
  const from = red.at(Math.max(0, f.column - 1), "start");
  const endCol = f.endLine === f.line ? Math.max(f.endColumn, f.column + 1) : raw.length + 1;
  const to = red.at(Math.max(0, endCol - 1), "end");
  const before = escapeControl(text.slice(0, from).replace(/\t/g, "    "));
  const marked = escapeControl(text.slice(from, to).replace(/\t/g, "    "));
  const shown = escapeControl(text.replace(/\t/g, "    "));
  const clip = 160;
  const color = f.severity === "error" ? c.red : f.severity === "warning" ? c.yellow : c.cyan;
  return [
    gutter(""),
    `${gutter(String(f.line))} ${shown.length > clip ? shown.slice(0, clip) + "…" : shown}`,
    `${gutter("")} ${" ".repeat(Math.min(before.length, clip))}${color("^".repeat(Math.max(1, Math.min(marked.length, clip - Math.min(before.length, clip) + 1))))}`,
  ];
}

export function summarize(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
