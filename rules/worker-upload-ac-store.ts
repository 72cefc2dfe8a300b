// A worker uploads action results by default, and without an AC store to upload to it is never built.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";

const STORES = 'stores: [{ name: "AC", memory: {} }, { name: "WORKER_FAST_SLOW", fast_slow: { fast: { filesystem: { content_path: "/var/lib/nativelink/cas", temp_path: "/var/lib/nativelink/tmp" } }, slow: { memory: {} } } }]';
const worker = (upload: string) =>
  `{ ${STORES}, servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "WORKER_FAST_SLOW", ${upload}work_directory: "/var/lib/nativelink/work", platform_properties: {} } }] }`;

export default defineRule(
  {
    id: "worker-upload-ac-store",
    category: "reference",
    severity: "error",
    summary: "a worker needs `upload_action_result.ac_store` unless `upload_ac_results_strategy` is \"never\"",
    why: "upload_ac_results_strategy defaults to \"success_only\", so a worker with no upload_action_result block, or one without ac_store, still means to publish results; when NativeLink builds the worker it finds no AC store to publish to and stops startup.",
    fix: "Set upload_action_result.ac_store to the AC store the scheduler and clients read (e.g. \"AC_MAIN\"), or set upload_ac_results_strategy: \"never\" if this worker must not write to the AC.",
    nativelink: [{ message: "upload_ac_results_strategy is set, but no ac_store is configured", source: "nativelink-worker/src/running_actions_manager.rs:2807-2815" }],
    catalog: ["worker-upload-ac-no-store"],
    examples: {
      bad: { config: worker("") },
      good: { config: worker('upload_action_result: { ac_store: "AC" }, ') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      if (w.local?.kind !== "object") continue;
      const upload = get(w.local, "upload_action_result");
      if (upload && upload.kind !== "object") continue; // a parse error, reported elsewhere
      const ac = get(upload, "ac_store");
      if (ac && ac.kind !== "null") continue;
      // Written under a misspelt key, the missing AC store is that key's finding.
      if (upload ? !ac && fieldWrittenElsewhere(ctx, upload, "ac_store") : fieldWrittenElsewhere(ctx, w.local, "upload_action_result")) continue;
      const strategyNode = get(upload, "upload_ac_results_strategy");
      let strategy = "success_only";
      if (strategyNode) {
        // Unit variants may be written "never" or { never: null }; take the variant the walker chose.
        const chosen = ctx.normalized?.variantAt.get(strategyNode) ?? (strategyNode.kind === "string" ? strategyNode.value : undefined);
        if (chosen === undefined) continue;
        strategy = chosen;
      }
      if (strategy === "never") continue;
      const how = strategyNode ? `upload_ac_results_strategy "${strategy}"` : `the default upload_ac_results_strategy "success_only"`;
      yield {
        at: upload ? upload.pointer : (w.localAt ?? w.at),
        node: upload ?? w.local,
        message: `worker "${w.name}" uploads action results (${how}) but has no upload_action_result.ac_store`,
        nativelink: "upload_ac_results_strategy is set, but no ac_store is configured",
        hint: 'set upload_action_result.ac_store to the AC store, or upload_ac_results_strategy: "never"',
      };
    }
  },
);
