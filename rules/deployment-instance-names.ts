// Across configs checked together, the instance names a grpc store or grpc scheduler sends must be served by the listener it reaches.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { ServiceEntry, ServiceName } from "../src/model.ts";
import { connectConsequence, listenerLabel, matchNote, type Listener } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";
import { member } from "../src/doc.ts";
import { get, serviceBody } from "../src/typed.ts";
import { listNames } from "../src/suggest.ts";
import { groupBy } from "../src/arrays.ts";

const WORKER = (instance: string) => `{
  stores: [
    { name: "GRPC_CAS", grpc: { instance_name: "${instance}", endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } },
    { name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { ref_store: { name: "GRPC_CAS" } } } },
  ],
  servers: [],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://scheduler.internal:50061" },
    cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {},
  } }],
}`;
const CAS = `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: { cas: [{ instance_name: "main", cas_store: "CAS" }], bytestream: [{ instance_name: "main", cas_store: "CAS" }] },
  }],
}`;

const notConfigured = (instance: string) => `'instance_name' not configured for '${instance}'`;
const NO_EXEC_CAPS = "Unable to get execution properties in GrpcScheduler";

/** A listener's entries of one service, the instance names they serve, and those names for a message. */
interface Served {
  /** The entries by instance name, in the server's order. */
  byName: Map<string, ServiceEntry[]>;
  names: Set<string>;
  text: string;
}

/**
 * What a listener serves, by service: made once per listener and service in a run of the rule, not
 * once per client that reaches it (a CAS of n instances and n grpc stores was n²).
 */
function servedBy(): (l: Listener, service: ServiceName) => Served {
  const cache = new Map<Listener, Map<ServiceName, Served>>();
  return (l, service) => {
    let byService = cache.get(l);
    if (!byService) cache.set(l, (byService = new Map<ServiceName, Served>()));
    let s = byService.get(service);
    if (!s) {
      const entries = (l.server.services ?? []).filter((e) => e.service === service);
      const byName = groupBy(entries, (e) => e.instanceName);
      const names = new Set(byName.keys());
      // Fifty names say what is served; a server of thousands would repeat them all in every finding.
      const text = entries.length === 0 ? "no instance" : `only ${listNames([...names].map((n) => JSON.stringify(n)))}`;
      byService.set(service, (s = { byName, names, text }));
    }
    return s;
  };
}

