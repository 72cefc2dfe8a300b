// For the host rules' tests: a stand-in /proc (files and symbolic links written into a temp dir), and
// the engine run as --on-host does.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { lint, lines, type LintOpts } from "./lint.ts";
import type { ProbeRoots } from "../../src/host/probe.ts";

/** A /proc holding exactly these files (and links, e.g. "123/fd/3": "socket:[4242]"); /sys is empty, /etc the real one. */
export function fakeProc(files: Record<string, string>, links: Record<string, string> = {}): ProbeRoots {
  const root = mkdtempSync(join(tmpdir(), "nlp-proc-"));
  const proc = join(root, "proc");
  mkdirSync(proc);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(proc, rel)), { recursive: true });
    writeFileSync(join(proc, rel), text);
  }
  for (const [rel, target] of Object.entries(links)) {
    mkdirSync(dirname(join(proc, rel)), { recursive: true });
    symlinkSync(target, join(proc, rel));
  }
  return { proc, sys: join(root, "sys"), etc: "/etc" };
}

/** Where nothing is mounted: every host fact from /proc is missing. */
export const NO_PROC: ProbeRoots = { proc: "/nonexistent-nlp-proc", sys: "/nonexistent-nlp-sys", etc: "/nonexistent-nlp-etc" };

/** `line:col message` of one rule, checked --on-host. */
export async function onHost(config: string, rule: string, o: LintOpts = {}): Promise<string[]> {
  return lines(await lint(config, { ...o, onHost: true }), rule);
}

/** The column (1-based) where `needle` starts in a one-line config, for exact positions. */
export function col(config: string, needle: string): number {
  const i = config.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in config`);
  return i + 1;
}
