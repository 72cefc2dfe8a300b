// Every ${VAR} that NativeLink expands must be set on the target host, or have a default.
import { defineRule } from "../src/rule-helpers.ts";

export default defineRule(
  {
    id: "env-defined",
    category: "value",
    severity: "error",
    loader: true,
    summary: "a ${VAR} NativeLink expands must be set or have a default",
    why: "NativeLink expands $VAR, ${VAR} and ${VAR:-default} in paths, addresses, numbers, durations, sizes and booleans while it parses; an unset variable without a default stops it. Names, instance names and store references are never expanded, so they are not checked here.",
    fix: "Set the variable on the target host (and describe it to this check with --target-env-file or --env), or give it a default: ${VAR:-value}. Use --lenient-env to turn this into a warning when the environment is not known.",
    nativelink: [{ message: "error looking key '{VAR}' up: environment variable not found", source: "nativelink-config/src/serde_utils.rs (shellexpand::env)" }],
    catalog: ["env-var-undefined"],
    examples: {
      bad: { config: '{ stores: [{ name: "CAS", filesystem: { content_path: "${NL_TEST_UNSET_ROOT}/cas", temp_path: "/tmp/nl/tmp" } }], servers: [] }' },
      good: { config: '{ stores: [{ name: "CAS", filesystem: { content_path: "${NL_TEST_UNSET_ROOT:-/var/lib/nativelink}/cas", temp_path: "/tmp/nl/tmp" } }], servers: [] }' },
    },
  },
  function* (ctx) {
    let lenient = 0;
    for (const d of ctx.normalized?.diagnostics ?? []) {
      if (d.code === "env-defined") {
        yield { at: d.at, node: d.node, message: d.message, nativelink: d.nativelink, hint: d.hint };
      } else if (d.code === "env-lenient") {
        lenient++;
        yield { at: d.at, node: d.node, message: d.message, hint: d.hint, severity: "warning" };
      }
    }
    if (lenient > 0) {
      yield {
        at: "",
        severity: "info",
        message: `${lenient} value${lenient === 1 ? "" : "s"} depend${lenient === 1 ? "s" : ""} on unset variables; --lenient-env skipped every check that needs ${lenient === 1 ? "it" : "them"}`,
        hint: "pass the target host's environment with --target-env-file to check everything",
      };
    }
  },
);
