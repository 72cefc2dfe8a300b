// JUnit XML output, for CI systems (GitLab, Jenkins, Azure) that show test reports but not SARIF.
//
// Mapping: one <testsuite> per checked file; one <testcase> per finding. Errors are <failure>s. Warnings are
// failures only with `warningsAsFailures`; otherwise they, and info findings, are passing testcases whose
// details are in <system-out> (CI shows them without failing the report). Suppressed findings are <skipped>.
// A file without findings gets one passing "<file> ok" testcase, so clean files show up too.
import type { Finding, RuleMeta } from "../types.ts";
import { warningLimitNote, type RunStatus } from "./status.ts";
import { joined, linesOf } from "./chunks.ts";

export interface JunitOptions {
  /** Every file checked, in order; files without findings appear as passing testcases. */
  files: string[];
  /** Rule metadata; a rule's `fix` is shown when a finding has no hint of its own. */
  rules?: RuleMeta[];
  /** Report warnings as <failure>s too (default false). */
  warningsAsFailures?: boolean;
  /** --max-warnings: exceeding it is a failing testcase of its own. */
  status?: RunStatus;
}

/** A failing "max-warnings" testcase when the run has more warnings than --max-warnings allows. */
function limitSuite(note: string | undefined): string[] {
  if (!note) return [];
  return [
    `  <testsuite name="nativelink-preflight" tests="1" failures="1" errors="0" skipped="0">`,
    `    <testcase classname="nativelink-preflight" name="max-warnings">`,
    `      <failure message="${attr(note)}" type="max-warnings">${text(note)}</failure>`,
    `    </testcase>`,
    `  </testsuite>`,
  ];
}

type Outcome = "failure" | "passed" | "skipped";

interface Suite {
  file: string;
  findings: Finding[];
}

export function formatJunit(findings: Finding[], opts: JunitOptions): string {
  return joined(junitPieces(findings, opts));
}

/** The JUnit XML in pieces (see chunks.ts); joined, the text of formatJunit. */
export function junitPieces(findings: Finding[], opts: JunitOptions): Iterable<string> {
  const suites = groupByFile(findings, opts.files);
  const outcome = (f: Finding) => outcomeOf(f, opts.warningsAsFailures ?? false);
  const fixes = new Map((opts.rules ?? []).map((r) => [r.id, r.fix]));
  const limit = warningLimitNote(opts.status);
  const total = suites.reduce((n, s) => n + Math.max(1, s.findings.length), 0) + (limit ? 1 : 0);
  const failures = findings.filter((f) => outcome(f) === "failure").length + (limit ? 1 : 0);
  const skipped = findings.filter((f) => outcome(f) === "skipped").length;
  return linesOf(
    (function* () {
      yield `<?xml version="1.0" encoding="UTF-8"?>`;
      yield `<testsuites name="nativelink-preflight" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">`;
      for (const s of suites) yield* suite(s, outcome, fixes);
      yield* limitSuite(limit);
      yield `</testsuites>`;
    })(),
  );
}

/** Files in the given order, then any file only findings mention, each with its findings in input order. */
function groupByFile(findings: Finding[], files: string[]): Suite[] {
  const byFile = new Map<string, Finding[]>();
  for (const file of files) if (!byFile.has(file)) byFile.set(file, []);
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return [...byFile].map(([file, list]) => ({ file, findings: list }));
}

function outcomeOf(f: Finding, warningsAsFailures: boolean): Outcome {
  if (f.suppressed) return "skipped";
  if (f.severity === "error" || (f.severity === "warning" && warningsAsFailures)) return "failure";
  return "passed";
}

/** A file's test suite, a line (or a test case) at a time. */
function* suite(s: Suite, outcome: (f: Finding) => Outcome, fixes: Map<string, string>): Generator<string> {
  const count = (o: Outcome) => s.findings.filter((f) => outcome(f) === o).length;
  const attrs = `name="${attr(s.file)}" tests="${Math.max(1, s.findings.length)}" failures="${count("failure")}" errors="0" skipped="${count("skipped")}"`;
  yield `  <testsuite ${attrs}>`;
  if (s.findings.length === 0) yield `    <testcase classname="${attr(s.file)}" name="${attr(s.file)} ok"/>`;
  for (const f of s.findings) yield testcase(f, outcome(f), fixes.get(f.ruleId));
  yield `  </testsuite>`;
}

function testcase(f: Finding, outcome: Outcome, ruleFix: string | undefined): string {
  const name = f.line >= 1 ? `${f.ruleId} ${f.line}:${f.column}` : f.ruleId;
  const open = `    <testcase classname="${attr(f.file)}" name="${attr(name)}">`;
  return `${open}\n      ${outcomeElement(f, outcome, details(f, ruleFix))}\n    </testcase>`;
}

function outcomeElement(f: Finding, outcome: Outcome, body: string): string {
  if (outcome === "failure") return `<failure type="${attr(f.ruleId)}" message="${attr(f.message)}">${text(body)}</failure>`;
  if (outcome === "skipped") return `<skipped message="${attr(skipReason(f))}"/>`;
  return `<system-out>${text(body)}</system-out>`;
}

function skipReason(f: Finding): string {
  const s = f.suppressed!;
  const why = s.justification === undefined ? "" : `: ${s.justification}`;
  return `suppressed (${s.kind}) ${f.severity}: ${f.message}${why}`;
}

/** The human-readable details of a finding, one fact a line. */
function details(f: Finding, ruleFix: string | undefined): string {
  const where = f.line >= 1 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const lines = [`${where}: ${f.severity}: ${f.message} [${f.ruleId}]`, `Pointer: ${f.pointer === "" ? "(document root)" : f.pointer}`];
  if (f.nativelink !== undefined) lines.push(`NativeLink: ${f.nativelink}`);
  const fix = f.hint ?? ruleFix;
  if (fix !== undefined) lines.push(`Fix: ${fix}`);
  if (f.reproduce !== undefined) lines.push(`Reproduce: ${f.reproduce}`);
  for (const r of f.related ?? []) lines.push(`Related: ${r.file}:${r.line}:${r.column}: ${r.message}`);
  return lines.join("\n");
}

// ---- XML escaping ----

/** Characters XML 1.0 forbids outright: C0 controls except tab/LF/CR, U+FFFE/FFFF, unpaired surrogates. */
const ILLEGAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replace characters XML can't carry with a visible `\uXXXX`. */
export function xmlSafe(s: string): string {
  return s.replace(ILLEGAL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const TEXT: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const ATTR: Record<string, string> = { ...TEXT, '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;" };

/** Element content; CR as a reference so parsers don't normalise it away. */
export function text(s: string): string {
  return xmlSafe(s).replace(/[&<>\r]/g, (ch) => TEXT[ch] ?? ch);
}

/** A double-quoted attribute value; whitespace as references so attribute normalisation keeps it. */
export function attr(s: string): string {
  return xmlSafe(s).replace(/[&<>"'\t\n\r]/g, (ch) => ATTR[ch] ?? ch);
}
