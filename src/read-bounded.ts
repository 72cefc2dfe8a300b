// The one way the tool reads a file it is told about (configs, settings files, env files, the host's
// account files): only a regular file, never more than a limit, and never blocking. A FIFO, socket or
// device is refused from its stat before it is opened; the open is non-blocking (a FIFO swapped in
// after the stat cannot stall it) and the descriptor is checked again; a file whose stat says 0 bytes
// but which has content (procfs and sysfs files, /proc/kmsg) is refused after a 1-byte read.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

export type ReadFailure =
  | { kind: "missing" }
  | { kind: "denied" }
  | { kind: "loop" }
  | { kind: "directory" }
  /** what: "a FIFO", "a socket", "a character device", "a block device", "not a regular file". */
  | { kind: "not-regular"; what: string }
  /** Its stat says 0 bytes, but reading it gives bytes: a kernel pseudo-file, not a file on disk. */
  | { kind: "pseudo" }
  | { kind: "too-large"; size: number; limit: number }
  | { kind: "error"; code?: string; message: string };

export interface ReadOk {
  ok: true;
  bytes: Buffer;
  /** Of the file read (a symlink's target). */
  mode: number;
  uid: number;
  gid: number;
}

export type ReadResult = ReadOk | { ok: false; failure: ReadFailure };

/** Read only, never blocking (a FIFO swapped in after the stat), never a controlling terminal (O_NOCTTY is absent on Windows). */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | ((constants.O_NOCTTY as number | undefined) ?? 0);

/** Reads `path` if it is a regular file of at most `limit` bytes. */
export function readRegularFile(path: string, limit: number): ReadResult {
  const fail = (failure: ReadFailure): ReadResult => ({ ok: false, failure });
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    return fail(errnoFailure(e as NodeJS.ErrnoException));
  }
  const kind = fileKind(st, limit);
  if (kind) return fail(kind);
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const fst = fstatSync(fd);
    const now = fileKind(fst, limit);
    if (now) return fail(now);
    // Reads until EOF, never past limit + 1 bytes, whatever the file does while being read.
    let buf = Buffer.allocUnsafe(Math.min(fst.size, limit) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (fst.size === 0) return fail({ kind: "pseudo" });
    }
    if (n > limit) return fail({ kind: "too-large", size: n, limit });
    return { ok: true, bytes: buf.subarray(0, n), mode: fst.mode, uid: fst.uid, gid: fst.gid };
  } catch (e) {
    return fail(errnoFailure(e as NodeJS.ErrnoException));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileKind(st: Stats, limit: number): ReadFailure | undefined {
  if (st.isDirectory()) return { kind: "directory" };
  if (!st.isFile()) {
    const what = st.isFIFO() ? "a FIFO" : st.isSocket() ? "a socket" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : "not a regular file";
    return { kind: "not-regular", what };
  }
  if (st.size > limit) return { kind: "too-large", size: st.size, limit };
  return undefined;
}

function errnoFailure(err: NodeJS.ErrnoException): ReadFailure {
  switch (err.code) {
    case "ENOENT":
    case "ENOTDIR":
      return { kind: "missing" };
    case "EACCES":
    case "EPERM":
      return { kind: "denied" };
    case "ELOOP":
      return { kind: "loop" };
    case "EISDIR":
      return { kind: "directory" };
    default:
      return { kind: "error", code: err.code, message: err.message.replace(/^[A-Z]+: /, "").split(",")[0] ?? "" };
  }
}

/** Why the file was not read, as a phrase that follows "it is" / "it has": lower case, no full stop. */
export function describeReadFailure(f: ReadFailure): string {
  switch (f.kind) {
    case "missing":
      return "no such file";
    case "denied":
      return "permission denied";
    case "loop":
      return "too many levels of symbolic links (a symlink loop)";
    case "directory":
      return "a directory, not a file";
    case "not-regular":
      return f.what === "not a regular file" ? f.what : `${f.what}, not a regular file; it was not read`;
    case "pseudo":
      return "a kernel pseudo-file (its size is 0 but it has content), not a regular file; it was not read";
    case "too-large":
      return `${f.size} bytes, over the ${f.limit}-byte limit; it was not read`;
    case "error":
      return (f.code ? `${f.code}: ` : "") + f.message;
  }
}

/**
 * The first `bytes` bytes of a file readRegularFile found too large (fewer when it is shorter), or
 * undefined when it cannot be read. Opened non-blocking, as there: a FIFO swapped in meanwhile
 * gives EAGAIN, not a wait.
 */
export function readHead(path: string, bytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const buf = Buffer.allocUnsafe(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
