// A struct written as a list of values.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "struct-positional",
    category: "schema",
    severity: "warning",
    summary: "a struct written as a list of values",
    why: "serde lets a struct be written as a JSON list whose items fill the fields in declaration order. NativeLink accepts it, but the meaning depends on field order and any extra values are silently dropped.",
    fix: "Write the struct as an object with named keys.",
    nativelink: [],
    catalog: [],
    examples: {
      bad: { config: "{ stores: [{ name: \"S\", memory: { eviction_policy: [1000] } }], servers: [] }" },
      good: { config: "{ stores: [{ name: \"S\", memory: { eviction_policy: { max_bytes: 1000 } } }], servers: [] }" },
    },
  },
  fromDiagnostics("struct-positional"),
);
