import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";

const RULE = "cas-chunking-index-store";
const STORES =
  'stores: [{ name: "CAS", memory: {} }, { name: "IDX", memory: {} }, { name: "G", grpc: { instance_name: "", endpoints: [{ address: "grpc://up:1" }], store_type: "cas" } }, { name: "RG", ref_store: { name: "G" } }, { name: "WRAPPED", verify: { backend: { ref_store: { name: "G" } } } }]';
const cfg = (cas: string) => `{ ${STORES}, servers: [{ listener: { http: { socket_address: "0.0.0.0:1" } }, services: { cas: [${cas}] } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "a local CAS without index_store",
      cfg('{ instance_name: "main", cas_store: "CAS", experimental_chunking: {} }'),
      ['1:438 experimental_chunking of instance "main" has no index_store; chunking a local cas_store ("CAS") needs a store for the chunk layouts'],
    ],
    [
      "index_store: null",
      cfg('{ cas_store: "CAS", experimental_chunking: { index_store: null } }'),
      ['1:415 experimental_chunking of instance "" has no index_store; chunking a local cas_store ("CAS") needs a store for the chunk layouts'],
    ],
    [
      "index_store equal to cas_store after expansion",
      cfg('{ cas_store: "CAS", experimental_chunking: { index_store: "${IDX_NAME}" } }'),
      ['1:430 index_store "CAS" is the cas_store itself; chunk layouts written there would overwrite blobs'],
    ],
    [
      "an undefined index_store",
      cfg('{ cas_store: "CAS", experimental_chunking: { index_store: "IDEX" } }'),
      ['1:430 index_store names store "IDEX", which is not defined in stores; did you mean "IDX"?'],
    ],
    [
      "index_store in front of a grpc CAS",
      cfg('{ cas_store: "G", experimental_chunking: { index_store: "IDX" } }'),
      ['1:428 index_store "IDX" is set, but cas_store "G" is a grpc store; chunking requests are forwarded to the backend, which keeps its own layouts'],
    ],
    [
      "index_store in front of a ref_store to a grpc CAS",
      cfg('{ cas_store: "RG", experimental_chunking: { index_store: "IDX" } }'),
      ['1:429 index_store "IDX" is set, but cas_store "RG" is a grpc store (through ref_store "G"); chunking requests are forwarded to the backend, which keeps its own layouts'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config, { env: { IDX_NAME: "CAS" } }), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a local CAS with its own index store", cfg('{ cas_store: "CAS", experimental_chunking: { index_store: "IDX" } }')],
    ["a grpc CAS without index store", cfg('{ cas_store: "RG", experimental_chunking: {} }')],
    ["no chunking", cfg('{ cas_store: "CAS" }, { instance_name: "b", cas_store: "CAS", experimental_chunking: null }')],
    ["a wrapped grpc store, which chunks locally", cfg('{ cas_store: "WRAPPED", experimental_chunking: { index_store: "IDX" } }')],
    ["an undefined cas_store (store-ref-defined reports it)", cfg('{ cas_store: "NOPE", experimental_chunking: {} }')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg('{ instance_name: "main", cas_store: "G", experimental_chunking: { index_store: "IDX" } }'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe(
      "'experimental_chunking.index_store' of instance 'main' must not be set when 'cas_store' is a grpc store: SplitBlob/SpliceBlob are forwarded to the backend",
    );
    expect(f?.pointer).toBe("/servers/0/services/cas/0/experimental_chunking/index_store");
  });
});

describe(`${RULE} over ref_store chains`, () => {
  const GRPC = 'grpc: { instance_name: "", endpoints: [{ address: "grpc://up:1" }], store_type: "cas" }';
  type Store = { name: string; target?: string; grpc?: boolean };
  const config = (stores: Store[], cas: string[]) =>
    `{\n  stores: [\n    { name: "IDX", memory: {} },\n${stores.map((s) => `    { name: "${s.name}", ${s.target ? `ref_store: { name: "${s.target}" }` : s.grpc ? GRPC : "memory: {}"} },\n`).join("")}  ],\n` +
    `  servers: [{ listener: { http: { socket_address: "0.0.0.0:1" } }, services: { cas: [\n${cas.map((c, i) => `    { instance_name: "i${i}", cas_store: "${c}", experimental_chunking: { index_store: "IDX" } },\n`).join("")}  ] } }],\n}\n`;
  const messages = async (t: string) => (await lint(t, { only: RULE })).map((f) => f.message);

  it("reports what following each instance's cas_store afresh reports, over 300 generated configs", async () => {
    const rand = seeded(0xc45);
    for (let round = 0; round < 300; round++) {
      const count = 1 + rand(10);
      const name = () => `S${rand(count + 2)}`;
      const stores = Array.from({ length: count }, (_, i): Store => ({ name: rand(6) === 0 ? name() : `S${i}`, ...(rand(2) ? { target: name() } : { grpc: rand(2) === 0 }) }));
      const cas = Array.from({ length: 1 + rand(5) }, name);
      // Before: each cas_store followed through ref_store, stopping at a name it had passed or one not defined.
      const table = new Map<string, Store>();
      for (const s of stores) if (!table.has(s.name)) table.set(s.name, s);
      const want = cas.flatMap((c) => {
        const via = [c];
        let s = table.get(c);
        while (s?.target && !via.includes(s.target)) {
          via.push(s.target);
          s = table.get(s.target);
        }
        if (!s?.grpc) return [];
        const through = via.length > 1 ? ` (through ref_store ${via.slice(1).map((n) => `"${n}"`).join(" → ")})` : "";
        return [`index_store "IDX" is set, but cas_store "${c}" is a grpc store${through}; chunking requests are forwarded to the backend, which keeps its own layouts`];
      });
      const t = config(stores, cas);
      expect(await messages(t), t).toEqual(want);
    }
  }, 120_000);

  it("follows each store of a chain once, however many instances name stores along it", async () => {
    const n = 2000;
    const stores: Store[] = [{ name: "S0" }, ...Array.from({ length: n }, (_, i) => ({ name: `S${i + 1}`, target: `S${i}` }))];
    const { result, work } = await measureWork(() => messages(config(stores, stores.slice(1).map((s) => s.name))), { lookups: true });
    expect(result).toEqual([]);
    // Before: instance i followed i stores, asking at each whether the names so far held it (n³/6 = 1.3e9
    // elements), and looked each store up (n²/2 = 2e6 lookups).
    expect(work.elements).toBeLessThan(100 * n);
    expect(work.lookups).toBeLessThan(200 * n);
  }, 120_000);
});
