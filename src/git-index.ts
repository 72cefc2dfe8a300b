// Which key files a git index holds, read from the index file itself where that surely gives git's
// own answer, so that checking keys in a repository starts no git: starting git is 20 to 40 ms, a
// tenth of a one-config run. Whatever the reader is not sure of goes to git (gitTrackedPaths): git
// variables in the environment other than the index file's, configs that change how git matches
// or finds files (ignorecase, worktree, bare, includes, split index), a repository owned by
// another user (git refuses it as dubious ownership), an index version or extension not read here.
import { lstatSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, resolve, sep } from "node:path";
import { gitTrackedPaths, repositoryTop, RepositoryWalk } from "./host-facts.ts";
import { readRegularFile } from "./read-bounded.ts";
import { pushAll } from "./arrays.ts";

/** Larger indexes are left to git itself. */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;

/** Git variables that change nothing of what `git ls-files` lists for a path (GIT_INDEX_FILE is read). */
const HARMLESS_GIT_VARS =
  /^GIT_(INDEX_FILE|EXEC_PATH|PREFIX|EDITOR|SEQUENCE_EDITOR|PAGER|TERMINAL_PROMPT|OPTIONAL_LOCKS|ASKPASS|REFLOG_ACTION|TEMPLATE_DIR|(AUTHOR|COMMITTER)_(NAME|EMAIL|DATE)|(SSH|SSL|HTTP|CURL|PROXY|TRACE|LFS|MERGE)\w*)$/;

