// Across configs checked together, every worker and grpc store/scheduler endpoint must land on a listener that mounts the services it calls.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report, Severity } from "../src/types.ts";
import type { ServiceName } from "../src/model.ts";
import { callTip, connectConsequence, listenerLabel, matchNote, type Listener, type Resolution } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";
import { groupBy } from "../src/arrays.ts";

const WORKER = (uri: string) =>
  `{
  stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }],
  servers: [],
  workers: [{ local: { worker_api_endpoint: { uri: "${uri}" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }],
}`;

const SCHEDULER = `{
  stores: [{ name: "CAS", memory: {} }],
  schedulers: [{ name: "MAIN", simple: {} }],
  servers: [
    { name: "clients", listener: { http: { socket_address: "0.0.0.0:50052" } }, services: { execution: [{ cas_store: "CAS", scheduler: "MAIN" }], capabilities: [{ remote_execution: { scheduler: "MAIN" } }] } },
    { name: "workers", listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "MAIN" } } },
  ],
}`;

const list = (xs: string[]) => (xs.length === 0 ? "no service" : xs.join(", "));

function mountedText(l: Listener): string {
  return list([...l.mounted]);
}

/**
 * How many listeners or configs a message names, and how many related places it gives: a directory of
 * many configs on one port made every client's finding name all of them (clients times listeners).
 */
const SHOWN = 10;

/**
 * The first SHOWN of `parts`, then what `more` says of the rest: `parts` need only be made up to one
 * past SHOWN (whether there are more is all that is asked of the rest).
 */
function upTo(parts: string[], more: () => string): string[] {
  return parts.length <= SHOWN ? parts : [...parts.slice(0, SHOWN), more()];
}

const plural = (n: number, word: string) => `${n} more ${word}${n === 1 ? "" : "s"}`;

