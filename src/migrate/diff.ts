// A unified diff of two texts (line-based, Myers' O(ND) algorithm), as `diff -u` and `git diff` print it.
import { pushAll } from "../arrays.ts";

export type Op = { kind: " " | "-" | "+"; line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** How many steps Myers' search may take before a diff is made another way (see diffLines). */
export const MYERS_BUDGET = 4_000_000;

/** Codes of the edit script: a line kept, taken out of a, or added from b. */
const KEEP = 0;
const DEL = 1;
const ADD = 2;

/** Steps a diff took, for tests that hold it to the size of its input. */
export interface DiffWork {
  steps: number;
}

/**
 * The edit script from a to b. Where Myers' search finds the shortest within the budget (every diff
 * a config's migration makes, in practice) the script is its shortest one. Past the budget, a run of
 * thousands of changed lines would cost time and memory growing with their square (16,000 stores
 * rewritten: 34 s and 8 GB), so the lines found once in each text anchor the script (as patience
 * diff does), each stretch between anchors is searched with a budget of its own size, and a stretch
 * too costly for that is written as taken out and added whole: still a correct script, not always
 * the shortest.
 */
export function diffLines(a: string[], b: string[], budget = MYERS_BUDGET, work: DiffWork = { steps: 0 }): Op[] {
  // Equal lines get equal numbers, so the searches compare numbers rather than strings.
  const ids = new Map<string, number>();
  const number = (lines: string[]) => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      let id = ids.get(lines[i]!);
      if (id === undefined) ids.set(lines[i]!, (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const x = number(a);
  const y = number(b);
  const codes: number[] = [];
  const whole = myers(x, 0, a.length, y, 0, b.length, budget + 4 * (a.length + b.length), work);
  if (whole) pushAll(codes, whole);
  else anchored(x, 0, a.length, y, 0, b.length, 0, codes, work);
  const ops = new Array<Op>(codes.length);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === KEEP) {
      ops[i] = { kind: " ", line: a[ia++]! };
      ib++;
    } else if (c === DEL) ops[i] = { kind: "-", line: a[ia++]! };
    else ops[i] = { kind: "+", line: b[ib++]! };
  }
  return ops;
}

/**
 * Myers' O(ND) search for the shortest script from x[a0, a0+n) to y[b0, b0+m), as codes in order;
 * undefined once it has taken more than `budget` steps. Each round keeps only the diagonals the walk
 * back reads (2d+1 of them), so memory is that of the steps taken.
 */
function myers(x: Int32Array, a0: number, n: number, y: Int32Array, b0: number, m: number, budget: number, work: DiffWork): number[] | undefined {
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let steps = 0;
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    // The walk back from round d reads diagonals -(d-1)..d-1 as they stood before it; index k + d.
    trace.push(v.slice(max - d, max + d + 1));
    steps += 2 * d + 1;
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let py = px - k;
      const from = px;
      while (px < n && py < m && x[a0 + px] === y[b0 + py]) {
        px++;
        py++;
      }
      steps += px - from + 1;
      v[max + k] = px;
      if (px >= n && py >= m) {
        found = true;
        break;
      }
    }
    if (!found && steps > budget) {
      work.steps += steps;
      return undefined;
    }
  }
  work.steps += steps;
  const out: number[] = [];
  let px = n;
  let py = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = px - py;
    const prevK = k === -d || (k !== d && vd[k - 1 + d]! < vd[k + 1 + d]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[prevK + d]!;
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      out.push(KEEP);
      px--;
      py--;
    }
    if (d > 0) {
      if (px === prevX) {
        out.push(ADD);
        py--;
      } else {
        out.push(DEL);
        px--;
      }
    }
  }
  return out.reverse();
}

/** How deep anchoring recurses into the stretches between anchors before writing them whole. */
const ANCHOR_DEPTH = 3;

/** The script for x[a0, a1) to y[b0, b1) past Myers' budget (see diffLines), appended to `out`. */
function anchored(x: Int32Array, a0: number, a1: number, y: Int32Array, b0: number, b1: number, depth: number, out: number[], work: DiffWork): void {
  while (a0 < a1 && b0 < b1 && x[a0] === y[b0]) {
    out.push(KEEP);
    a0++;
    b0++;
  }
  let tail = 0;
  while (a1 - tail > a0 && b1 - tail > b0 && x[a1 - 1 - tail] === y[b1 - 1 - tail]) tail++;
  a1 -= tail;
  b1 -= tail;
  work.steps += a1 - a0 + b1 - b0 + tail + 1;
  const script = a0 === a1 || b0 === b1 ? undefined : myers(x, a0, a1 - a0, y, b0, b1 - b0, 64 * (a1 - a0 + b1 - b0) + 1024, work);
  if (script) pushAll(out, script);
  else {
    const anchors = depth < ANCHOR_DEPTH && a0 < a1 && b0 < b1 ? uniqueAnchors(x, a0, a1, y, b0, b1, work) : [];
    let ia = a0;
    let ib = b0;
    for (let i = 0; i < anchors.length; i += 2) {
      anchored(x, ia, anchors[i]!, y, ib, anchors[i + 1]!, depth + 1, out, work);
      out.push(KEEP);
      ia = anchors[i]! + 1;
      ib = anchors[i + 1]! + 1;
    }
    if (anchors.length) anchored(x, ia, a1, y, ib, b1, depth + 1, out, work);
    else {
      for (let i = a0; i < a1; i++) out.push(DEL);
      for (let i = b0; i < b1; i++) out.push(ADD);
    }
  }
  for (let i = 0; i < tail; i++) out.push(KEEP);
}

