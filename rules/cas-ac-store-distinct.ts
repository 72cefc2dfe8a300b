// NativeLink refuses, while loading, a server whose CAS and AC for one instance share a store name.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ServiceEntry, Str } from "../src/model.ts";
import { position } from "../src/facts/references.ts";
import { get, serviceBody } from "../src/typed.ts";

const LISTEN = 'listener: { http: { socket_address: "0.0.0.0:50051" } }';
const STORES = 'stores: [{ name: "CAS", memory: {} }, { name: "AC", memory: {} }]';

export default defineRule(
  {
    id: "cas-ac-store-distinct",
    category: "schema",
    severity: "error",
    summary: "the CAS and the AC of one instance must not use the same store",
    why: "Right after parsing, NativeLink compares, server by server, the cas_store of each cas entry with the ac_store of the ac entry for the same instance_name, after ${VAR} expansion, and refuses to load on a match: CAS keys are content digests and AC keys are action digests, and mixing them in one store lets either overwrite the other. Only the names are compared, so a ref_store alias or two stores over the same backend are not caught; when a server lists one instance twice under cas, the last entry is the one compared.",
    fix: "Give the AC its own store (a separate memory/filesystem store, or a different key prefix on the same backend).",
    nativelink: [{ message: "CAS and AC use the same store '{store}' in the config", source: "nativelink-config/src/cas_server.rs:1328-1356" }],
    catalog: ["cas-ac-same-store"],
    examples: {
      bad: { config: `{ ${STORES}, servers: [{ ${LISTEN}, services: { cas: [{ cas_store: "CAS" }], ac: [{ ac_store: "CAS" }] } }] }` },
      good: { config: `{ ${STORES}, servers: [{ ${LISTEN}, services: { cas: [{ cas_store: "CAS" }], ac: [{ ac_store: "AC" }] } }] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const server of model.servers) {
      const entries = server.services ?? [];
      // A HashMap keyed by instance_name: the last cas entry of an instance wins.
      const cas = new Map<string, Str | undefined>();
      for (const e of entries) {
        const body = serviceBody(e, "cas");
        if (body) cas.set(e.instanceName, model.str(get(body, "cas_store")));
      }
      // The deprecated map form is a map too: its last entry of an instance wins.
      const ac = new Map<string, ServiceEntry>();
      const acList: ServiceEntry[] = [];
      for (const e of entries) {
        if (e.service !== "ac") continue;
        if (e.legacyForm) ac.set(e.instanceName, e);
        else acList.push(e);
      }
      for (const e of [...acList, ...ac.values()]) {
        const acStore = model.str(get(serviceBody(e, "ac"), "ac_store"));
        const casStore = cas.get(e.instanceName);
        if (!acStore || !casStore || acStore.unknown || casStore.unknown || acStore.value !== casStore.value) continue;
        const inst = e.instanceName === "" ? 'instance ""' : `instance "${e.instanceName}"`;
        yield {
          // Pointing at services keeps the engine from replacing this load-time message with the
          // untagged-enum one it uses for parse errors inside service lists; the span is the ac_store.
          at: server.servicesAt ?? server.at,
          node: acStore.node,
          message: `ac_store "${acStore.value}" of ${inst} is also its cas_store (${position(casStore.node)}); CAS and AC need different stores`,
          nativelink: `CAS and AC use the same store '${casStore.value}' in the config`,
          hint: "point ac_store at a store of its own",
          related: [{ node: casStore.node, message: `cas_store "${casStore.value}" of ${inst}` }],
        };
      }
    }
  },
);
