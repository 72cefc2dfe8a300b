// A historical_resource scheduler's hints_file must exist and hold hints NativeLink can parse, or it warns at every refresh.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ConfigModel, SpecRef } from "../src/model.ts";
import { dataFiles, hintsFileProblem } from "../src/facts/data-files.ts";
import { DATA_MAX_BYTES } from "../src/files.ts";

const READ = "Failed to read historical resource hints";
const PARSE = "Failed to parse historical resource hints";

const SCHED = (hints: string) =>
  `{ stores: [], schedulers: [{ name: "MAIN", historical_resource: { hints_file: "${hints}", scheduler: { simple: {} } } }], servers: [] }`;

/** `historical_resource scheduler "MAIN"`, or the path to a nested one. */
function describe(model: ConfigModel, spec: SpecRef): string {
  const m = /^\/schedulers\/(\d+)/.exec(spec.at);
  const name = m ? model.schedulers[Number(m[1])]?.name?.value : undefined;
  const owner = name !== undefined ? `scheduler "${name}"` : "an unnamed scheduler";
  return spec.path.length > 1 ? `${spec.path.join(".")} in ${owner}` : `historical_resource ${owner}`;
}

export default defineRule(
  {
    id: "scheduler-hints-file-valid",
    category: "filesystem",
    severity: "warning",
    summary: "a historical_resource scheduler's hints_file must be a readable JSON list of hints",
    why: "The historical_resource scheduler reads hints_file with read_to_string and serde_json when an action first needs hints, and again after every refresh_interval_s. It never fails: a missing or unreadable file (or one that is not UTF-8) logs `Failed to read historical resource hints`, a file that is not a JSON list of hints (or an object whose `hints` is one) logs `Failed to parse historical resource hints`, and every action is then scheduled without the CPU and memory hints the scheduler exists to add. The warning repeats at each refresh. Hints are objects with optional target_id and action_mnemonic (strings) and cpu_count, memory_kb and memory_mib (non-negative integers); strict JSON, no comments or trailing commas.",
    fix: "Point hints_file at the hints file (relative paths resolve against NativeLink's working directory) and make it strict JSON: [{ \"target_id\": \"//pkg:target\", \"cpu_count\": 4, \"memory_kb\": 2097152 }] or { \"hints\": [...] }.",
    nativelink: [
      { message: READ, source: "nativelink-scheduler/src/historical_resource_scheduler.rs:151-156" },
      { message: PARSE, source: "nativelink-scheduler/src/historical_resource_scheduler.rs:158-164" },
    ],
    catalog: ["historical-hints-unreadable"],
    examples: {
      bad: { config: SCHED("hints.json"), files: { "hints.json": '[{ "target_id": "//app:server", "cpu_count": 4, },]\n' } },
      good: { config: SCHED("hints.json"), files: { "hints.json": '[{ "target_id": "//app:server", "cpu_count": 4 }]\n' } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const repeat = "when an action first needs hints and again at every refresh, and schedules without them";
    for (const ref of model.dataFiles) {
      if (ref.role !== "historical-hints" || ref.str.unknown || ref.str.value !== "") continue;
      yield { node: ref.str.node, message: `hints_file of ${describe(model, ref.spec)} is an empty path: the scheduler logs "${READ}" ${repeat}`, nativelink: READ, hint: "give the path of the hints file, or use a simple scheduler" };
    }
    for (const { ref, path, view } of dataFiles(ctx, "historical-hints")) {
      const where = `hints_file ${JSON.stringify(ref.str.value)} of ${describe(model, ref.spec)}`;
      const resolved = path !== ref.str.value ? ` (resolved to ${path})` : "";
      const code = view.read.error?.code;
      if (code === "TOO_LARGE") {
        yield { node: ref.str.node, severity: "info", message: `${where} is larger than ${DATA_MAX_BYTES / 1048576} MiB, so nativelink-preflight did not read it and could not check its contents`, hint: "check that the field names the intended file" };
        continue;
      }
      if (code === "NOT_REGULAR") {
        // read_to_string opens it like a file: a FIFO blocks the reading thread until something writes to it.
        const fifo = view.read.kind === "fifo";
        yield {
          node: ref.str.node,
          message: fifo
            ? `${where} is a FIFO (named pipe): the scheduler blocks reading it when an action first needs hints, until something writes to it`
            : `${where} is not a regular file (${view.read.kind ?? "unknown kind"}): the scheduler reads whatever it yields as hints`,
          hint: "point hints_file at a regular JSON file",
        };
        continue;
      }
      if (code && code !== "EMPTY") {
        const what =
          code === "ENOENT" ? "does not exist" : code === "EACCES" ? "cannot be read (permission denied)" : code === "EISDIR" ? "is a directory" : `cannot be read (${view.read.error?.message ?? "unknown error"})`;
        yield {
          node: ref.str.node,
          message: `${where} ${what}: the scheduler logs "${READ}" ${repeat}`,
          nativelink: READ,
          hint: `check the path${resolved}; relative paths resolve against NativeLink's working directory (--cwd)`,
        };
        continue;
      }
      const json = view.json;
      if (!json) continue;
      if (json.kind === "not-utf8") {
        yield { node: ref.str.node, message: `${where} is not UTF-8 text: the scheduler logs "${READ}" ${repeat}`, nativelink: READ, hint: "save the hints file as UTF-8 JSON" };
        continue;
      }
      const problem = json.kind === "syntax" ? (json.blank ? "is empty" : `is not strict JSON (${json.error})`) : hintsFileProblem(json.value);
      if (!problem) continue;
      yield {
        node: ref.str.node,
        message: `${where} ${json.kind === "syntax" ? problem : `is not a list of hints: ${problem}`}; the scheduler logs "${PARSE}" ${repeat}`,
        nativelink: PARSE,
        hint: 'write strict JSON (no comments or trailing commas): [{ "target_id": "//pkg:target", "cpu_count": 4, "memory_kb": 2097152 }]',
      };
    }
  },
);
