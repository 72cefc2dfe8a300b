import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";
import { loopText } from "../../rules/store-ref-cycle.ts";

const RULE = "store-ref-cycle";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a ref_store naming its own store", '{ stores: [{ name: "A", ref_store: { name: "A" } }], servers: [] }', ['1:44 ref_store in store "A" names "A" itself; any request through it recurses without end']],
    [
      "a nested ref_store naming the store around it",
      '{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "CAS" } } } }], servers: [] }',
      ['1:89 ref_store in store "CAS" names "CAS" itself; any request through it recurses without end'],
    ],
    [
      "a loop through two stores, once, at its first ref_store",
      '{ stores: [{ name: "B", fast_slow: { fast: { memory: {} }, slow: { ref_store: { name: "C" } } } }, { name: "C", shard: { stores: [{ store: { ref_store: { name: "B" } }, weight: 1 }] } }, { name: "D", ref_store: { name: "B" } }], servers: [] }',
      ['1:87 ref_store in store "B" names "C", which leads back to "B" ("B" → "C" → "B"); a request through it recurses without end, and 1 more ref_store entry of these stores leads back as well'],
    ],
    [
      "two loops that share no store, once each",
      '{ stores: [{ name: "A", ref_store: { name: "A" } }, { name: "B", ref_store: { name: "C" } }, { name: "C", ref_store: { name: "B" } }], servers: [] }',
      [
        '1:44 ref_store in store "A" names "A" itself; any request through it recurses without end',
        '1:85 ref_store in store "B" names "C", which leads back to "B" ("B" → "C" → "B"); a request through it recurses without end, and 1 more ref_store entry of these stores leads back as well',
      ],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes chains that end, and targets that do not exist (store-ref-defined reports those)", async () => {
    const ok = '{ stores: [{ name: "M", memory: {} }, { name: "A", ref_store: { name: "B" } }, { name: "B", ref_store: { name: "M" } }, { name: "X", ref_store: { name: "NOPE" } }], servers: [] }';
    expect(lines(await lint(ok), RULE)).toEqual([]);
  });

  it("follows names after ${VAR} expansion", async () => {
    expect(lines(await lint('{ stores: [{ name: "A", ref_store: { name: "${T}" } }], servers: [] }', { env: { T: "A" } }), RULE)).toEqual([
      '1:44 ref_store in store "A" names "A" itself; any request through it recurses without end',
    ]);
  });

  it("lists the loop's other ref_store entries as related places, the first ten of them", async () => {
    const loop = '{ stores: [{ name: "B", ref_store: { name: "C" } }, { name: "C", shard: { stores: [{ store: { ref_store: { name: "B" } }, weight: 1 }, { store: { ref_store: { name: "C" } }, weight: 1 }] } }], servers: [] }';
    const f = (await lint(loop)).find((x) => x.ruleId === RULE)!;
    expect(f.hint).toBe("point these ref_stores at stores that do not lead back to them (the related places list them)");
    expect(f.related?.map((r) => `${r.pointer} ${r.message}`)).toEqual([
      '/stores/1/shard/stores/0/store/ref_store/name ref_store in store "C" names "B", which leads back to "C"',
      '/stores/1/shard/stores/1/store/ref_store/name ref_store in store "C" names "C" itself',
    ]);
    const ring = `{ stores: [${Array.from({ length: 15 }, (_, i) => `{ name: "S${i}", ref_store: { name: "S${(i + 1) % 15}" } }`).join(", ")}], servers: [] }`;
    const r = (await lint(ring)).filter((x) => x.ruleId === RULE);
    expect(r).toHaveLength(1);
    expect(r[0]!.message).toMatch(/, and 14 more ref_store entries of these stores lead back as well$/);
    expect(r[0]!.related?.map((x) => x.pointer)).toEqual(Array.from({ length: 10 }, (_, i) => `/stores/${i + 1}/ref_store/name`));
  });

  it("is a warning (NativeLink starts) at the ref_store's name", async () => {
    const f = (await lint('{ stores: [{ name: "A", ref_store: { name: "A" } }], servers: [] }')).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.nativelink).toBeUndefined();
    expect(f?.pointer).toBe("/stores/0/ref_store/name");
  });
});

describe("loopText", () => {
  const stores = (n: number) => [...Array.from({ length: n }, (_, i) => `"S${i}"`), '"S0"'];
  it("writes a loop of up to eleven stores in full, and a longer one by its first ten, how many more, and the store it returns to", () => {
    expect(loopText(stores(11))).toBe(stores(11).join(" → "));
    expect(loopText(stores(12))).toBe(`${stores(10).slice(0, 10).join(" → ")} → … 2 more … → "S0"`);
  });
});

