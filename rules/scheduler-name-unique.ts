// A second scheduler with the same name silently takes the first one's place.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { position, repeatedNames } from "../src/facts/references.ts";

export default defineRule(
  {
    id: "scheduler-name-unique",
    category: "reference",
    severity: "warning",
    summary: "each entry in `schedulers` should have its own name",
    why: "NativeLink builds every scheduler in file order and files it in a map under its name, so a later entry with the same name replaces the earlier one without a word: services then talk to a scheduler other than the one the author meant, while the earlier one is still built (connections, Redis subscriptions) and left unused. The worker side is only replaced when the later entry has one, so worker_api and execution can even end up on different schedulers.",
    fix: "Rename one of the schedulers, or delete the one that is not wanted.",
    examples: {
      bad: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: {} }, { name: "MAIN", grpc: { endpoint: { address: "grpc://upstream:50051" } } }] }' },
      good: { config: '{ stores: [], servers: [], schedulers: [{ name: "MAIN", simple: {} }, { name: "UPSTREAM", grpc: { endpoint: { address: "grpc://upstream:50051" } } }] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const { entry: s, first: earlier } of repeatedNames(model.schedulers)) {
      yield {
        node: s.name.node,
        message: `scheduler name "${s.name.value}" is already used by schedulers[${earlier.index}] (${position(earlier.name.node)}); this entry silently replaces it`,
        hint: "give this scheduler a name of its own, or remove the entry that is not wanted",
        related: [{ node: earlier.name.node, message: `"${s.name.value}" first defined here` }],
      };
    }
  },
);
