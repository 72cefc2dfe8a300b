// The Mongo store's max_requests sizes a semaphore: 0 is refused, and a huge value panics.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { TOKIO_MAX_PERMITS, describeSpec, intAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const ZERO = "max_request_permits was set to zero, which will block mongo_store from working at all";

export default defineRule(
  {
    id: "mongo-max-requests-range",
    category: "reference",
    severity: "error",
    summary: "an experimental_mongo store's max_requests must be between 1 and 2305843009213693951",
    why: "max_requests caps concurrent Mongo requests. ExperimentalMongoStore refuses 0, which would block every request (its message calls the field max_request_permits), and stops NativeLink. Above tokio's semaphore limit of 2305843009213693951 the semaphore constructor panics once the store has connected. Leaving the field out means no limit.",
    fix: "Remove max_requests for no limit, or set a positive number such as 100.",
    nativelink: [
      { message: ZERO, source: "nativelink-store/src/mongo_store.rs:158" },
      { message: "a semaphore may not have more than MAX_PERMITS permits (2305843009213693951)", source: "tokio sync/batch_semaphore.rs via nativelink-store/src/mongo_store.rs:238" },
    ],
    catalog: ["mongo-max-requests-zero"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", max_requests: 0 } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", max_requests: 100 } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const mongo = storeBody(spec, "experimental_mongo");
      if (!mongo) continue;
      const f = intAt(ctx, get(mongo, "max_requests"));
      if (f?.state !== "value") continue;
      const where = describeSpec(model, spec);
      if (f.value === 0n) {
        yield {
          node: f.node,
          message: `mongo ${where} sets max_requests to 0, which would block every request`,
          nativelink: ZERO,
          hint: "remove max_requests for no limit, or set a positive number",
        };
      } else if (f.value > TOKIO_MAX_PERMITS) {
        yield {
          node: f.node,
          message: `mongo ${where} sets max_requests to ${f.value}, above tokio's semaphore limit of ${TOKIO_MAX_PERMITS}; NativeLink panics once the store connects`,
          nativelink: `a semaphore may not have more than MAX_PERMITS permits (${TOKIO_MAX_PERMITS})`,
          hint: "remove max_requests for no limit, or set a realistic number",
        };
      }
    }
  },
);
