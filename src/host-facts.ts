// Facts about the machine the check runs on that rules may not gather themselves (rules never run
// programs or touch the disk): which of the files a config names are tracked by git.
import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";

/** Per git invocation; a hung git (a network filesystem, a lock) must not hang the check. */
const GIT_TIMEOUT_MS = 5000;

/** Git variables that name paths; git reads them relative to its own working directory. */
const GIT_PATH_VARS = ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"];

/**
 * The environment for git: the caller's, with relative git path variables made absolute. Inside a
 * git hook (pre-commit) git sets GIT_INDEX_FILE and sometimes GIT_DIR relative to the repository
 * root; `git -C <dir>` would otherwise read them relative to <dir>. Keeping GIT_INDEX_FILE is what
 * makes a key that is only staged (about to be committed) count as tracked.
 */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" };
  for (const name of GIT_PATH_VARS) {
    const v = env[name];
    if (v && !isAbsolute(v)) env[name] = resolve(process.cwd(), v);
  }
  return env;
}

/** Paths per git invocation, so that a command line stays far below the system's limit. */
const PATHS_PER_CALL = 2000;

/**
 * Which of `paths` (absolute, or relative to `cwd`) are in a git index: committed, or staged for
 * the next commit. Returns the paths as given. Paths outside any repository, in a directory that
 * does not exist, or when git is missing or fails, are simply not in the set. Never throws.
 *
 * A key is judged by the repository that contains it, whatever repository the check runs from. Git
 * is started once per repository (`git -C <top> ls-files -z -- <paths>`), not once per directory:
 * the repository of a directory is the nearest one up from its real path with a `.git` entry, as
 * git finds it, and a directory with none is in no repository (git is not started for it). When
 * GIT_DIR or GIT_WORK_TREE is set, git does not search, so each directory is asked as itself.
 * Pathspecs are literal (no glob meaning for `*`, `?`, `[`).
 */
export function gitTrackedPaths(paths: string[], cwd: string): Set<string> {
  const tracked = new Set<string>();
  let env: NodeJS.ProcessEnv;
  try {
    env = gitEnv();
  } catch {
    return tracked;
  }
  const searches = !env.GIT_DIR && !env.GIT_WORK_TREE;
  /** Per place git runs from: the path it lists for each file, and the paths as given. */
  const byTop = new Map<string, Map<string, string[]>>();
  const tops = new Map<string, string | undefined>();
  for (const given of paths) {
    if (typeof given !== "string" || given === "" || given.includes("\0")) continue;
    const abs = isAbsolute(given) ? given : resolve(cwd, given);
    const name = basename(abs);
    if (name === "" || name === "." || name === "..") continue;
    const dir = dirname(abs);
    let top: string | undefined;
    let inTop: string;
    if (searches) {
      if (!tops.has(dir)) tops.set(dir, repositoryTop(dir));
      const real = tops.get(dir);
      if (real === undefined) continue;
      top = real.slice(0, real.indexOf("\0"));
      const realDir = real.slice(real.indexOf("\0") + 1);
      inTop = (realDir === top ? "" : realDir.slice(top.length + (top.endsWith(sep) ? 0 : 1)).split(sep).join("/") + "/") + name;
    } else {
      top = dir;
      inTop = name;
    }
    let names = byTop.get(top);
    if (!names) byTop.set(top, (names = new Map<string, string[]>()));
    const list = names.get(inTop);
    if (list) list.push(given);
    else names.set(inTop, [given]);
  }
  for (const [top, names] of byTop) {
    const all = [...names.keys()];
    for (let i = 0; i < all.length; i += PATHS_PER_CALL) {
      try {
        // node:child_process loads only when git must really start (most runs read the index themselves).
        const { spawnSync } = process.getBuiltinModule("node:child_process");
        const r = spawnSync("git", ["--literal-pathspecs", "-C", top, "ls-files", "-z", "--", ...all.slice(i, i + PATHS_PER_CALL)], {
          env,
          encoding: "buffer",
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
          stdio: ["ignore", "pipe", "ignore"],
          windowsHide: true,
        });
        if (r.error || r.status !== 0) continue;
        // Entries come back relative to `top`, as they were asked.
        for (const entry of r.stdout.toString("utf8").split("\0")) {
          for (const given of names.get(entry) ?? []) tracked.add(given);
        }
      } catch {
        // git missing, killed by the timeout, or the directory vanished: nothing is known to be tracked.
      }
    }
  }
  return tracked;
}

/**
 * The top of the repository holding `dir` and the real path of `dir`, joined by a NUL, or undefined
 * when `dir` does not exist or no directory up from it has a `.git` entry.
 */
export function repositoryTop(dir: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return undefined;
  }
  for (let d = real; ; ) {
    if (existsSync(join(d, ".git"))) return `${d}\0${real}`;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
