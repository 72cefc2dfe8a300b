// Two stores with one name stop NativeLink after the second one has already been built.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { position, repeatedNames } from "../src/facts/references.ts";

const SERVER = 'servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ cas_store: "CAS" }] } }]';

export default defineRule(
  {
    id: "store-name-unique",
    category: "reference",
    severity: "error",
    summary: "each entry in `stores` must have its own name",
    why: "NativeLink registers stores in file order and refuses a name it already holds. The duplicate is only detected after the second store has been constructed, so its directories are created and its connections opened before the process exits. Names are compared exactly as written (they are never ${VAR}-expanded).",
    fix: "Rename one of the two stores, and update the fields that should point at it.",
    nativelink: [
      { message: "Store name '{name}' already exists in the store manager", source: "nativelink-store/src/store_manager.rs:37-41" },
      { message: "Failed to add store '{name}'", source: "src/bin/nativelink.rs:220-222" },
    ],
    catalog: ["store-name-duplicate"],
    examples: {
      bad: { config: `{ stores: [{ name: "CAS", memory: {} }, { name: "CAS", noop: {} }], ${SERVER} }` },
      good: { config: `{ stores: [{ name: "CAS", memory: {} }, { name: "AC", noop: {} }], ${SERVER} }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const { entry: s, first: earlier } of repeatedNames(model.stores)) {
      yield {
        node: s.name.node,
        message: `store name "${s.name.value}" is already used by stores[${earlier.index}] (${position(earlier.name.node)})`,
        nativelink: `Store name '${s.name.value}' already exists in the store manager`,
        hint: "give this store a name of its own",
        related: [{ node: earlier.name.node, message: `"${s.name.value}" first defined here` }],
      };
    }
  },
);
