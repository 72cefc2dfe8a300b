import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { resolved } from "../../rules/worker-work-directory-store-path.ts";
import { lint } from "../helpers/lint.ts";
import { seeded } from "../helpers/seeded.ts";

const RULE = "worker-work-directory-store-path";

/** work_directory's value starts on line 8, column 21. */
const config = (workDir: string, content = "/var/nl/cas", temp = "/var/nl/tmp", extraStore = "") => `{
  stores: [
    { name: "FS", fast_slow: { fast: { filesystem: { content_path: ${JSON.stringify(content)}, temp_path: ${JSON.stringify(temp)} } }, slow: { memory: {} } } },${extraStore}
  ],
  servers: [],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, platform_properties: {},
    work_directory: ${JSON.stringify(workDir)},
  } }],
}`;

async function found(text: string, cwd = "/") {
  return (await lint(text, { cwd })).filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.message}`);
}

const END = (s: string) => 21 + JSON.stringify(s).length;
const OWN = 'filesystem fast_slow.fast.filesystem in store "FS" (the worker\'s own cache)';

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "work_directory equal to content_path",
      config("/var/nl/cas"),
      [`8:21-8:${END("/var/nl/cas")} error work_directory "/var/nl/cas" of worker "worker_0" is the content_path of ${OWN}: the worker deletes work_directory recursively when it starts, and the cached blobs with it; then every write to the store fails until NativeLink restarts, and each restart deletes the cache again`],
    ],
    [
      "work_directory containing both store directories (one finding per store)",
      config("/var/nl/"),
      [`8:21-8:${END("/var/nl/")} error work_directory "/var/nl/" (/var/nl) of worker "worker_0" contains the content_path of ${OWN}: the worker deletes work_directory recursively when it starts, and the cached blobs with it; then every write to the store fails until NativeLink restarts, and each restart deletes the cache again`],
    ],
    [
      "work_directory equal to temp_path",
      config("/var/nl/tmp"),
      [`8:21-8:${END("/var/nl/tmp")} error work_directory "/var/nl/tmp" of worker "worker_0" is the temp_path of ${OWN}: the worker deletes work_directory recursively when it starts, and the store's temp folders with it, so every write to the store fails`],
    ],
    [
      "relative paths resolved against the working directory",
      config("data", "data/cas", "/var/nl/tmp"),
      [`8:21-8:${END("data")} error work_directory "data" (/srv/nl/data) of worker "worker_0" contains the content_path of ${OWN}: the worker deletes work_directory recursively when it starts, and the cached blobs with it; then every write to the store fails until NativeLink restarts, and each restart deletes the cache again`],
    ],
    [
      "any filesystem store of the config, not only the worker's own",
      config("/srv/shared", "/var/nl/cas", "/var/nl/tmp", '\n    { name: "SHARED", filesystem: { content_path: "/srv/shared/cas", temp_path: "/var/nl/shared-tmp" } },'),
      [`9:21-9:${END("/srv/shared")} error work_directory "/srv/shared" of worker "worker_0" contains the content_path of filesystem store "SHARED": the worker deletes work_directory recursively when it starts, and the cached blobs with it; then every write to the store fails until NativeLink restarts, and each restart deletes the cache again`],
    ],
    [
      "work_directory inside the cache's d folder",
      config("/var/nl/cas/d/work"),
      [`8:21-8:${END("/var/nl/cas/d/work")} error work_directory "/var/nl/cas/d/work" of worker "worker_0" is inside the d/ folder of the content_path of ${OWN}: the worker's action files are mixed with the cache entries, which the store indexes and evicts as blobs`],
    ],
    [
      "work_directory inside content_path",
      config("/var/nl/cas/work"),
      [`8:21-8:${END("/var/nl/cas/work")} warning work_directory "/var/nl/cas/work" of worker "worker_0" is inside the content_path of ${OWN}: at every start the store moves entries of content_path other than s and d into its d/ folder as old-layout cache files, so the previous run's action directories pile up in the cache folder`],
    ],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(await found(text, "/srv/nl")).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a sibling directory", config("/var/nl/work")],
    ["a name that only starts like the store's", config("/var/nl/cas-work")],
    ["a directory inside temp_path (the store prunes only its s and d folders)", config("/var/nl/tmp/work")],
    ["an empty work_directory (NativeLink never deletes it)", config("")],
    ["a different relative directory", config("work", "cas", "tmp")],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(await found(text, "/srv/nl")).toEqual([]);
    });
  }

  it("relates the store's path", async () => {
    const f = (await lint(config("/var/nl/cas"))).find((x) => x.ruleId === RULE);
    expect(f?.related?.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual(['3:68 content_path of fast_slow.fast.filesystem in store "FS"']);
  });
});

