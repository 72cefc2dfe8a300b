import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

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
