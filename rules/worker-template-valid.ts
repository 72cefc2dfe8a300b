// A worker's success/failure message templates must be formatx templates with only the placeholders NativeLink fills.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { formatxTemplate } from "../src/facts/worker.ts";
import { get } from "../src/typed.ts";

/** The names `format_execute_response_message` replaces. */
const FILLED = ["digest_function", "action_digest_hash", "action_digest_size", "historical_results_hash", "historical_results_size"];

const W = (upload: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }, { name: "AC", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { ac_store: "AC", ${upload} }, work_directory: "/var/nl/work", platform_properties: {} } }] }`;

export default defineRule(
  {
    id: "worker-template-valid",
    category: "reference",
    severity: "error",
    summary: "a worker's success_message_template and failure_message_template must be valid formatx templates",
    why: "The worker compiles both templates with formatx when it starts. Unbalanced braces (`{{` and `}}` are literal braces), a format spec formatx does not support (`{x:e}`, `{x:.}`...) or a `}` before the first `{` stops startup or panics. A template that compiles can still name a placeholder NativeLink never fills (it fills digest_function, action_digest_hash, action_digest_size, historical_results_hash and historical_results_size); then building the result message fails for every action that uses it. A failure_message_template error is reported with the success template's text (a NativeLink bug).",
    fix: "Balance the braces (write `{{`/`}}` for literal ones) and use only the five placeholders NativeLink fills, without format specs.",
    nativelink: [
      { message: "number of opening and closing curly braces are not equal i.e. {a} != {b}", source: "nativelink-worker/src/running_actions_manager.rs:2821-2837 (formatx 0.2.4 Template::new)" },
      { message: "missing placeholders values for: {name} (named)", source: "nativelink-worker/src/running_actions_manager.rs:2860-2891 (formatx 0.2.4 Template::text)" },
    ],
    catalog: ["worker-template-braces"],
    examples: {
      bad: { config: W('success_message_template: "https://ci.example.com/blobs/{digest_function}/action/{action_digest_hash}-{action_digest_size"') },
      good: { config: W('success_message_template: "https://ci.example.com/blobs/{digest_function}/action/{action_digest_hash}-{action_digest_size}/"') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const upload = get(w.local, "upload_action_result");
      for (const key of ["success_message_template", "failure_message_template"] as const) {
        const t = model.str(get(upload, key));
        if (!t || t.unknown) continue;
        const r = formatxTemplate(t.value);
        if (!r.ok && !r.panic) {
          yield {
            node: t.node,
            message: `${key} ${JSON.stringify(t.value)} is not a template formatx accepts (${r.message}); worker "${w.name}" cannot be built and NativeLink stops`,
            nativelink: r.message,
            hint: r.message.startsWith("number of opening") ? "close every placeholder with `}`, and write `{{` or `}}` for a literal brace" : "write the placeholder without a format spec, e.g. {action_digest_hash}",
          };
        } else if (!r.ok) {
          yield {
            node: t.node,
            message: `${key} ${JSON.stringify(t.value)} makes formatx panic while compiling it (${r.message.startsWith("called") ? "it looks up a placeholder it cannot find again" : r.message}); NativeLink exits`,
            nativelink: r.message.startsWith("called") ? r.message : undefined,
            hint: "write `{{` or `}}` for literal braces and keep each placeholder as {name}",
          };
        } else {
          const unknown = r.placeholders.filter((p) => !FILLED.includes(p));
          if (unknown.length === 0) continue;
          const kind = (p: string) => (/^\+?\d+$/.test(p) ? "positional" : "named");
          yield {
            node: t.node,
            severity: "warning",
            message: `${key} uses ${unknown.map((p) => (kind(p) === "positional" ? "a positional {}" : `{${p}}`)).join(", ")}, which NativeLink never fills, so building the result message fails for every action ${key.startsWith("success") ? "that succeeds" : "that fails"}`,
            nativelink: `missing placeholders values for: ${unknown.map((p) => `${p} (${kind(p)})`).join(", ")}`,
            hint: `use only ${FILLED.map((f) => `{${f}}`).join(", ")}; write {{ and }} for literal braces`,
          };
        }
      }
    }
  },
);
