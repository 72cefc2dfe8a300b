// A grpc store with an empty endpoints list cannot be built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, storeBody } from "../src/typed.ts";
import { describeSpec } from "../src/facts/stores.ts";

export default defineRule(
  {
    id: "grpc-store-endpoints-nonempty",
    category: "endpoint",
    severity: "error",
    summary: "a grpc store needs at least one endpoint",
    why: "GrpcStore::new checks that `endpoints` lists at least one upstream before anything else; an empty list stops NativeLink while it builds the store.",
    fix: "Add the upstream, e.g. endpoints: [{ address: \"grpcs://cas.example.com:443\" }], or remove the grpc store.",
    nativelink: [{ message: "Expected at least 1 endpoint in GrpcStore", source: "nativelink-store/src/grpc_store.rs:281" }],
    catalog: ["grpc-no-endpoints"],
    examples: {
      bad: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [], store_type: "cas" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const grpc = storeBody(spec, "grpc");
      if (!grpc) continue;
      const eps = get(grpc, "endpoints");
      if (eps?.kind !== "array" || eps.items.length > 0) continue;
      yield {
        node: eps,
        message: `grpc ${describeSpec(model, spec)} has an empty endpoints list; it needs at least one upstream address`,
        nativelink: "Expected at least 1 endpoint in GrpcStore",
        hint: 'add an endpoint such as { address: "grpc://host:50051" }',
      };
    }
  },
);
