// Inline suppression directives in JSON5 comments, and applying them to a file's findings.
//   // nativelink-preflight-disable-next-line rule-a, rule-b -- why
//   /* nativelink-preflight-disable rule-a -- why */ ... /* nativelink-preflight-enable rule-a */
// Without rule ids a directive covers every rule.
import type { Comment } from "./load.ts";
import type { Finding, Span } from "./types.ts";

export interface Directive {
  kind: "disable-next-line" | "disable" | "enable";
  /** Empty means every rule. */
  rules: string[];
  reason?: string;
  span: Span;
  /** Lines this directive covers (for disable: up to the matching enable or the end). */
  from: number;
  to: number;
}

const DIRECTIVE = /^\s*nativelink-preflight-(disable-next-line|disable|enable)(?=\s|$)(.*)$/s;

export function parseDirectives(comments: Comment[], lineCount: number): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text.replace(/^\*+/, ""));
    if (!m) continue;
    const kind = m[1] as Directive["kind"];
    const [idsPart = "", ...reasonParts] = (m[2] ?? "").split(/\s--\s?|\s--$/);
    const reason = reasonParts.join(" -- ").trim() || undefined;
    const rules = idsPart
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const next = c.span.endLine + 1;
    out.push({ kind, rules, reason, span: c.span, from: kind === "disable-next-line" ? next : c.span.line, to: kind === "disable-next-line" ? next : lineCount });
  }
  // A block disable ends at the first later enable that covers its rules.
  for (const d of out) {
    if (d.kind !== "disable") continue;
    const end = out.find((e) => e.kind === "enable" && e.span.line >= d.span.line && (e.rules.length === 0 || d.rules.every((r) => e.rules.includes(r))));
    if (end) d.to = end.span.line;
  }
  return out;
}

function covers(d: Directive, f: Finding): boolean {
  if (d.kind === "enable") return false;
  if (d.rules.length > 0 && !d.rules.includes(f.ruleId)) return false;
  return f.line >= d.from && f.line <= d.to;
}

/** Marks suppressed findings; returns which directives were used. */
export function applyDirectives(findings: Finding[], directives: Directive[]): Set<Directive> {
  const used = new Set<Directive>();
  for (const f of findings) {
    if (f.ruleId.startsWith("suppression-")) continue;
    const d = directives.find((x) => covers(x, f));
    if (!d) continue;
    used.add(d);
    f.suppressed = { kind: "inline", justification: d.reason };
  }
  return used;
}

export function countLines(text: string | undefined): number {
  if (!text) return 1;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
