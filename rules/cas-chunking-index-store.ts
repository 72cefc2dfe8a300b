// experimental_chunking needs an index store of its own, except in front of a grpc CAS, where it must have none.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { nameIndex } from "../src/suggest.ts";
import { definedNames, storeResolver, storeTable } from "../src/facts/references.ts";
import { get, serviceBody } from "../src/typed.ts";

const LISTEN = 'listener: { http: { socket_address: "0.0.0.0:50051" } }';
const STORES = 'stores: [{ name: "CAS", filesystem: { content_path: "/data/cas", temp_path: "/data/tmp" } }, { name: "CHUNK_INDEX", memory: {} }]';

export default defineRule(
  {
    id: "cas-chunking-index-store",
    category: "reference",
    severity: "error",
    summary: "`experimental_chunking.index_store` must name a separate, defined store, and must be absent when cas_store is a grpc store",
    why: "When the CAS service starts, each instance with experimental_chunking either forwards SplitBlob/SpliceBlob to its backend (cas_store is a grpc store, directly or through ref_store) and then refuses an index_store, or chunks locally and then needs an index_store to hold the chunk layouts. That store must differ from cas_store by name (layouts written into the CAS would overwrite blobs) and must exist. Both names are ${VAR}-expanded before they are compared. A grpc store wrapped in another store is not seen as grpc, so such an instance chunks locally.",
    fix: "For a local CAS, set index_store to a store of its own (one that does not verify digests); for a grpc cas_store, remove index_store.",
    nativelink: [
      { message: "'experimental_chunking.index_store' of instance '{instance}' must not be set when 'cas_store' is a grpc store: SplitBlob/SpliceBlob are forwarded to the backend", source: "nativelink-service/src/cas_server.rs:226-234" },
      { message: "'experimental_chunking.index_store' of instance '{instance}' is required", source: "nativelink-service/src/cas_server.rs:240-245" },
      { message: "'experimental_chunking.index_store' of instance '{instance}' must not be the same store as 'cas_store'", source: "nativelink-service/src/cas_server.rs:249-253" },
      { message: "'experimental_chunking.index_store': '{name}' does not exist", source: "nativelink-service/src/cas_server.rs:254-258" },
    ],
    catalog: ["chunking-index-store-required", "chunking-index-store-on-grpc", "chunking-index-equals-cas", "chunking-index-store-missing"],
    examples: {
      bad: { config: `{ ${STORES}, servers: [{ ${LISTEN}, services: { cas: [{ cas_store: "CAS", experimental_chunking: {} }] } }] }` },
      good: { config: `{ ${STORES}, servers: [{ ${LISTEN}, services: { cas: [{ cas_store: "CAS", experimental_chunking: { index_store: "CHUNK_INDEX" } }] } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const table = storeTable(model);
    const names = [...table.keys()];
    const resolve = storeResolver(model, table);
    for (const server of model.servers) {
      for (const e of server.services ?? []) {
        const body = serviceBody(e, "cas");
        if (!body) continue;
        const chunking = get(body, "experimental_chunking");
        if (chunking?.kind !== "object") continue;
        const cas = model.str(get(body, "cas_store"));
        // An undefined cas_store stops NativeLink first (store-ref-defined reports it).
        if (!cas || cas.unknown || !table.has(cas.value)) continue;
        const indexNode = get(chunking, "index_store");
        const index = model.str(indexNode);
        // A non-string index_store is a parse error (reported by the schema rules).
        if (index?.unknown || (indexNode && indexNode.kind !== "null" && !index)) continue;
        const inst = e.instanceName;
        const resolved = resolve.store(cas.value);
        if (!resolved) continue; // a broken or looping ref_store chain is reported elsewhere
        if (resolved.spec.kind === "grpc") {
          if (!index) continue;
          const via = resolved.via.length > 1 ? ` (through ref_store ${resolved.via.slice(1).map((n) => `"${n}"`).join(" → ")})` : "";
          yield {
            node: index.node,
            message: `index_store "${index.value}" is set, but cas_store "${cas.value}" is a grpc store${via}; chunking requests are forwarded to the backend, which keeps its own layouts`,
            nativelink: `'experimental_chunking.index_store' of instance '${inst}' must not be set when 'cas_store' is a grpc store: SplitBlob/SpliceBlob are forwarded to the backend`,
            hint: "remove index_store",
            related: [{ node: resolved.spec.node, message: "the grpc store" }],
          };
          continue;
        }
        if (!index) {
          // Written under a misspelt key, the missing index_store is that key's finding.
          if (!indexNode && fieldWrittenElsewhere(ctx, chunking, "index_store")) continue;
          yield {
            node: chunking,
            message: `experimental_chunking of instance "${inst}" has no index_store; chunking a local cas_store ("${cas.value}") needs a store for the chunk layouts`,
            nativelink: `'experimental_chunking.index_store' of instance '${inst}' is required`,
            hint: "add index_store naming a store of its own (not the CAS, and not one that verifies digests)",
          };
          continue;
        }
        if (index.value === cas.value) {
          yield {
            node: index.node,
            message: `index_store "${index.value}" is the cas_store itself; chunk layouts written there would overwrite blobs`,
            nativelink: `'experimental_chunking.index_store' of instance '${inst}' must not be the same store as 'cas_store'`,
            hint: "name a separate store for the chunk layouts",
            related: [{ node: cas.node, message: "cas_store" }],
          };
          continue;
        }
        // Against a stores list that cannot be read whole, no name can be judged missing (references.ts).
        if (!table.has(index.value) && definedNames(model, "stores", fieldWrittenElsewhere(ctx, model.root, "stores")) !== undefined) {
          const guess = nameIndex(names).closest(index.value);
          yield {
            node: index.node,
            message: `index_store names store "${index.value}", which is not defined in stores` + (guess ? `; did you mean "${guess}"?` : ""),
            nativelink: `'experimental_chunking.index_store': '${index.value}' does not exist`,
            hint: guess ? `change it to "${guess}"` : "define the store in `stores`",
          };
        }
      }
    }
  },
);
