// Integers must fit the field's Rust integer type.
import { defineRule, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "value-range",
    category: "value",
    severity: "error",
    loader: "refuses-value",
    summary: "an integer outside the range of the field's type",
    why: "Integer fields are unsigned or 32-bit in NativeLink; a negative number or one too large for the type stops it while parsing.",
    fix: "Use a value inside the range given in the message.",
    nativelink: [{ message: "invalid value: integer `{n}`, expected {type}", source: "serde_derive" }],
    catalog: ["numeric-out-of-range"],
    examples: {
      bad: { config: '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ cas_store: "S", experimental_chunking: { avg_chunk_size_bytes: -1 } }] } }] }' },
      good: { config: '{ stores: [{ name: "S", memory: {} }, { name: "I", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ cas_store: "S", experimental_chunking: { avg_chunk_size_bytes: 65536, index_store: "I" } }] } }] }' },
    },
  },
  fromSchema("value-range"),
);
