// How the walker reads what NativeLink tolerates: ignored keys, first-key enums, positional structs,
// duplicate map keys, integer literals. Each case pairs the config with what we report.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";

const summary = async (config: string) => (await lint(config)).map((f) => `${f.severity} ${f.ruleId} ${f.line}:${f.column} ${f.message}`);

describe("what NativeLink silently ignores is a warning", () => {
  const cases: [string, string, string[]][] = [
    ["a key in a noop store", '{ stores: [{ name: "S", noop: { size: 5 } }], servers: [] }', ['warning key-ignored 1:33 "size" has no effect: a noop store takes no settings, and NativeLink ignores them without a word']],
    ["a second store kind", '{ stores: [{ name: "S", memory: {}, noop: {} }], servers: [] }', ['warning key-ignored 1:37 second store kind "noop" in one entry; NativeLink uses the first ("memory") and ignores this one without a word']],
    ["an unknown key in redis_store", '{ stores: [{ name: "S", redis_store: { addresses: ["redis://10.0.0.2:6379"], pool_size: 3 } }], servers: [] }', ['warning key-ignored 1:78 unknown key "pool_size" in stores[0].redis_store; NativeLink ignores it without a word']],
    ["an unknown key in a client tls_config", '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpcs://cas:50051", tls_config: { use_native_roots: true, verify: false } }], store_type: "cas" } }], servers: [] }', ['warning key-ignored 1:115 unknown key "verify" in stores[0].grpc.endpoints[0].tls_config; NativeLink ignores it without a word']],
    ["extra keys after the first in a listener", '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" }, grpc: {} }, services: { health: {} } }] }', ['warning key-ignored 1:84 "grpc" is ignored: NativeLink reads only the first key ("http") of servers[0].listener']],
  ];
  for (const [name, config, want] of cases) it(name, async () => expect((await summary(config)).filter((l) => l.includes(" key-ignored "))).toEqual(want));
});

describe("values read the NativeLink way", () => {
  it("an integer literal outside i64 fails as serde_json5 fails", async () => {
    const f = (await lint('{ stores: [], servers: [], global: { max_open_files: 99999999999999999999 } }')).find((x) => x.ruleId === "value-format")!;
    expect(f.nativelink).toBe("error parsing integer");
  });
  it("a duplicate key in a map keeps the later value, with a warning that says where the first was", async () => {
    const f = (await summary('{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.5:50051" }], store_type: "cas", headers: { a: "1", a: "2" } } }], servers: [] }')).filter((l) => l.includes("key-duplicate-map"));
    expect(f).toEqual(['warning key-duplicate-map 1:122 key "a" appears twice in this map; NativeLink keeps the later value and silently drops the one at 1:114']);
  });
  it("hex literals are fine where integers are", async () => {
    expect(await summary('{ stores: [], servers: [], global: { max_open_files: 0x6000 } }')).toEqual([]);
  });
});
