// Terminal output: findings grouped by file, each with a code frame and a caret under its span.
import pc from "picocolors";
import type { Finding } from "../types.ts";
import { escapeControl } from "./escape.ts";
import { clipMeasured, displayWidth, measure, widthOf, wrap, type Measured } from "./width.ts";
import { warningLimitNote, type RunStatus } from "./status.ts";
import type { RedactedLine } from "./redact.ts";
import { joined, linesOf } from "./chunks.ts";

export interface HumanOptions {
  /** File contents for code frames, keyed by the finding's `file`. */
  sources: Map<string, string>;
  /** Takes secrets out of a source line before it is shown (see redact.ts); the caret follows its column map. */
  redactLine: (line: string) => RedactedLine;
  color: boolean;
  filesChecked: number;
  /** JSON files a walk, glob or the hook found that are not NativeLink configs. */
  filesSkipped?: number;
  /**
   * Terminal columns to wrap and clip to. Without one (output to a pipe or a file) messages stay on
   * one line, so logs can be searched, and code frames are clipped at 160 columns.
   */
  width?: number;
  /** Counts of the whole run (-q shows fewer findings than it counts) and --max-warnings. */
  status?: RunStatus;
}

/** The related places a finding shows in full; past them, how many more there are. */
export const MAX_SEE = 10;

/** Below this many columns wrapping does more harm than good; lines are then left long. */
const MIN_WIDTH = 40;

/**
 * Each finding starts with `file:line:col` (terminals and editors open it), then the severity, the
 * message and the rule id, wrapped to the terminal with a hanging indent; then a code frame whose
 * long lines are clipped around the span, and the `=` notes, wrapped under their own text.
 */
export function formatHuman(findings: Finding[], opts: HumanOptions): string {
  return joined(humanPieces(findings, opts));
}

/** The human report in pieces (see chunks.ts); joined, the text of formatHuman. */
export function humanPieces(findings: Finding[], opts: HumanOptions): Iterable<string> {
  return linesOf(humanLines(findings, opts));
}

function* humanLines(findings: Finding[], opts: HumanOptions): Generator<string> {
  const c = pc.createColors(opts.color);
  const width = opts.width === undefined ? Infinity : Math.max(MIN_WIDTH, opts.width);
  const indexed = new Map<string, Source>();
  const frames: Frames = {};
  for (const f of findings) {
    if (f.suppressed) continue;
    let src = indexed.get(f.file);
    if (!src) {
      const text = opts.sources.get(f.file);
      if (text !== undefined) indexed.set(f.file, (src = { text, starts: lineStarts(text) }));
    }
    // Each finding's block, then an empty line.
    yield block(f, src, c, width, opts.redactLine, frames);
    yield "";
  }
  const s = opts.status?.counts ?? summarize(findings);
  const parts = [
    s.errors ? c.red(c.bold(plural(s.errors, "error"))) : "0 errors",
    s.warnings ? c.yellow(plural(s.warnings, "warning")) : "0 warnings",
  ];
  if (s.infos) parts.push(plural(s.infos, "info"));
  const mark = s.errors ? c.red("✖") : s.warnings ? c.yellow("⚠") : c.green("✔");
  const where = opts.status?.onHost ? ` on this host, for user ${opts.status.onHost.runAs}` : "";
  yield `${mark} ${parts.join(", ")} in ${plural(opts.filesChecked, "file")} checked${where}`;
  const limit = warningLimitNote(opts.status);
  if (limit) yield `${c.red("✖")} ${limit}`;
  if (opts.filesSkipped) yield `${plural(opts.filesSkipped, "JSON file")} skipped: not NativeLink configs`;
}

type Colors = ReturnType<typeof pc.createColors>;

const HANG = "    ";

/** A config's text with the offset of each line, computed once per file: code frames stay linear. */
interface Source {
  text: string;
  starts: number[];
}

/**
 * A source line as code frames show it, made once for the findings on it (they come sorted by file
 * and line): each frame of a minified config's findings redacted, escaped and measured the whole
 * line again, n findings on one line of their n times its length.
 */
interface FrameLine {
  source: Source;
  n: number;
  rawLength: number;
  red: RedactedLine;
  /** `shownAt[i]`: the length of the first i characters of the redacted line as shown (tabs and controls escaped). */
  shownAt: Int32Array;
  /** The redacted line as shown, measured. */
  shown: Measured;
}

/** The line the last code frame showed. */
interface Frames {
  last?: FrameLine;
}

function frameLine(source: Source, n: number, raw: string, redactLine: HumanOptions["redactLine"]): FrameLine {
  const red = redactLine(raw);
  const text = red.text;
  // show() maps each UTF-16 unit on its own (a tab to four spaces, a control to its escape), so the
  // shown text of a prefix is a prefix of the shown text.
  const shownAt = new Int32Array(text.length + 1);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    shownAt[i] = at;
    const c = text.charCodeAt(i);
    at += c >= 0x20 && c < 0x7f ? 1 : show(text.charAt(i)).length;
  }
  shownAt[text.length] = at;
  return { source, n, rawLength: raw.length, red, shownAt, shown: measure(show(text)) };
}

