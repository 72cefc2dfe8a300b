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
  // A block disable ends at the first enable, at or after its line, that names every rule it names
  // (or names none). The enables that could end it are looked up by rule, not searched one by one
  // from the disable on: a disable whose enables name other rules would otherwise read every enable
  // after it (n² for a config of such pairs).
  const enables = out.filter((e) => e.kind === "enable");
  const ends = new EnableIndex(enables);
  for (const d of out) {
    if (d.kind !== "disable") continue;
    const e = ends.first(d);
    if (e) d.to = e.span.line;
  }
  return out;
}

/** The enables of a file by the rules they name, for parseDirectives. */
class EnableIndex {
  /** Positions in `enables` of those that name no rule (and so end every block). */
  private readonly all: number[] = [];
  private readonly byRule = new Map<string, number[]>();
  /** For a set of rules: positions of the enables that name each of them, made once per set. */
  private readonly bySet = new Map<string, number[]>();

  constructor(private readonly enables: Directive[]) {
    enables.forEach((e, i) => {
      if (e.rules.length === 0) this.all.push(i);
      for (const r of new Set(e.rules)) {
        const list = this.byRule.get(r);
        if (list) list.push(i);
        else this.byRule.set(r, [i]);
      }
    });
  }

  /** The first enable at or after `d`'s line that ends it, in comment order. */
  first(d: Directive): Directive | undefined {
    const line = d.span.line;
    // A disable of every rule ends at any enable.
    if (d.rules.length === 0) return this.enables[firstAtOrAfter(this.enables, line)];
    const rules = [...new Set(d.rules)].sort();
    const key = rules.join("\u0000");
    let named = this.bySet.get(key);
    if (!named) {
      // The enables of the rule named least often, kept where they name the others too.
      let rarest: number[] = [];
      for (const [i, r] of rules.entries()) {
        const list = this.byRule.get(r) ?? [];
        if (i === 0 || list.length < rarest.length) rarest = list;
      }
      named = rarest.filter((k) => {
        const has = new Set(this.enables[k]!.rules);
        return rules.every((r) => has.has(r));
      });
      this.bySet.set(key, named);
    }
    const a = this.all[this.lowerBound(this.all, line)];
    const b = named[this.lowerBound(named, line)];
    const k = a === undefined ? b : b === undefined ? a : Math.min(a, b);
    return k === undefined ? undefined : this.enables[k];
  }

  /** In a list of positions (in order), the index of the first whose enable is at or after `line`. */
  private lowerBound(list: number[], line: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.enables[list[mid]!]!.span.line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
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
 * Whether any finding falls where `d` applies and is of a rule it names. Each rule's lines are
 * searched for the first at or after `d`'s start: a block left open to the end of the file would
 * otherwise read every finding after it, once per such block.
 */
export function silencesAny(d: Directive, index: FindingLines): boolean {
  if (d.rules.length === 0) return within(index.lines, d.from, d.to);
  for (const r of d.rules) {
    const lines = index.byRule.get(r);
    if (lines && within(lines, d.from, d.to)) return true;
  }
  return false;
}

/** Whether a sorted list of lines holds one in [from, to]. */
function within(lines: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < lines.length && lines[lo]! <= to;
}

/** The lines that have findings, in order: all of them, and by rule. */
export interface FindingLines {
  lines: number[];
  byRule: Map<string, number[]>;
}

/** The lines of `findings` for silencesAny. */
export function findingLines(findings: readonly Finding[]): FindingLines {
  const byRule = new Map<string, number[]>();
  const all: number[] = [];
  for (const f of findings) {
    all.push(f.line);
    const list = byRule.get(f.ruleId);
    if (list) list.push(f.line);
    else byRule.set(f.ruleId, [f.line]);
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  for (const list of byRule.values()) sorted(list);
  return { lines: sorted(all), byRule };
}

export function countLines(text: string | undefined): number {
  if (!text) return 1;
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
