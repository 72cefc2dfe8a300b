// Turns command-line operands (files, directories, globs) into the list of configs to check.
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "./types.ts";

const CONFIG_FILE = /\.json5?$/i;
const GLOB_CHARS = /[*?[\]{}]/;

export interface Expanded {
  /** Every file to consider, in the form the user typed (relative stays relative). */
  files: string[];
  /**
   * The files a directory walk or a glob found (as opposed to those named one by one): they are
   * checked only when they look like NativeLink configs (src/sniff.ts).
   */
  discovered: Set<string>;
}

/**
 * An empty operand names no file. Taken as a path it would be the current directory, so a script
 * whose variable is unset (`nativelink-preflight "$CONFIG"`) would walk all of it; `ls ''` and
 * `cat ''` refuse it too.
 */
export function emptyOperand(op: string): void {
  if (op === "") throw new UsageError("an empty operand names no file; give a config file, directory or glob");
}

/** Walks skip node_modules and every dot-directory (.git, .github, .vscode, ...). */
function skipDir(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

export async function expandInputs(operands: string[], cwd: string): Promise<Expanded> {
  const out: string[] = [];
  const discovered = new Set<string>();
  const seen = new Map<string, string>();
  const add = (f: string, found: boolean) => {
    const key = resolve(cwd, f);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, f);
      out.push(f);
      if (found) discovered.add(f);
    } else if (!found) {
      // Named one by one as well as found by a walk: a named file is always checked.
      discovered.delete(first);
    }
  };
  for (const op of operands) {
    emptyOperand(op);
    let st;
    try {
      st = statSync(resolve(cwd, op));
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const found = walk(resolve(cwd, op)).map((abs) => relOrAbs(op, abs, cwd));
      if (found.length === 0) throw new UsageError(`no *.json5 or *.json files under ${op}`);
      for (const f of found.sort()) add(f, true);
    } else if (!st && GLOB_CHARS.test(op)) {
      const { glob } = await import("tinyglobby");
      const found = await glob(op, { cwd, dot: false, ignore: ["**/node_modules/**"], expandDirectories: false });
      if (found.length === 0) throw new UsageError(`no files match ${op}`);
      for (const f of found.sort()) add(f, true);
    } else {
      // A missing or odd path is still checked: the engine reports it as a finding.
      add(op, false);
    }
  }
  return { files: out, discovered };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!skipDir(e.name)) stack.push(join(d, e.name));
      } else if ((e.isFile() || e.isSymbolicLink()) && CONFIG_FILE.test(e.name) && !e.name.startsWith(".nativelink-preflight")) {
        out.push(join(d, e.name));
      }
    }
  }
  return out;
}

/** Keep paths in the form the user typed them (relative stays relative). */
function relOrAbs(operand: string, abs: string, cwd: string): string {
  if (operand.startsWith("/")) return abs;
  const r = relative(cwd, abs);
  return r.startsWith(".." + sep) ? abs : r;
}
