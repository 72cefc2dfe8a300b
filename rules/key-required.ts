// Required keys must be present.
import { defineRule, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "key-required",
    category: "schema",
    severity: "error",
    loader: true,
    summary: "a required key is missing",
    why: "NativeLink stops while parsing when a required field is absent. Some are easy to miss: shard weight (required since v1.0.0 although documented as defaulting to 1), global.max_open_files whenever global is given, a worker's platform_properties, a grpc store's store_type, compression's accepted_compression_algorithms.",
    fix: "Add the key; the hint gives a sensible value.",
    nativelink: [{ message: "missing field `{field}`", source: "serde_derive" }],
    catalog: ["missing-field"],
    examples: {
      bad: { config: '{ stores: [{ name: "S", filesystem: { temp_path: "/var/nl/tmp" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "S", filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }], servers: [] }' },
    },
  },
  fromSchema("key-required"),
);
