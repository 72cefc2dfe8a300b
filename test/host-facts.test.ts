import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

describe.skipIf(!hasGit)("git is started once per repository, not once per directory (needs git)", () => {
  it("100 keys in 100 directories of one repository, and one outside any: one git", () => {
    const repo = mkdtempSync(join(tmpdir(), "nlp-host-facts-many-"));
    const outside = mkdtempSync(join(tmpdir(), "nlp-host-facts-none-"));
    git(repo, "init", "-q");
    const keys: string[] = [];
    for (let i = 0; i < 100; i++) {
      mkdirSync(join(repo, `d${i}`));
      writeFileSync(join(repo, `d${i}`, "k.key"), "x");
      keys.push(join(repo, `d${i}`, "k.key"));
    }
    git(repo, "add", "d7/k.key", "d42/k.key");
    // A git that logs each start to a file, then runs the real one.
    const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    const bin = mkdtempSync(join(tmpdir(), "nlp-fake-git-"));
    const log = join(bin, "log");
    writeFileSync(join(bin, "git"), `#!/bin/sh\necho started >> "${log}"\nexec "${real}" "$@"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const tracked = gitTrackedPaths([...keys, join(outside, "loose.key")], "/");
      expect([...tracked].sort()).toEqual([join(repo, "d42/k.key"), join(repo, "d7/k.key")]);
    } finally {
      process.env.PATH = path;
    }
    // Before: one git per directory (101).
    expect(readFileSync(log, "utf8").trim().split("\n")).toHaveLength(1);
  });
});
