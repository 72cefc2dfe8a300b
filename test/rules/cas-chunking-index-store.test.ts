import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

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
