// "Did you mean" for names a config defines (stores, schedulers): an index over the defined names, so
// that a config with thousands of unknown references does not compare each with every name.
//
// The answer is the one `closest` in src/normalize.ts gives (the first name at the smallest edit
// distance, within a limit that grows with the word's length), found with bounded work:
// - a name whose length differs from the word's by more than the limit is never compared (the
//   distance is at least the difference), so names are bucketed by length;
// - the distance is abandoned as soon as it must exceed the limit;
// - each distinct word is answered once per index;
// - when more than MAX_COMPARED names pass the length filter (thousands of names of one length), the
//   candidates come from an inverted index of two-letter pieces: a name within the limit by
//   insertions, deletions and replacements shares all but 2 x limit of the word's pieces (each
//   changes at most two); a swap of neighbours changes three, so the names one swap away are added
//   by looking them up; the MAX_COMPARED sharing most
//   are compared, so a suggestion may then be missed, but is never a worse one than a scan would give
//   among those.

/** Names compared for one word, at most; beyond it the suggestion may be missed, never wrong. */
export const MAX_COMPARED = 512;

/** Counts the distance computations (tests assert that work is bounded). */
export const suggestWork = { comparisons: 0 };

/** How far a suggestion may be from `word` (as in normalize.ts's closest). */
function limitFor(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

/** boundedDistance, counted in suggestWork (the index's comparisons). */
export function boundedDistance(a: string, b: string, max: number): number {
  suggestWork.comparisons++;
  return distanceAtMost(a, b, max);
}

/**
 * The edit distance of a and b if it is at most `max`, else max + 1 (given up as soon as known). An
 * inserted, deleted or replaced character is one edit, and so is a swap of two neighbours ("tsl" for
 * "tls"), the commonest slip of the fingers. Every "did you mean" of the tool measures with this
 * (normalize.ts's editDistance is it without a bound).
 */
export function distanceAtMost(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, before[j - 2]! + 1);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    // A later row is at least the smaller of this row's least value and the one before it plus one
    // (a swap reaches two rows back): once both are past `max`, so is the answer.
    if (rowMin > max && prevMin >= max) return max + 1;
    before = prev;
    prev = row;
    prevMin = rowMin;
  }
  return Math.min(prev[b.length]!, max + 1);
}

