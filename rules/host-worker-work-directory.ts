// With --on-host: a worker's work_directory must be removable (NativeLink deletes it at startup) and creatable by its user.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { createDirAll, describeStat, IO, may, R, W, X, type Denial } from "../src/host/judge.ts";
import { ioCode, startupError, target } from "../src/host/report.ts";
import type { PathFacts } from "../src/host/facts.ts";
import type { HostUser } from "../src/host-users.ts";

const W_ = (dir: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "cache/cas", temp_path: "cache/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "${dir}", platform_properties: {} } }] }`;

/** What remove_dir_all(canonical work_directory) meets: a mount inside, or a directory the user cannot empty. */
function removal(user: HostUser, f: PathFacts): Denial | undefined {
  if (f.mount?.mountPoint === f.path) return { io: IO.EBUSY, why: `${f.path} is itself a mount point` };
  if (f.mountsInside.length > 0) return { io: IO.EBUSY, why: `${f.mountsInside[0]} is mounted inside it` };
  const parent = f.ancestors[f.ancestors.length - 1];
  if (parent && may(user, parent.stat, W | X) === false) return { io: IO.EACCES, why: `${user.name} cannot remove it from ${parent.path} (${describeStat(parent.stat)})` };
  // Emptying a directory takes reading, writing and entering it; an empty one is only unlinked from its parent.
  for (const d of [{ path: f.path, stat: f.stat as import("../src/host/probe.ts").PathStat, empty: f.tree?.rootEmpty }, ...(f.tree?.dirs ?? [])]) {
    if (d.empty !== true && may(user, d.stat, R | W | X) === false) return { io: IO.EACCES, why: `${user.name} cannot empty ${d.path} (${describeStat(d.stat)})` };
  }
  return undefined;
}

export default defineRule(
  {
    id: "host-worker-work-directory",
    category: "host",
    severity: "error",
    summary: "with --on-host, a worker's work_directory must be removable and creatable by NativeLink's user",
    why: "A local worker deletes its work_directory recursively at startup (whatever it holds) and creates it again. A directory inside it that the user cannot empty, a mount point inside it (or the directory itself being one), or a parent the user cannot write stops NativeLink. The check walks the existing tree with a bound, reads the mount table, and judges permission bits for the run-as user.",
    fix: "Give the work directory and everything in it to NativeLink's user (chown -R), unmount what is mounted inside it, or choose a directory under one that user owns.",
    nativelink: [
      { message: "<io error> + Could not remove work_directory '{canonical path}' in LocalWorker + Could not make LocalWorker", source: "nativelink-worker/src/local_worker.rs:592-599" },
      { message: "<io error> + Could not make work_directory : {work_directory} + Could not make LocalWorker", source: "nativelink-worker/src/local_worker.rs:601-603" },
    ],
    catalog: ["worker-workdir-remove-failed", "worker-workdir-create-failed"],
    examples: {
      bad: { config: W_("blocker/work"), files: { blocker: "a file where a directory is needed\n" }, onHost: true },
      good: { config: W_("work"), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const w of t.plan.workers) {
      if (!w.workDir) continue;
      const f = t.paths.get(w.workDir.path);
      if (!f) continue;
      const value = w.workDir.str.value;
      if (!("error" in f.stat) && f.stat.kind === "dir") {
        const denied = removal(t.user, f);
        if (denied) {
          yield {
            node: w.workDir.str.node,
            message: `work_directory ${JSON.stringify(value)}: ${denied.why}, and NativeLink deletes the work directory at startup: it stops there`,
            nativelink: startupError(ioCode(denied.io), [denied.io, `Could not remove work_directory '${f.path}' in LocalWorker`, "Could not make LocalWorker"]),
            hint: denied.io === IO.EBUSY ? "unmount it, or choose a work_directory with nothing mounted inside" : `chown -R ${t.user.name} ${f.path}`,
          };
          continue;
        }
        if (f.tree?.truncated) yield { node: w.workDir.str.node, severity: "info", message: `work_directory ${JSON.stringify(value)} holds many entries; only the first of them were checked for removal` };
        continue;
      }
      const denied = createDirAll(t.user, f);
      if (!denied) continue;
      yield {
        node: w.workDir.str.node,
        message: `work_directory ${JSON.stringify(value)}: ${denied.why}, so NativeLink cannot create it and stops at startup`,
        nativelink: startupError(ioCode(denied.io), [denied.io, `Could not make work_directory : ${value}`, "Could not make LocalWorker"]),
        hint: `create it beforehand: install -d -o ${t.user.name} ${f.path}`,
      };
    }
  },
);
