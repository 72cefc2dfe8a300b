// The pre-v0.7.2 object form of bytestream still loads, with a warning, and drops one setting.
import { defineRule, fromDiagnostics } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "deprecated-bytestream-form",
    category: "deprecation",
    severity: "warning",
    summary: "bytestream written in the deprecated { cas_stores: {...} } form",
    why: "Since v0.7.2 bytestream is a list of { instance_name, cas_store, ... }. NativeLink v1.6.6 still reads the old object with a deprecation warning, and ignores its max_decoding_message_size (that setting moved to the HTTP listener).",
    fix: "Rewrite as bytestream: [{ instance_name: \"main\", cas_store: \"CAS\" }] and move max_decoding_message_size to listener.http.",
    nativelink: [
      { message: "WARNING: Using deprecated map format for services. Please migrate to the new array format:", source: "nativelink-config/src/backcompat.rs" },
      { message: "WARNING: max_decoding_message_size is ignored on Bytestream now. Please set on the HTTP listener instead", source: "nativelink-config/src/backcompat.rs" },
    ],
    catalog: ["deprecated-bytestream-old-form", "bytestream-max-decoding-ignored"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { bytestream: { cas_stores: { main: "CAS" }, max_decoding_message_size: 1000 } } }] }' },
      good: { config: '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051", max_decoding_message_size: 1000 } }, services: { bytestream: [{ instance_name: "main", cas_store: "CAS" }] } }] }' },
    },
  },
  fromDiagnostics("deprecated-bytestream-form", "bytestream-decoding-ignored"),
);
