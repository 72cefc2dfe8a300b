// Two workers that end up with one name stop NativeLink, after the second has purged its work directory.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import type { WorkerModel } from "../src/model.ts";

const W = (extra: string, dir: string) =>
  `{ local: { ${extra}worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "WORKER_FAST_SLOW", upload_action_result: { ac_store: "AC" }, work_directory: "${dir}", platform_properties: {} } }`;
const STORES = 'stores: [{ name: "AC", memory: {} }, { name: "WORKER_FAST_SLOW", fast_slow: { fast: { filesystem: { content_path: "/data/cas", temp_path: "/data/tmp" } }, slow: { memory: {} } } }]';

/** How a worker got its name, for messages. */
function described(w: WorkerModel): string {
  return w.nameStr && w.nameStr.value !== "" ? `workers[${w.index}]` : `workers[${w.index}] (by default)`;
}

/** Where a worker's name comes from: its explicit name, or (a default name) its `local` block. */
function whereNamed(w: WorkerModel): { at: string; node: DocNode } {
  if (w.nameStr && w.nameStr.value !== "") return { at: w.nameStr.at, node: w.nameStr.node };
  return w.local ? { at: w.local.pointer, node: w.local } : { at: w.at, node: w.node };
}

export default defineRule(
  {
    id: "worker-name-unique",
    category: "reference",
    severity: "error",
    summary: "each worker must end up with its own name",
    why: "A worker without a `name` (or with one that expands to \"\") is called `worker_{index}`. After building each worker NativeLink checks that no earlier worker has the same name, so two explicit names that expand alike, or an explicit name equal to another worker's default, stop startup; by then the second worker has already deleted and recreated its work_directory.",
    fix: "Give every worker a distinct `name` (names are ${VAR}-expanded, so check the expanded values), or avoid explicit names of the form `worker_N`.",
    nativelink: [{ message: "Duplicate worker name '{name}' found in config", source: "src/bin/nativelink.rs:742-747" }],
    catalog: ["worker-name-duplicate"],
    examples: {
      bad: { config: `{ ${STORES}, servers: [], workers: [${W('name: "builder", ', "/w/a")}, ${W('name: "builder", ', "/w/b")}] }` },
      good: { config: `{ ${STORES}, servers: [], workers: [${W('name: "builder-a", ', "/w/a")}, ${W("", "/w/b")}] }` },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    const seen = new Map<string, WorkerModel>();
    for (const w of model.workers) {
      if (!w.local || w.nameStr?.unknown) continue;
      const earlier = seen.get(w.name);
      if (!earlier) {
        seen.set(w.name, w);
        continue;
      }
      const explicit = w.nameStr && w.nameStr.value !== "";
      yield {
        ...whereNamed(w),
        message: `worker name "${w.name}" of ${described(w)} is already used by ${described(earlier)}`,
        nativelink: `Duplicate worker name '${w.name}' found in config`,
        hint: explicit ? "give this worker a name of its own" : `add a \`name\` to this worker; "${w.name}" is taken`,
        related: [{ ...whereNamed(earlier), message: `"${w.name}" first used here` }],
      };
    }
  },
);
