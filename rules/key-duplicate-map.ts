// A map key given twice silently loses the first value.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "key-duplicate-map",
    category: "schema",
    severity: "warning",
    summary: "a map key given twice silently loses the first value",
    why: "In map-typed fields (platform_properties, headers, supported_platform_properties, additional_environment, the old service maps) NativeLink keeps the later of two equal keys and drops the earlier one without a word, which is rarely what was meant.",
    fix: "Remove one of the two entries, or merge them.",
    nativelink: [],
    catalog: [],
    examples: {
      bad: { config: "{ stores: [{ name: \"S\", grpc: { endpoints: [{ address: \"grpc://10.0.0.5:50051\" }], store_type: \"cas\", headers: { team: \"a\", team: \"b\" } } }], servers: [] }" },
      good: { config: "{ stores: [{ name: \"S\", grpc: { endpoints: [{ address: \"grpc://10.0.0.5:50051\" }], store_type: \"cas\", headers: { team: \"a\" } } }], servers: [] }" },
    },
  },
  fromDiagnostics("key-duplicate-map"),
);
