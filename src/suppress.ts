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
  // A block disable ends at the first later enable that covers its rules. Enables are looked up from
  // the first one at or after the disable's line (comments come in line order), not from the start.
  const enables = out.filter((e) => e.kind === "enable");
  for (const d of out) {
    if (d.kind !== "disable") continue;
    for (let i = firstAtOrAfter(enables, d.span.line); i < enables.length; i++) {
      const e = enables[i]!;
      if (e.rules.length === 0 || d.rules.every((r) => e.rules.includes(r))) {
        d.to = e.span.line;
        break;
      }
    }
  }
  return out;
}

/** The index of the first directive at or after `line` (directives are in line order). */
function firstAtOrAfter(list: Directive[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.span.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function covers(d: Directive, f: Finding): boolean {
  if (d.kind === "enable") return false;
  if (d.rules.length > 0 && !d.rules.includes(f.ruleId)) return false;
  return f.line >= d.from && f.line <= d.to;
}

/**
 * Which directives can cover a line: next-line ones by their line, block ones (usually few) all.
 * The first in comment order that covers a finding is the one that silences it.
 */
export class DirectiveIndex {
  private readonly byLine = new Map<number, number[]>();
  private readonly blocks: number[] = [];

  constructor(readonly directives: Directive[]) {
    directives.forEach((d, i) => {
      if (d.kind === "enable") return;
      if (d.kind === "disable") this.blocks.push(i);
      else {
        const list = this.byLine.get(d.from);
        if (list) list.push(i);
        else this.byLine.set(d.from, [i]);
      }
    });
  }

  /** The first directive (in comment order) covering `f`. */
  first(f: Finding): Directive | undefined {
    let best = -1;
    for (const i of this.byLine.get(f.line) ?? []) {
      if (covers(this.directives[i]!, f)) {
        best = i;
        break;
      }
    }
    for (const i of this.blocks) {
      if (best >= 0 && i > best) break;
      if (covers(this.directives[i]!, f)) {
        best = i;
        break;
      }
    }
    return best >= 0 ? this.directives[best] : undefined;
  }
}

/** Marks suppressed findings; returns which directives were used. */
export function applyDirectives(findings: Finding[], directives: Directive[]): Set<Directive> {
  const used = new Set<Directive>();
  if (directives.length === 0) return used;
  const index = new DirectiveIndex(directives);
  for (const f of findings) {
    if (f.ruleId.startsWith("suppression-")) continue;
    const d = index.first(f);
    if (!d) continue;
    used.add(d);
    f.suppressed = { kind: "inline", justification: d.reason };
  }
  return used;
}

/**
 * Whether any of `findings` falls where `d` applies and is of a rule it names, looking only at the
 * findings of its lines (`byLine`: findings by line, `lines`: those lines in order).
 */
export function silencesAny(d: Directive, byLine: Map<number, Finding[]>, lines: number[]): boolean {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! < d.from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < lines.length && lines[i]! <= d.to; i++) {
    for (const f of byLine.get(lines[i]!)!) if (d.rules.length === 0 || d.rules.includes(f.ruleId)) return true;
  }
  return false;
}

/** Findings by line, and those lines in order, for silencesAny. */
export function findingsByLine(findings: readonly Finding[]): { byLine: Map<number, Finding[]>; lines: number[] } {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) {
    const list = byLine.get(f.line);
    if (list) list.push(f);
    else byLine.set(f.line, [f]);
  }
  return { byLine, lines: [...byLine.keys()].sort((a, b) => a - b) };
}

export function countLines(text: string | undefined): number {
  if (!text) return 1;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
