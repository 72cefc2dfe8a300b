import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "store-ref-defined";
const server = (services: string) => `servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: ${services} }]`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "cas_store typo",
      `{ stores: [{ name: "CAS_MAIN", memory: {} }], ${server('{ cas: [{ cas_store: "CAS_MIAN" }] }')} }`,
      ['1:149 cas_store names store "CAS_MIAN", which is not defined in stores; did you mean "CAS_MAIN"?'],
    ],
    [
      "ref_store at depth",
      '{ stores: [{ name: "A", fast_slow: { fast: { ref_store: { name: "X" } }, slow: { memory: {} } } }], servers: [] }',
      ['1:65 ref_store.name names store "X", which is not defined in stores'],
    ],
    [
      "worker stores",
      '{ stores: [{ name: "FS", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "NOPE", upload_action_result: { ac_store: "AC" }, work_directory: "/w", platform_properties: {} } }] }',
      ['1:152 cas_fast_slow_store names store "NOPE", which is not defined in stores', '1:194 upload_action_result.ac_store names store "AC", which is not defined in stores'],
    ],
    [
      "legacy bytestream map",
      `{ stores: [], ${server('{ bytestream: { cas_stores: { main: "GONE" } } }')} }`,
      ['1:132 cas_store names store "GONE", which is not defined in stores'],
    ],
    [
      "cache_lookup and redis backend",
      '{ stores: [], servers: [], schedulers: [{ name: "S", cache_lookup: { ac_store: "AC", scheduler: { simple: { experimental_backend: { redis: { redis_store: "R" } } } } } }] }',
      ['1:80 cache_lookup.ac_store names store "AC", which is not defined in stores', '1:155 experimental_backend.redis.redis_store names store "R", which is not defined in stores'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes defined names, and leaves ${VAR}-looking names literal (NativeLink never expands them)", async () => {
    const ok = `{ stores: [{ name: "CAS", memory: {} }, { name: "\${X}", memory: {} }], ${server('{ cas: [{ cas_store: "CAS" }], ac: [{ ac_store: "${X}" }] }')} }`;
    expect(lines(await lint(ok), RULE)).toEqual([]);
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint(`{ stores: [], ${server('{ fetch: [{ fetch_store: "F" }] }')} }`)).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("'fetch_store': 'F' does not exist");
    expect(f?.pointer).toBe("/servers/0/services/fetch/0/fetch_store");
  });
});
