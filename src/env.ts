// The target host's environment: --env-file files (KEY=VALUE, as systemd and docker read them),
// then --env pairs; without either, this process's environment.
import { readFileSync } from "node:fs";
import type { EnvLookup } from "./values/index.ts";
import { UsageError } from "./types.ts";

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
      if (q === '"') value = value.replace(/\\(["\\$`n])/g, (_, c) => (c === "n" ? "\n" : c));
    } else {
      const hash = value.search(/\s#/);
      if (hash !== -1) value = value.slice(0, hash).trimEnd();
    }
    out.set(key, value);
  });
  return out;
}

export function buildEnv(envFiles: string[], pairs: string[], processEnv: NodeJS.ProcessEnv): EnvLookup {
  if (envFiles.length === 0 && pairs.length === 0) {
    return { get: (k) => processEnv[k] };
  }
  const map = new Map<string, string>();
  for (const f of envFiles) {
    let text: string;
    try {
      text = readFileSync(f, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --env-file ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    for (const [k, v] of parseEnvFile(text, f)) map.set(k, v);
  }
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new UsageError(`--env expects KEY=VALUE, got "${p}"`);
    map.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return { get: (k) => map.get(k) };
}
