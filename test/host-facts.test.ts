import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitTrackedPaths } from "../src/host-facts.ts";

const hasGit = spawnSync("git", ["--version"]).status === 0;
const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
};

describe.skipIf(!hasGit)("gitTrackedPaths (needs git)", () => {
  let repo: string;
  let outside: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "nlp-host-facts-repo-"));
    outside = mkdtempSync(join(tmpdir(), "nlp-host-facts-out-"));
    git(repo, "init", "-q");
    mkdirSync(join(repo, "certs"));
    for (const f of ["committed.key", "staged.key", "untracked.key", "star[1].key", "star1.key"]) writeFileSync(join(repo, "certs", f), "x");
    writeFileSync(join(outside, "loose.key"), "x");
    git(repo, "add", "certs/committed.key", "certs/star1.key");
    git(repo, "commit", "-q", "-m", "init");
    git(repo, "add", "certs/staged.key");
  });

  it("finds committed and staged files, not untracked ones, and returns the paths as given", () => {
    const paths = [join(repo, "certs/committed.key"), join(repo, "certs/staged.key"), join(repo, "certs/untracked.key")];
    expect([...gitTrackedPaths(paths, "/")].sort()).toEqual([join(repo, "certs/committed.key"), join(repo, "certs/staged.key")]);
  });

  it("resolves relative paths against cwd", () => {
    expect([...gitTrackedPaths(["certs/committed.key", "./certs/untracked.key"], repo)]).toEqual(["certs/committed.key"]);
  });

  it("reads names literally, not as globs", () => {
    // star[1].key is untracked; as a glob it would match the tracked star1.key.
    expect([...gitTrackedPaths([join(repo, "certs/star[1].key")], "/")]).toEqual([]);
  });

  it("knows nothing outside a repository, in missing directories, or for odd input", () => {
    expect(gitTrackedPaths([join(outside, "loose.key"), "/no/such/dir/k.pem", "", "a\0b"], "/").size).toBe(0);
    expect(gitTrackedPaths([], repo).size).toBe(0);
  });

  it("asks each repository about its own files", () => {
    const paths = [join(outside, "loose.key"), join(repo, "certs/committed.key")];
    expect([...gitTrackedPaths(paths, outside)]).toEqual([join(repo, "certs/committed.key")]);
  });
});
