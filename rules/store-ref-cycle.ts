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
    why: "ref_store targets are only looked up, never followed, at startup, so a ref_store naming its own store, or a loop of stores that reach each other through ref_store, starts cleanly. The first request that travels the loop (a write through a fast_slow, a miss on its fast side, a downcast at worker or CAS setup) calls itself until the thread's stack overflows and the process aborts. Stores that reach each other this way are one finding, at the first ref_store that closes a loop, with the way back from it; their other such ref_store entries are its related places.",
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
    // component, and every path between them stays inside it.
    const component = components(edges);
    // One mistake, one finding: the stores of a component recurse among themselves, however many of
    // their ref_store entries close a loop. The first such entry (in the order the config writes
    // them) carries the finding and the way back from it; the others are its related places.
    const byComponent = new Map<number, typeof refs>();
    for (const r of refs) {
      if (component[r.from] !== component[r.to]) continue;
      const c = component[r.from]!;
      const group = byComponent.get(c);
      if (group) group.push(r);
      else byComponent.set(c, [r]);
    }
    const quoted = names.map((n) => `"${n}"`);
    const prev = new Int32Array(names.length);
    const seen = new Uint8Array(names.length);
    const queue = new Int32Array(names.length);
    for (const [c, group] of byComponent) {
      const { from, to, target } = group[0]!;
      const name = names[from]!;
      let message: string;
      if (from === to) message = `ref_store in store "${name}" names "${name}" itself; any request through it recurses without end`;
      else {
        // The shortest way back from the target, breadth first, inside the component (every path
        // from the target back to the store stays in it).
        let tail = 0;
        queue[tail++] = to;
        seen[to] = 1;
        prev[to] = -1;
        for (let head = 0; head < tail && !seen[from]; head++) {
          const n = queue[head]!;
          for (const m of edges[n]!) {
            if (seen[m] || component[m] !== c) continue;
            seen[m] = 1;
            prev[m] = n;
            queue[tail++] = m;
          }
        }
        const back: number[] = [];
        for (let p = from; p !== -1; p = prev[p]!) back.push(p);
        for (let i = 0; i < tail; i++) seen[queue[i]!] = 0;
        message = `ref_store in store "${name}" names "${target.value}", which leads back to "${name}" (${loopText([from, ...back.reverse()].map((i) => quoted[i]!))}); a request through it recurses without end`;
      }
      const more = group.length - 1;
      if (more > 0) message += `, and ${more} more ref_store ${more === 1 ? "entry" : "entries"} of these stores ${more === 1 ? "leads" : "lead"} back as well`;
      yield {
        node: target.node,
        message,
        hint: more > 0 ? "point these ref_stores at stores that do not lead back to them (the related places list them)" : "point the ref_store at a store that does not lead back here",
        related: group.slice(1, 1 + SHOWN).map((r) => ({
          node: r.target.node,
          message: r.from === r.to ? `ref_store in store "${names[r.from]!}" names "${names[r.from]!}" itself` : `ref_store in store "${names[r.from]!}" names "${r.target.value}", which leads back to "${names[r.from]!}"`,
        })),
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
