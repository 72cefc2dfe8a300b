// How the walker reads what NativeLink tolerates: ignored keys, first-key enums, positional structs,
// duplicate map keys, integer literals. Each case pairs the config with what we report.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";
import { seeded } from "./helpers/seeded.ts";
import { editDistance } from "../src/normalize.ts";

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

describe("editDistance, for the suggestions of misspelt keys", () => {
  /** The textbook table: optimal string alignment (Damerau's swap of neighbours, each substring edited once). */
  function reference(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  }

  it("counts a swap of two neighbours as one edit", () => {
    expect(editDistance("tsl", "tls")).toBe(1);
    expect(editDistance("socket_adderss", "socket_address")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("agrees with the textbook table over 3,000 generated pairs", () => {
    const rand = seeded(0xed17);
    const word = () => Array.from({ length: rand(7) }, () => "abcd_"[rand(5)]).join("");
    for (let n = 0; n < 3000; n++) {
      const a = word();
      const b = rand(2) ? word() : a.split("").reverse().join("");
      expect(editDistance(a, b), `${a} ${b}`).toBe(reference(a, b));
    }
  });

  it("suggests tls for tsl, so that the listener is not also said to have no TLS", async () => {
    const fs = await lint('{ stores: [], servers: [{ listener: { http: { socket_address: "10.0.0.5:50051", tsl: { cert_file: "/c.pem", key_file: "/k.pem" } } }, services: {} }] }');
    expect(fs.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['key-unknown unknown key "tsl" in servers[0].listener.http; did you mean "tls"?']);
  });
});
