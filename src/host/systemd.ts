// The parts of a systemd service unit that decide how NativeLink starts: LimitNOFILE= (its open-file
// limits), AmbientCapabilities= (CAP_NET_BIND_SERVICE for low ports) and User=.
import { describeReadFailure, readRegularFile } from "../read-bounded.ts";
import { UsageError } from "../types.ts";
import { pushAll } from "../arrays.ts";

export interface SystemdUnit {
  limitNofile?: { soft: number; hard: number };
  ambientCapabilities: string[];
  user?: string;
}

const MAX_UNIT_BYTES = 1024 * 1024;

/** `LimitNOFILE=N`, `soft:hard` or `infinity`; the last assignment wins, as systemd reads it. */
export function parseSystemdUnit(text: string): SystemdUnit {
  const out: SystemdUnit = { ambientCapabilities: [] };
  const n = (s: string) => (s.trim().toLowerCase() === "infinity" ? Infinity : Number(s.trim()));
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === "LimitNOFILE") {
      const [soft, hard] = value.split(":");
      const s = n(soft ?? "");
      const h = hard === undefined ? s : n(hard);
      if (!Number.isNaN(s) && !Number.isNaN(h)) out.limitNofile = { soft: s, hard: h };
    } else if (key === "AmbientCapabilities") {
      if (value === "") out.ambientCapabilities = [];
      // Pushed one by one: spread into push(), a line of 200,000 names overflowed the stack.
      else pushAll(out.ambientCapabilities, value.split(/\s+/).map((c) => c.toUpperCase()));
    } else if (key === "User") {
      out.user = value;
    }
  }
  return out;
}

/** Reads --systemd-unit FILE; a file that cannot be read is a usage error. */
export function readSystemdUnit(path: string, shownAs: string): SystemdUnit & { path: string } {
  const r = readRegularFile(path, MAX_UNIT_BYTES);
  if (!r.ok) throw new UsageError(`--systemd-unit: cannot read ${shownAs}: ${describeReadFailure(r.failure)}`);
  return { ...parseSystemdUnit(r.bytes.toString("utf8")), path: shownAs };
}
