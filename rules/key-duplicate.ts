// A struct key must not be given twice.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "key-duplicate",
    category: "schema",
    severity: "error",
    loader: true,
    summary: "a struct key must not be given twice",
    why: "NativeLink refuses a config in which a struct field appears twice, or appears under both its old and its new name (an alias and its canonical key).",
    fix: "Remove one of the two keys; when an old name and a new name are both present keep the new one.",
    nativelink: [{ message: "duplicate field `{field}`", source: "serde_derive" }],
    catalog: ["duplicate-field"],
    examples: {
      bad: { config: "{ stores: [], stores: [], servers: [] }" },
      good: { config: "{ stores: [], servers: [] }" },
    },
  },
  fromDiagnostics("key-duplicate"),
);
