// The machine-readable contract: exactly one JSON document per run.
import type { Finding } from "../types.ts";
import { summarize } from "./human.ts";
import { joined, jsonWithList } from "./chunks.ts";
import { warningLimitNote, type RunStatus } from "./status.ts";

export function formatJson(findings: Finding[], filesChecked: number, filesSkipped = 0, status?: RunStatus): string {
  return joined(jsonPieces(findings, filesChecked, filesSkipped, status));
}

/** The JSON report in pieces (see chunks.ts); joined, the text of formatJson. */
export function jsonPieces(findings: Finding[], filesChecked: number, filesSkipped = 0, status?: RunStatus): Iterable<string> {
  const s = status?.counts ?? summarize(findings);
  const summary: Record<string, unknown> = { files: filesChecked, skipped: filesSkipped, errors: s.errors, warnings: s.warnings, infos: s.infos };
  if (status?.onHost) summary.onHost = { runAs: status.onHost.runAs };
  if (status?.maxWarnings !== undefined) {
    summary.maxWarnings = status.maxWarnings;
    summary.maxWarningsExceeded = warningLimitNote(status) !== undefined;
  }
  return jsonWithList((hole) => ({ version: 1, findings: hole, summary }), findings, orderKeys);
}

/** Stable key order makes the output diff-friendly. */
function orderKeys(f: Finding): Finding {
  const o: Finding = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    message: f.message,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    pointer: f.pointer,
  };
  if (f.nativelink !== undefined) o.nativelink = f.nativelink;
  if (f.hint !== undefined) o.hint = f.hint;
  if (f.reproduce !== undefined) o.reproduce = f.reproduce;
  if (f.related !== undefined) o.related = f.related;
  if (f.suppressed !== undefined) o.suppressed = f.suppressed;
  if (f.fix !== undefined) o.fix = f.fix;
  return o;
}
