// A ref_store that leads back to the store containing it passes startup and recurses on first use.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
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
    // Edges: store → stores its ref_store entries name (only the entry NativeLink registers counts).
    const edges = new Map<string, string[]>();
    for (const [name, entry] of table) {
      if (!entry.spec) continue;
      edges.set(name, refSpecsWithin(entry.spec).flatMap((r) => { const t = refTarget(model, r); return t && table.has(t.value) ? [t.value] : []; }));
    }
    /** Shortest path of store names from `from` to `to` along ref_store edges, both ends included. */
    const path = (from: string, to: string): string[] | undefined => {
      const prev = new Map<string, string>();
      const queue = [from];
      const seen = new Set([from]);
      while (queue.length) {
        const n = queue.shift()!;
        if (n === to) {
          const out = [n];
          for (let p = prev.get(n); p !== undefined; p = prev.get(p)) out.unshift(p);
          return out;
        }
        for (const m of edges.get(n) ?? []) {
          if (seen.has(m)) continue;
          seen.add(m);
          prev.set(m, n);
          queue.push(m);
        }
      }
      return undefined;
    };
    for (const [name, entry] of table) {
      if (!entry.spec) continue;
      for (const r of refSpecsWithin(entry.spec)) {
        const target = refTarget(model, r);
        if (!target || !table.has(target.value)) continue;
        const back = path(target.value, name);
        if (!back) continue;
        const loop = [name, ...back].map((n) => `"${n}"`).join(" → ");
        yield {
          node: target.node,
          message: back.length === 1 ? `ref_store in store "${name}" names "${name}" itself; any request through it recurses without end` : `ref_store in store "${name}" names "${target.value}", which leads back to "${name}" (${loop}); a request through it recurses without end`,
          hint: "point the ref_store at a store that does not lead back here",
        };
      }
    }
  },
);
