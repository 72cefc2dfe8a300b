// Enumerated string values must be one NativeLink knows.
import { defineRule, fromSchema } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "value-enum",
    category: "schema",
    severity: "error",
    summary: "a value outside the field's fixed set",
    why: "Fields such as store_type, provider, retry_on_errors or supported_platform_properties take one of a fixed set of spellings (lower-case snake_case, except gRPC codes which are PascalCase); anything else stops NativeLink while it parses.",
    fix: "Use one of the listed values; the message suggests the closest.",
    nativelink: [{ message: "unknown variant `{v}`, expected one of ...", source: "serde_derive" }],
    catalog: ["unknown-variant"],
    examples: {
      bad: { config: '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.5:50051" }], store_type: "cas", retry: { retry_on_errors: ["unavailable"] } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.5:50051" }], store_type: "cas", retry: { retry_on_errors: ["Unavailable"] } } }], servers: [] }' },
    },
  },
  fromSchema("value-enum"),
);
