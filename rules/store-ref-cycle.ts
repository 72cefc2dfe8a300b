// A ref_store that leads back to the store containing it passes startup and recurses on first use.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { Str } from "../src/model.ts";
import { refSpecsWithin, refTarget, storeTable } from "../src/facts/references.ts";

export default defineRule(
  {
    id: "store-ref-cycle",
    category: "reference",
    severity: "warning",
    summary: "a ref_store must not lead back to the store it sits in",
    why: "ref_store targets are only looked up, never followed, at startup, so a ref_store naming its own store, or a loop of stores that reach each other through ref_store, starts cleanly. The first request that travels the loop (a write through a fast_slow, a miss on its fast side, a downcast at worker or CAS setup) calls itself until the thread's stack overflows and the process aborts.",
    fix: "Point the ref_store at the store that really holds the data, so that following ref_store from any store ends at a store without a way back.",
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "CAS" } } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "BACKEND", memory: {} }, { name: "CAS", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "BACKEND" } } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const table = storeTable(model);
    // Stores by number, in table order, and each ref_store whose target is defined (only the entry
    // NativeLink registers counts), in the order the stores and their ref_store entries come.
    const names = [...table.keys()];
    const id = new Map(names.map((n, i) => [n, i]));
    const refs: { from: number; to: number; target: Str }[] = [];
    const edges: number[][] = names.map(() => []);
    names.forEach((name, from) => {
      const spec = table.get(name)!.spec;
      if (!spec) return;
      for (const r of refSpecsWithin(spec)) {
        const target = refTarget(model, r);
        const to = target && id.get(target.value);
        if (to === undefined) continue;
        refs.push({ from, to, target: target! });
        edges[from]!.push(to);
      }
    });
    // A target leads back to the ref_store's store exactly when both lie in one strongly connected
    // component, and every path between them stays inside it: only those ref_store entries need a
    // path, and the search for it need not leave the component.
    const component = components(edges);
    const cyclic = refs.filter((r) => component[r.from] === component[r.to]);
    // One breadth-first search from each target, stopped once it has reached every store whose
    // ref_store names it: the same shortest paths, ties and all, as a search for each ref_store alone
    // (a store is reached first, and from the same store, however many others are wanted).
    const wanted = new Map<number, Set<number>>();
    for (const r of cyclic) {
      const w = wanted.get(r.to);
      if (w) w.add(r.from);
      else wanted.set(r.to, new Set([r.from]));
    }
    const quoted = names.map((n) => `"${n}"`);
    const prev = new Int32Array(names.length);
    const seenBy = new Int32Array(names.length).fill(-1);
    const queue = new Int32Array(names.length);
    /** For each target and each store naming it, the loop as the message writes it: the store, then the path back to it. */
    const loops = new Map<number, Map<number, string>>();
    // A component that is one plain loop (each of its stores names one store of it) needs no search:
    // the way back from a target runs along the loop, and a store's place on it gives its length. A
    // loop of thousands of stores was searched once from each of them.
    const next = new Int32Array(names.length).fill(-1);
    for (const r of cyclic) next[r.from] = next[r.from] === -1 || next[r.from] === r.to ? r.to : -2;
    const branching = new Set<number>();
    for (const r of cyclic) if (next[r.from] === -2) branching.add(component[r.from]!);
    const place = new Int32Array(names.length).fill(-1);
    const loopLength = new Map<number, number>();
    const alongLoop = (to: number, from: number): string => {
      const c = component[to]!;
      let length = loopLength.get(c);
      if (length === undefined) {
        length = 0;
        for (let m = to; place[m] === -1; m = next[m]!) place[m] = length++;
        loopLength.set(c, length);
      }
      // The store, the target, and on to the store again: the way back's stores and the two ends.
      const total = ((place[from]! - place[to]! + length) % length) + 2;
      const first = [quoted[from]!];
      for (let m = to; first.length < Math.min(total, SHOWN + 2); m = next[m]!) first.push(quoted[m]!);
      return total <= SHOWN + 2 ? first.join(" → ") : abbreviatedLoop(first.slice(0, SHOWN), total, quoted[from]!);
    };
    for (const [to, from] of wanted) {
      const found = new Map<number, string>();
      loops.set(to, found);
      if (!branching.has(component[to]!)) {
        for (const f of from) found.set(f, alongLoop(to, f));
        continue;
      }
      let tail = 0;
      queue[tail++] = to;
      seenBy[to] = to;
      prev[to] = -1;
      for (let head = 0; head < tail && found.size < from.size; head++) {
        const n = queue[head]!;
        if (from.has(n)) {
          // The store, then the path from the target back to it (the search's links, read backwards).
          const back: number[] = [];
          for (let p = n; p !== -1; p = prev[p]!) back.push(p);
          found.set(n, loopText([n, ...back.reverse()].map((i) => quoted[i]!)));
        }
        for (const m of edges[n]!) {
          if (seenBy[m] === to || component[m] !== component[to]) continue;
          seenBy[m] = to;
          prev[m] = n;
          queue[tail++] = m;
        }
      }
    }
    for (const { from, to, target } of cyclic) {
      const name = names[from]!;
      yield {
        node: target.node,
        message: from === to ? `ref_store in store "${name}" names "${name}" itself; any request through it recurses without end` : `ref_store in store "${name}" names "${target.value}", which leads back to "${name}" (${loops.get(to)!.get(from)!}); a request through it recurses without end`,
        hint: "point the ref_store at a store that does not lead back here",
      };
    }
  },
);

/** How many stores of a loop a message names before it says how many more there are. */
const SHOWN = 10;

/**
 * A loop as a message writes it, `"A" → "B" → "A"`: a long one by its first stores, how many more,
 * and the store it comes back to (a loop of thousands of stores was written out in full in each of
 * its thousands of findings).
 */
export function loopText(stores: string[]): string {
  return stores.length <= SHOWN + 2 ? stores.join(" → ") : abbreviatedLoop(stores.slice(0, SHOWN), stores.length, stores[stores.length - 1]!);
}

/** A loop of `total` stores by its first ones, how many more, and the `last`. */
function abbreviatedLoop(first: string[], total: number, last: string): string {
  return `${first.join(" → ")} → … ${total - first.length - 1} more … → ${last}`;
}

/**
 * The strongly connected component of each store along ref_store edges, as a number (Tarjan's
 * algorithm, with a stack of its own so that a chain of thousands of stores cannot overflow the call stack).
 */
function components(edges: readonly (readonly number[])[]): Int32Array {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const open: number[] = [];
  const frames: number[] = [];
  const next = new Int32Array(n);
  let visited = 0;
  let count = 0;
  const enter = (v: number) => {
    index[v] = low[v] = visited++;
    open.push(v);
    frames.push(v);
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    enter(root);
    while (frames.length) {
      const v = frames[frames.length - 1]!;
      const out = edges[v]!;
      if (next[v]! < out.length) {
        const w = out[next[v]!++]!;
        if (index[w] === -1) enter(w);
        // Entered and not yet in a component: still open, so an ancestor of v on the stack.
        else if (component[w] === -1) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = open.pop()!;
          component[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  return component;
}