describe(`${RULE}: many workers and stores`, () => {
  // The rule looks up, for each worker, the store paths its directory is, holds or sits in (by path
  // and in sorted order) instead of comparing it with every store. Over generated configs of nested,
  // equal and look-alike paths, its findings are what comparing every worker with every store gives.
  it("reports what a comparison of every worker with every store reports, over 60 generated configs", async () => {
    const rand = seeded(0x3d1);
    const vocabulary = ["/", "/v", "/v/a", "/v/a/s", "/v/a/d", "/v/a/s/x", "/v/ab", "/v/a-b", "/v/a/b", "/v/a/b/c", "/w", "/v/a/d/e"];
    const pick = () => vocabulary[rand(vocabulary.length)]!;
    for (let round = 0; round < 60; round++) {
      const stores = Array.from({ length: 1 + rand(4) }, () => ({ content: pick(), temp: pick() }));
      const workers = Array.from({ length: 1 + rand(4) }, () => pick());
      const text = `{
  stores: [${stores.map((s, i) => `{ name: "FS${i}", filesystem: { content_path: "${s.content}", temp_path: "${s.temp}" } }`).join(", ")}],
  servers: [],
  workers: [${workers.map((d, i) => `{ local: { name: "w${i}", worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS0", upload_action_result: { upload_ac_results_strategy: "never" }, platform_properties: {}, work_directory: "${d}" } }`).join(", ")}],
}`;
      const expected: string[] = [];
      workers.forEach((dir, w) => {
        stores.forEach((s, i) => {
          for (const [field, path] of [["content_path", s.content], ["temp_path", s.temp]] as const) {
            const covers = dir === path || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
            const inside = field === "content_path" && dir.startsWith(`${path}/`);
            if (!covers && !inside) continue;
            const sub = inside && !covers ? dir.slice(path.length + 1).split("/")[0] : "";
            expected.push(`/workers/${w}/local/work_directory ${covers || sub === "s" || sub === "d" ? "error" : "warning"} /stores/${i}/filesystem/${field}`);
            break;
          }
        });
      });
      const got = (await lint(text, { cwd: "/", only: RULE })).map((f) => `${f.pointer} ${f.severity} ${f.related?.[0]?.pointer}`);
      // The report orders one place's findings by their texts: compared as sets.
      expect(got.sort(), `round ${round}: ${text}`).toEqual(expected.sort());
    }
  });
});

describe("paths as path.resolve gives them", () => {
  it("answers what path.resolve answers, returning an absolute path already normal as it is (3,000 generated paths)", () => {
    const rand = seeded(0x9a7);
    const parts = ["a", "bb", ".", "..", "", "...", ".a", "a.", "x\ny", " ", "~"];
    for (let round = 0; round < 3_000; round++) {
      const p = (rand(5) === 0 ? "" : "/") + Array.from({ length: rand(6) }, () => parts[rand(parts.length)]).join("/") + (rand(4) === 0 ? "/" : "");
      expect(resolved(p), JSON.stringify(p)).toBe(resolve(p));
    }
    const normal = "/b".repeat(1_000);
    expect(resolved(normal)).toBe(normal);
  });
});
