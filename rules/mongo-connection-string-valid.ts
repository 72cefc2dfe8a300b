// The Mongo store's connection string must be set and must pass the driver's parser as NativeLink builds it.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { describeSpec, mongoConnectionStringError, mongoInvalidArgument, strAt } from "../src/facts/stores.ts";
import { get, storeBody } from "../src/typed.ts";

const EMPTY = "No connection string was specified in mongo store configuration.";

export default defineRule(
  {
    id: "mongo-connection-string-valid",
    category: "endpoint",
    severity: "error",
    summary: "an experimental_mongo store needs a mongodb:// connection string the driver can parse",
    why: "ExperimentalMongoStore stops on an empty connection_string (also one that expands to \"\"), then parses it with the mongodb 3.3 driver. NativeLink builds that driver without its dns-resolver feature, so mongodb+srv:// strings always fail; other failures are a missing or unknown scheme, reserved characters or stray % in the username or password, an empty host, a port outside 1-65535, or an illegal character in the database name. Any of these stops NativeLink while it builds the store. (Options after ? are checked by the driver too; this rule does not replay them.)",
    fix: "Use mongodb://[user:password@]host[:port][,host2...][/database][?options], percent-encoding reserved characters in the user name and password; list the hosts instead of using mongodb+srv://.",
    nativelink: [
      { message: EMPTY, source: "nativelink-store/src/mongo_store.rs:121" },
      { message: "Failed to parse MongoDB connection string: {e}", source: "nativelink-store/src/mongo_store.rs:167" },
    ],
    catalog: ["mongo-empty-connection-string", "mongo-bad-connection-string"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb+srv://cluster0.example.net/nativelink" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://mongo-0.internal:27017,mongo-1.internal:27017/nativelink" } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const mongo = storeBody(spec, "experimental_mongo");
      if (!mongo) continue;
      const cs = strAt(ctx, get(mongo, "connection_string"));
      if (!cs) continue;
      const where = describeSpec(model, spec);
      if (cs.value === "") {
        yield {
          node: cs.node,
          message: `mongo ${where} has an empty connection_string` + (cs.vars.length ? ` (after expanding ${cs.vars.map((v) => "$" + v).join(", ")})` : ""),
          nativelink: EMPTY,
          hint: 'set it, e.g. "mongodb://mongo.internal:27017"',
        };
        continue;
      }
      const err = mongoConnectionStringError(cs.value);
      if (!err) continue;
      yield {
        node: cs.node,
        message: `mongo ${where} connection_string "${cs.value}" does not parse: ${err}`,
        nativelink: `Failed to parse MongoDB connection string: ${mongoInvalidArgument(err)}`,
        hint: err.startsWith("mongodb+srv")
          ? "NativeLink's Mongo driver cannot resolve SRV records; list the hosts in a mongodb:// string instead"
          : err.includes("URL encoded") || err.includes("unescaped %")
            ? "percent-encode reserved characters (: / ? # [ ] @ %) in the user name and password"
            : "use mongodb://[user:password@]host[:port][/database]",
      };
    }
  },
);
