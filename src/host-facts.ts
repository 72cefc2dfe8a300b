// Facts about the machine the check runs on that rules may not gather themselves (rules never run
// programs or touch the disk): which of the files a config names are tracked by git.
import { existsSync, lstatSync, realpathSync } from "node:fs";
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
export function gitTrackedPaths(paths: string[], cwd: string, walk = new RepositoryWalk()): Set<string> {
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
      if (!tops.has(dir)) tops.set(dir, repositoryTop(dir, walk));
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
 * when `dir` does not exist or no directory up from it has a `.git` entry. Directories asked about
 * with one `walk` share what it has found (see RepositoryWalk).
 */
export function repositoryTop(dir: string, walk = new RepositoryWalk()): string | undefined {
  const real = walk.real(dir);
  if (real === undefined) return undefined;
  const top = walk.top(real);
  return top === undefined ? undefined : `${top}\0${real}`;
}

/**
 * Real paths and repository tops found so far, for the directories of one run's key files. A
 * directory's real path is its parent's with its name added, unless it is a symbolic link (then it
 * is resolved whole, as before); the search up for a `.git` entry stops at a directory already
 * searched from. Each directory resolved its whole path (a look at every component) and searched
 * every directory above it: keys in each of 1,000 nested directories took 70 s.
 */
export class RepositoryWalk {
  /** Directory (absolute) to its real path; null when it cannot be resolved. */
  private readonly reals = new Map<string, string | null>();
  /** Real directory to the nearest directory up from it with a `.git` entry; null when none. */
  private readonly tops = new Map<string, string | null>();

  /** realpathSync(dir), or undefined where it throws. */
  real(dir: string): string | undefined {
    // Up to a directory already resolved (or the root), then down again, a component at a time.
    const chain: string[] = [];
    let known: string | null | undefined;
    for (let d = dir; ; ) {
      known = this.reals.get(d);
      if (known !== undefined) break;
      chain.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const d = chain[i]!;
      let real: string | null = null;
      const name = basename(d);
      // The root, and a spelling a join would change ("a/", "a/.", "a/.."): resolved whole.
      if (known === undefined || join(dirname(d), name) !== d) real = realpathOrNull(d);
      else if (known !== null) {
        try {
          real = lstatSync(d).isSymbolicLink() ? realpathOrNull(d) : join(known, name);
        } catch {
          real = null;
        }
      }
      this.reals.set(d, real);
      known = real;
    }
    return known ?? undefined;
  }

  /** The nearest directory up from `real` (itself included) with a `.git` entry. */
  top(real: string): string | undefined {
    const walked: string[] = [];
    let found: string | null | undefined;
    for (let d = real; ; ) {
      found = this.tops.get(d);
      if (found !== undefined) break;
      if (existsSync(join(d, ".git"))) {
        found = d;
        break;
      }
      walked.push(d);
      const up = dirname(d);
      if (up === d) {
        found = null;
        break;
      }
      d = up;
    }
    for (const d of walked) this.tops.set(d, found);
    return found ?? undefined;
  }
}

function realpathOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
