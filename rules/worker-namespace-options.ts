// use_mount_namespace only works together with use_namespaces: true.
import { defineRule, fieldWrittenElsewhere } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { get } from "../src/typed.ts";

const worker = (extra: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {}${extra} } }] }`;

export default defineRule(
  {
    id: "worker-namespace-options",
    category: "reference",
    severity: "error",
    summary: "a worker's use_mount_namespace needs use_namespaces: true",
    why: "Mount namespaces are created inside the user namespace that use_namespaces enables. With use_mount_namespace: true and use_namespaces left unset, the worker refuses to start. With use_namespaces: false explicitly, use_mount_namespace is silently ignored and actions run without any namespace isolation.",
    fix: "Add use_namespaces: true next to use_mount_namespace: true, or drop use_mount_namespace.",
    nativelink: [{ message: "Mount namespaces not supported", source: "nativelink-worker/src/local_worker.rs:686-693" }],
    catalog: ["worker-mount-ns-without-ns"],
    examples: {
      bad: { config: worker(", use_mount_namespace: true") },
      good: { config: worker(", use_namespaces: true, use_mount_namespace: true") },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const mount = get(w.local, "use_mount_namespace");
      if (mount?.kind !== "boolean" || !mount.value) continue;
      const ns = get(w.local, "use_namespaces");
      if (ns === undefined && fieldWrittenElsewhere(ctx, w.local, "use_namespaces")) continue;
      if (ns === undefined || ns.kind === "null") {
        yield {
          node: mount,
          message: `worker "${w.name}" sets use_mount_namespace: true without use_namespaces, so it refuses to start`,
          nativelink: "Mount namespaces not supported",
          hint: "add use_namespaces: true",
        };
      } else if (ns.kind === "boolean" && !ns.value) {
        yield {
          node: mount,
          severity: "warning",
          message: `worker "${w.name}" sets use_mount_namespace: true but use_namespaces: false, so the mount namespace is silently not used`,
          hint: "set use_namespaces: true to get the mount namespace, or remove use_mount_namespace",
          related: [{ node: ns, message: "use_namespaces is false here" }],
        };
      }
    }
  },
);
