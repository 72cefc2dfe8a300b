// experimental_chunking's average chunk size must stay within the REAPI bounds, or the CAS service fails to start.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { integerOf } from "../src/facts/references.ts";
import { get, serviceBody } from "../src/typed.ts";

const MIN = 1024n;
const MAX = 1024n * 1024n;
const LISTEN = 'listener: { http: { socket_address: "0.0.0.0:50051" } }';
const STORES = 'stores: [{ name: "CAS", memory: {} }, { name: "CHUNK_INDEX", memory: {} }]';
const cas = (avg: string) => `{ ${STORES}, servers: [{ ${LISTEN}, services: { cas: [{ cas_store: "CAS", experimental_chunking: { index_store: "CHUNK_INDEX", avg_chunk_size_bytes: ${avg} } }] } }] }`;

export default defineRule(
  {
    id: "cas-chunking-avg-size",
    category: "reference",
    severity: "error",
    summary: "`experimental_chunking.avg_chunk_size_bytes` must be 0 (the default, 512 KiB) or between 1024 and 1048576",
    why: "The REAPI bounds FastCDC 2020's average chunk size to 1 KiB..1 MiB. NativeLink checks the value when it builds the CAS service, and again in every capabilities service (which advertises chunking for the CAS instances of all servers); a value outside the range stops startup. 0 means the default of 524288.",
    fix: "Use a value between 1024 and 1048576, or leave the field out for the 512 KiB default.",
    nativelink: [{ message: "'experimental_chunking.avg_chunk_size_bytes' is {n}, must be between 1024 and 1048576", source: "nativelink-config/src/cas_server.rs:230-243; nativelink-service/src/cas_server.rs:218-225; nativelink-service/src/capabilities_server.rs:64-71" }],
    catalog: ["chunking-avg-size-range"],
    examples: {
      bad: { config: cas("512") },
      good: { config: cas("65536") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const server of model.servers) {
      for (const e of server.services ?? []) {
        const node = get(get(serviceBody(e, "cas"), "experimental_chunking"), "avg_chunk_size_bytes");
        const n = integerOf(node);
        // Negative or fractional values are parse errors, reported by the schema rules.
        if (!node || n === undefined || n < 0n || n > 9223372036854775807n || n === 0n || (n >= MIN && n <= MAX)) continue;
        yield {
          // Pointing at services keeps the engine from replacing this startup message with the
          // untagged-enum one it uses for parse errors inside service lists; the span is the value.
          at: server.servicesAt ?? server.at,
          node,
          message: `avg_chunk_size_bytes ${n} of instance "${e.instanceName}" is ${n < MIN ? "below 1024" : "above 1048576"}; the REAPI allows 1024..1048576 (0 means 524288)`,
          nativelink: `'experimental_chunking.avg_chunk_size_bytes' is ${n}, must be between ${MIN} and ${MAX}`,
          hint: n < MIN ? "use at least 1024" : "use at most 1048576",
        };
      }
    }
  },
);