describe(`${RULE} on large and generated store graphs`, () => {
  /**
   * What the rule reports, found another way: a breadth-first search from each ref_store's target
   * back to its store (what the rule once reported for every ref_store), then one finding for each
   * set of stores that reach each other, at its first such ref_store, counting the others.
   */
  function searchEach(stores: { name: string; refs: string[] }[]): string[] {
    const table = new Map<string, string[]>();
    for (const s of stores) if (!table.has(s.name)) table.set(s.name, s.refs);
    const edges = new Map([...table].map(([n, refs]) => [n, refs.filter((r) => table.has(r))]));
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
        for (const m of edges.get(n)!) {
          if (seen.has(m)) continue;
          seen.add(m);
          prev.set(m, n);
          queue.push(m);
        }
      }
      return undefined;
    };
    const groups: { name: string; message: string; count: number }[] = [];
    for (const [name, refs] of edges) {
      for (const target of refs) {
        const back = path(target, name);
        if (!back) continue;
        // Stores that reach each other are one set: the store of an earlier finding and this one.
        const group = groups.find((g) => path(g.name, name) && path(name, g.name));
        if (group) {
          group.count++;
          continue;
        }
        const loop = loopText([name, ...back].map((n) => `"${n}"`));
        const message = back.length === 1 ? `ref_store in store "${name}" names "${name}" itself; any request through it recurses without end` : `ref_store in store "${name}" names "${target}", which leads back to "${name}" (${loop}); a request through it recurses without end`;
        groups.push({ name, message, count: 0 });
      }
    }
    return groups.map((g) => (g.count === 0 ? g.message : `${g.message}, and ${g.count} more ref_store ${g.count === 1 ? "entry" : "entries"} of these stores ${g.count === 1 ? "leads" : "lead"} back as well`));
  }

  /** A config with one store per line, each with its ref_store entries in the order `refs` lists them. */
  function config(stores: { name: string; refs: string[] }[], pick: (n: number) => number = () => 0): string {
    const ref = (t: string) => `{ ref_store: { name: "${t}" } }`;
    const body = (refs: string[]) => {
      if (refs.length === 0) return "memory: {}";
      if (refs.length === 1 && pick(2) === 0) return `ref_store: { name: "${refs[0]}" }`;
      if (refs.length <= 2 && pick(2) === 0) return `fast_slow: { fast: ${refs.length === 2 ? ref(refs[0]!) : "{ memory: {} }"}, slow: ${ref(refs[refs.length - 1]!)} }`;
      return `shard: { stores: [${refs.map((t) => `{ store: ${ref(t)}, weight: 1 }`).join(", ")}] }`;
    };
    return `{\n  stores: [\n${stores.map((s) => `    { name: "${s.name}", ${body(s.refs)} },\n`).join("")}  ],\n  servers: [],\n}\n`;
  }

  const messages = async (text: string) => (await lint(text, { only: RULE })).map((f) => f.message);

  it("reports what searches from each ref_store's target find, over 300 generated store graphs", async () => {
    const rand = seeded(0x5cc);
    for (let round = 0; round < 300; round++) {
      const count = 1 + rand(30);
      // Some names repeat (only the first such store counts) and some targets are not defined.
      const name = () => `S${rand(count + 3)}`;
      const stores = Array.from({ length: count }, (_, i) => ({
        name: rand(8) === 0 ? name() : `S${i}`,
        refs: Array.from({ length: rand(4) === 0 ? 0 : 1 + rand(rand(3) === 0 ? 5 : 2) }, name),
      }));
      const text = config(stores, rand);
      expect(await messages(text), text).toEqual(searchEach(stores));
    }
  }, 120_000);

  it("searches no store graph without a loop, and each set of stores that loop once (chains, diamonds, a hub, a cycle)", async () => {
    const n = 3000;
    const chain = Array.from({ length: n }, (_, i) => ({ name: `S${i}`, refs: i === 0 ? [] : [`S${i - 1}`] }));
    const diamond = Array.from({ length: n }, (_, i) => ({ name: `S${i}`, refs: i === 0 ? [] : [`S${i - 1}`, `S${i - 1}`] }));
    for (const stores of [chain, [...chain].reverse(), diamond]) {
      const { result, work } = await measureWork(() => messages(config(stores)), { lookups: true });
      expect(result).toEqual([]);
      // Before: a search from each target walked the chain below it, n²/2 = 4.5e6 stores, each a few lookups.
      expect(work.lookups).toBeLessThan(100 * n);
    }
    // A hub naming every store, each naming it back: 2n loops of two stores, all among one set of
    // stores, so one finding. Once, the search from the hub for each store's ref_store went through
    // the stores before it (n²/2 again).
    const hub = [{ name: "H", refs: chain.map((s) => s.name) }, ...chain.map((s) => ({ name: s.name, refs: ["H"] }))];
    const loops = await measureWork(() => messages(config(hub)), { lookups: true });
    expect(loops.result).toEqual([`ref_store in store "H" names "S0", which leads back to "H" ("H" → "S0" → "H"); a request through it recurses without end, and ${2 * n - 1} more ref_store entries of these stores lead back as well`]);
    expect(loops.work.lookups).toBeLessThan(100 * n);
    const k = 600;
    const cycle = Array.from({ length: k }, (_, i) => ({ name: `S${i}`, refs: [`S${(i + 1) % k}`] }));
    const { result, work } = await measureWork(() => messages(config(cycle)), { lookups: true });
    expect(result).toHaveLength(1);
    expect(result).toEqual(searchEach(cycle));
    // One search for the loop, not one from each of its stores (3.8e5 lookups once).
    expect(work.lookups).toBeLessThan(100 * k);
    // Each message names ten stores of the loop and how many more: k messages of k names each were k² of text.
    expect(result[0]).toContain('("S0" → "S1" → "S2" → "S3" → "S4" → "S5" → "S6" → "S7" → "S8" → "S9" → … 590 more … → "S0")');
    // Before: each of the k paths was built by unshifting its k stores one at a time, k³/2 = 1.1e8 moves.
    expect(work.moved).toBeLessThan(100 * k);
  }, 120_000);
});
