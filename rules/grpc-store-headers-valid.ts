// Static grpc store headers must be valid ASCII gRPC metadata, as tonic and http judge them.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import { get, storeBody } from "../src/typed.ts";
import { describeSpec } from "../src/facts/stores.ts";

/** http 1.4's token characters for header names (after lower-casing). */
const NAME_CHAR = /^[!#$%&'*+\-.^_`|~0-9a-z]$/;
const MAX_NAME_LEN = 65535;

/**
 * Why `MetadataKey::<Ascii>::from_bytes(name.to_lowercase())` fails, or undefined. NativeLink lower-cases
 * with Rust's Unicode `to_lowercase`, which JavaScript's toLowerCase matches; http's HeaderName then
 * takes 1..=65535 bytes of token characters, and tonic refuses ASCII keys ending in "-bin".
 */
export function metadataKeyProblem(name: string): string | undefined {
  const lower = name.toLowerCase();
  const bytes = Buffer.byteLength(lower, "utf8");
  if (bytes === 0) return "it is empty";
  if (bytes > MAX_NAME_LEN) return `it is longer than ${MAX_NAME_LEN} bytes`;
  const bad = Array.from(lower).find((c) => !NAME_CHAR.test(c));
  if (bad !== undefined) return `it contains ${JSON.stringify(bad)}, which is not allowed in a header name`;
  if (lower.endsWith("-bin")) return 'names ending in "-bin" are for binary metadata, which static headers cannot carry';
  return undefined;
}

/** Why `HeaderValue::from_str` fails: bytes below 0x20 other than tab, or DEL. Non-ASCII UTF-8 passes. */
export function metadataValueProblem(value: string): string | undefined {
   
  const bad = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(value);
  return bad ? `it contains the control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}

export default defineRule(
  {
    id: "grpc-store-headers-valid",
    category: "reference",
    severity: "error",
    summary: "grpc store headers must be valid gRPC metadata names and values",
    why: "GrpcStore::new turns each `headers` entry into tonic ASCII metadata: the name, lower-cased, must be 1 to 65535 token characters (letters, digits and !#$%&'*+-.^_`|~) not ending in \"-bin\", and the value must not contain control characters other than tab. The first entry that fails stops NativeLink while it builds the store. Header names and values are used literally, never ${VAR}-expanded.",
    fix: "Use a plain header name such as x-team-id, and a value without line breaks or other control characters.",
    nativelink: [
      { message: "Invalid gRPC metadata key: {name}", source: "nativelink-store/src/grpc_store.rs:316" },
      { message: "Invalid gRPC metadata value for key: {name}", source: "nativelink-store/src/grpc_store.rs:320" },
    ],
    catalog: ["grpc-bad-header-name", "grpc-bad-header-value"],
    examples: {
      bad: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", headers: { "x team": "builds" } } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "UPSTREAM", grpc: { endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas", headers: { "x-team": "builds" } } }], servers: [] }' },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const spec of model.allStoreSpecs) {
      const headers = get(storeBody(spec, "grpc"), "headers");
      if (headers?.kind !== "object") continue;
      // A HashMap: the last of duplicate keys is the one NativeLink keeps.
      const last = new Map<string, DocNode>();
      for (const m of headers.members) last.set(m.key, m.value);
      const where = describeSpec(model, spec);
      for (const [name, value] of last) {
        const keyProblem = metadataKeyProblem(name);
        if (keyProblem) {
          yield {
            node: value,
            target: "key",
            message: `grpc ${where} header name ${JSON.stringify(name)} is not valid gRPC metadata: ${keyProblem}`,
            nativelink: `Invalid gRPC metadata key: ${name}`,
            hint: "use lower-case letters, digits and dashes, e.g. x-team-id",
          };
          continue;
        }
        if (value.kind !== "string") continue;
        const valueProblem = metadataValueProblem(value.value);
        if (valueProblem) {
          yield {
            node: value,
            message: `grpc ${where} header ${JSON.stringify(name)} has a value that is not valid gRPC metadata: ${valueProblem}`,
            nativelink: `Invalid gRPC metadata value for key: ${name}`,
            hint: "remove line breaks and other control characters from the value",
          };
        }
      }
    }
  },
);
