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
 * Block directives (disable ... enable) of one kind of reach (every rule, or one rule id), in comment
 * order, which is the order of their first lines: the first of them whose lines hold a given line is
 * found in a tree of the furthest line each range of them reaches, without looking at the others.
 */
class Blocks {
  readonly ids: number[] = [];
  private readonly froms: number[] = [];
  private readonly tos: number[] = [];
  private reach: number[] = [];
  private size = 0;

  add(i: number, d: Directive): void {
    this.ids.push(i);
    this.froms.push(d.from);
    this.tos.push(d.to);
  }

  /** Builds the tree; false when the blocks are not in line order (then they are searched one by one). */
  seal(): boolean {
    for (let k = 1; k < this.froms.length; k++) if (this.froms[k]! < this.froms[k - 1]!) return false;
    this.size = 1;
    while (this.size < this.tos.length) this.size *= 2;
    this.reach = new Array<number>(2 * this.size).fill(-Infinity);
    this.tos.forEach((to, k) => (this.reach[this.size + k] = to));
    for (let n = this.size - 1; n >= 1; n--) this.reach[n] = Math.max(this.reach[2 * n]!, this.reach[2 * n + 1]!);
    return true;
  }

  /** The directive index of the first block whose lines hold `line`, or -1. */
  first(line: number): number {
    // Blocks starting after the line cannot hold it: only positions up to the last that starts at or before it.
    let lo = 0;
    let hi = this.froms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.froms[mid]! <= line) lo = mid + 1;
      else hi = mid;
    }
    const k = this.firstReaching(1, 0, this.size - 1, lo - 1, line);
    return k < 0 ? -1 : this.ids[k]!;
  }

  private firstReaching(node: number, lo: number, hi: number, last: number, line: number): number {
    if (lo > last || this.reach[node]! < line) return -1;
    if (lo === hi) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.firstReaching(2 * node, lo, mid, last, line);
    return left >= 0 ? left : this.firstReaching(2 * node + 1, mid + 1, hi, last, line);
  }
}

/**
 * Which directives can cover a line: next-line ones by their line, block ones by the rules they
 * name (or all rules) in trees of the lines they reach. The first in comment order that covers a
 * finding is the one that silences it. Searching every block for every finding was quadratic in a
 * config of many disable ... enable pairs (12,000 pairs: 3.9 s).
 */
export class DirectiveIndex {
  private readonly byLine = new Map<number, number[]>();
  private readonly blocks: number[] = [];
  private readonly anyRule = new Blocks();
  private readonly byRule = new Map<string, Blocks>();
  private readonly indexed: boolean;

  constructor(readonly directives: Directive[]) {
    directives.forEach((d, i) => {
      if (d.kind === "enable") return;
      if (d.kind === "disable") {
        this.blocks.push(i);
        if (d.rules.length === 0) this.anyRule.add(i, d);
        for (const r of new Set(d.rules)) {
          let b = this.byRule.get(r);
          if (!b) this.byRule.set(r, (b = new Blocks()));
          b.add(i, d);
        }
      } else {
        const list = this.byLine.get(d.from);
        if (list) list.push(i);
        else this.byLine.set(d.from, [i]);
      }
    });
    let sealed = this.anyRule.seal();
    for (const b of this.byRule.values()) sealed = b.seal() && sealed;
    this.indexed = sealed;
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
    if (this.indexed) {
      const own = this.byRule.get(f.ruleId);
      for (const i of [this.anyRule.first(f.line), own ? own.first(f.line) : -1]) if (i >= 0 && (best < 0 || i < best)) best = i;
      return best >= 0 ? this.directives[best] : undefined;
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
