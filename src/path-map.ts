// --path-map FROM=TO: a config names files where they live on the target host (/etc/nativelink/...);
// in a repository they live elsewhere (deploy/files/...). The check reads them there instead, and
// every message about such a file says both paths.
import { isAbsolute, resolve, sep } from "node:path";
import type { ConfigModel } from "./model.ts";
import type { Finding } from "./types.ts";
import { UsageError } from "./types.ts";

export interface PathMapEntry {
  /** The target host's absolute directory, as given. */
  from: string;
  /** Where its files are on this machine (absolute). */
  to: string;
}

/** Parses FROM=TO pairs; TO is relative to `base` (the command line's directory, or the settings file's). */
export function parsePathMap(pairs: readonly string[], base: string, option = "--path-map"): PathMapEntry[] {
  return pairs.map((p) => {
    const eq = p.indexOf("=");
    if (eq <= 0 || eq === p.length - 1) throw new UsageError(`${option} expects FROM=TO, got "${p}"`);
    const from = p.slice(0, eq);
    if (!isAbsolute(from)) throw new UsageError(`${option} ${p}: FROM must be an absolute path on the target host, not "${from}"`);
    return pathMapEntry(from, p.slice(eq + 1), base);
  });
}

/** One mapping from a target-host directory to one here (TO resolved against `base`). */
export function pathMapEntry(from: string, to: string, base: string): PathMapEntry {
  return { from: trimSlash(from), to: resolve(base, to) };
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith(sep) ? trimSlash(p.slice(0, -1)) : p;
}

/** The path on this machine for a resolved target-host path: the longest FROM that is it or one of its parents wins. */
export function mapPath(entries: readonly PathMapEntry[], path: string): string | undefined {
  let best: PathMapEntry | undefined;
  for (const e of entries) {
    const under = path === e.from || path.startsWith(e.from === sep ? sep : e.from + sep);
    if (under && (!best || e.from.length > best.from.length)) best = e;
  }
  if (!best) return undefined;
  const rest = path.slice(best.from === sep ? 1 : best.from.length).replace(/^\/+/, "");
  return rest === "" ? best.to : resolve(best.to, rest);
}

/**
 * Makes the model resolve paths through the map, and returns which value (by pointer) was read from
 * where, so findings about it can say both paths.
 */
export function applyPathMap(model: ConfigModel, entries: readonly PathMapEntry[]): Map<string, { from: string; to: string }> {
  const mapped = new Map<string, { from: string; to: string }>();
  if (entries.length === 0) return mapped;
  const plain = model.resolvePath.bind(model);
  model.resolvePath = (p: string) => {
    const r = plain(p);
    return r === "" ? r : (mapPath(entries, r) ?? r);
  };
  for (const ref of [...model.tlsFiles, ...model.dataFiles]) {
    if (ref.str.unknown || ref.str.value === "") continue;
    const from = plain(ref.str.value);
    const to = mapPath(entries, from);
    if (to !== undefined) mapped.set(ref.str.at, { from, to });
  }
  return mapped;
}

/** Every finding at a mapped value names the file on this machine it was checked as. */
export function notePathMap(findings: Finding[], mapped: Map<string, { from: string; to: string }>): void {
  if (mapped.size === 0) return;
  for (const f of findings) {
    const m = mapped.get(f.pointer);
    if (m && !f.message.includes(m.to)) f.message += ` (${m.from} was checked as ${m.to}, by --path-map)`;
  }
}
