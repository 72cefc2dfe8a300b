import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";

const RULE = "worker-cas-store-fast-slow";
const FILES = 'filesystem: { content_path: "/c", temp_path: "/t" }';
const worker = (store: string) =>
  `{ local: { worker_api_endpoint: { uri: "grpc://x:1" }, cas_fast_slow_store: "${store}", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {} } }`;
const cfg = (stores: string, store: string) => `{ stores: [{ name: "AC", memory: {} }, ${stores}], servers: [], workers: [${worker(store)}] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a memory store", cfg('{ name: "M", memory: {} }', "M"), ['1:167 cas_fast_slow_store "M" is a memory store; a worker needs a fast_slow store']],
    [
      "a ref_store chain ending in something else",
      cfg('{ name: "R", ref_store: { name: "R2" } }, { name: "R2", ref_store: { name: "M" } }, { name: "M", memory: {} }', "R"),
      ['1:251 cas_fast_slow_store "R" is a memory store (through ref_store to "R2" → "M"); a worker needs a fast_slow store'],
    ],
    [
      "a fast_slow wrapped in another store",
      cfg(`{ name: "V", verify: { backend: { fast_slow: { fast: { ${FILES} }, slow: { memory: {} } } } } }`, "V"),
      ['1:280 cas_fast_slow_store "V" is a verify store; a worker needs a fast_slow store'],
    ],
    [
      "a fast side that is not a filesystem store",
      cfg('{ name: "FS", fast_slow: { fast: { memory: {} }, slow: { memory: {} } } }', "FS"),
      ['1:215 the fast side of cas_fast_slow_store "FS" is a memory store; a worker needs a filesystem store there'],
    ],
    [
      "a fast side that refers to a non-filesystem store",
      cfg('{ name: "M", memory: {} }, { name: "FS", fast_slow: { fast: { ref_store: { name: "M" } }, slow: { memory: {} } } }', "FS"),
      ['1:256 the fast side of cas_fast_slow_store "FS" is a memory store (through ref_store to "M"); a worker needs a filesystem store there'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a fast_slow over a filesystem store", cfg(`{ name: "FS", fast_slow: { fast: { ${FILES} }, slow: { memory: {} } } }`, "FS")],
    [
      "ref_store on both levels",
      cfg(`{ name: "FILES", ${FILES} }, { name: "FS", fast_slow: { fast: { ref_store: { name: "FILES" } }, slow: { memory: {} } } }, { name: "R", ref_store: { name: "FS" } }`, "R"),
    ],
    ["an undefined store (store-ref-defined reports it)", cfg('{ name: "M", memory: {} }', "NOPE")],
    ["a looping ref_store chain (store-ref-cycle reports it)", cfg('{ name: "R", ref_store: { name: "R" } }', "R")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message for each failure", async () => {
    const a = (await lint(cfg('{ name: "M", memory: {} }', "M"))).find((x) => x.ruleId === RULE);
    expect(a?.nativelink).toBe("Expected store for LocalWorker's store to be a FastSlowStore");
    expect(a?.pointer).toBe("/workers/0/local/cas_fast_slow_store");
    const b = (await lint(cfg('{ name: "FS", fast_slow: { fast: { memory: {} }, slow: { memory: {} } } }', "FS"))).find((x) => x.ruleId === RULE);
    expect(b?.nativelink).toBe("Expected FilesystemStore store for .fast_store() in RunningActionsManagerImpl");
    expect(b?.related?.[0]?.pointer).toBe("/stores/1/fast_slow/fast");
  });
});

describe(`${RULE} over ref_store chains`, () => {
  type Spec = { kind: string; target?: string; fast?: Spec };
  /** What the rule reported before: each worker's store, and its fast side, followed through ref_store afresh. */
  function followEach(stores: { name: string; spec: Spec }[], workers: string[]): string[] {
    const table = new Map<string, Spec>();
    for (const s of stores) if (!table.has(s.name)) table.set(s.name, s.spec);
    const follow = (spec: Spec | undefined, seen: string[]) => {
      const via = [...seen];
      let s = spec;
      while (s && s.kind === "ref_store") {
        if (via.includes(s.target!)) return undefined;
        via.push(s.target!);
        s = table.get(s.target!);
      }
      return s && { spec: s, via };
    };
    const through = (via: string[]) => (via.length > 1 ? ` (through ref_store to ${via.slice(1).map((n) => `"${n}"`).join(" → ")})` : "");
    const out: string[] = [];
    for (const name of workers) {
      const top = follow(table.get(name), [name]);
      if (!top) continue;
      if (top.spec.kind !== "fast_slow") {
        out.push(`cas_fast_slow_store "${name}" is a ${top.spec.kind} store${through(top.via)}; a worker needs a fast_slow store`);
        continue;
      }
      const fast = follow(top.spec.fast, []);
      if (fast && fast.spec.kind !== "filesystem") out.push(`the fast side of cas_fast_slow_store "${name}" is a ${fast.spec.kind} store${through(["", ...fast.via])}; a worker needs a filesystem store there`);
    }
    return out;
  }
  const text = (s: Spec): string =>
    s.kind === "ref_store" ? `ref_store: { name: "${s.target}" }` : s.kind === "fast_slow" ? `fast_slow: { fast: { ${text(s.fast!)} }, slow: { memory: {} } }` : s.kind === "filesystem" ? FILES : `${s.kind}: {}`;
  const config = (stores: { name: string; spec: Spec }[], workers: string[]) =>
    `{\n  stores: [\n${stores.map((s) => `    { name: "${s.name}", ${text(s.spec)} },\n`).join("")}  ],\n  servers: [],\n  workers: [\n${workers.map((w) => `    ${worker(w)},\n`).join("")}  ],\n}\n`;
  const messages = async (t: string) => (await lint(t, { only: RULE })).map((f) => f.message);

  it("reports what following each worker's store afresh reports, over 300 generated configs", async () => {
    const rand = seeded(0x3f5);
    for (let round = 0; round < 300; round++) {
      const count = 1 + rand(12);
      // Some names repeat (the first store counts), some are not defined, some chains loop.
      const name = () => `S${rand(count + 2)}`;
      const leaf = (): Spec => [{ kind: "memory" }, { kind: "filesystem" }, { kind: "ref_store", target: name() }][rand(3)]!;
      const spec = (): Spec => [leaf, () => ({ kind: "ref_store", target: name() }), () => ({ kind: "fast_slow", fast: leaf() })][rand(3)]!();
      const stores = Array.from({ length: count }, (_, i) => ({ name: rand(6) === 0 ? name() : `S${i}`, spec: spec() }));
      const workers = Array.from({ length: 1 + rand(6) }, name);
      const t = config(stores, workers);
      expect(await messages(t), t).toEqual(followEach(stores, workers));
    }
  }, 120_000);

  it("follows each store of a chain once, however many workers name stores along it", async () => {
    const n = 2000;
    const stores = [
      { name: "S0", spec: { kind: "fast_slow", fast: { kind: "ref_store", target: "M" } } },
      { name: "M", spec: { kind: "memory" } },
      ...Array.from({ length: n }, (_, i) => ({ name: `S${i + 1}`, spec: { kind: "ref_store", target: `S${i}` } })),
    ];
    const workers = Array.from({ length: n }, (_, i) => `S${i + 1}`);
    const { result, work } = await measureWork(() => messages(config(stores, workers)), { lookups: true });
    expect(result).toEqual(workers.map((w) => `the fast side of cas_fast_slow_store "${w}" is a memory store (through ref_store to "M"); a worker needs a filesystem store there`));
    // Before: worker i followed i stores, asking at each whether the names so far held it (n³/6 = 1.3e9
    // elements), and looked each store up (n²/2 = 2e6 lookups).
    expect(work.elements).toBeLessThan(100 * n);
    expect(work.lookups).toBeLessThan(200 * n);
  }, 120_000);
});
