// GitHub Actions output: workflow-command annotations, plus a job-summary table with every finding.
import { warningLimitNote, type RunStatus } from "./status.ts";
import { appendFileSync, statSync } from "node:fs";
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
  /**
   * Bytes the summary may take (UTF-8): GitHub drops a step's whole job summary past 1 MiB
   * (summaryRoom). Rows and file names past it are counted instead of listed. Default: 1 MiB.
   */
  summaryBytes?: number;
  /** A sentence on where the findings the summary leaves out are listed. Default: `--format json` lists every finding. */
  fullList?: string;
}

/** GitHub uploads a step's job summary only up to this many bytes (its runner says "supports content up to a size of 1024k"). */
export const SUMMARY_LIMIT = 1024 * 1024;
export const SUMMARY_DROPPED = "GitHub drops a step's job summary larger than 1 MiB";

/** The bytes a job summary file still has room for: the limit less what the step already wrote to it. */
export function summaryRoom(file: string): number {
  let used = 0;
  try {
    used = statSync(file).size;
  } catch {
    // Not there yet: the step has written nothing to it.
  }
  return Math.max(0, SUMMARY_LIMIT - used);
}

/** What the table may take of the summary file's room: 256 bytes stay for the line on a diagram that did not fit. */
export function summaryBytes(file: string | undefined): number | undefined {
  return file ? Math.max(0, summaryRoom(file) - 256) : undefined;
}

/** Appends a summary to the file; an empty one (no room for even its heading) is said on `say` instead. */
export function appendSummary(file: string, md: string, say: (s: string) => void): void {
  if (md) appendFileSync(file, md);
  else say(`nativelink-preflight: no room left in the job summary (${SUMMARY_DROPPED}); it has no findings\n`);
}

const COMMANDS: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export function formatGithub(findings: Finding[], opts: GithubOptions = {}): { commands: string; summaryMarkdown: string } {
  const limit = warningLimitNote(opts.status);
  const note = limit ? `::error title=nativelink-preflight::${escapeData(limit)}\n` : "";
  const rel = (file: string) => workspaceRelative(file, opts.workspace);
  const located = opts.workspace === undefined ? findings : findings.map((f) => ({ ...f, file: rel(f.file) }));
  return {
    commands: commands(located, opts.maxPerLevel ?? 10) + note,
    // Made when asked for: a run without a job summary file never needs it.
    get summaryMarkdown() {
      const files = opts.files && { checked: opts.files.checked.map(rel), skipped: opts.files.skipped.map(rel) };
      return summary(located, { docsBaseUri: opts.docsBaseUri, files, limit, bytes: opts.summaryBytes ?? SUMMARY_LIMIT, fullList: opts.fullList ?? "`--format json` lists every finding." });
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
  // The summary says itself when it could not list them all (GitHub keeps 1 MiB of it).
  return `nativelink-preflight: ${what} not annotated (GitHub shows at most ${limit} per level); see the job summary.`;
}

// ---- job summary ----

interface SummaryOptions {
  docsBaseUri?: string;
  files?: { checked: string[]; skipped: string[] };
  /** The --max-warnings line, in bold under the counts. */
  limit?: string;
  bytes: number;
  fullList: string;
}

/**
 * The job summary in at most `bytes` bytes, or empty when not even its heading fits: table rows in
 * order while they fit, then how many were left out; the file lists take at most an eighth.
 */
function summary(findings: Finding[], o: SummaryOptions): string {
  const head = ["## nativelink-preflight", "", ...(o.limit ? [`**${o.limit}**`, ""] : []), countsLine(findings), ""];
  const lists: string[] = [];
  let room = o.bytes >> 3;
  const list = (n: number, what: string, names: string[]) => {
    // The summary line is inside an HTML block, where Markdown escapes would show: entities only.
    const title = `${n} ${what}`.replace(/[&<>]/g, (ch) => ENTITIES[ch]!);
    const [items, cut] = fit(names, (f) => `- ${codeCell(f)}`, room - 80 - utf8Length(title));
    if (cut) items.push(`- and ${cut} more`);
    const text = [`<details><summary>${title}</summary>`, "", ...items, "", "</details>", ""].join("\n");
    room -= utf8Length(text);
    lists.push(text);
  };
  if (o.files) {
    const { checked, skipped } = o.files;
    list(checked.length, `file${checked.length === 1 ? "" : "s"} checked`, checked);
    if (skipped.length) list(skipped.length, `JSON file${skipped.length === 1 ? "" : "s"} skipped: not NativeLink configs`, skipped);
  }
  const out = [...head];
  if (findings.length > 0) {
    const tableHead = ["| Severity | Rule | Location | Message |", "| --- | --- | --- | --- |"];
    const [rows, cut] = fit(findings, (f) => row(f, o.docsBaseUri), o.bytes - utf8Length([...head, ...tableHead, "", leftOut(findings.length, o.fullList), "", ...lists].join("\n")) - 2);
    if (rows.length) out.push(...tableHead, ...rows, "");
    if (cut) out.push(leftOut(cut, o.fullList), "");
  }
  // Lists past the room go before the heading does; not even the heading: nothing, rather than a
  // summary GitHub would drop with all before it.
  for (const text of [[...out, ...lists].join("\n"), out.join("\n")]) if (utf8Length(text) <= o.bytes) return text;
  return "";
}

/** The first lines of `items` that fit in `bytes` (each with its newline), made only while they fit, and how many did not. */
function fit<T>(items: T[], line: (item: T) => string, bytes: number): [string[], number] {
  const out: string[] = [];
  for (const item of items) {
    const l = line(item);
    if ((bytes -= utf8Length(l) + 1) < 0) break;
    out.push(l);
  }
  return [out, items.length - out.length];
}

function leftOut(n: number, fullList: string): string {
  return `**${n === 1 ? "1 finding is" : `${n} findings are`} not in this table**: ${SUMMARY_DROPPED}. ${fullList}`;
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
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
