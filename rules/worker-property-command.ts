// A worker platform property's query_cmd must split into a command: unbalanced quotes loop forever, an empty one panics.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { lastValues } from "../src/doc.ts";
import { shlexSplit } from "../src/facts/worker.ts";
import { get } from "../src/typed.ts";

const worker = (props: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: ${props} } }] }`;

export default defineRule(
  {
    id: "worker-property-command",
    category: "reference",
    severity: "error",
    summary: "a worker platform property's query_cmd must split into a command line",
    why: "Each time a worker registers with the scheduler it splits every query_cmd with shlex (shell-like quoting, no shell) and runs the first word. An unterminated quote or a trailing backslash makes the split fail: registration fails and is retried every 0.5 s without end, so the worker never takes work. A query_cmd that is empty, blank or only a `#` comment splits into no words, and indexing the first word panics the worker task, which takes the whole process down.",
    fix: "Close the quote or drop the stray backslash; give the command to run (e.g. `nproc`), or use `values` for a fixed property. Pipes and redirections need an explicit `sh -c '...'`.",
    nativelink: [
      { message: "Could not parse the value of worker property: {name}: '{cmd}'", source: "nativelink-worker/src/worker_utils.rs:50-59" },
      { message: "index out of bounds: the len is 0 but the index is 0", source: "nativelink-worker/src/worker_utils.rs:52" },
    ],
    catalog: ["worker-property-shlex", "worker-property-empty-cmd-panic"],
    examples: {
      bad: { config: worker(`{ gpu: { query_cmd: "sh -c 'nvidia-smi -L | wc -l" } }`) },
      good: { config: worker(`{ gpu: { query_cmd: "sh -c 'nvidia-smi -L | wc -l'" } }`) },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const props = get(w.local, "platform_properties");
      if (props?.kind !== "object") continue;
      const kept = lastValues(props);
      for (const m of props.members) {
        // serde keeps the last of duplicate keys, and a direct enum reads only its first key.
        // Untyped on purpose: platform_properties is a map keyed by the user's property names, not a struct.
        if (kept.get(m.key) !== m.value || m.value.kind !== "object") continue;
        const variant = m.value.members[0];
        if (variant?.key !== "query_cmd" || variant.value.kind !== "string") continue;
        const cmd = variant.value.value;
        const words = shlexSplit(cmd);
        if (words === undefined) {
          yield {
            node: variant.value,
            message: `query_cmd of platform property "${m.key}" has an unterminated quote or a trailing backslash, so it cannot be split into a command; the worker's registration fails and is retried forever`,
            nativelink: `Could not parse the value of worker property: ${m.key}: '${cmd}'`,
            hint: "balance the quotes (or escape the backslash); use sh -c '...' for shell syntax",
          };
        } else if (words.length === 0) {
          yield {
            node: variant.value,
            message: `query_cmd of platform property "${m.key}" ${cmd.trim() === "" ? "is empty" : "holds only a comment"}, so there is no command to run; the worker task panics when it registers and NativeLink exits`,
            nativelink: "index out of bounds: the len is 0 but the index is 0",
            hint: "give the command that prints the property's values, or use `values` for fixed ones",
          };
        }
      }
    }
  },
);
