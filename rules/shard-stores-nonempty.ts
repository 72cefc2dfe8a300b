// A shard store needs at least one shard, and a non-zero total weight to divide by.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get, items, storeBody } from "../src/typed.ts";
import { describeSpec, intAt } from "../src/facts/stores.ts";

export default defineRule(
  {
    id: "shard-stores-nonempty",
    category: "reference",
    severity: "error",
    summary: "a shard store needs at least one shard and a total weight above zero",
    why: "ShardStore::new refuses an empty `stores` list, which stops NativeLink while it builds the store. It then splits the hash space by each shard's share of the summed weights (an omitted or null weight counts as 1); when every shard has weight 0 the sum is 0 and the division panics (exit code 101).",
    fix: "List at least one shard, and give at least one shard a weight of 1 or more (or leave `weight: null` for the default of 1).",
    nativelink: [
      { message: "ShardStore must have at least one store", source: "nativelink-store/src/shard_store.rs:58" },
      { message: "attempt to divide by zero", source: "nativelink-store/src/shard_store.rs:71" },
    ],
    catalog: ["shard-empty", "shard-zero-total-weight-panic"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: 0 }, { store: { memory: {} }, weight: 0 }] } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", shard: { stores: [{ store: { memory: {} }, weight: 1 }, { store: { memory: {} }, weight: 0 }] } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const shard = storeBody(spec, "shard");
      if (!shard) continue;
      const list = get(shard, "stores");
      if (list?.kind !== "array") continue;
      const where = describeSpec(model, spec);
      if (list.items.length === 0) {
        yield {
          node: list,
          message: `shard ${where} lists no stores; a shard store needs at least one`,
          nativelink: "ShardStore must have at least one store",
          hint: "add an entry such as { store: { memory: {} }, weight: 1 }",
        };
        continue;
      }
      const weights = items(list).map((item) => intAt(ctx, get(item, "weight")));
      // Missing keys are a schema error; unconvertible values are another rule's. Judge only complete lists.
      if (weights.some((w) => !w || w.state === "absent")) continue;
      const zeros = weights.flatMap((w) => (w?.state === "value" && w.value === 0n ? [w] : []));
      const [first, ...rest] = zeros;
      if (first && zeros.length === weights.length) {
        yield {
          node: first.node,
          message: `every shard of ${where} has weight 0, so the total weight is 0 and NativeLink panics dividing by it`,
          nativelink: "attempt to divide by zero",
          hint: "give at least one shard a weight of 1 or more",
          related: rest.map((w) => ({ node: w.node, message: "also weight 0" })),
        };
      }
    }
  },
);
