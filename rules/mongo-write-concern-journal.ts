// The MongoDB driver refuses a write concern of w 0 with j true, so the Mongo store cannot be built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { boolAt, describeSpec, mongoInvalidArgument, strAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const DRIVER = "write concern cannot have w=0 and j=true";
const MESSAGE = `Failed to create MongoDB client: ${mongoInvalidArgument(DRIVER)}`;

const M = (w: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo.internal:27017", write_concern_w: "${w}", write_concern_j: true } }], servers: [] }`;

/** `str::parse::<u32>()` as mongo_store.rs applies it to write_concern_w: an optional '+', then decimal digits. */
function asU32(text: string): bigint | undefined {
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n <= 0xffff_ffffn ? n : undefined;
}

export default defineRule(
  {
    id: "mongo-write-concern-journal",
    category: "reference",
    severity: "error",
    summary: "an experimental_mongo store cannot combine write_concern_w \"0\" with write_concern_j true",
    why: "ExperimentalMongoStore turns a write_concern_w that parses as an unsigned number into a node count, so \"0\" (also \"00\" or \"+0\") asks for unacknowledged writes, and write_concern_j: true asks for an acknowledgement after the journal write. The mongodb 3.3 driver validates the options when NativeLink creates the client and refuses that combination, so NativeLink stops while it builds the store.",
    fix: "Decide what the store needs: for durable writes set write_concern_w to \"1\" or \"majority\" and keep write_concern_j: true; for fire-and-forget writes keep \"0\" and remove write_concern_j (or set it to false).",
    nativelink: [{ message: MESSAGE, source: "nativelink-store/src/mongo_store.rs:216-221 (mongodb 3.3.0 src/concern.rs:325-331)" }],
    catalog: ["mongo-client-create-failed"],
    examples: {
      bad: { config: M("0") },
      good: { config: M("majority") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const mongo = storeBody(spec, "experimental_mongo");
      if (!mongo) continue;
      const w = strAt(ctx, get(mongo, "write_concern_w"));
      const jNode = get(mongo, "write_concern_j");
      const j = boolAt(ctx, jNode);
      if (!w || !jNode || !j || !j.value || asU32(w.value) !== 0n) continue;
      const shown = JSON.stringify(w.value) + (w.value !== w.raw ? ` (from ${JSON.stringify(w.raw)})` : "");
      yield {
        node: w.node,
        message: `mongo ${describeSpec(model, spec)} sets write_concern_w ${shown}, no acknowledgement, together with write_concern_j: true; the MongoDB driver refuses the combination and NativeLink stops`,
        nativelink: MESSAGE,
        hint: 'set write_concern_w to "1" or "majority" for journaled writes, or remove write_concern_j',
        related: [{ node: j.node, message: "write_concern_j: true set here" }],
      };
    }
  },
);
