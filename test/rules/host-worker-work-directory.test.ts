import { chmodSync, mkdirSync, mkdtempSync, readFileSync, chownSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";
import { resolveUser } from "../../src/host-users.ts";

const RULE = "host-worker-work-directory";
const W = (dir: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "cache/cas", temp_path: "cache/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "${dir}", platform_properties: {} } }] }`;
const nobody = resolveUser("nobody", readFileSync("/etc/passwd", "utf8"), readFileSync("/etc/group", "utf8"));
const isRoot = process.getuid?.() === 0;

function base(): string {
  const d = mkdtempSync(join(tmpdir(), "nlp-workdir-"));
  chmodSync(d, 0o755);
  return d;
}

describe.skipIf(!isRoot || !nobody.found)(RULE, () => {
  it("reports a work_directory holding a directory nobody cannot empty (NativeLink deletes it at startup)", async () => {
    const d = base();
    mkdirSync(join(d, "work/action-1"), { recursive: true });
    writeFileSync(join(d, "work/action-1/out.o"), "");
    chownSync(join(d, "work"), nobody.uid!, nobody.gids[0]!);
    chownSync(d, nobody.uid!, nobody.gids[0]!);
    const c = W("work");
    expect(await onHost(c, RULE, { cwd: d, runAs: "nobody" })).toEqual([
      `1:${col(c, '"work"')} work_directory "work": nobody cannot empty ${d}/work/action-1 (mode 755, owner uid 0, group gid 0), and NativeLink deletes the work directory at startup: it stops there`,
    ]);
    expect(await onHost(c, RULE, { cwd: d, runAs: "root" })).toEqual([]);
  });
  it("passes an empty read-only directory inside it (unlinking it needs only its parent)", async () => {
    const d = base();
    mkdirSync(join(d, "work/outputs"), { recursive: true });
    for (const p of ["", "work"]) chownSync(join(d, p), nobody.uid!, nobody.gids[0]!);
    chownSync(join(d, "work/outputs"), nobody.uid!, nobody.gids[0]!);
    chmodSync(join(d, "work/outputs"), 0o555);
    expect(await onHost(W("work"), RULE, { cwd: d, runAs: "nobody" })).toEqual([]);
    writeFileSync(join(d, "work/outputs/a.o"), "");
    expect(await onHost(W("work"), RULE, { cwd: d, runAs: "nobody" })).toHaveLength(1);
  });
  it("reports a work_directory nobody cannot create", async () => {
    const d = base();
    const c = W("new/work");
    expect(await onHost(c, RULE, { cwd: d, runAs: "nobody" })).toEqual([
      `1:${col(c, '"new/work"')} work_directory "new/work": nobody cannot create ${d}/new in ${d} (mode 755, owner uid 0, group gid 0), so NativeLink cannot create it and stops at startup`,
    ]);
  });
  it("reports a work_directory that is a mount point (here /dev/shm, a tmpfs)", async () => {
    const c = W("/dev/shm");
    expect(await onHost(c, RULE, { runAs: "root" })).toEqual([`1:${col(c, '"/dev/shm"')} work_directory "/dev/shm": /dev/shm is itself a mount point, and NativeLink deletes the work directory at startup: it stops there`]);
  });
});
