// With --on-host: use_namespaces needs a Linux host where NativeLink's user may create user namespaces.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { couldNotCheck, startupError, target } from "../src/host/report.ts";

const W = (extra: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {}${extra} } }] }`;

export default defineRule(
  {
    id: "host-worker-namespaces",
    category: "host",
    severity: "error",
    summary: "with --on-host, use_namespaces: true needs a Linux host that lets NativeLink's user create namespaces",
    why: "With use_namespaces: true a worker probes at startup whether it can unshare user, PID, IPC and UTS namespaces (and a mount namespace with use_mount_namespace) and refuses to start when it cannot. Linux refuses when user.max_user_namespaces is 0, and for users other than root when kernel.unprivileged_userns_clone is 0 (Debian) or kernel.apparmor_restrict_unprivileged_userns is 1 (Ubuntu 24.04); other systems have no namespaces at all. Seccomp filters of containers (Docker's default) also refuse unshare, which /proc does not show.",
    fix: "Allow user namespaces (sysctl user.max_user_namespaces=15000; kernel.unprivileged_userns_clone=1; or an AppArmor profile for nativelink), run the worker in a privileged container, or drop use_namespaces.",
    nativelink: [
      { message: "Namespaces not supported", source: "nativelink-worker/src/local_worker.rs:671-678" },
      { message: "Namespaces: Error during unshare", source: "nativelink-worker/src/namespace_utils.rs:157-188" },
      { message: "Namespaces not supported on non-Linux OSes", source: "nativelink-worker/src/local_worker.rs:698-714" },
    ],
    catalog: ["worker-namespaces-unsupported", "namespace-check-diagnostics", "worker-ns-non-linux"],
    examples: {
      bad: { config: W(", use_namespaces: true"), onHost: true, runAs: "nobody", host: { proc: { "self/status": "Name:\tx\n", "sys/user/max_user_namespaces": "0\n" } } },
      good: { config: W(", use_namespaces: true"), onHost: true, runAs: "nobody", host: { proc: { "self/status": "Name:\tx\n", "sys/user/max_user_namespaces": "15000\n" } } },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const w of t.plan.workers) {
      const ns = w.useNamespaces;
      if (!ns?.value) continue;
      if (t.platform !== "linux") {
        yield { at: ns.at, node: ns.node, message: `use_namespaces: true on ${t.platform}: NativeLink has namespaces only on Linux and stops at startup`, nativelink: startupError("Unavailable", ["Namespaces not supported on non-Linux OSes", "Could not make LocalWorker"]), hint: "drop use_namespaces on this host" };
        continue;
      }
      const max = t.sysctl["user.max_user_namespaces"];
      if (max === undefined) {
        yield couldNotCheck(ns, "whether user namespaces are available: /proc/sys/user/max_user_namespaces is not readable");
        continue;
      }
      const root = t.user.uid === 0;
      const why =
        Number(max) === 0
          ? "user.max_user_namespaces is 0"
          : !root && t.sysctl["kernel.unprivileged_userns_clone"] === "0"
            ? `kernel.unprivileged_userns_clone is 0, so ${t.user.name} (not root) may not create user namespaces`
            : !root && t.sysctl["kernel.apparmor_restrict_unprivileged_userns"] === "1"
              ? `kernel.apparmor_restrict_unprivileged_userns is 1, so ${t.user.name} may create user namespaces only under an AppArmor profile that allows them`
              : undefined;
      if (!why) continue;
      yield {
        at: ns.at,
        node: ns.node,
        message: `use_namespaces: true, but on this host ${why}: the worker's namespace probe fails and NativeLink stops at startup`,
        nativelink: startupError("Unavailable", ["Namespaces not supported", "Could not make LocalWorker"]),
        hint: "allow user namespaces (sysctl), or drop use_namespaces",
      };
    }
  },
);
