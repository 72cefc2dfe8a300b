// A variant that needs a body, written as a bare string, crashes NativeLink.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "variant-string-panic",
    category: "schema",
    severity: "error",
    summary: "a variant that needs a body, written as a bare string, crashes NativeLink",
    why: "Outside stores, schedulers and services, serde_json5 unwraps a missing variant body: listener: \"http\", workers: [\"local\"], a platform property \"values\" or an environment source \"property\" make NativeLink panic (exit code 101) instead of printing an error.",
    fix: "Give the variant its body, e.g. listener: { http: { socket_address: \"0.0.0.0:50051\" } }.",
    nativelink: [{ message: "called `Option::unwrap()` on a `None` value", source: "serde_json5 de.rs (Variant::newtype_variant_seed)" }],
    catalog: ["json5-newtype-variant-as-string-panic"],
    examples: {
      bad: { config: "{ stores: [], servers: [{ listener: \"http\" }] }" },
      good: { config: "{ stores: [], servers: [{ listener: { http: { socket_address: \"0.0.0.0:50051\" } }, services: { health: {} } }] }" },
    },
  },
  fromDiagnostics("variant-string-panic"),
);
