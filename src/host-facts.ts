// Facts about the machine the check runs on that rules may not gather themselves (rules never run
// programs or touch the disk): which of the files a config names are tracked by git.
import { spawnSync } from "node:child_process";
import { basename, dirname, isAbsolute, resolve } from "node:path";

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

/**
 * Which of `paths` (absolute, or relative to `cwd`) are in a git index: committed, or staged for
 * the next commit. Returns the paths as given. Paths outside any repository, in a directory that
 * does not exist, or when git is missing or fails, are simply not in the set. Never throws.
 *
 * Each directory is asked once (`git -C <dir> ls-files -z -- <names>`), so a key is judged by the
 * repository that contains it, whatever repository the check runs from. Pathspecs are literal
 * (no glob meaning for `*`, `?`, `[`).
 */
export function gitTrackedPaths(paths: string[], cwd: string): Set<string> {
  const tracked = new Set<string>();
  const byDir = new Map<string, Map<string, string[]>>();
  for (const given of paths) {
    if (typeof given !== "string" || given === "" || given.includes("\0")) continue;
    const abs = isAbsolute(given) ? given : resolve(cwd, given);
    const dir = dirname(abs);
    const name = basename(abs);
    if (name === "" || name === "." || name === "..") continue;
    let names = byDir.get(dir);
    if (!names) byDir.set(dir, (names = new Map<string, string[]>()));
    names.set(name, [...(names.get(name) ?? []), given]);
  }
  if (byDir.size === 0) return tracked;
  let env: NodeJS.ProcessEnv;
  try {
    env = gitEnv();
  } catch {
    return tracked;
  }
  for (const [dir, names] of byDir) {
    try {
      const r = spawnSync("git", ["--literal-pathspecs", "-C", dir, "ls-files", "-z", "--", ...names.keys()], {
        env,
        encoding: "buffer",
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        stdio: ["ignore", "pipe", "ignore"],
        windowsHide: true,
      });
      if (r.error || r.status !== 0) continue;
      // Entries come back relative to `dir`; a tracked file of this directory is exactly its name.
      for (const entry of r.stdout.toString("utf8").split("\0")) {
        for (const given of names.get(entry) ?? []) tracked.add(given);
      }
    } catch {
      // git missing, killed by the timeout, or the directory vanished: nothing is known to be tracked.
    }
  }
  return tracked;
}
