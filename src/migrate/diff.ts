// A unified diff of two texts (line-based, Myers' O(ND) algorithm), as `diff -u` and `git diff` print it.

type Op = { kind: " " | "-" | "+"; line: string };

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The shortest edit script from a to b. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[max + k - 1]! < v[max + k + 1]!) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace back from (n, m).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[max + k - 1]! < vd[max + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", line: b[--y]! });
      else ops.push({ kind: "-", line: a[--x]! });
    }
  }
  return ops.reverse();
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
