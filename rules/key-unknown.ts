// A key the struct does not define stops NativeLink (the struct rejects unknown fields).
import { defineRule, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "key-unknown",
    category: "schema",
    severity: "error",
    loader: true,
    summary: "an unknown key where NativeLink rejects unknown keys",
    why: "Most NativeLink config structs reject keys they do not define, so a typo or a key from another release stops NativeLink while it parses. Inside services.cas/ac/... NativeLink hides the key behind a generic untagged-enum message; this rule names it.",
    fix: "Fix the spelling (the message suggests the closest key) or remove the key.",
    nativelink: [
      { message: "unknown field `{key}`, expected one of ...", source: "serde_derive (deny_unknown_fields)" },
      { message: "data did not match any variant of untagged enum WithInstanceNameBackCompat", source: "nativelink-config/src/backcompat.rs" },
    ],
    catalog: ["unknown-field", "unknown-field-flattened-cloud", "untagged-services-mismatch", "untagged-bytestream-mismatch"],
    examples: {
      bad: { config: '{ stores: [{ name: "S", memory: { eviction_policy: { max_byte: 1000 } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "S", memory: { eviction_policy: { max_bytes: 1000 } } }], servers: [] }' },
    },
  },
  fromSchema("key-unknown"),
);
