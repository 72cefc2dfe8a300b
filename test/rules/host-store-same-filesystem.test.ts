// content_path on the disk, temp_path on a tmpfs under /dev/shm.
import { existsSync, mkdirSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";

const RULE = "host-store-same-filesystem";
const FS = (content: string, temp: string) => `{ stores: [{ name: "CAS", filesystem: { content_path: "${content}", temp_path: "${temp}" } }], servers: [] }`;
const disk = mkdtempSync(join(tmpdir(), "nlp-samefs-"));
const shm = existsSync("/dev/shm") && statSync("/dev/shm").dev !== statSync(disk).dev;

describe(RULE, () => {
  it.skipIf(!shm)("reports temp_path on a tmpfs (/dev/shm) beside content_path on the disk", async () => {
    const tmp = mkdtempSync("/dev/shm/nlp-samefs-");
    const c = FS(`${disk}/cas`, `${tmp}/tmp`);
    expect(await onHost(c, RULE, { cwd: disk })).toEqual([
      `1:${col(c, `"${tmp}/tmp"`)} temp_path "${tmp}/tmp" and content_path "${disk}/cas" are on different file systems: NativeLink starts, but every upload fails when it renames the file into content_path`,
    ]);
  });
  it("passes two directories of one file system, existing or not", async () => {
    mkdirSync(join(disk, "a/cas"), { recursive: true });
    expect(await onHost(FS("a/cas", "b/tmp"), RULE, { cwd: disk })).toEqual([]);
  });
});