/**
 * Lines found exactly once in x[a0, a1) and once in y[b0, b1), the longest run of them in the same
 * order in both: pairs of positions [ia, ib, ia, ib, ...], increasing.
 */
function uniqueAnchors(x: Int32Array, a0: number, a1: number, y: Int32Array, b0: number, b1: number, work: DiffWork): number[] {
  // For each line: where it is in x (-1 once seen twice) and where in y (likewise).
  const inX = new Map<number, number>();
  const inY = new Map<number, number>();
  for (let i = a0; i < a1; i++) inX.set(x[i]!, inX.has(x[i]!) ? -1 : i);
  for (let i = b0; i < b1; i++) inY.set(y[i]!, inY.has(y[i]!) ? -1 : i);
  work.steps += a1 - a0 + b1 - b0;
  // Candidates in x's order; the longest increasing run of their y positions (patience sorting).
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = a0; i < a1; i++) {
    const j = inY.get(x[i]!);
    if (j !== undefined && j >= 0 && inX.get(x[i]!) === i) {
      xs.push(i);
      ys.push(j);
    }
  }
  const tops: number[] = []; // index into xs of the smallest last y of a run of each length
  const prev = new Int32Array(xs.length);
  for (let c = 0; c < xs.length; c++) {
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ys[tops[mid]!]! < ys[c]!) lo = mid + 1;
      else hi = mid;
    }
    prev[c] = lo > 0 ? tops[lo - 1]! : -1;
    tops[lo] = c;
  }
  work.steps += xs.length;
  const run: number[] = [];
  for (let c = tops.length ? tops[tops.length - 1]! : -1; c >= 0; c = prev[c]!) run.push(ys[c]!, xs[c]!);
  return run.reverse();
}

/** `--- a/FILE` / `+++ b/FILE` and hunks with three lines of context; "" when the texts are equal. */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  if (before === after) return "";
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out: string[] = [`--- a/${file}`, `+++ b/${file}`];
  // Positions in a and b before each op.
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    posA.push(ia);
    posB.push(ib);
    if (op.kind !== "+") ia++;
    if (op.kind !== "-") ib++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while the next change is within 2 * context unchanged lines.
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== " ") end++;
      let j = end;
      while (j < ops.length && ops[j]!.kind === " ") j++;
      if (j < ops.length && j - end <= 2 * context) end = j;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    const la = hunk.filter((o) => o.kind !== "+").length;
    const lb = hunk.filter((o) => o.kind !== "-").length;
    const sa = la === 0 ? posA[start]! : posA[start]! + 1;
    const sb = lb === 0 ? posB[start]! : posB[start]! + 1;
    out.push(`@@ -${sa}${la === 1 ? "" : `,${la}`} +${sb}${lb === 1 ? "" : `,${lb}`} @@`);
    for (const o of hunk) out.push(o.kind + o.line);
    i = end;
  }
  let text = out.join("\n") + "\n";
  if (!after.endsWith("\n") && after !== "") text += "\\ No newline at end of file\n";
  return text;
}

/**
 * The changes from `before` to `after` as whole-line replacements at offsets of `before`: one edit per
 * run of changed lines. Lines keep their own line ends, so a last line without one is handled too.
 */
export function lineEdits(before: string, after: string): { range: [number, number]; text: string }[] {
  if (before === after) return [];
  const chunks = (t: string) => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const a = chunks(before);
  const ops = diffLines(a, chunks(after));
  const out: { range: [number, number]; text: string }[] = [];
  let off = 0;
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === " ") {
      off += ops[i]!.line.length;
      i++;
      continue;
    }
    const from = off;
    let text = "";
    while (i < ops.length && ops[i]!.kind !== " ") {
      if (ops[i]!.kind === "-") off += ops[i]!.line.length;
      else text += ops[i]!.line;
      i++;
    }
    out.push({ range: [from, off], text });
  }
  return out;
}
