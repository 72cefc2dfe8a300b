// The Mongo store's max_concurrent_uploads is deprecated and unused.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const MESSAGE = "max_concurrent_uploads was set for Mongo, and it's a deprecated value we don't use anymore";

export default defineRule(
  {
    id: "mongo-store-deprecated",
    category: "deprecation",
    severity: "warning",
    summary: "an experimental_mongo store sets the unused max_concurrent_uploads",
    why: "ExperimentalMongoStore no longer reads max_concurrent_uploads and warns when it is non-zero; the upload concurrency it suggests is not enforced.",
    fix: "Remove max_concurrent_uploads; use max_requests to cap concurrent Mongo requests.",
    nativelink: [{ message: MESSAGE, source: "nativelink-store/src/mongo_store.rs:152" }],
    catalog: ["mongo-max-concurrent-uploads-deprecated"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", max_concurrent_uploads: 16 } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", max_requests: 16 } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const mongo = storeBody(spec, "experimental_mongo");
      if (!mongo) continue;
      const f = intAt(ctx, get(mongo, "max_concurrent_uploads"));
      if (f?.state !== "value" || f.value === 0n) continue;
      yield {
        node: f.node,
        message: `mongo ${describeSpec(model, spec)} sets max_concurrent_uploads, which is deprecated and ignored`,
        nativelink: MESSAGE,
        hint: "remove it; max_requests limits concurrent requests",
      };
    }
  },
);
