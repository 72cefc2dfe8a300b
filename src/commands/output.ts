// Where a command's report goes: stdout, or the file -o names ("-" is stdout). A path that cannot be
// written is the user's mistake (exit 2), said plainly, never an internal error.
import { statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { RunIO } from "../cli.ts";
import { UsageError } from "../types.ts";

export function writeReport(io: RunIO, output: string | undefined, text: string): void {
  const path = outputPath(io, output);
  if (path === undefined) {
    io.stdout(text);
    return;
  }
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`-o ${output}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Where -o writes (undefined: stdout), checked before any work is done: a directory, or a file in a
 * directory that does not exist, is a usage error.
 */
export function outputPath(io: RunIO, output: string | undefined): string | undefined {
  if (output === undefined || output === "-") return undefined;
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
