// Turns command-line operands (files, directories, globs) into the list of configs to check.
import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { UsageError } from "./types.ts";

const CONFIG_FILE = /\.json5?$/i;
const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);
const GLOB_CHARS = /[*?[\]{}]/;

export async function expandInputs(operands: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(cwd, f);
    if (!seen.has(key)) (seen.add(key), out.push(f));
  };
  for (const op of operands) {
    let st;
    try {
      st = statSync(resolve(cwd, op));
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const found = walk(resolve(cwd, op)).map((abs) => relOrAbs(op, abs, cwd));
      if (found.length === 0) throw new UsageError(`no *.json5 or *.json files under ${op}`);
      found.sort().forEach(add);
    } else if (!st && GLOB_CHARS.test(op)) {
      const { glob } = await import("tinyglobby");
      const found = await glob(op, { cwd, dot: false, ignore: ["**/node_modules/**", "**/.git/**"], expandDirectories: false });
      if (found.length === 0) throw new UsageError(`no files match ${op}`);
      found.sort().forEach(add);
    } else {
      // A missing or odd path is still checked: the engine reports it as a finding.
      add(op);
    }
  }
  return out;
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
        if (!SKIP_DIRS.has(e.name)) stack.push(join(d, e.name));
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
