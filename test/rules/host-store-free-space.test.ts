import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { col, onHost } from "../helpers/host.ts";

const RULE = "host-store-free-space";
const two = (a: string, b: string) =>
  `{ stores: [{ name: "A", filesystem: { content_path: "a/cas", temp_path: "a/tmp", eviction_policy: { max_bytes: "${a}" } } }, { name: "B", filesystem: { content_path: "b/cas", temp_path: "b/tmp", eviction_policy: { max_bytes: "${b}" } } }], servers: [] }`;

describe(RULE, () => {
  it("adds up the max_bytes of the stores on one file system", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-space-"));
    const c = two("600000Ti", "600000Ti");
    expect(await onHost(c, RULE, { cwd: d })).toEqual([
      `1:${col(c, '"600000Ti"')} max_bytes of stores "A", "B" add up to 1228800000 GiB, more than the file system holding content_path "a/cas" has room for: the disk fills before NativeLink evicts, and uploads fail`,
    ]);
  });
  it("passes stores that fit, and stores without max_bytes", async () => {
    const d = mkdtempSync(join(tmpdir(), "nlp-space-"));
    expect(await onHost(two("1Mi", "1Mi"), RULE, { cwd: d })).toEqual([]);
    expect(await onHost('{ stores: [{ name: "A", filesystem: { content_path: "a/cas", temp_path: "a/tmp" } }], servers: [] }', RULE, { cwd: d })).toEqual([]);
  });
});
