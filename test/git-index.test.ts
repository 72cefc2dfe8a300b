// The git index reader (src/git-index.ts) gives the answer of `git ls-files` (gitTrackedPaths) for
// committed, staged, untracked, intent-to-add and deleted-but-staged keys, in index versions 2, 3 and
// 4, in a linked worktree and with GIT_INDEX_FILE, and starts no git for them; where it cannot be
// sure (ignorecase in the config, a split index) it leaves the answer to git.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitTrackedFast } from "../src/git-index.ts";
import { gitTrackedPaths } from "../src/host-facts.ts";

const hasGit = spawnSync("git", ["--version"]).status === 0;
const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
};

/** Runs `fn` with a git on PATH that logs each start; returns its result and the number of starts. */
function countingGit<T>(fn: () => T): [T, number] {
  const real = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
  const bin = mkdtempSync(join(tmpdir(), "nlp-fake-git-"));
  const log = join(bin, "log");
  writeFileSync(log, "");
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho started >> "${log}"\nexec "${real}" "$@"\n`, { mode: 0o755 });
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    return [fn(), readFileSync(log, "utf8").split("\n").filter(Boolean).length];
  } finally {
    process.env.PATH = path;
  }
}

const NAMES = ["committed.key", "staged.key", "untracked.key", "intent.key", "removed.key", "star[1].key", "star1.key", "é ü.key"];

describe.skipIf(!hasGit || typeof process.getuid !== "function")("gitTrackedFast (needs git)", () => {
  let repo: string;
  let paths: string[];
  const saved = { ...process.env };
  beforeAll(() => {
    process.env = Object.fromEntries(Object.entries(saved).filter(([k]) => !k.startsWith("GIT_")));
    repo = mkdtempSync(join(tmpdir(), "nlp-git-index-"));
    git(repo, "init", "-q");
    mkdirSync(join(repo, "certs/deep"), { recursive: true });
    for (const f of NAMES) {
      writeFileSync(join(repo, "certs", f), "x");
      writeFileSync(join(repo, "certs/deep", f), "x");
    }
    git(repo, "add", "certs/committed.key", "certs/star1.key", "certs/removed.key", "certs/deep/committed.key", "certs/é ü.key");
    git(repo, "commit", "-q", "-m", "init");
    git(repo, "add", "certs/staged.key", "certs/deep/staged.key");
    git(repo, "add", "-N", "certs/intent.key");
    git(repo, "rm", "-q", "--cached", "certs/removed.key");
    paths = [...NAMES.map((f) => join(repo, "certs", f)), ...NAMES.map((f) => join(repo, "certs/deep", f)), "certs/committed.key", "./certs/deep/../staged.key", "/no/such/dir/k.pem", "", "a\0b"];
    return () => {
      process.env = saved;
    };
  });

  it.each([2, 3, 4])("index version %i: the same answer as git, with no git started", (v) => {
    git(repo, "update-index", "--index-version", String(v));
    const want = [...gitTrackedPaths(paths, repo)].sort();
    expect(want).toContain(join(repo, "certs/intent.key"));
    expect(want).not.toContain(join(repo, "certs/removed.key"));
    const [got, starts] = countingGit(() => [...gitTrackedFast(paths, repo)].sort());
    expect(got).toEqual(want);
    expect(starts).toBe(0);
  });

  it("a linked worktree (.git is a file) and GIT_INDEX_FILE, as inside a pre-commit hook", () => {
    const wt = join(mkdtempSync(join(tmpdir(), "nlp-git-index-wt-")), "wt");
    git(repo, "worktree", "add", "-q", "--detach", wt);
    const inWt = NAMES.map((f) => join(wt, "certs", f));
    const want = [...gitTrackedPaths(inWt, "/")].sort();
    expect(want).toEqual([join(wt, "certs/committed.key"), join(wt, "certs/removed.key"), join(wt, "certs/star1.key"), join(wt, "certs/é ü.key")]);
    expect(countingGit(() => [...gitTrackedFast(inWt, "/")].sort())).toEqual([want, 0]);
    // A hook's GIT_INDEX_FILE names an index other than .git/index: the key staged only there counts.
    git(repo, "add", "certs/untracked.key");
    const other = join(mkdtempSync(join(tmpdir(), "nlp-git-index-file-")), "index");
    copyFileSync(join(repo, ".git/index"), other);
    git(repo, "rm", "-q", "--cached", "certs/untracked.key");
    process.env.GIT_INDEX_FILE = other;
    try {
      const want2 = [...gitTrackedPaths(paths, repo)].sort();
      expect(want2).toContain(join(repo, "certs/untracked.key"));
      expect(countingGit(() => [...gitTrackedFast(paths, repo)].sort())).toEqual([want2, 0]);
    } finally {
      delete process.env.GIT_INDEX_FILE;
    }
    expect([...gitTrackedFast(paths, repo)]).not.toContain(join(repo, "certs/untracked.key"));
  });

  it("leaves the answer to git where the config changes how names match (ignorecase) or the index is split", () => {
    appendFileSync(join(repo, ".git/config"), "[core]\n\tignorecase = true\n");
    const [got, starts] = countingGit(() => [...gitTrackedFast(paths, repo)].sort());
    expect(got).toEqual([...gitTrackedPaths(paths, repo)].sort());
    expect(starts).toBe(1);
    writeFileSync(join(repo, ".git/config"), readFileSync(join(repo, ".git/config"), "utf8").replace("[core]\n\tignorecase = true\n", ""));
    git(repo, "update-index", "--split-index");
    const [got2, starts2] = countingGit(() => [...gitTrackedFast(paths, repo)].sort());
    expect(got2).toEqual([...gitTrackedPaths(paths, repo)].sort());
    expect(starts2).toBe(1);
    git(repo, "update-index", "--no-split-index");
  });
});
