import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";

const RULE = "host-worker-commands";
const W = (props: string, extra = "") =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: ${props}${extra} } }] }`;

describe(RULE, () => {
  it("reports a query_cmd program that is not executable, even for root (never running it)", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-cmds-"));
    writeFileSync(join(d, "probe.sh"), "#!/bin/sh\ntouch ran\necho 4\n");
    chmodSync(join(d, "probe.sh"), 0o644);
    const c = W('{ cpu_count: { query_cmd: "./probe.sh --count" } }');
    expect(await onHost(c, RULE, { cwd: d, runAs: "root" })).toEqual([
      `1:${col(c, '"./probe.sh')} query_cmd of platform property "cpu_count": root may not execute ${d}/probe.sh (mode 644, owner uid 0, group gid 0); the worker fails to register and retries every 0.5 s without end`,
    ]);
    chmodSync(join(d, "probe.sh"), 0o755);
    expect(await onHost(c, RULE, { cwd: d, runAs: "root" })).toEqual([]);
  });
  it("looks bare names up in /bin:/usr/bin, as the worker's cleared environment does", async () => {
    const c = W('{ cpu_count: { query_cmd: "nativelink-preflight-no-such-program" }, os: { query_cmd: "uname -s" } }');
    expect(await onHost(c, RULE)).toEqual([
      `1:${col(c, '"nativelink-preflight-no-such-program"')} query_cmd of platform property "cpu_count": nativelink-preflight-no-such-program is not in /bin:/usr/bin (the worker clears the environment, so this is the PATH it searches); the worker fails to register and retries every 0.5 s without end`,
    ]);
  });
  it("reports a missing entrypoint", async () => {
    const c = W("{}", ', entrypoint: "/opt/nativelink-preflight-test/run-in-sandbox"');
    expect(await onHost(c, RULE)).toEqual([`1:${col(c, '"/opt/nativelink-preflight-test')} entrypoint: /opt/nativelink-preflight-test/run-in-sandbox does not exist; every action the worker runs fails`]);
  });
});