export default defineRule(
  {
    id: "deployment-endpoint-listener",
    category: "endpoint",
    severity: "error",
    appliesTo: "deployment",
    summary: "a worker, grpc store or grpc scheduler endpoint must reach a listener of the deployment that mounts the services it calls",
    why: "A worker calls WorkerApi.ConnectWorker on the scheduler's worker_api listener; a grpc store of type cas calls the ContentAddressableStorage and ByteStream services, one of type ac the ActionCache service; a grpc scheduler forwards Execute (and GetCapabilities, when a capabilities entry uses it) to an execution listener. Each server entry is its own listener with its own services, and a path a server does not mount gets `No route for …` (HTTP 404, which the client reads as Unimplemented). A worker pointed at the wrong port never registers and retries every 0.5 s forever; a grpc store fails on its first request; a grpc scheduler used by capabilities stops NativeLink at startup. Host names are matched to configs with --host-map; loopback hosts match listeners bound to a loopback or wildcard address, and IP literals listeners bound to that address; any other host is never matched by port alone (a listener on the same port may belong to another deployment): the finding is an info that says which --host-map would check it.",
    fix: "Point the URI at the host and port of the server entry that mounts the service (worker_api for workers, cas and bytestream for a cas grpc store, ac for an ac one, execution and capabilities for a grpc scheduler), or mount the service on that listener. Pass --host-map HOST=CONFIG so host names are matched to the right config.",
    nativelink: [
      { message: "Could not call connect_worker() in worker", source: "nativelink-worker/src/local_worker.rs:835" },
      { message: "No route for {uri}", source: "src/bin/nativelink.rs:466-469" },
      { message: "Retrieving upstream GrpcScheduler capabilities", source: "nativelink-scheduler/src/grpc_scheduler.rs:226" },
    ],
    catalog: ["worker-register-failed", "worker-endpoint-connect", "grpc-store-connect-failed", "grpc-scheduler-capabilities-fetch"],
    examples: {
      bad: { config: WORKER("grpc://scheduler.internal:50052"), peers: { "scheduler.json5": SCHEDULER }, hostMap: { "scheduler.internal": "scheduler.json5" } },
      good: { config: WORKER("grpc://scheduler.internal:50061"), peers: { "scheduler.json5": SCHEDULER }, hostMap: { "scheduler.internal": "scheduler.json5" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    // Clients that share a resolution (src/graph/model.ts) share these texts.
    const wouldOf = new Map<Resolution, string[]>();
    const cannotOf = new Map<Resolution, string[]>();
    for (const { client: c, res } of deploymentGraph(dep).connections) {
      const who = `${c.label} connects to ${c.shown}`;
      // --host-map sends this host to a config of another deployment of the run: not ours to check.
      if (res.mode === "elsewhere") continue;
      if (res.reached.length === 0 && res.mode === "unmatched" && res.candidates.length > 0) {
        // Suggest the configs whose listener on the port mounts what the client calls, when some do.
        let would = wouldOf.get(res);
        if (!would) {
          const fitting = res.candidates.filter((l) => c.needs.every((n) => l.mounted.has(n)));
          const byConfig = [...groupBy(fitting.length > 0 ? fitting : res.candidates, (l) => l.config.file)];
          would = upTo(
            byConfig.slice(0, SHOWN + 1).map(([file, ls]) => `--host-map ${c.host}=${file} would check it against ${ls.map((l) => listenerLabel(l)).join(" and ")}`),
            () => `and ${plural(byConfig.length - SHOWN, "config")} like these`,
          );
          wouldOf.set(res, would);
        }
        yield {
          file: c.config.file,
          node: c.uri.node,
          severity: "info",
          message: `${who}, which no config of the deployment is known to serve, so this connection is not checked; ${would.join("; ")}`,
          hint: `if ${c.host} is served by a config of this run, name it with --host-map ${c.host}=CONFIG; a listener on the same port may belong to another deployment, so none is assumed`,
        };
        continue;
      }
      if (res.reached.length === 0) {
        let cannot = cannotOf.get(res);
        if (!cannot) {
          const all = res.unreachable.length;
          cannot = upTo(
            res.unreachable.slice(0, SHOWN + 1).map((l) => `${listenerLabel(l)} is bound to ${l.text}, which ${c.host} does not reach`),
            () => `and ${plural(all - SHOWN, "listener")} on the port it does not reach`,
          );
          cannotOf.set(res, cannot);
        }
        const tail = cannot.length ? `; ${cannot.join("; ")}` : "";
        let message: string;
        let severity: Severity;
        let hint: string;
        if (res.mode === "host-map") {
          severity = "error";
          message = `${who}, but ${res.mapped} (--host-map ${c.host}=${res.mapped}) has no listener on port ${c.port}${tail}: ${connectConsequence(c)}`;
          hint = `use the port of the ${list(c.needs)} listener of ${res.mapped}, or fix --host-map`;
        } else if (res.mode === "loopback") {
          severity = "warning";
          message = `${who}, but no config of the deployment listens on port ${c.port} on a loopback or wildcard address${tail}`;
          hint = `start the server entry that mounts ${list(c.needs)} on port ${c.port} on this machine, or use its real host and port`;
        } else {
          severity = "info";
          message = `${who}, but no config of the deployment listens on port ${c.port}${tail}, so this connection is not checked`;
          hint = `add the config that serves ${c.host} to the run, or map the host with --host-map ${c.host}=CONFIG`;
        }
        yield {
          file: c.config.file,
          node: c.uri.node,
          severity,
          message,
          hint,
          related: res.unreachable.slice(0, SHOWN).map((l) => ({ file: l.config.file, at: l.at, node: l.node, message: `listens on ${l.text}` })),
        };
        continue;
      }
      if (res.serving.length > 0) continue;
      const missing = (l: Listener): ServiceName[] => c.needs.filter((s) => !l.mounted.has(s));
      const where =
        res.reached.length === 1
          ? `${listenerLabel(res.reached[0]!)}${matchNote(c, res)}, which does not mount ${list(missing(res.reached[0]!))} (it mounts ${mountedText(res.reached[0]!)})`
          : `port ${c.port} of ${upTo(
              res.reached.slice(0, SHOWN + 1).map((l) => listenerLabel(l)),
              () => plural(res.reached.length - SHOWN, "listener"),
            ).join(" and ")}${matchNote(c, res)}, none of which mounts ${list(c.needs)}`;
      yield {
        file: c.config.file,
        node: c.uri.node,
        severity: "error",
        message: `${who}, which lands on ${where}: ${connectConsequence(c)}`,
        nativelink: callTip(c),
        hint: `point the URI at the listener that mounts ${list(c.needs)}, or add ${list(missing(res.reached[0]!))} to that server's services`,
        related: res.reached.slice(0, SHOWN).map((l) => ({ file: l.config.file, at: l.server.servicesAt ?? l.at, node: l.server.servicesNode ?? l.node, message: `${listenerLabel(l, false)} mounts ${mountedText(l)}` })),
      };
    }
  },
);
