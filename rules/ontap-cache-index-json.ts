// An ontap_s3_existence_cache's index_path, when it exists, must hold the cache file NativeLink wrote.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec } from "../src/facts/stores.ts";
import { cacheIndexProblem, dataFiles } from "../src/facts/data-files.ts";

const PREFIX = "Failed to parse cache file";

const CACHE = `{ stores: [{ name: "CAS", ontap_s3_existence_cache: { index_path: "ontap-index.json", sync_interval_seconds: 300, backend: { endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas" } } }], servers: [] }`;
const DIGEST = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855-0";

export default defineRule(
  {
    id: "ontap-cache-index-json",
    category: "filesystem",
    severity: "error",
    summary: "an ontap_s3_existence_cache's index_path, when it exists, must hold a cache file NativeLink can parse",
    why: "When NativeLink builds an ontap_s3_existence_cache it reads index_path with read_to_string. A missing file (or one it cannot read, or that is not UTF-8) is fine: the cache starts empty and syncs from the bucket. A file it reads must be the JSON it writes itself, { \"digests\": [\"{sha256 hex}-{size}\", ...], \"timestamp\": seconds }; anything else, an empty file included, stops NativeLink while it builds the store. A crash or a full disk during a sync can leave exactly such a file behind.",
    fix: "Delete the file (NativeLink rebuilds it from the bucket at the next sync), or point index_path at the file the cache wrote.",
    nativelink: [{ message: `${PREFIX}: {serde_json error}`, source: "nativelink-store/src/ontap_s3_existence_cache_store.rs:375-378" }],
    catalog: ["ontap-cache-index-corrupt"],
    examples: {
      bad: { config: CACHE, files: { "ontap-index.json": `{ "digests": ["${DIGEST}"] }\n` } },
      good: { config: CACHE, files: { "ontap-index.json": `{ "digests": ["${DIGEST}"], "timestamp": 1764633600 }\n` } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    // A file past the read bound (a large bucket's index) is left unchecked: it is most likely NativeLink's own.
    for (const { ref, view } of dataFiles(ctx, "ontap-cache-index")) {
      if (view.read.error?.code === "NOT_REGULAR" && view.read.kind === "fifo") {
        yield {
          node: ref.str.node,
          message: `index_path ${JSON.stringify(ref.str.value)} of ontap_s3_existence_cache ${describeSpec(model, ref.spec)} is a FIFO (named pipe): NativeLink blocks at startup reading it, until something writes to it`,
          hint: "point index_path at a regular file (or a path that does not exist yet: the cache creates it)",
        };
        continue;
      }
      const problem = cacheIndexProblem(view);
      if (!problem) continue;
      const report: Report = {
        node: ref.str.node,
        message: `index_path ${JSON.stringify(ref.str.value)} of ontap_s3_existence_cache ${describeSpec(model, ref.spec)} exists, but ${problem.detail}: NativeLink stops while it builds the store ("${PREFIX}")`,
        hint: "delete the file (the cache rebuilds it from the bucket), or point index_path at the cache's own file",
      };
      if (problem.serde) report.nativelink = `${PREFIX}: ${problem.serde}`;
      yield report;
    }
  },
);
