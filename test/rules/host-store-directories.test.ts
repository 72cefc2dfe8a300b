// Real directories in a temp dir, with modes that deny `nobody` (the tests run as root).
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";
import { resolveUser } from "../../src/host-users.ts";
import { readFileSync } from "node:fs";

const RULE = "host-store-directories";
const FS = (content: string, temp: string) => `{ stores: [{ name: "CAS", filesystem: { content_path: "${content}", temp_path: "${temp}" } }], servers: [] }`;
const nobody = resolveUser("nobody", readFileSync("/etc/passwd", "utf8"), readFileSync("/etc/group", "utf8"));
const isRoot = process.getuid?.() === 0;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "nlp-fsdirs-"));
  chmodSync(d, 0o755);
  return d;
}

describe.skipIf(!isRoot || !nobody.found)(RULE, () => {
  it("reports a temp_path nobody cannot create under a root-owned 755 directory (temp_path first, as NativeLink)", async () => {
    const d = dir();
    mkdirSync(join(d, "locked"), { mode: 0o755 });
    const c = FS("locked/cas", "locked/tmp");
    expect(await onHost(c, RULE, { cwd: d, runAs: "nobody" })).toEqual([
      `1:${col(c, '"locked/tmp"')} temp_path "locked/tmp": nobody cannot create ${d}/locked/tmp in ${d}/locked (mode 755, owner uid 0, group gid 0), so NativeLink cannot create locked/tmp/s and stops at startup`,
    ]);
    // root can.
    expect(await onHost(c, RULE, { cwd: d, runAs: "root" })).toEqual([]);
  });

  it("reports a directory on the way that nobody cannot enter", async () => {
    const d = dir();
    mkdirSync(join(d, "private/cache"), { recursive: true });
    chmodSync(join(d, "private"), 0o700);
    const c = FS("private/cache/cas", "private/cache/tmp");
    expect(await onHost(c, RULE, { cwd: d, runAs: "nobody" })).toEqual([
      `1:${col(c, '"private/cache/tmp"')} temp_path "private/cache/tmp": nobody cannot enter ${d}/private (mode 700, owner uid 0, group gid 0), so NativeLink cannot create private/cache/tmp/s and stops at startup`,
    ]);
  });

  it("reports a content directory nobody owns the parts of but cannot list", async () => {
    const d = dir();
    for (const p of ["tmp/s", "tmp/d", "cas/s", "cas/d"]) mkdirSync(join(d, p), { recursive: true });
    for (const p of ["tmp", "tmp/s", "tmp/d", "cas/s", "cas/d"]) chownSync(join(d, p), nobody.uid!, nobody.gids[0]!);
    chmodSync(join(d, "cas"), 0o711);
    const c = FS("cas", "tmp");
    // (nobody cannot create cas.exec in the root-owned directory either: that only turns executable variants off.)
    expect(await onHost(c, RULE, { cwd: d, runAs: "nobody" })).toEqual([
      `1:${col(c, '"cas"')} content_path "cas": nobody cannot create ${d}/cas.exec in ${d} (mode 755, owner uid 0, group gid 0), so NativeLink turns executable variants off (inputs marked executable are then copied for every action)`,
      `1:${col(c, '"cas"')} content_path "cas": nobody cannot list ${d}/cas (mode 711, owner uid 0, group gid 0), so NativeLink cannot list it and stops at startup`,
    ]);
  });

  it("stops at content_path.exec when it is a file, and only warns when nobody cannot clear it", async () => {
    const d = dir();
    mkdirSync(join(d, "cache/cas/s"), { recursive: true });
    writeFileSync(join(d, "cache/cas.exec"), "");
    const c = FS("cache/cas", "cache/tmp");
    expect(await onHost(c, RULE, { cwd: d, runAs: "root" })).toEqual([
      `1:${col(c, '"cache/cas"')} content_path "cache/cas": ${d}/cache/cas.exec exists and is not a directory, so NativeLink cannot clear cache/cas.exec and stops at startup`,
    ]);
    const e = dir();
    for (const p of ["tmp/s", "tmp/d", "cas/s", "cas/d", "cas.exec/d"]) mkdirSync(join(e, p), { recursive: true });
    for (const p of ["tmp", "tmp/s", "tmp/d", "cas", "cas/s", "cas/d"]) chownSync(join(e, p), nobody.uid!, nobody.gids[0]!);
    expect(await onHost(FS("cas", "tmp"), RULE, { cwd: e, runAs: "nobody" })).toEqual([
      `1:${col(FS("cas", "tmp"), '"cas"')} content_path "cas": nobody cannot remove ${e}/cas.exec from ${e} (mode 755, owner uid 0, group gid 0), so NativeLink turns executable variants off (inputs marked executable are then copied for every action)`,
    ]);
  });
});