/** A line of a code frame as shown: tabs as four spaces, control characters escaped, so the caret is measured on the shown text. */
function show(s: string): string {
  return escapeControl(s.replace(/\t/g, "    "));
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function block(f: Finding, source: Source | undefined, c: Colors, width: number, redactLine: HumanOptions["redactLine"], frames: Frames): string {
  const sevWord = f.severity;
  const sev = f.severity === "error" ? c.red(c.bold("error")) : f.severity === "warning" ? c.yellow(c.bold("warning")) : c.cyan(c.bold("info"));
  const where = `${escapeControl(f.file)}:${f.line}:${f.column}`;
  // The first line is measured without colour; the location stays whole so it remains clickable.
  // The location and the severity are one word for the wrapper (joined by a no-break space), so a
  // location too long for the line still keeps its severity beside it, printed once.
  const head = `${where}\u00a0${sevWord} ${escapeControl(f.message)} [${f.ruleId}]`;
  const wrapped = wrapHanging(head, width, HANG);
  const glued = wrapped[0]!;
  const first = `${glued.slice(0, where.length)} ${glued.slice(where.length + 1)}`;
  const lines = [colorHead(first, where, sevWord, sev, f.ruleId, c)];
  for (const l of wrapped.slice(1)) lines.push(l.endsWith(`[${f.ruleId}]`) ? l.slice(0, -f.ruleId.length - 2) + c.dim(`[${f.ruleId}]`) : l);
  const frame = source !== undefined ? codeFrame(source, f, c, width, redactLine, frames) : [];
  lines.push(...frame);
  const pad = " ".repeat(gutterWidth(f) + 1);
  const note = (label: string, text: string) => {
    // The text is wrapped on its own, its first line beside "= label": a first word too long for the
    // line (a deep path) then stays beside its label instead of leaving the label alone on a line.
    const lead = `${pad}= ${label} `;
    const indent = displayWidth(lead) <= width / 2 ? " ".repeat(displayWidth(lead)) : pad + HANG;
    const body = wrap(escapeControl(text), width - displayWidth(lead), width - displayWidth(indent));
    lines.push(`${pad}${c.dim("=")} ${c.bold(label)} ${body[0] ?? ""}`);
    // One by one: spread into push(), a note of a few hundred thousand lines overflowed the stack.
    for (let i = 1; i < body.length; i++) lines.push(indent + body[i]!);
  };
  if (f.nativelink) note("NativeLink:", f.nativelink);
  if (f.hint) note("fix:", f.hint);
  if (f.reproduce) note("reproduce:", f.reproduce);
  // A terminal shows the first places; the other formats list every one (a config of 1,500 inline
  // secrets gave its permissions finding 1,500 "= see" lines).
  const related = f.related ?? [];
  for (const r of related.slice(0, MAX_SEE)) note("see", `${r.file}:${r.line}:${r.column}: ${r.message}`);
  if (related.length > MAX_SEE) note("see", `${related.length - MAX_SEE} more places (--format json or sarif lists them all)`);
  return lines.join("\n");
}

/** Colours the severity and the rule id of a finding's first line (already wrapped as plain text). */
function colorHead(line: string, where: string, sevWord: string, sev: string, ruleId: string, c: Colors): string {
  let rest = line.slice(where.length + 1 + sevWord.length);
  const tag = `[${ruleId}]`;
  if (rest.endsWith(tag)) rest = rest.slice(0, -tag.length) + c.dim(tag);
  return `${c.bold(where)} ${sev}${rest}`;
}

/** Wraps `text` to `width`; every line after the first starts with `indent`. */
function wrapHanging(text: string, width: number, indent: string): string[] {
  const lines = wrap(text, width, width - displayWidth(indent));
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

function gutterWidth(f: Finding): number {
  return String(f.line).length + 1;
}

function codeFrame(source: Source, f: Finding, c: Colors, width: number, redactLine: HumanOptions["redactLine"], frames: Frames): string[] {
  let line = frames.last;
  if (line?.source !== source || line.n !== f.line) {
    const raw = lineAt(source, f.line);
    if (raw === undefined) return [];
    // Secrets leave the line before it is shown; the span's ends move with the text around them.
    line = frames.last = frameLine(source, f.line, raw, redactLine);
  }
  const { red, shownAt, shown } = line;
  const g = gutterWidth(f);
  const gutter = (s: string) => c.dim(s.padStart(g) + " │");
  const endCol = f.endLine === f.line ? Math.max(f.endColumn, f.column + 1) : line.rawLength + 1;
  const shownEnd = shownAt.length - 1;
  const start = shownAt[Math.min(red.at(Math.max(0, f.column - 1), "start"), shownEnd)]!;
  const end = shownAt[Math.min(red.at(Math.max(0, endCol - 1), "end"), shownEnd)]!;
  const from = widthOf(shown, 0, start);
  const span = Math.max(1, widthOf(shown, start, end));
  const room = Number.isFinite(width) ? Math.max(20, width - (g + 3)) : 160;
  const { shown: clipped, offset } = clipMeasured(shown, from, from + span, room);
  const carets = Math.max(1, Math.min(span, displayWidth(clipped) - offset));
  const color = f.severity === "error" ? c.red : f.severity === "warning" ? c.yellow : c.cyan;
  return [gutter(""), `${gutter(String(f.line))} ${clipped}`, `${gutter("")} ${" ".repeat(offset)}${color("^".repeat(carets))}`];
}

/** The text of 1-based line `n`. */
function lineAt(source: Source, n: number): string | undefined {
  const start = source.starts[n - 1];
  if (start === undefined) return undefined;
  const next = source.starts[n];
  const line = source.text.slice(start, next === undefined ? source.text.length : next - 1);
  return line.endsWith("\r") ? line.slice(0, -1) : line;
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
