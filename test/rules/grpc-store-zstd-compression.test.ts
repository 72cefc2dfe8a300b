import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "grpc-store-zstd-compression";
const G = 'endpoints: [{ address: "grpc://c:1" }]';
const CAPS = (v: string) => `servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { capabilities: ${v} } }]`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "zstd on an AC grpc store",
      `{ stores: [{ name: "AC", grpc: { ${G}, store_type: "ac", experimental_remote_cache_compression: true } }], servers: [] }`,
      ['1:131 grpc store "AC" is an AC store, where experimental_remote_cache_compression has no effect; only CAS blob transfers are compressed'],
    ],
    [
      "a nested CAS store opting out while capabilities turn zstd on",
      `{ stores: [{ name: "CAS", fast_slow: { fast: { memory: {} }, slow: { grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: false } } } }], ${CAPS("[{ remote_cache_compression: true }]")} }`,
      ['1:176 grpc fast_slow.slow.grpc in store "CAS" turns zstd wire compression off while the rest of the config turns it on; CAS grpc stores that leave the setting out are switched on'],
    ],
    [
      "a CAS store opting out while another CAS store turns zstd on (string booleans)",
      `{ stores: [{ name: "C1", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: "true" } }, { name: "C2", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: "FALSE" } }], servers: [] }`,
      ['1:264 grpc store "C2" turns zstd wire compression off while the rest of the config turns it on; CAS grpc stores that leave the setting out are switched on'],
    ],
    [
      "capabilities in the old map form",
      `{ stores: [{ name: "C2", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: false } }], ${CAPS('{ main: { remote_cache_compression: true } }')} }`,
      ['1:132 grpc store "C2" turns zstd wire compression off while the rest of the config turns it on; CAS grpc stores that leave the setting out are switched on'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["an opt-out with zstd enabled nowhere", `{ stores: [{ name: "C2", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: false } }], servers: [] }`],
    ["an AC store turning it off", `{ stores: [{ name: "AC", grpc: { ${G}, store_type: "ac", experimental_remote_cache_compression: false } }], ${CAPS("[{ remote_cache_compression: true }]")} }`],
    ["a CAS store leaving it out while capabilities turn it on", `{ stores: [{ name: "C", grpc: { ${G}, store_type: "cas" } }], ${CAPS("[{ remote_cache_compression: true }]")} }`],
    ["an AC store turning it on does not enable it elsewhere", `{ stores: [{ name: "C", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: false } }, { name: "R", ref_store: { name: "C" } }], servers: [] }`],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("warns with NativeLink's text and points at the enabler", async () => {
    const f = (await lint(`{ stores: [{ name: "C2", grpc: { ${G}, store_type: "cas", experimental_remote_cache_compression: false } }], ${CAPS("[{ remote_cache_compression: true }]")} }`)).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.nativelink).toMatch(/^Zstd wire compression is enabled elsewhere, but this eligible CAS gRPC store explicitly disables it\. .* See https:\/\/docs\.nativelink\.com\/configuration\/compression$/);
    expect(f?.pointer).toBe("/stores/0/grpc/experimental_remote_cache_compression");
    expect(f?.related?.[0]?.pointer).toBe("/servers/0/services/capabilities/0/remote_cache_compression");
  });
});
