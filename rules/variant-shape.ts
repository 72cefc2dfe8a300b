// An enum value must name exactly one known variant in the form NativeLink reads.
import { defineRule, fromDiagnostics, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "variant-shape",
    category: "schema",
    severity: "error",
    loader: true,
    summary: "an enum value must name exactly one known variant in the form NativeLink reads",
    why: "Store kinds, scheduler kinds, listener, worker and property kinds, cloud providers and unit enums are externally tagged enums: one key naming the variant. An unknown name, an empty object, two kinds in one nested object, a bare string where the variant needs a body, or a value on a variant that takes none each stop NativeLink while it parses.",
    fix: "Use one of the listed variant names, with a body when the variant needs one.",
    nativelink: [{ message: "unknown variant `{v}`, expected one of ...", source: "serde_derive" }, { message: "no variant of enum StoreSpec found in flattened data", source: "nativelink-config/src/cas_server.rs (NamedConfig flatten)" }, { message: "invalid value: map, expected map with a single key", source: "serde ContentDeserializer" }, { message: "invalid type: unit variant, expected newtype variant", source: "serde ContentDeserializer" }, { message: "expected a nonempty object", source: "serde_json5" }],
    catalog: ["unknown-variant", "no-variant-in-flattened-data", "enum-map-multiple-keys", "enum-unit-where-newtype", "invalid-length-top-level-array"],
    examples: {
      bad: { config: "{ stores: [{ name: \"S\", fast_slow: { fast: { memroy: {} }, slow: { noop: {} } } }], servers: [] }" },
      good: { config: "{ stores: [{ name: \"S\", fast_slow: { fast: { memory: {} }, slow: { noop: {} } } }], servers: [] }" },
    },
  },
  function* (ctx) {
    yield* fromDiagnostics("variant-shape")(ctx);
    yield* fromSchema("value-enum")(ctx);
  },
);