function pieces(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** An index over a list of defined names, answering "which one did you mean" for unknown words. */
export class NameIndex {
  private readonly lower: string[];
  /** Positions of names by length. */
  private readonly byLength = new Map<number, number[]>();
  /** Positions of names by two-letter piece, built on first need. */
  private byPiece?: Map<string, number[]>;
  /** The first position of each lower-cased name, built on first need. */
  private byLower?: Map<string, number>;
  private readonly answers = new Map<string, string | undefined>();
  /** Pieces shared with the word being looked up, by name position (zeroed after each lookup). */
  private shared?: Uint16Array;
  /** The positions `shared` counts for the current lookup, first to last (as many as it touched). */
  private touched?: Uint32Array;

  constructor(private readonly names: readonly string[]) {
    this.lower = names.map((n) => n.toLowerCase());
    this.lower.forEach((n, i) => {
      const list = this.byLength.get(n.length);
      if (list) list.push(i);
      else this.byLength.set(n.length, [i]);
    });
  }

  /** The defined name `word` most likely misspells, or undefined. */
  closest(word: string): string | undefined {
    if (this.answers.has(word)) return this.answers.get(word);
    const answer = this.search(word);
    this.answers.set(word, answer);
    return answer;
  }

  private search(word: string): string | undefined {
    const w = word.toLowerCase();
    const limit = limitFor(word);
    // Counted before anything is copied: past MAX_COMPARED the pieces choose, and joining the
    // length buckets (tens of thousands of positions) for every word would itself be the cost.
    let near = 0;
    for (let len = Math.max(0, w.length - limit); len <= w.length + limit; len++) near += this.byLength.get(len)?.length ?? 0;
    let positions: number[] = [];
    if (near > MAX_COMPARED) positions = this.sharingPieces(w, limit);
    else {
      for (let len = Math.max(0, w.length - limit); len <= w.length + limit; len++) {
        const list = this.byLength.get(len);
        if (list) positions = positions.length ? positions.concat(list) : list;
      }
      if (positions !== this.byLength.get(w.length)) positions = [...positions].sort((a, b) => a - b);
    }
    let best = -1;
    let bestD = limit + 1;
    for (const i of positions) {
      // Only a strictly better name replaces the first one found, as in a scan in order.
      const d = boundedDistance(w, this.lower[i]!, best < 0 ? limit : bestD - 1);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
      if (bestD === 0) break;
    }
    if (best < 0) return undefined;
    const name = this.names[best]!;
    if (name === word) return undefined;
    if (bestD >= Math.min(word.length, name.length)) return undefined;
    return name;
  }

  /**
   * Names of a near length that share at least (pieces of the word) - 2 x limit two-letter pieces with
   * it (fewer cannot be within the limit), the ones sharing most first, at most MAX_COMPARED of them,
   * in their defined order. Pieces are counted rarest first, within a budget of index entries read.
   */
  private sharingPieces(w: string, limit: number): number[] {
    if (!this.byPiece) {
      this.byPiece = new Map();
      this.lower.forEach((n, i) => {
        for (const p of new Set(pieces(n))) {
          const list = this.byPiece!.get(p);
          if (list) list.push(i);
          else this.byPiece!.set(p, [i]);
        }
      });
    }
    const own = [...new Set(pieces(w))];
    const need = Math.max(1, own.length - 2 * limit);
    const lists = own.map((p) => this.byPiece!.get(p) ?? []).sort((a, b) => a.length - b.length);
    const shared = (this.shared ??= new Uint16Array(this.names.length));
    // A name is touched at most once per lookup. A list grown by push for each word was most of what
    // a config of thousands of unknown names allocated (the 1 MiB undefined-refs shape: 819 of 1,154
    // MB, for its 16,470 words).
    const touched = (this.touched ??= new Uint32Array(this.names.length));
    let count = 0;
    let budget = 8 * MAX_COMPARED;
    for (const list of lists) {
      if (list.length > budget) break;
      budget -= list.length;
      for (const i of list) {
        if (Math.abs(this.lower[i]!.length - w.length) > limit) continue;
        const seen = shared[i] ?? 0;
        shared[i] = seen + 1;
        if (seen === 0) touched[count++] = i;
      }
    }
    const out: number[] = [];
    for (let k = 0; k < count; k++) if (shared[touched[k]!]! >= need) out.push(touched[k]!);
    if (out.length > MAX_COMPARED) {
      out.sort((a, b) => shared[b]! - shared[a]! || a - b);
      out.length = MAX_COMPARED;
    }
    for (let k = 0; k < count; k++) shared[touched[k]!] = 0;
    // The word with two neighbours swapped, where a name is exactly that (the pieces can miss it).
    if (!this.byLower) {
      this.byLower = new Map();
      this.lower.forEach((n, i) => {
        if (!this.byLower!.has(n)) this.byLower!.set(n, i);
      });
    }
    for (let i = 0; i + 1 < w.length; i++) {
      const a = w.charAt(i);
      const b = w.charAt(i + 1);
      if (a === b) continue;
      const swapped = this.byLower.get(w.slice(0, i) + b + a + w.slice(i + 2));
      if (swapped !== undefined && !out.includes(swapped)) out.push(swapped);
    }
    return out.sort((a, b) => a - b);
  }
}

/** Indexes by names list, so rules of one config asking about the same list share one index. */
const indexes = new WeakMap<readonly string[], NameIndex>();

export function nameIndex(names: readonly string[]): NameIndex {
  let index = indexes.get(names);
  if (!index) indexes.set(names, (index = new NameIndex(names)));
  return index;
}

/** At most `max` names for a hint (more than any real config defines), then how many more there are. */
export function listNames(names: readonly string[], max = 50): string {
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
