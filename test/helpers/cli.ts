// Running the CLI in-process and the Action's entry as the runner does, on throw-away file trees.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { run } from "../../src/cli.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `run()` with captured output; no colour and no terminal unless asked. */
export async function cli(argv: string[], opts: { cwd?: string; env?: Record<string, string>; tty?: boolean; columns?: number } = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run({
    argv,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    isTTY: opts.tty ?? false,
    columns: opts.columns,
  });
  return { code, stdout, stderr };
}

/** A temporary directory holding these files (paths relative to it; directories are made). */
export function tree(files: Record<string, string>, prefix = "nlp-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const root = new URL("../..", import.meta.url).pathname;

/** Runs dist/action.js as the runner does: INPUT_* variables, GITHUB_* files, from another directory. */
export function runAction(inputs: Record<string, string>, files: Record<string, string>) {
  const ws = tree(files, "nlp-ws-");
  const out = join(ws, "github_output");
  const summary = join(ws, "step_summary");
  writeFileSync(out, "");
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(root, "dist/action.js")], { cwd: tmpdir(), env, encoding: "utf8" });
  const outputs: Record<string, string> = {};
  for (const m of readFileSync(out, "utf8").matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "", ws };
}
