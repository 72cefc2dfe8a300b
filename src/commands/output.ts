// Where a command's report goes: stdout, or the file -o names ("-" is stdout). A path that cannot be
// written is the user's mistake (exit 2), said plainly, never an internal error.
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { RunIO } from "../cli.ts";
import { UsageError } from "../types.ts";

/** Writes a report (or its pieces, each as it comes: see src/report/chunks.ts) to stdout or the -o file. */
export function writeReport(io: RunIO, output: string | undefined, report: string | Iterable<string>): void {
  const pieces = typeof report === "string" ? [report] : report;
  const path = outputPath(io, output);
  if (path === undefined) {
    for (const piece of pieces) io.stdout(piece);
    return;
  }
  const failed = (e: unknown) => new UsageError(`-o ${output}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw failed(e);
  }
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    }
  } catch (e) {
    // An error of the report itself is not the file's: only a failed write is the user's to fix.
    if ((e as NodeJS.ErrnoException).syscall === "write") throw failed(e);
    throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * Where -o writes (undefined: stdout), checked before any work is done: a directory, or a file in a
 * directory that does not exist, is a usage error.
 */
export function outputPath(io: RunIO, output: string | undefined): string | undefined {
  if (output === undefined || output === "-") return undefined;
  if (output === "") throw new UsageError("-o names no file (an empty value); name a file to write the report to, or - for stdout");
  const path = resolve(io.cwd, output);
  const st = statOrUndefined(path);
  if (st?.isDirectory()) throw new UsageError(`-o ${output}: that is a directory; name a file to write the report to`);
  const parent = statOrUndefined(dirname(path));
  if (!parent) throw new UsageError(`-o ${output}: the directory ${dirname(output) || "."} does not exist`);
  if (!parent.isDirectory()) throw new UsageError(`-o ${output}: ${dirname(output)} is not a directory`);
  return path;
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
