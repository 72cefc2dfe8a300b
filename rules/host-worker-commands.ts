// With --on-host: a worker's entrypoint and platform-property query commands must exist and be executable by NativeLink's user (never run).
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import { execProblem } from "../src/host/judge.ts";
import { target } from "../src/host/report.ts";
import { nativelinkErrorText } from "../src/facts/endpoints.ts";
import { join } from "node:path";

const W = (props: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: ${props} } }] }`;

export default defineRule(
  {
    id: "host-worker-commands",
    category: "host",
    severity: "error",
    summary: "with --on-host, a worker's entrypoint and query_cmd programs must exist and be executable by NativeLink's user",
    why: "Each time a worker registers it runs every platform property's query_cmd with a cleared environment (only additional_environment), so a bare program name is looked up in glibc's default PATH, /bin:/usr/bin; a program that is missing or not executable fails registration, which is retried every 0.5 s without end. The entrypoint is run in front of every action, so a missing one fails every action. The check looks the programs up and judges their permission bits; it never runs them.",
    fix: "Install the program, give its full path, or make it executable for NativeLink's user (chmod 755).",
    nativelink: [{ message: "<io error> + Error executing property_name {name} command: '{cmd}'", source: "nativelink-worker/src/worker_utils.rs:61-85" }],
    catalog: ["worker-property-cmd-failed"],
    examples: {
      bad: { config: W('{ cpu_count: { query_cmd: "nativelink-preflight-no-such-program --count" } }'), onHost: true },
      good: { config: W('{ cpu_count: { query_cmd: "nproc" } }'), onHost: true },
    },
  },
  function* (ctx): Iterable<Report> {
    const t = target(ctx);
    if (!t) return;
    for (const w of t.plan.workers) {
      for (const c of w.commands) {
        let problem: string | undefined;
        if (c.path) {
          const f = t.paths.get(c.path);
          problem = f && execProblem(t.user, f);
        } else if (c.searchPath) {
          const found = c.searchPath.map((d) => t.paths.get(join(d, c.program))).filter((f) => f && !("error" in f.stat));
          if (found.length === 0) problem = `${c.program} is not in ${c.searchPath.join(":")} (the worker clears the environment, so this is the PATH it searches)`;
          else if (found.every((f) => execProblem(t.user, f!))) problem = execProblem(t.user, found[0]!);
        }
        if (!problem) continue;
        const isQuery = c.what !== "entrypoint";
        const name = isQuery ? /"(.*)"$/.exec(c.what)?.[1] ?? "" : "";
        yield {
          node: c.str.node,
          message: isQuery
            ? `${c.what}: ${problem}; the worker fails to register and retries every 0.5 s without end`
            : `entrypoint: ${problem}; every action the worker runs fails`,
          nativelink: isQuery
            ? problem.includes("may not execute") || problem.includes("cannot enter")
              ? nativelinkErrorText("PermissionDenied", ["Permission denied (os error 13)", `Error executing property_name ${name} command: '${c.str.value}'`])
              : nativelinkErrorText("NotFound", ["No such file or directory (os error 2)", `Error executing property_name ${name} command: '${c.str.value}'`])
            : undefined,
          hint: isQuery ? "give the program's full path, install it, or set PATH in additional_environment" : "install the entrypoint, or fix its path",
        };
      }
    }
  },
);
