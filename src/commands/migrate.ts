// `migrate FILE...`: rewrites configs written for older NativeLink releases into the v1.6.6 form, as a
// unified diff (default) or in place (--write, atomically, keeping the file's mode).
import { chmodSync, closeSync, fsyncSync, openSync, realpathSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Argv } from "yargs";
import type { RunIO } from "../cli.ts";
import { UsageError } from "../types.ts";
import { emptyOperand } from "../inputs.ts";
import { Redactor } from "../report/redact.ts";

export const command = "migrate <files..>";
export const describe = "rewrite configs written for older NativeLink releases into the v1.6.6 form (a diff, or --write)";

export function builder(y: Argv): Argv {
  return y
    .positional("files", { type: "string", array: true, describe: "config files to migrate" })
    .option("write", { alias: "w", type: "boolean", describe: "rewrite the files in place (atomically; the file mode is kept) instead of printing a diff" })
    .option("to", { type: "string", choices: ["1.6.6"], default: "1.6.6", requiresArg: true, describe: "the NativeLink release to migrate to" })
    .epilogue(
      [
        "Each change is a named step with the release that made it (nativelink-preflight migrate --help lists none; docs/migrate.md lists them all).",
        "Comments, key order, quotes, trailing commas and indentation are kept: only the changed parts are edited.",
        "A change that cannot keep the old meaning is left in place and reported on stderr as something to decide, at its line and column in the migrated file.",
        "Exit codes: 0 done, 1 something is left to decide or a file could not be migrated, 2 usage error.",
      ].join("\n"),
    );
}

export async function run(argv: { files?: unknown[]; write?: boolean; to?: string }, io: RunIO): Promise<number> {
  const { loadConfigFile } = await import("../load.ts");
  const { migrateText, TARGETS } = await import("../migrate/index.ts");
  const { unifiedDiff } = await import("../migrate/diff.ts");
  const steps = TARGETS[argv.to ?? "1.6.6"];
  if (!steps) throw new UsageError(`--to must be one of ${Object.keys(TARGETS).join(", ")}, not "${argv.to}"`);
  const files = (argv.files ?? []).map(String);
  if (files.length === 0) throw new UsageError("give at least one config file to migrate");
  files.forEach(emptyOperand);
  let code = 0;
  for (const file of files) {
    const abs = resolve(io.cwd, file);
    const loaded = loadConfigFile(file, abs);
    if (loaded.problem || loaded.text === undefined) {
      const p = loaded.problem!;
      io.stderr(`${file}:${p.span.line}:${p.span.column}: cannot migrate: ${p.message}\n`);
      code = 1;
      continue;
    }
    const result = migrateText(loaded.text, steps);
    if (result.problem) {
      io.stderr(`${file}: cannot migrate: ${result.problem}\n`);
      code = 1;
      continue;
    }
    if (result.applied.length) {
      io.stderr(`${file}: ${argv.write ? "migrated" : "would migrate"} to v${argv.to ?? "1.6.6"}: ${result.applied.map((a) => `${a.step.id} (${a.step.release})`).join(", ")}\n`);
    }
    for (const d of result.decisions) {
      io.stderr(`${file}:${d.line}:${d.column}: decide: ${d.message} (${d.step}, ${d.release}); ${d.hint}\n`);
      code = 1;
    }
    if (result.text === loaded.text) continue;
    if (argv.write) {
      const failed = writeOrSay(abs, result.text, loaded.mode);
      if (failed) {
        io.stderr(`${file}: cannot write the migrated config: ${failed}\n`);
        code = 1;
      }
    } else {
      // The diff shows config text: secrets in it (passwords in URLs, inline keys) are hidden as in every report.
      const redactor = new Redactor();
      redactor.learn(loaded.text);
      io.stdout(unifiedDiff(file, loaded.text, result.text).split("\n").map((l) => redactor.text(l)).join("\n"));
    }
  }
  return code;
}

/** writeAtomically, with a failure (a read-only directory, a dangling link) as words instead of an exception. */
export function writeOrSay(path: string, text: string, mode: number | undefined): string | undefined {
  try {
    writeAtomically(path, text, mode);
    return undefined;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return err.code ? `${err.code} (${err.syscall ?? "write"})` : err.message;
  }
}

/**
 * Writes `text` to a new file beside the target and renames it over the target: a reader sees the old
 * file or the new one, never a half-written one. A symlinked config is written at its target, so the
 * link stays a link; the new file gets the old one's permission bits.
 */
export function writeAtomically(path: string, text: string, mode: number | undefined): void {
  const target = realpathSync(path);
  // Created exclusively ("wx"), so the name need not be unguessable, only unlikely to be taken; no
  // node:crypto, which every command line yargs reads would otherwise load with this module.
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.migrate-tmp`);
  const bits = (mode ?? 0o644) & 0o7777;
  const fd = openSync(tmp, "wx", bits);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The umask narrowed the mode given to open; set it exactly.
    chmodSync(tmp, bits);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw e;
  }
}

/**
 * `check --fix`, for one config of the run (collect calls it after the settings file's `ignore`): the
 * migrate steps written in place (they keep the meaning: what cannot be rewritten safely is left for
 * the check to report). A file that is not a NativeLink config, or does not parse, is left alone; the
 * check says why.
 */
export async function fixFile(file: string, abs: string, sniff: boolean, io: Pick<RunIO, "stderr">): Promise<void> {
  const { loadConfigFile } = await import("../load.ts");
  const { looksLikeNativeLinkConfig } = await import("../sniff.ts");
  const { migrateText } = await import("../migrate/index.ts");
  const loaded = loadConfigFile(file, abs, sniff);
  if (loaded.problem || loaded.text === undefined) return;
  if (sniff && !looksLikeNativeLinkConfig(loaded)) return;
  const r = migrateText(loaded.text);
  if (r.problem || r.text === loaded.text) return;
  const failed = writeOrSay(abs, r.text, loaded.mode);
  if (failed) {
    io.stderr(`nativelink-preflight: cannot fix ${file}: ${failed}; it is checked as it is\n`);
    return;
  }
  io.stderr(`nativelink-preflight: fixed ${file}: ${r.applied.map((a) => `${a.step.id} (${a.step.release})`).join(", ")}\n`);
}