export default defineRule(
  {
    id: "deployment-instance-names",
    category: "reference",
    severity: "error",
    appliesTo: "deployment",
    summary: "the instance_name a grpc store or grpc scheduler sends must be served by the listener it reaches",
    why: "A grpc store puts its instance_name into every request: a cas store needs that instance in the upstream's cas and bytestream services, an ac store in its ac service, and the upstream answers `'instance_name' not configured for '<name>'` otherwise. A grpc scheduler forwards each action with the instance name of the local execution entry that uses it, and a capabilities entry that uses it asks the upstream for that instance's capabilities when NativeLink starts: the upstream needs an execution entry for the instance, and a capabilities entry for it with remote_execution, or NativeLink stops with `Unable to get execution properties in GrpcScheduler`. Instance names are compared exactly (\"\" is a name too) and are never ${VAR}-expanded on the serving side.",
    fix: "Use the same instance_name on both sides: set the grpc store's instance_name (or the local execution/capabilities entry's) to one the upstream serves, or add an entry for it upstream; give the upstream capabilities entry remote_execution.",
    nativelink: [
      { message: "'instance_name' not configured for '{instance_name}'", source: "nativelink-service/src/cas_server.rs:299, ac_server.rs:90, bytestream_server.rs:1329, execution_server.rs:327" },
      { message: NO_EXEC_CAPS, source: "nativelink-scheduler/src/grpc_scheduler.rs:230" },
      { message: "Failed to get platform properties for {instance_name}", source: "nativelink-service/src/capabilities_server.rs:99" },
    ],
    catalog: ["grpc-scheduler-capabilities-fetch", "grpc-store-connect-failed"],
    examples: {
      bad: { config: WORKER(""), peers: { "cas.json5": CAS }, hostMap: { "cas.internal": "cas.json5" } },
      good: { config: WORKER("main"), peers: { "cas.json5": CAS }, hostMap: { "cas.internal": "cas.json5" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    const served = servedBy();
    for (const { client: c, res } of deploymentGraph(dep).connections) {
      const l = res.target;
      if (!l) continue;
      const where = `${listenerLabel(l)}${matchNote(c, res)}`;
      const relService = (s: ServiceName) => ({ file: l.config.file, at: l.server.servicesAt ? `${l.server.servicesAt}/${s}` : l.at, node: l.server.servicesNode ? (member(l.server.servicesNode, s) ?? l.server.servicesNode) : l.node, message: `${s} instances served here` });
      if (c.store) {
        const inst = c.store.instance;
        if (inst?.unknown || !c.store.type) continue;
        const name = c.store.instanceName;
        const missing = c.needs.filter((s) => !served(l, s).names.has(name));
        if (missing.length === 0) continue;
        yield {
          file: c.config.file,
          at: inst?.at ?? c.store.spec.bodyAt,
          node: inst?.node ?? c.store.spec.body,
          message: `${c.label} sends instance_name ${JSON.stringify(name)}${inst ? "" : " (the default)"} to ${where}, which does not serve it: ${missing.map((s) => `its ${s} service serves ${served(l, s).text}`).join(", and ")}; ${connectConsequence(c)}`,
          nativelink: notConfigured(name),
          hint: `set instance_name to one ${l.config.file} serves, or add a ${missing.join(" and ")} entry with instance_name ${JSON.stringify(name)} to that server`,
          related: missing.map(relService),
        };
        continue;
      }
      if (!c.scheduler) continue;
      for (const use of c.scheduler.uses) {
        const name = use.entry.instanceName;
        const what = `${use.service} entry ${JSON.stringify(name)}`;
        if (use.service === "execution") {
          if (served(l, "execution").names.has(name)) continue;
          yield {
            file: c.config.file,
            at: use.at,
            node: use.node,
            message: `the ${what} forwards actions through ${c.label} to ${where}, which has no execution entry for ${JSON.stringify(name)} (it serves ${served(l, "execution").text}): every forwarded action fails`,
            nativelink: notConfigured(name),
            hint: `use an instance name the upstream's execution service serves, or add an execution entry with instance_name ${JSON.stringify(name)} there`,
            related: [relService("execution")],
          };
          continue;
        }
        const upstream = served(l, "capabilities").byName.get(name) ?? [];
        const withExec = upstream.filter((e) => {
          const re = get(serviceBody(e, "capabilities"), "remote_execution");
          return re !== undefined && re.kind !== "null";
        });
        if (withExec.length > 0) continue;
        if (upstream.length === 0) {
          yield {
            file: c.config.file,
            at: use.at,
            node: use.node,
            message: `the ${what} asks ${c.label} at ${where} for the capabilities of ${JSON.stringify(name)}, but that server has no capabilities entry for it (it serves ${served(l, "capabilities").text}): ${connectConsequence(c)}`,
            nativelink: NO_EXEC_CAPS,
            hint: `use an instance name the upstream serves, or add a capabilities entry with instance_name ${JSON.stringify(name)} and remote_execution there`,
            related: [relService("capabilities")],
          };
        } else {
          // The upstream entry exists but advertises no remote execution: the fix is upstream.
          const e = upstream[upstream.length - 1]!;
          yield {
            file: l.config.file,
            at: e.at,
            node: e.body,
            message: `capabilities entry ${JSON.stringify(name)} of ${listenerLabel(l, false)} has no remote_execution, so it reports no execution capabilities to ${c.label} of ${c.config.file}, which asks for them when NativeLink starts: ${connectConsequence(c)}`,
            nativelink: NO_EXEC_CAPS,
            hint: `add remote_execution: { scheduler: "<the scheduler that runs ${JSON.stringify(name)}>" } to this entry`,
            related: [{ file: c.config.file, at: use.at, node: use.node, message: `the ${what} uses ${c.label}` }],
          };
        }
      }
    }
  },
);
