// experimental_http2_max_frame_size outside the HTTP/2 range panics every HTTP/2 connection.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";

/** h2's DEFAULT_MAX_FRAME_SIZE and MAX_MAX_FRAME_SIZE (RFC 9113 SETTINGS_MAX_FRAME_SIZE bounds). */
const MIN = 16384n;
const MAX = 16777215n;
const ASSERTION = "assertion failed: DEFAULT_MAX_FRAME_SIZE <= val && val <= MAX_MAX_FRAME_SIZE";

const server = (advanced: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", advanced_http: ${advanced} } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

export default defineRule(
  {
    id: "http2-frame-size-range",
    category: "network",
    severity: "error",
    summary: "experimental_http2_max_frame_size must be between 16384 and 16777215",
    why: "NativeLink hands the value to hyper, which passes it to h2 when each HTTP/2 connection starts; h2 asserts the HTTP/2 bounds (2^14 to 2^24-1). Out of range, the server starts and listens, but every gRPC connection's task panics at once, so no client can talk to it.",
    fix: "Use a value from 16384 to 16777215, or remove the field to keep the default of 16384.",
    nativelink: [{ message: ASSERTION, source: "src/bin/nativelink.rs:600-602; h2 0.4.14 src/frame/settings.rs:91" }],
    catalog: ["http2-max-frame-size-panic"],
    examples: {
      bad: { config: server("{ experimental_http2_max_frame_size: 8192 }") },
      good: { config: server("{ experimental_http2_max_frame_size: 65536 }") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const s of model.servers) {
      const http = get(s.listenerNode, "http");
      const node = get(get(http, "advanced_http"), "experimental_http2_max_frame_size");
      const v = model.valueOf(node);
      if (!node || typeof v !== "bigint" || (v >= MIN && v <= MAX)) continue;
      yield {
        node,
        message: `experimental_http2_max_frame_size is ${v}, ${v < MIN ? "below the HTTP/2 minimum of 16384" : "above the HTTP/2 maximum of 16777215"}; every HTTP/2 connection to this server panics`,
        nativelink: ASSERTION,
        hint: "use a value from 16384 to 16777215, or remove it (default 16384)",
      };
    }
  },
);
