// Pure judgements over gathered host facts: may this user search, list, create in or remove a path,
// and which error Linux would give NativeLink. Permission bits decide (root passes, except that it
// needs an x bit to execute a file); a read-only mount gives EROFS.
import type { HostUser } from "../host-users.ts";
import type { PathStat } from "./probe.ts";
import type { PathFacts } from "./facts.ts";

export const R = 4;
export const W = 2;
export const X = 1;

/** Rust's io::Error Display for the errno values the host checks meet. */
export const IO = {
  EACCES: "Permission denied (os error 13)",
  ENOENT: "No such file or directory (os error 2)",
  ENOTDIR: "Not a directory (os error 20)",
  EEXIST: "File exists (os error 17)",
  EROFS: "Read-only file system (os error 30)",
  EBUSY: "Device or resource busy (os error 16)",
  EADDRNOTAVAIL: "Cannot assign requested address (os error 99)",
  EAFNOSUPPORT: "Address family not supported by protocol (os error 97)",
  EINVAL: "Invalid argument (os error 22)",
} as const;

/** Whether the user has these permission bits on a path with this stat (undefined: the user is unknown). */
export function may(user: HostUser, st: PathStat, bits: number): boolean | undefined {
  if (!user.found || user.uid === undefined) return undefined;
  if (user.uid === 0) {
    if (bits & X && st.kind !== "dir") return (st.mode & 0o111) !== 0;
    return true;
  }
  const shift = st.uid === user.uid ? 6 : user.gids.includes(st.gid) ? 3 : 0;
  return ((st.mode >> shift) & bits) === bits;
}

export function octal(st: PathStat): string {
  return (st.mode & 0o7777).toString(8).padStart(3, "0");
}

export function describeStat(st: PathStat): string {
  return `mode ${octal(st)}, owner uid ${st.uid}, group gid ${st.gid}`;
}

export interface Denial {
  /** Rust's text for the errno. */
  io: string;
  /** Which path refused, and why, in words. */
  why: string;
}

/** The first ancestor the user cannot search (x), which makes everything below it unreachable. */
export function unsearchable(user: HostUser, f: PathFacts): Denial | undefined {
  for (const a of f.ancestors) {
    if (a.stat.kind === "dir" && may(user, a.stat, X) === false) return { io: IO.EACCES, why: `${user.name} cannot enter ${a.path} (${describeStat(a.stat)})` };
  }
  return undefined;
}

/** What create_dir_all(path) meets for this user; undefined when it succeeds (or cannot be judged). */
export function createDirAll(user: HostUser, f: PathFacts): Denial | undefined {
  const blocked = unsearchable(user, f);
  if (blocked) return blocked;
  if (!("error" in f.stat)) {
    if (f.stat.kind === "dir") return undefined;
    return { io: IO.EEXIST, why: `${f.path} exists and is not a directory` };
  }
  const e = f.existing;
  if (!e) return undefined;
  if (e.stat.kind !== "dir") return { io: IO.ENOTDIR, why: `${e.path} is a file, not a directory` };
  if (f.mount?.options.includes("ro")) return { io: IO.EROFS, why: `${e.path} is on a read-only mount (${f.mount.mountPoint})` };
  if (may(user, e.stat, W | X) === false) return { io: IO.EACCES, why: `${user.name} cannot create ${firstMissing(f)} in ${e.path} (${describeStat(e.stat)})` };
  return undefined;
}

/** The first path component create_dir_all has to make. */
export function firstMissing(f: PathFacts): string {
  const base = f.existing?.path ?? "/";
  const rest = f.path.slice(base === "/" ? 1 : base.length + 1).split("/")[0];
  return base === "/" ? `/${rest}` : `${base}/${rest}`;
}

/** read_dir on an existing directory: r and x on it. */
export function listDir(user: HostUser, f: PathFacts): Denial | undefined {
  const blocked = unsearchable(user, f);
  if (blocked) return blocked;
  if ("error" in f.stat) return undefined;
  if (f.stat.kind !== "dir") return { io: IO.ENOTDIR, why: `${f.path} is not a directory` };
  if (may(user, f.stat, R | X) === false) return { io: IO.EACCES, why: `${user.name} cannot list ${f.path} (${describeStat(f.stat)})` };
  return undefined;
}

/** Whether the user can run a program file: it exists, is a regular file with an x bit for them, and is reachable. */
export function execProblem(user: HostUser, f: PathFacts): string | undefined {
  const blocked = unsearchable(user, f);
  if (blocked) return blocked.why;
  if ("error" in f.stat) return f.stat.error === "ENOENT" ? `${f.path} does not exist` : `${f.path} cannot be looked at (${f.stat.error})`;
  if (f.stat.kind === "dir") return `${f.path} is a directory`;
  if (may(user, f.stat, X) === false) return `${user.name} may not execute ${f.path} (${describeStat(f.stat)})`;
  return undefined;
}
