// The target host's environment: --target-env-file files (KEY=VALUE, as systemd and docker read them),
// then --env pairs; without either, this process's environment. The option is not called --env-file
// because Node itself reads a file named by --env-file anywhere on its command line, as its own
// environment (NODE_OPTIONS included), before this tool starts.
import type { EnvLookup } from "./values/index.ts";
import { UsageError } from "./types.ts";
import { describeReadFailure, readRegularFile } from "./read-bounded.ts";

/** Env files are a few hundred bytes; anything past this is not one. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** Parsed env files by absolute path, or the reason one could not be used (already reported). */
export type EnvFileCache = Map<string, Map<string, string> | { problem: string }>;

/** Reads and parses one env file, bounded; the problem, if any, is a phrase without the file's name. */
export function readEnvFile(path: string, shownAs: string): Map<string, string> | { problem: string } {
  const read = readRegularFile(path, MAX_ENV_FILE_BYTES);
  if (!read.ok) return { problem: describeReadFailure(read.failure) };
  try {
    return parseEnvFile(read.bytes.toString("utf8"), shownAs);
  } catch (e) {
    if (e instanceof UsageError) return { problem: e.message.startsWith(shownAs + ":") ? "line " + e.message.slice(shownAs.length + 1) : e.message };
    throw e;
  }
}

export function parseEnvFile(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    let line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    if (line.startsWith("export ")) line = line.slice(7).trimStart();
    const eq = line.indexOf("=");
    if (eq <= 0) throw new UsageError(`${file}:${i + 1}: expected KEY=VALUE`);
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new UsageError(`${file}:${i + 1}: "${key}" is not a variable name`);
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\(["\\$`n])/g, (_, c: string) => (c === "n" ? "\n" : c));
    } else {
      const hash = value.search(/\s#/);
      if (hash !== -1) value = value.slice(0, hash).trimEnd();
    }
    out.set(key, value);
  });
  return out;
}

/**
 * The environment a config is checked against. `known` holds env files already read (by the settings
 * file's check, which reports their problems at their place in it): those with a problem are skipped
 * here. Any other file is read now, and a problem is a usage error naming `option`.
 */
export function buildEnv(envFiles: string[], pairs: string[], processEnv: NodeJS.ProcessEnv, known?: EnvFileCache, option = "--target-env-file"): EnvLookup {
  if (envFiles.length === 0 && pairs.length === 0) {
    return { get: (k) => processEnv[k] };
  }
  const map = new Map<string, string>();
  for (const f of envFiles) {
    const vars = known?.get(f) ?? readEnvFile(f, f);
    if (vars instanceof Map) for (const [k, v] of vars) map.set(k, v);
    else if (!known?.has(f)) throw new UsageError(`${option}: cannot read ${f}: ${vars.problem}`);
  }
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env expects KEY=VALUE, got "${p}"`);
    map.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return { get: (k) => map.get(k) };
}
