// Every field that names a store must name one defined in `stores`.
import { definedNames } from "../src/facts/references.ts";
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ConfigModel, Str } from "../src/model.ts";
import { doc, get, schedulerBody, serviceBody, storeBody } from "../src/typed.ts";
import { listNames, nameIndex } from "../src/suggest.ts";

/** Where NativeLink looks a store up by name, and what it says when the name is unknown. */
interface StoreRef {
  str: Str;
  field: string;
  nativelink: string;
}

export function storeReferences(model: ConfigModel): StoreRef[] {
  const out: StoreRef[] = [];
  const add = (str: Str | undefined, field: string, nativelink: (name: string) => string) => {
    if (str && !str.unknown) out.push({ str, field, nativelink: nativelink(str.value) });
  };
  for (const server of model.servers) {
    for (const s of server.services ?? []) {
      switch (s.service) {
        case "cas":
          add(model.str(get(serviceBody(s, "cas"), "cas_store")), "cas_store", (n) => `'cas_store': '${n}' does not exist`);
          break;
        case "ac":
          add(model.str(get(serviceBody(s, "ac"), "ac_store")), "ac_store", (n) => `'ac_store': '${n}' does not exist`);
          break;
        case "execution":
          add(model.str(get(serviceBody(s, "execution"), "cas_store")), "cas_store", (n) => `'cas_store': '${n}' does not exist`);
          break;
        case "bytestream":
          // In the pre-v0.7 form (cas_stores: { instance: "STORE" }) the entry is the store name itself.
          add(model.str(s.legacyForm ? s.body : get(serviceBody(s, "bytestream"), "cas_store")), "cas_store", (n) => `'cas_store': '${n}' does not exist`);
          break;
        case "fetch":
          add(model.str(get(serviceBody(s, "fetch"), "fetch_store")), "fetch_store", (n) => `'fetch_store': '${n}' does not exist`);
          break;
        case "push":
          add(model.str(get(serviceBody(s, "push"), "push_store")), "push_store", (n) => `'push_store': '${n}' does not exist`);
          break;
        case "experimental_bep":
          add(model.str(get(serviceBody(s, "experimental_bep"), "store")), "store", (n) => `Expected store ${n} to exist in store manager`);
          break;
      }
    }
  }
  add(model.str(get(get(get(doc(model.root), "experimental_origin_events"), "publisher"), "store")), "publisher.store", (n) => `Could not get store ${n} for origin event publisher`);
  for (const w of model.workers) {
    add(w.casFastSlowStore, "cas_fast_slow_store", (n) => `Failed to find store for cas_store_ref in worker config : ${n}`);
    add(w.acStore, "upload_action_result.ac_store", (n) => `Failed to find store for ac_store in worker config : ${n}`);
    add(w.historicalStore, "upload_action_result.historical_results_store", (n) => `Failed to find store for historical_results_store in worker config : ${n}`);
  }
  for (const spec of model.allStoreSpecs) {
    const ref = storeBody(spec, "ref_store");
    if (ref) add(model.str(get(ref, "name")), "ref_store.name", (n) => `Failed to find store '${n}' in StoreManager in RefStore`);
  }
  for (const spec of model.allSchedulerSpecs) {
    const cacheLookup = schedulerBody(spec, "cache_lookup");
    if (cacheLookup) add(model.str(get(cacheLookup, "ac_store")), "cache_lookup.ac_store", (n) => `'ac_store': '${n}' does not exist`);
    const simple = schedulerBody(spec, "simple");
    if (simple) {
      const redis = get(get(get(simple, "experimental_backend"), "redis"), "redis_store");
      add(model.str(redis), "experimental_backend.redis.redis_store", (n) => `'redis_store': '${n}' does not exist`);
    }
  }
  return out;
}

export default defineRule(
  {
    id: "store-ref-defined",
    category: "reference",
    severity: "error",
    summary: "a field that names a store must name a store defined in `stores`",
    why: "Services (cas_store, ac_store, fetch_store, push_store, bytestream, execution, experimental_bep), workers (cas_fast_slow_store, upload_action_result stores), ref_store, cache_lookup, the Redis scheduler backend and the origin-events publisher look stores up by name when NativeLink starts; an unknown name stops it. Names are compared exactly and are never ${VAR}-expanded.",
    fix: "Use the exact name of a store in `stores` (the message suggests the closest), or define the missing store.",
    nativelink: [
      { message: "'cas_store': '{name}' does not exist", source: "nativelink-service/src/cas_server.rs, bytestream_server.rs, execution_server.rs" },
      { message: "'ac_store': '{name}' does not exist", source: "nativelink-service/src/ac_server.rs; nativelink-scheduler/src/default_scheduler_factory.rs" },
      { message: "'fetch_store': '{name}' does not exist", source: "nativelink-service/src/fetch_server.rs" },
      { message: "'push_store': '{name}' does not exist", source: "nativelink-service/src/push_server.rs" },
      { message: "Expected store {name} to exist in store manager", source: "nativelink-service/src/bep_server.rs" },
      { message: "Could not get store {name} for origin event publisher", source: "src/bin/nativelink.rs" },
      { message: "Failed to find store for cas_store_ref in worker config : {name}", source: "src/bin/nativelink.rs" },
      { message: "Failed to find store '{name}' in StoreManager in RefStore", source: "nativelink-store/src/ref_store.rs" },
      { message: "'redis_store': '{name}' does not exist", source: "nativelink-scheduler/src/default_scheduler_factory.rs" },
    ],
    catalog: [
      "ref-store-target-missing",
      "origin-events-store-missing",
      "service-ac-store-missing",
      "service-cas-store-missing",
      "service-fetch-store-missing",
      "service-push-store-missing",
      "service-bep-store-missing",
      "worker-cas-store-missing",
      "worker-ac-store-missing",
      "worker-historical-store-missing",
      "cache-lookup-ac-store-missing",
      "redis-backend-store-missing",
    ],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS_MAIN", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ cas_store: "CAS_MIAN" }] } }] }' },
      good: { config: '{ stores: [{ name: "CAS_MAIN", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ cas_store: "CAS_MAIN" }] } }] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const names = definedNames(model, "stores", fieldWrittenElsewhere(ctx, model.root, "stores"));
    if (!names) return;
    const defined = new Set(names);
    for (const ref of storeReferences(model)) {
      if (defined.has(ref.str.value)) continue;
      const guess = nameIndex(names).closest(ref.str.value);
      yield {
        node: ref.str.node,
        message: `${ref.field} names store "${ref.str.value}", which is not defined in stores` + (guess ? `; did you mean "${guess}"?` : ""),
        nativelink: ref.nativelink,
        hint: guess ? `change it to "${guess}"` : names.length ? `defined stores: ${listNames(names)}` : "define the store in `stores`",
      };
    }
  },
);
