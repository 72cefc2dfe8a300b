// The only place in src/tls that touches the disk. One call per distinct path.
//
// It never blocks on a FIFO or a device: it stats first and refuses anything but a regular file,
// opens with O_NONBLOCK (so even a path swapped for a FIFO between stat and open cannot hang
// the open), re-checks the opened descriptor with fstat, and reads at most maxBytes + 1 bytes.

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { resolve } from "node:path";

export type FileReadErrorCode = "ENOENT" | "EACCES" | "EISDIR" | "NOT_REGULAR" | "TOO_LARGE" | "EMPTY" | "OTHER";

export interface FileRead {
  /** The path as resolved (absolute; symlinks not expanded). */
  path: string;
  /** The bytes were read. EMPTY is reported as ok: false, with `bytes` set to the empty array. */
  ok: boolean;
  bytes?: Uint8Array;
  error?: {
    code: FileReadErrorCode;
    /** Short and lower-case, no stack. */
    message: string;
    /**
     * What Rust's io::Error prints for the same failure, where NativeLink would see one
     * (`No such file or directory (os error 2)`). For a directory, File::open succeeds and the
     * read fails with this text.
     */
    rust?: string;
  };
  /** Permission bits and type bits of the target (stat, symlinks followed). */
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  kind?: "file" | "directory" | "fifo" | "socket" | "device" | "symlink-loop" | "other";
  /** The path itself is a symbolic link. */
  symlink?: boolean;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;

const RUST_OS_ERRORS: Record<string, [number, string]> = {
  EPERM: [1, "Operation not permitted"],
  ENOENT: [2, "No such file or directory"],
  EIO: [5, "Input/output error"],
  EACCES: [13, "Permission denied"],
  ENOTDIR: [20, "Not a directory"],
  EISDIR: [21, "Is a directory"],
  EINVAL: [22, "Invalid argument"],
  ENAMETOOLONG: [36, "File name too long"],
  ELOOP: [40, "Too many levels of symbolic links"],
};

const SHORT_MESSAGES: Record<string, string> = {
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  EIO: "input/output error",
  EACCES: "permission denied",
  ENOTDIR: "a path component is not a directory",
  EISDIR: "is a directory",
  EINVAL: "invalid argument",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
};

function rustText(code: string): string | undefined {
  const e = RUST_OS_ERRORS[code];
  return e ? `${e[1]} (os error ${e[0]})` : undefined;
}

function kindOf(st: Stats): NonNullable<FileRead["kind"]> {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "directory";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "device";
  return "other";
}

function errnoCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e && typeof (e).code === "string" ? (e as { code: string }).code : "UNKNOWN";
}

function fail(out: FileRead, code: FileReadErrorCode, message: string, rust?: string): FileRead {
  out.ok = false;
  out.error = rust === undefined ? { code, message } : { code, message, rust };
  return out;
}

function fromErrno(out: FileRead, errno: string): FileRead {
  const rust = rustText(errno);
  const message = SHORT_MESSAGES[errno] ?? errno.toLowerCase();
  if (errno === "ENOENT") return fail(out, "ENOENT", message, rust);
  if (errno === "EACCES" || errno === "EPERM") return fail(out, "EACCES", message, rust);
  if (errno === "EISDIR") {
    out.kind = "directory";
    return fail(out, "EISDIR", message, rust);
  }
  if (errno === "ELOOP") out.kind = "symlink-loop";
  return fail(out, "OTHER", message, rust);
}

function describe(out: FileRead, st: Stats): void {
  out.mode = st.mode & 0o7777;
  out.uid = st.uid;
  out.gid = st.gid;
  out.size = st.size;
  out.kind = kindOf(st);
}

export function readTlsFile(path: string, opts: { maxBytes?: number } = {}): FileRead {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const out: FileRead = { path: resolve(path), ok: false };
  let st: Stats;
  try {
    const l = lstatSync(out.path);
    if (l.isSymbolicLink()) out.symlink = true;
    st = l.isSymbolicLink() ? statSync(out.path) : l;
  } catch (e) {
    return fromErrno(out, errnoCode(e));
  }
  describe(out, st);
  if (st.isDirectory()) return fail(out, "EISDIR", "is a directory", rustText("EISDIR"));
  if (!st.isFile()) return fail(out, "NOT_REGULAR", `not a regular file (${out.kind})`);
  if (st.size > maxBytes) return fail(out, "TOO_LARGE", `file is larger than ${maxBytes} bytes`);

  let fd: number;
  try {
    fd = openSync(out.path, constants.O_RDONLY | constants.O_NONBLOCK | ((constants.O_NOCTTY as number | undefined) ?? 0) /* absent on Windows */);
  } catch (e) {
    return fromErrno(out, errnoCode(e));
  }
  try {
    const fst = fstatSync(fd);
    describe(out, fst);
    if (!fst.isFile()) return fail(out, fst.isDirectory() ? "EISDIR" : "NOT_REGULAR", fst.isDirectory() ? "is a directory" : `not a regular file (${out.kind})`);
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(fst.size + 1, 1)));
    let total = 0;
    // The file may grow between fstat and read: keep reading up to maxBytes + 1.
    let chunk = buf;
    while (true) {
      if (total === chunk.length) {
        if (chunk.length >= maxBytes + 1) break;
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, total);
        chunk = bigger;
      }
      let n: number;
      try {
        n = readSync(fd, chunk, total, chunk.length - total, null);
      } catch (e) {
        const code = errnoCode(e);
        if (code === "EAGAIN") return fail(out, "NOT_REGULAR", "reading would block");
        return fromErrno(out, code);
      }
      if (n === 0) break;
      total += n;
    }
    if (total > maxBytes) return fail(out, "TOO_LARGE", `file is larger than ${maxBytes} bytes`);
    out.size = total;
    out.bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, total);
    if (total === 0) return fail(out, "EMPTY", "file is empty");
    out.ok = true;
    return out;
  } finally {
    closeSync(fd);
  }
}