/** Config lines that change how git finds the work tree or compares names, or pull in other files. */
const UNSURE_CONFIG = /^[ \t]*(ignorecase|worktree|splitindex|precomposeunicode)\b|^[ \t]*bare[ \t]*=[ \t]*(?![ \t]|false\b)|^[ \t]*\[[ \t]*include/im;

/** Same answer as gitTrackedPaths (the paths as given that a git index holds), starting git only when unsure. */
export function gitTrackedFast(paths: string[], cwd: string): Set<string> {
  if (typeof process.getuid !== "function" || Object.keys(process.env).some((k) => k.startsWith("GIT_") && !HARMLESS_GIT_VARS.test(k)) || globalConfigUnsure()) {
    return gitTrackedPaths(paths, cwd);
  }
  const tracked = new Set<string>();
  const rest: string[] = [];
  /** What the search for each directory's repository found, shared with git's fallback below. */
  const walk = new RepositoryWalk();
  /** Per directory: "top\0real dir", undefined when in no repository, null when unsure. */
  const tops = new Map<string, string | null | undefined>();
  /** Per repository top: each name in it asked about, with the paths as given. */
  const byTop = new Map<string, Map<string, string[]>>();
  for (const given of paths) {
    // The same input gitTrackedPaths skips (never tracked).
    if (typeof given !== "string" || given === "" || given.includes("\0")) continue;
    const abs = isAbsolute(given) ? given : resolve(cwd, given);
    const name = basename(abs);
    if (name === "" || name === "." || name === "..") continue;
    const dir = dirname(abs);
    if (!tops.has(dir)) tops.set(dir, findTop(dir, walk));
    const real = tops.get(dir);
    if (real === undefined) continue; // in no repository: git is not asked about it either
    if (real === null) {
      rest.push(given);
      continue;
    }
    const top = real.slice(0, real.indexOf("\0"));
    const realDir = real.slice(real.indexOf("\0") + 1);
    const inTop = (realDir === top ? "" : realDir.slice(top.length + (top.endsWith(sep) ? 0 : 1)).split(sep).join("/") + "/") + name;
    let names = byTop.get(top);
    if (!names) byTop.set(top, (names = new Map<string, string[]>()));
    const list = names.get(inTop);
    if (list) list.push(given);
    else names.set(inTop, [given]);
  }
  for (const [top, names] of byTop) {
    const index = readIndexOf(top);
    const found = index && findInIndex(index, new Set(names.keys()));
    if (!found) {
      for (const list of names.values()) pushAll(rest, list);
      continue;
    }
    for (const name of found) for (const given of names.get(name) ?? []) tracked.add(given);
  }
  if (rest.length) for (const p of gitTrackedPaths(rest, cwd, walk)) tracked.add(p);
  return tracked;
}

/** As gitTrackedPaths finds a repository (nearest `.git` up from the real path); null when git might not. */
function findTop(dir: string, walk: RepositoryWalk): string | null | undefined {
  const found = repositoryTop(dir, walk);
  if (found === undefined) return undefined;
  const [top = "", real = ""] = found.split("\0");
  try {
    // Git stops looking at a file system boundary; leave such a case to git.
    return statSync(top).dev === statSync(real).dev ? found : null;
  } catch {
    return null;
  }
}

let globalUnsure: boolean | undefined;
/** The user's and the system's git configs, read once per run. */
function globalConfigUnsure(): boolean {
  if (globalUnsure === undefined) {
    const home = homedir();
    const xdg = process.env.XDG_CONFIG_HOME || join(home, ".config");
    globalUnsure = [join(home, ".gitconfig"), join(xdg, "git/config"), "/etc/gitconfig"].some(configUnsure);
  }
  return globalUnsure;
}

function configUnsure(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  return UNSURE_CONFIG.test(text);
}

/** The index file of the repository at `top`, or null when unsure. */
function readIndexOf(top: string): Buffer | null {
  try {
    const uid = process.getuid!();
    const dotGit = join(top, ".git");
    const st = lstatSync(dotGit);
    let gitDir: string;
    if (st.isDirectory()) gitDir = dotGit;
    else if (st.isFile()) {
      const m = /^gitdir: ([^\r\n]+)\r?\n?$/.exec(readFileSync(dotGit, "utf8"));
      if (!m) return null;
      gitDir = resolve(top, m[1]!);
    } else return null;
    // Git refuses a repository of another owner ("dubious ownership"), and one without HEAD.
    if (statSync(top).uid !== uid || statSync(gitDir).uid !== uid || st.uid !== uid) return null;
    statSync(join(gitDir, "HEAD"));
    let common = gitDir;
    try {
      common = resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
    } catch {}
    statSync(join(common, "config"));
    if (configUnsure(join(common, "config")) || configUnsure(join(gitDir, "config.worktree"))) return null;
    const indexFile = process.env.GIT_INDEX_FILE ? resolve(process.cwd(), process.env.GIT_INDEX_FILE) : join(gitDir, "index");
    // A hook's GIT_INDEX_FILE may name anything: only a regular file is read, within a bound.
    const index = readRegularFile(indexFile, MAX_INDEX_BYTES);
    return index.ok ? index.bytes : null;
  } catch {
    return null;
  }
}

/**
 * Which of `wanted` (path names relative to the top, "/"-separated) a git index holds (versions 2 to
 * 4), or null for anything else, a split index or a sparse one. Only names of a wanted byte length
 * are decoded: a repository's index has thousands of entries, a check asks about a few.
 */
export function findInIndex(b: Buffer, wanted: Set<string>): Set<string> | null {
  if (b.length < 12 || b.toString("latin1", 0, 4) !== "DIRC") return null;
  const version = b.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = b.readUInt32BE(8);
  const lengths = new Set([...wanted].map((w) => Buffer.byteLength(w)));
  const found = new Set<string>();
  let pos = 12;
  // Version 4: the current name, built from the previous one.
  let cur = Buffer.allocUnsafe(version === 4 ? 4096 : 0);
  let curLen = 0;
  for (let i = 0; i < count; i++) {
    const start = pos;
    if (pos + 62 > b.length) return null;
    const flags = b.readUInt16BE(pos + 60);
    pos += 62;
    if (flags & 0x4000) {
      if (version < 3) return null;
      pos += 2;
    }
    if (version === 4) {
      // The name is the previous one less `strip` bytes, then the bytes up to a NUL.
      let c = b[pos++];
      if (c === undefined) return null;
      let strip = c & 127;
      while (c & 128) {
        c = b[pos++];
        if (c === undefined) return null;
        strip = ((strip + 1) << 7) | (c & 127);
      }
      const end = b.indexOf(0, pos);
      if (end < 0 || strip > curLen) return null;
      const keep = curLen - strip;
      curLen = keep + end - pos;
      if (curLen > cur.length) {
        const bigger = Buffer.allocUnsafe(curLen * 2);
        cur.copy(bigger, 0, 0, keep);
        cur = bigger;
      }
      b.copy(cur, keep, pos, end);
      pos = end + 1;
      if (lengths.has(curLen)) {
        const name = cur.toString("utf8", 0, curLen);
        if (wanted.has(name)) found.add(name);
      }
    } else {
      const short = flags & 0xfff;
      const end = short < 0xfff ? pos + short : b.indexOf(0, pos);
      if (end < 0 || end >= b.length || b[end] !== 0) return null;
      if (lengths.has(end - pos)) {
        const name = b.toString("utf8", pos, end);
        if (wanted.has(name)) found.add(name);
      }
      // Each entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
      pos = start + ((end - start + 8) & ~7);
    }
  }
  // Extensions follow the entries, then the checksum (20 bytes for SHA-1).
  while (pos + 8 <= b.length - 20) {
    const sig = b.toString("latin1", pos, pos + 4);
    if (sig === "link" || sig === "sdir") return null;
    pos += 8 + b.readUInt32BE(pos + 4);
  }
  return found;
}
