// With --on-host: a filesystem store's temp_path and content_path (with s/ and d/), and content_path.exec, must be creatable and listable by NativeLink's user.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { createDirAll, IO, listDir, may, W, X, describeStat, type Denial } from "../src/host/judge.ts";
import { startupError, storeStartupError, target, ioCode } from "../src/host/report.ts";
import type { PathFacts } from "../src/host/facts.ts";
import { dirname } from "node:path";

const FS = (content: string, temp: string) =>
  `{ stores: [{ name: "CAS", filesystem: { content_path: "${content}", temp_path: "${temp}", eviction_policy: { max_bytes: 1000000 } } }], servers: [] }`;

export default defineRule(
  {
    id: "host-store-directories",
    category: "host",
    severity: "error",
    summary: "with --on-host, a filesystem store's directories must be creatable and listable by NativeLink's user",
    why: "At startup a filesystem store creates temp_path/s, temp_path/d, content_path/s and content_path/d (create_dir_all), clears and recreates the sibling content_path.exec, lists content_path, its d/ and s/ to load the cache, and lists temp_path/s and temp_path/d to prune partial uploads. Any of these failing stops NativeLink, except content_path.exec being read-only or not writable, which only turns executable variants off with a warning. The check walks up from each path to the first directory that exists and judges its mode, owner and group for the run-as user (and a read-only mount).",
    fix: "Create the directories beforehand and give them to NativeLink's user (install -d -o USER -g GROUP -m 750 DIR), or point the store at a directory that user owns.",
    nativelink: [
      { message: "<io error> + Failed to create directory {path}/s + Failed to create store '{name}'", source: "nativelink-store/src/filesystem_store.rs:1151-1169" },
      { message: "<io error> + Failed to clear executable dir {content_path}.exec", source: "nativelink-store/src/filesystem_store.rs:626-645" },
      { message: "Executable directory is not writable; serving CAS reads with executable variants disabled", source: "nativelink-store/src/filesystem_store.rs:1181-1187" },
      { message: "<io error> + Failed opening content directory for iterating in filesystem store", source: "nativelink-store/src/filesystem_store.rs:817-830" },
      { message: "<io error> + Failed opening temp directory to prune partial downloads in filesystem store", source: "nativelink-store/src/filesystem_store.rs:939-945" },
    ],
    catalog: ["fs-create-dir-failed", "fs-exec-dir-failed", "fs-exec-dir-not-writable", "fs-content-read-failed", "fs-temp-prune-failed"],
    examples: {
      bad: { config: FS("blocker/cas", "tmp"), files: { blocker: "a file where a directory is needed\n" }, onHost: true },
      good: { config: FS("cache/cas", "cache/tmp"), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    const user = t.user;
    const seen = new Set<string>();
    for (const s of t.plan.fsStores) {
      const facts = (p: string) => t.paths.get(p);
      // NativeLink's order: temp_path's s and d, then content_path's, then the .exec sibling, then the listings.
      let stopped = false;
      for (const [field, p] of [["temp_path", s.temp], ["content_path", s.content]] as const) {
        for (const sub of ["s", "d"]) {
          const f = facts(`${p.path}/${sub}`);
          const denied = f && createDirAll(user, f);
          if (!denied) continue;
          const key = `create\0${p.path}`;
          if (!seen.has(key)) {
            seen.add(key);
            yield {
              node: p.str.node,
              message: `${field} ${JSON.stringify(p.str.value)}: ${denied.why}, so NativeLink cannot create ${p.str.value}/${sub} and stops at startup`,
              nativelink: storeStartupError(denied.io, `Failed to create directory ${p.str.value}/${sub}`, s.name),
              hint: `create it beforehand for ${user.name}: install -d -o ${user.name} ${p.path}/s ${p.path}/d`,
            };
          }
          stopped = true;
          break;
        }
        if (stopped) break;
      }
      if (stopped) continue;
      const exec = facts(`${s.content.path}.exec`);
      if (exec) {
        const r = execDir(user, exec, facts(`${s.content.path}.exec/d`));
        if (r?.fatal) {
          yield {
            node: s.content.str.node,
            message: `content_path ${JSON.stringify(s.content.str.value)}: ${r.why}, so NativeLink cannot clear ${s.content.str.value}.exec and stops at startup`,
            nativelink: storeStartupError(r.io, `Failed to clear executable dir ${s.content.str.value}.exec`, s.name),
            hint: `remove ${s.content.path}.exec (NativeLink recreates it as a directory)`,
          };
          continue;
        }
        if (r) {
          yield {
            node: s.content.str.node,
            severity: "warning",
            message: `content_path ${JSON.stringify(s.content.str.value)}: ${r.why}, so NativeLink turns executable variants off (inputs marked executable are then copied for every action)`,
            nativelink: "Executable directory is not writable; serving CAS reads with executable variants disabled",
            hint: `let ${user.name} write ${dirname(s.content.path)} and ${s.content.path}.exec`,
          };
        }
      }
      for (const [p, tip, sub] of [
        [s.content, "Failed opening content directory for iterating in filesystem store", ["", "/d", "/s"]],
        [s.temp, "Failed opening temp directory to prune partial downloads in filesystem store", ["/s", "/d"]],
      ] as const) {
        let denied: Denial | undefined;
        for (const x of sub) {
          const f = facts(p.path + x);
          if (f && (denied = listDir(user, f))) break;
        }
        if (!denied) continue;
        yield {
          node: p.str.node,
          message: `${p === s.content ? "content_path" : "temp_path"} ${JSON.stringify(p.str.value)}: ${denied.why}, so NativeLink cannot list it and stops at startup`,
          nativelink: startupError(ioCode(denied.io), [denied.io, tip, `Failed to create store '${s.name}'`]),
          hint: `chown -R ${user.name} ${p.path}, or give its group read and search access`,
        };
        break;
      }
    }
  },
);

/** remove_dir_all({content}.exec) then create_dir_all({content}.exec/d): fatal, a warning, or fine. */
function execDir(user: import("../src/host-users.ts").HostUser, exec: PathFacts, execD: PathFacts | undefined): (Denial & { fatal: boolean }) | undefined {
  const parent = exec.ancestors[exec.ancestors.length - 1];
  if (!("error" in exec.stat)) {
    if (exec.stat.kind !== "dir") return { io: IO.ENOTDIR, why: `${exec.path} exists and is not a directory`, fatal: true };
    if (exec.mount?.options.includes("ro")) return { io: IO.EROFS, why: `${exec.path} is on a read-only mount`, fatal: false };
    if (parent && may(user, parent.stat, W | X) === false) return { io: IO.EACCES, why: `${user.name} cannot remove ${exec.path} from ${parent.path} (${describeStat(parent.stat)})`, fatal: false };
    if (may(user, exec.stat, W | X) === false) return { io: IO.EACCES, why: `${user.name} cannot empty ${exec.path} (${describeStat(exec.stat)})`, fatal: false };
    return undefined;
  }
  const denied = execD && createDirAll(user, execD);
  if (!denied) return undefined;
  return { ...denied, fatal: denied.io !== IO.EACCES && denied.io !== IO.EROFS };
}
