// write_concern_j and write_concern_timeout_ms only work together with write_concern_w.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const MESSAGE =
  "write_concern_w not set, but j and/or timeout set. Please set 'write_concern_w' to a non-default value. See https://www.mongodb.com/docs/manual/reference/write-concern/#w-option for options.";

export default defineRule(
  {
    id: "mongo-write-concern-complete",
    category: "reference",
    severity: "error",
    summary: "an experimental_mongo store sets write_concern_j or write_concern_timeout_ms without write_concern_w",
    why: "ExperimentalMongoStore builds a write concern only from write_concern_w; when w is missing (or null) but the journal flag or the timeout is set, it refuses the spec rather than drop them, and NativeLink stops while it builds the store.",
    fix: "Add write_concern_w, e.g. \"majority\" or \"1\" (a JSON string), or remove write_concern_j and write_concern_timeout_ms.",
    nativelink: [{ message: MESSAGE, source: "nativelink-store/src/mongo_store.rs:208" }],
    catalog: ["mongo-write-concern-incomplete"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", write_concern_j: true } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", write_concern_w: "majority", write_concern_j: true } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const mongo = storeBody(spec, "experimental_mongo");
      if (!mongo) continue;
      const w = get(mongo, "write_concern_w");
      if (w && w.kind !== "null") continue;
      // Written under a misspelt key, the missing write_concern_w is that key's finding.
      if (!w && fieldWrittenElsewhere(ctx, mongo, "write_concern_w")) continue;
      const j = get(mongo, "write_concern_j");
      const timeout = intAt(ctx, get(mongo, "write_concern_timeout_ms"));
      const set = [
        ...(j && j.kind === "boolean" ? [{ key: "write_concern_j", at: j.pointer, node: j }] : []),
        ...(timeout?.state === "value" ? [{ key: "write_concern_timeout_ms", at: timeout.at, node: timeout.node }] : []),
      ];
      if (!set.length) continue;
      yield {
        at: spec.bodyAt,
        node: spec.body,
        message: `mongo ${describeSpec(model, spec)} sets ${set.map((s) => s.key).join(" and ")} but not write_concern_w`,
        nativelink: MESSAGE,
        hint: 'add write_concern_w: "majority" (or "1"), or remove ' + set.map((s) => s.key).join(" and "),
        related: set.map((s) => ({ at: s.at, node: s.node, message: `${s.key} set here` })),
      };
    }
  },
);
