// Numbers, durations, data sizes and booleans must be in a form NativeLink's converters accept.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "value-format",
    category: "value",
    severity: "error",
    loader: "refuses-value",
    summary: "numbers, durations, data sizes and booleans must be in a form NativeLink accepts",
    why: "NativeLink converts these fields itself after ${VAR} expansion: integers must parse as i64 and fit the field, durations need a unit when written as a string (\"300\" is refused, \"300s\" is fine), data sizes take bytes or units like \"64MiB\", booleans take true/false. Anything else stops it while parsing.",
    fix: "Write the value in one of the accepted forms shown in the message.",
    nativelink: [
      { message: "invalid digit found in string", source: "nativelink-config/src/serde_utils.rs (convert_numeric)" },
      { message: "out of range integral type conversion attempted", source: "nativelink-config/src/serde_utils.rs" },
      { message: "time unit needed, for example 300sec or 300ms", source: "humantime (convert_duration)" },
      { message: "Negative data size is not allowed", source: "nativelink-config/src/serde_utils.rs (convert_data_size)" },
      { message: "provided string was not `true` or `false`", source: "nativelink-config/src/serde_utils.rs (convert_boolean)" },
      { message: "error parsing integer", source: "serde_json5 (integer literal outside i64)" },
    ],
    catalog: ["numeric-parse", "numeric-out-of-range", "numeric-wrong-type", "optional-numeric-empty", "bool-parse", "data-size-parse", "duration-parse", "json5-number-unparsable"],
    examples: {
      bad: { config: '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.5:50051" }], store_type: "cas", rpc_timeout_s: "300" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "S", grpc: { endpoints: [{ address: "grpc://10.0.0.5:50051" }], store_type: "cas", rpc_timeout_s: "300s" } }], servers: [] }' },
    },
  },
  fromDiagnostics("value-format"),
);
