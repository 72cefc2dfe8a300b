// worker_api_endpoint.timeout becomes a Duration on every connection attempt: negative, NaN or huge values panic, 0 never connects.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";

const worker = (endpoint: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: ${endpoint}, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

const NEGATIVE = "cannot convert float seconds to Duration: value is negative";
const OVERFLOW = "cannot convert float seconds to Duration: value is either too big or NaN";

export default defineRule(
  {
    id: "worker-endpoint-timeout",
    category: "endpoint",
    severity: "error",
    summary: "a worker's worker_api_endpoint.timeout must be a positive number of seconds",
    why: "The timeout is a plain f32 that the parser accepts whatever its value. Each time the worker connects to the scheduler it converts it with Duration::from_secs_f32, which panics for a negative value, NaN, infinity or anything from 2^64 seconds up; the panic ends the worker task and NativeLink exits. A timeout of 0 gives a zero connect timeout, so every attempt fails and is retried without end.",
    fix: "Use a positive number of seconds, or leave timeout out for the 5 s default.",
    nativelink: [
      { message: NEGATIVE, source: "nativelink-worker/src/local_worker.rs:743-747 (core::time::Duration::from_secs_f32)" },
      { message: OVERFLOW, source: "nativelink-worker/src/local_worker.rs:743-747 (core::time::Duration::from_secs_f32)" },
    ],
    catalog: ["worker-endpoint-timeout-invalid"],
    examples: {
      bad: { config: worker('{ uri: "grpc://127.0.0.1:50061", timeout: -1 }') },
      good: { config: worker('{ uri: "grpc://127.0.0.1:50061", timeout: 10 }') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const ep = get(w.local, "worker_api_endpoint");
      const t = get(ep, "timeout");
      if (t?.kind !== "number") continue;
      // serde reads the number as f64 and narrows it with `as f32`.
      const secs = Math.fround(t.value);
      const shown = t.text;
      if (secs < 0) {
        yield {
          node: t,
          message: `worker_api_endpoint.timeout is ${shown}; a negative timeout panics the worker task when it connects, and NativeLink exits`,
          nativelink: NEGATIVE,
          hint: "use a positive number of seconds, e.g. 5 (the default)",
        };
      } else if (Number.isNaN(secs) || secs >= 2 ** 64) {
        yield {
          node: t,
          message: `worker_api_endpoint.timeout is ${shown}, which is not a finite number of seconds below 2^64; the worker task panics when it connects, and NativeLink exits`,
          nativelink: OVERFLOW,
          hint: "use a positive number of seconds, e.g. 5 (the default)",
        };
      } else if (secs * 1e9 < 0.5) {
        const uri = model.str(get(ep, "uri"));
        yield {
          node: t,
          message: `worker_api_endpoint.timeout is ${shown}, a zero connect timeout: every connection attempt to the scheduler times out and is retried forever`,
          nativelink: uri && !uri.unknown ? `Could not connect to endpoint ${uri.value}` : undefined,
          hint: "use a positive number of seconds, e.g. 5 (the default), or remove timeout",
        };
      }
    }
  },
);
