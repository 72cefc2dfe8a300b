// The pre-v0.7 map form of services still loads, with a warning, and should be migrated.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "deprecated-services-map",
    category: "deprecation",
    severity: "warning",
    summary: "services written in the deprecated map-by-instance form",
    why: "Since v0.7.0 services.cas, ac, capabilities, execution, fetch and push are lists of { instance_name, ... }. NativeLink v1.6.6 still reads the old { \"<instance>\": {...} } map but prints a deprecation warning at every start, and in the map form unknown keys are rejected.",
    fix: "Rewrite as a list: cas: [{ instance_name: \"main\", cas_store: \"CAS\" }].",
    nativelink: [{ message: "WARNING: Using deprecated map format for services. Please migrate to the new array format:", source: "nativelink-config/src/backcompat.rs" }],
    catalog: ["deprecated-services-map"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: { main: { cas_store: "CAS" } } } }] }' },
      good: { config: '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ instance_name: "main", cas_store: "CAS" }] } }] }' },
    },
  },
  fromDiagnostics("deprecated-services-map"),
);
