// The rules that report what the loader itself finds (syntax, keys, values, variants, deprecated
// forms): for each, configs that trigger it with the exact `line:col message`, and ones that don't.
import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const SERVER = (services: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: ${services} }] }`;

const cases: Record<string, { bad: [string, string[]][]; good: string[] }> = {
  "config-syntax": {
    bad: [
      ["a missing comma", ['4:3 JSON5 syntax error: expected `,` or `}` after the value on line 3']],
      ["an empty file", ["1:1 the file is empty: expected a JSON5 object"]],
    ],
    good: ["{ stores: [], servers: [], } // trailing commas and comments are JSON5"],
  },
  "key-required": {
    bad: [['{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://127.0.0.1:1" }] } }], servers: [] }', ['1:31 missing required key "store_type" in stores[0].grpc']]],
    good: ['{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://127.0.0.1:1" }], store_type: "ac" } }], servers: [] }'],
  },
  "value-type": {
    bad: [['{ stores: [], servers: { main: {} } }', ['1:24 "servers" must be a list, not an object']]],
    good: ['{ stores: [], servers: [] }'],
  },
  "value-range": {
    bad: [[SERVER('{ cas: [{ cas_store: "CAS", experimental_chunking: { avg_chunk_size_bytes: -1, index_store: "CAS" } }] }'), ['1:198 "avg_chunk_size_bytes" must be >= 0 (u64)']]],
    good: [SERVER('{ cas: [{ cas_store: "CAS" }] }')],
  },
  "number-truncated": {
    bad: [
      [SERVER("{ worker_api: { scheduler: \"S\", kill_revoked_operations_interval_s: -5 } }"), ["1:191 -5 is not a non-negative integer; NativeLink silently reads it as 0"]],
      [SERVER("{ health: { timeout_seconds: Infinity } }"), ["1:152 Infinity is more than u64 can hold (18446744073709551615); NativeLink silently reads it as 18446744073709551615"]],
      [SERVER("{ worker_api: { scheduler: \"S\", kill_revoked_operations_interval_s: NaN } }"), ["1:191 NaN is not a number; NativeLink silently reads it as 0"]],
    ],
    good: [SERVER("{ health: { timeout_seconds: 5 } }")],
  },
  "struct-positional": {
    bad: [['{ stores: [{ name: "S", memory: { eviction_policy: [1000, 0] } }], servers: [] }', ["1:52 stores[0].memory.eviction_policy is written as a list of values; NativeLink reads it by position (max_bytes, evict_bytes, max_seconds, max_count)"]]],
    good: ['{ stores: [{ name: "S", memory: { eviction_policy: { max_bytes: 1000 } } }], servers: [] }'],
  },
  "variant-string-panic": {
    bad: [['{ stores: [], servers: [], workers: ["local"] }', ['1:38 "local" needs a value here; written as a bare string it makes NativeLink crash (panic, exit code 101) while reading the config']]],
    good: ['{ stores: [], servers: [], workers: [] }'],
  },
  "deprecated-services-map": {
    bad: [[SERVER('{ ac: { main: { ac_store: "CAS" } } }'), ['1:129 the map form of "ac" ({ "<instance>": {...} }) is deprecated since v0.7.0; use a list of { instance_name, ... }']]],
    good: [SERVER('{ ac: [{ instance_name: "main", ac_store: "CAS" }] }')],
  },
  "deprecated-bytestream-form": {
    bad: [
      [
        SERVER('{ bytestream: { cas_stores: { main: "CAS" }, max_decoding_message_size: 4096 } }'),
        [
          '1:125 the object form of "bytestream" ({ cas_stores: {...} }) is deprecated since v0.7.2; use a list of { instance_name, cas_store }',
          "1:168 max_decoding_message_size on bytestream is ignored since v0.7.2; the value is dropped",
        ],
      ],
    ],
    good: [SERVER('{ bytestream: [{ instance_name: "main", cas_store: "CAS" }] }')],
  },
};

const TEXT: Record<string, string> = {
  "a missing comma": "{\n  stores: [],\n  servers: []\n  workers: [],\n}",
  "an empty file": "",
};

describe("loader rules", () => {
  for (const [id, { bad, good }] of Object.entries(cases)) {
    describe(id, () => {
      for (const [config, want] of bad) {
        it(`reports ${TEXT[config] !== undefined ? config : config.slice(0, 60)}`, async () => {
          expect(lines(await lint(TEXT[config] ?? config), id)).toEqual(want);
        });
      }
      for (const config of good) {
        it(`passes ${config.slice(0, 60)}`, async () => {
          expect(lines(await lint(config), id)).toEqual([]);
        });
      }
    });
  }

  it("carries NativeLink's message: serde's, or the masked one inside services", async () => {
    const f = (await lint('{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://127.0.0.1:1" }] } }], servers: [] }')).find((x) => x.ruleId === "key-required");
    expect(f?.nativelink).toBe("missing field `store_type`");
    const g = (await lint(SERVER('{ cas: [{ cas_stor: "CAS" }] }'))).find((x) => x.ruleId === "key-required");
    expect(g?.nativelink).toBe("data did not match any variant of untagged enum WithInstanceNameBackCompat");
    expect(g?.pointer).toBe("/servers/0/services/cas/0");
  });
});
