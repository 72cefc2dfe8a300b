// Each value must have the JSON type its field takes.
import { defineRule, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "value-type",
    category: "schema",
    severity: "error",
    loader: "refuses-value",
    summary: "a value of the wrong JSON type",
    why: "NativeLink stops while parsing when a field gets the wrong kind of value: a number for a string, an object where a list is expected (the pre-v0.7 map form of stores), a quoted number in a field that takes no strings.",
    fix: "Give the field a value of the expected type.",
    nativelink: [
      { message: "invalid type: {found}, expected {what}", source: "serde_derive" },
      { message: "error parsing number", source: "serde_json5 (plain numeric field given a non-number)" },
    ],
    catalog: ["invalid-type", "invalid-length-top-level-array"],
    examples: {
      bad: { config: '{ stores: [{ name: 5, memory: {} }], servers: [] }' },
      good: { config: '{ stores: [{ name: "5", memory: {} }], servers: [] }' },
    },
  },
  fromSchema("value-type"),
);
