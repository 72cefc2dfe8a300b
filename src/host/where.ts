// Where a check runs. Without --on-host (CI, pre-commit, a laptop), a file the config names by an
// absolute path that is not on this machine is left to the target host: the rules that read files
// do not see it, and file-on-target-host says so as an info. With --on-host, every file must be
// there, and the host facts are gathered for the host rules.
import { isAbsolute } from "node:path";
import { userInfo } from "node:os";
import type { RuleContext } from "../context.ts";
import type { FileFacts } from "../files.ts";
import type { HostUser } from "../host-users.ts";
import type { EnvLookup } from "../values/index.ts";
import { gatherTargetFacts, type TargetFacts } from "./facts.ts";
import { HostProbe } from "./probe.ts";
import type { SystemdUnit } from "./systemd.ts";

/**
 * Resolved paths of the files the config names by an absolute path (as written, not mapped by
 * --path-map) that do not exist on this machine.
 */
export function absentHere(ctx: RuleContext, mapped: ReadonlyMap<string, unknown>): Set<string> {
  const out = new Set<string>();
  const model = ctx.model;
  if (!model) return out;
  for (const ref of [...model.tlsFiles, ...model.dataFiles]) {
    if (ref.str.unknown || !isAbsolute(ref.str.value) || mapped.has(ref.str.at)) continue;
    const path = model.resolvePath(ref.str.value);
    const view = ctx.files.get(path);
    if (view && view.read.error?.code === "ENOENT" && !view.read.symlink) out.add(path);
  }
  return out;
}

/** The file facts without the files left to the target host. */
export function withoutAbsent(files: FileFacts, absent: Set<string>): FileFacts {
  if (absent.size === 0) return files;
  return { get: (p) => (absent.has(p) ? undefined : files.get(p)) };
}

/** The user the check runs as: its name, or its uid when the account files do not name it. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "");
  }
}

/**
 * Facts about this host for the host rules. Access times are judged against this host's clock (what
 * NativeLink compares them with when it starts), not the --at date certificates are judged at.
 */
export function targetFacts(ctx: RuleContext, o: { probe?: HostProbe; user: HostUser; env: EnvLookup; unit?: SystemdUnit & { path: string } }): TargetFacts {
  return gatherTargetFacts(ctx, { probe: o.probe ?? new HostProbe(), user: o.user, env: o.env, unit: o.unit, nowMs: Date.now() });
}
