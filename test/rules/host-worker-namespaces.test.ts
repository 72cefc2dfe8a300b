import { describe, expect, it } from "vitest";
import { col, fakeProc, NO_PROC, onHost } from "../helpers/host.ts";

const RULE = "host-worker-namespaces";
const W = `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {}, use_namespaces: true } }] }`;
const AT = col(W, "use_namespaces: true") + "use_namespaces: ".length;
const proc = (files: Record<string, string>) => fakeProc({ "self/status": "Name:\tx\n", ...files });

describe(RULE, () => {
  it("reports user.max_user_namespaces = 0 for any user", async () => {
    expect(await onHost(W, RULE, { runAs: "root", hostRoots: proc({ "sys/user/max_user_namespaces": "0\n" }) })).toEqual([
      `1:${AT} use_namespaces: true, but on this host user.max_user_namespaces is 0: the worker's namespace probe fails and NativeLink stops at startup`,
    ]);
  });
  it("reports kernel.unprivileged_userns_clone = 0 for users other than root", async () => {
    const roots = proc({ "sys/user/max_user_namespaces": "15000\n", "sys/kernel/unprivileged_userns_clone": "0\n" });
    expect(await onHost(W, RULE, { runAs: "nobody", hostRoots: roots })).toEqual([
      `1:${AT} use_namespaces: true, but on this host kernel.unprivileged_userns_clone is 0, so nobody (not root) may not create user namespaces: the worker's namespace probe fails and NativeLink stops at startup`,
    ]);
    expect(await onHost(W, RULE, { runAs: "root", hostRoots: roots })).toEqual([]);
  });
  it("reports Ubuntu's AppArmor restriction for users other than root", async () => {
    const roots = proc({ "sys/user/max_user_namespaces": "15000\n", "sys/kernel/apparmor_restrict_unprivileged_userns": "1\n" });
    expect(await onHost(W, RULE, { runAs: "nobody", hostRoots: roots })).toHaveLength(1);
  });
  it("says it could not check without /proc/sys", async () => {
    expect(await onHost(W, RULE, { runAs: "nobody", hostRoots: NO_PROC })).toEqual([`1:${AT} could not check whether user namespaces are available: /proc/sys/user/max_user_namespaces is not readable on this host`]);
  });
  it("does nothing without use_namespaces", async () => {
    expect(await onHost(W.replace(", use_namespaces: true", ""), RULE, { runAs: "nobody", hostRoots: NO_PROC })).toEqual([]);
  });
});
