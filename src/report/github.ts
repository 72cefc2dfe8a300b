// GitHub Actions output: workflow-command annotations, plus a job-summary table with every finding.
import { warningLimitNote, type RunStatus } from "./status.ts";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Finding, Severity } from "../types.ts";
import { escapeControl } from "./escape.ts";

export interface GithubOptions {
  /** Annotations per level; GitHub shows at most 10 of each per step. */
  maxPerLevel?: number;
  /** --max-warnings: exceeding it is an error annotation and a line of the job summary. */
  status?: RunStatus;
  /** The workspace: file paths are made relative to it, so annotations attach to the checked-out files. */
  workspace?: string;
  /** Where rule docs live: the summary links each rule id to `docsBaseUri + id + ".md"`. */
  docsBaseUri?: string;
  /** The files checked and those skipped as not NativeLink configs, listed in the summary. */
  files?: { checked: string[]; skipped: string[] };
}

const COMMANDS: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export function formatGithub(findings: Finding[], opts: GithubOptions = {}): { commands: string; summaryMarkdown: string } {
  const limit = warningLimitNote(opts.status);
  const note = limit ? `::error title=nativelink-preflight::${escapeData(limit)}\n` : "";
  const rel = (file: string) => workspaceRelative(file, opts.workspace);
  const located = opts.workspace === undefined ? findings : findings.map((f) => ({ ...f, file: rel(f.file) }));
  // The summary is made when asked for: a run without a job summary file never needs it.
  const markdown = () => {
    const md = summary(located, opts.docsBaseUri, opts.files && { checked: opts.files.checked.map(rel), skipped: opts.files.skipped.map(rel) });
    return limit ? md.replace("\n\n", `\n\n**${limit}**\n\n`) : md;
  };
  return {
    commands: commands(located, opts.maxPerLevel ?? 10) + note,
    get summaryMarkdown() {
      return markdown();
    },
  };
}

/** A path under the workspace, relative to it with forward slashes; any other path as it is. */
export function workspaceRelative(file: string, workspace: string | undefined): string {
  if (workspace === undefined) return file;
  const abs = resolve(workspace, file);
  const r = relative(workspace, abs);
  if (r === "" || r.startsWith("..") || isAbsolute(r)) return file;
  return r.split(sep).join("/");
}

// ---- workflow commands ----

/** As actions/toolkit `escapeData`: the runner decodes these in a command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** As actions/toolkit `escapeProperty`: also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function commands(findings: Finding[], max: number): string {
  const limit = Math.max(0, Math.floor(max));
  const shown: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const lines: string[] = [];
  let hidden = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    if (shown[f.severity] >= limit) hidden++;
    else {
      shown[f.severity]++;
      lines.push(annotation(f));
    }
  }
  if (hidden > 0) lines.push(cutNotice(hidden, limit));
  return lines.map((l) => l + "\n").join("");
}

function annotation(f: Finding): string {
  const props: [string, string | number][] = [["file", f.file]];
  if (f.line >= 1) props.push(["line", f.line]);
  // GitHub rejects columns on annotations that span several lines.
  const oneLine = f.line >= 1 && f.endLine === f.line;
  if (oneLine && f.column >= 1) props.push(["col", f.column]);
  if (f.endLine >= f.line && f.line >= 1) props.push(["endLine", f.endLine]);
  if (oneLine && f.column >= 1 && f.endColumn >= f.column) props.push(["endColumn", f.endColumn]);
  props.push(["title", f.ruleId]);
  const rendered = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${COMMANDS[f.severity]} ${rendered}::${escapeData(annotationText(f))}`;
}

function annotationText(f: Finding): string {
  const lines = [f.message];
  if (f.nativelink !== undefined) lines.push(`NativeLink: ${f.nativelink}`);
  if (f.hint !== undefined) lines.push(`Fix: ${f.hint}`);
  return lines.join("\n");
}

function cutNotice(hidden: number, limit: number): string {
  const what = hidden === 1 ? "1 more finding was" : `${hidden} more findings were`;
  return `nativelink-preflight: ${what} not annotated (GitHub shows at most ${limit} per level); the job summary has the full list.`;
}

// ---- job summary ----

function summary(findings: Finding[], docsBaseUri?: string, files?: { checked: string[]; skipped: string[] }): string {
  const out = ["## nativelink-preflight", "", countsLine(findings), ""];
  if (findings.length > 0) {
    out.push("| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |");
    for (const f of findings) out.push(row(f, docsBaseUri));
    out.push("");
  }
  if (files) {
    out.push(fileList(`${files.checked.length} file${files.checked.length === 1 ? "" : "s"} checked`, files.checked));
    if (files.skipped.length) out.push(fileList(`${files.skipped.length} JSON file${files.skipped.length === 1 ? "" : "s"} skipped: not NativeLink configs`, files.skipped));
  }
  return out.join("\n");
}

/** A collapsed list, so a run over many files keeps the table at the top. */
function fileList(title: string, files: string[]): string {
  // The summary line is inside an HTML block, where Markdown escapes would show: entities only.
  const html = title.replace(/[&<>]/g, (ch) => ENTITIES[ch]!);
  return [`<details><summary>${html}</summary>`, "", ...files.map((f) => `- ${codeCell(f)}`), "", "</details>", ""].join("\n");
}

function countsLine(findings: Finding[]): string {
  if (findings.length === 0) return "No findings.";
  const active = findings.filter((f) => !f.suppressed);
  const count = (s: Severity) => active.filter((f) => f.severity === s).length;
  const parts = [plural(count("error"), "error"), plural(count("warning"), "warning"), plural(count("info"), "notice")];
  const suppressed = findings.length - active.length;
  return parts.join(", ") + (suppressed > 0 ? ` (and ${suppressed} suppressed)` : "") + ".";
}

function plural(n: number, word: string): string {
  return `**${n}** ${word}${n === 1 ? "" : "s"}`;
}

function row(f: Finding, docsBaseUri?: string): string {
  const severity = f.suppressed ? `${f.severity} (suppressed)` : f.severity;
  const where = f.line >= 1 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const rule = docsBaseUri === undefined ? codeCell(f.ruleId) : `[${codeCell(f.ruleId)}](${docsBaseUri.replace(/\/?$/, "/")}${encodeURIComponent(f.ruleId)}.md)`;
  return `| ${severity} | ${rule} | ${codeCell(where)} | ${textCell(annotationText(f))} |`;
}

/**
 * Literal text in a table cell: ASCII punctuation backslash-escaped (so every `\\` and `|` the table parser
 * sees is one of our escape pairs), `&<>` as entities, line breaks as `<br>`, other controls made visible.
 */
export function textCell(s: string): string {
  return s
    .split(/\r\n|\r|\n/)
    .map((line) => escapeMarkdown(escapeControl(line)))
    .join("<br>");
}

function escapeMarkdown(s: string): string {
  return s.replace(/[&<>]|[!-/:-@[-`{-~]/g, (ch) => ENTITIES[ch] ?? `\\${ch}`);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Monospace text in a table cell; `<code>` rather than a code span, so backslash escapes (and thus pipes) still work. */
export function codeCell(s: string): string {
  return `<code>${textCell(s)}</code>`;
}
