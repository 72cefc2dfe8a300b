// A worker's fixed value for a property its scheduler treats as `minimum` must be an unsigned integer, or registration is refused.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { RuleContext } from "../src/context.ts";
import type { ConfigModel, ServerModel, ServiceEntry, WorkerModel } from "../src/model.ts";
import type { PropertyType } from "../src/generated/nativelink-types.ts";
import { lastValues, type DocNode } from "../src/doc.ts";
import { innermostScheduler } from "../src/facts/references.ts";
import { u64Error } from "../src/facts/worker.ts";
import { endpointUri, isLoopback, isUnspecified, parseSocketAddr } from "../src/facts/endpoints.ts";
import { get, schedulerBody, serviceBody, type Typed } from "../src/typed.ts";

const CFG = (cpu: string) =>
  `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }], ` +
  `schedulers: [{ name: "MAIN", simple: { supported_platform_properties: { cpu_count: "minimum" } } }], ` +
  `servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "MAIN" } } }], ` +
  `workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: { cpu_count: { values: [${cpu}] } } } }] }`;

/** The worker_api service of this config the worker's endpoint reaches, judged by port and address. */
function reachedServer(ctx: RuleContext, model: ConfigModel, w: WorkerModel): { server: ServerModel; service: ServiceEntry } | undefined {
  const uri = w.endpoint?.uri;
  if (!uri || uri.unknown) return undefined;
  const ep = endpointUri(ctx, uri.value);
  if (!ep.ok || !ep.scheme || !ep.host || ep.effectivePort === undefined) return undefined;
  const host = ep.host.replace(/^\[|\]$/g, "");
  const hostAddr = parseSocketAddr(host.includes(":") ? `[${host}]:0` : `${host}:0`);
  const local = host.toLowerCase() === "localhost" || (hostAddr !== undefined && isLoopback(hostAddr.ip));
  for (const server of model.servers) {
    const a = server.socketAddress;
    const addr = a && !a.unknown ? parseSocketAddr(a.value) : undefined;
    if (!addr || addr.port !== ep.effectivePort) continue;
    const service = server.services?.find((s) => s.service === "worker_api");
    if (!service) continue;
    const sameIp = hostAddr !== undefined && JSON.stringify(hostAddr.ip) === JSON.stringify(addr.ip);
    if (isUnspecified(addr.ip) || sameIp || (local && isLoopback(addr.ip))) return { server, service };
  }
  return undefined;
}

/** Property names the scheduler declares as `minimum` ("minimum" or { minimum: null }), each with the value that declares it. */
function minimumProperties(props: Typed<Record<string, PropertyType>> | undefined): Map<string, DocNode> {
  const out = new Map<string, DocNode>();
  if (props?.kind !== "object") return out;
  const kept = lastValues(props);
  for (const m of props.members) {
    // Untyped on purpose: supported_platform_properties is a map keyed by the user's property names.
    if (kept.get(m.key) !== m.value) continue;
    const v = m.value;
    const isMin = (v.kind === "string" && v.value === "minimum") || (v.kind === "object" && v.members.length === 1 && v.members[0]?.key === "minimum");
    if (isMin) out.set(m.key, v);
  }
  return out;
}

export default defineRule(
  {
    id: "worker-property-minimum-u64",
    category: "reference",
    severity: "error",
    summary: "a worker's values for a property its scheduler declares `minimum` must be unsigned integers",
    why: "When a worker registers, the scheduler converts each advertised property value with the type its supported_platform_properties gives it; a `minimum` property must parse as a u64 (digits only, no units or spaces). If one value does not, the scheduler refuses the registration, and the worker logs the error and retries every 0.5 s without ever taking work. This rule follows a worker's worker_api_endpoint to a worker_api server of the same config (same port, on a matching or wildcard address) and checks the fixed `values` against that server's scheduler.",
    fix: "Advertise the number alone (e.g. \"8\", not \"8cores\"), or declare the property `exact` in the scheduler if it is not a count.",
    nativelink: [
      { message: "Cannot convert to platform property to u64: {value} - {parse error}", source: "nativelink-scheduler/src/platform_property_manager.rs:80-92; nativelink-service/src/worker_api_server.rs:192-198" },
    ],
    catalog: ["worker-property-minimum-not-u64"],
    examples: {
      bad: { config: CFG('"8 cores"') },
      good: { config: CFG('"8"') },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    for (const w of model.workers) {
      const props = get(w.local, "platform_properties");
      if (props?.kind !== "object" || props.members.length === 0) continue;
      const reached = reachedServer(ctx, model, w);
      if (!reached) continue;
      const schedName = model.str(get(serviceBody(reached.service, "worker_api"), "scheduler"));
      if (!schedName || schedName.unknown) continue;
      // Later duplicates replace earlier ones, but only schedulers with a worker side enter worker_api's map.
      const entry = [...model.schedulers].reverse().find((s) => s.name?.value === schedName.value && innermostScheduler(s.spec)?.kind === "simple");
      const simple = innermostScheduler(entry?.spec);
      if (!entry || !simple) continue;
      const minimums = minimumProperties(get(schedulerBody(simple, "simple"), "supported_platform_properties"));
      if (minimums.size === 0) continue;
      const kept = lastValues(props);
      for (const m of props.members) {
        // Untyped on purpose: platform_properties is a map keyed by the user's property names, not a struct.
        const declared = minimums.get(m.key);
        if (!declared || kept.get(m.key) !== m.value || m.value.kind !== "object") continue;
        const variant = m.value.members[0];
        if (variant?.key !== "values" || variant.value.kind !== "array") continue;
        for (const item of variant.value.items) {
          const v = model.str(item);
          if (!v || v.unknown) continue;
          const err = u64Error(v.value);
          if (!err) continue;
          yield {
            node: v.node,
            message: `platform property "${m.key}" has value ${JSON.stringify(v.value)}, but scheduler "${schedName.value}" (behind servers[${reached.server.index}] worker_api) treats it as a minimum and needs an unsigned integer; the worker's registration is refused and retried forever`,
            nativelink: `Cannot convert to platform property to u64: ${v.value} - ${err}`,
            hint: /\d/.test(v.value) ? `write the number alone, e.g. "${/\d+/.exec(v.value)?.[0]}"` : "give a whole number, or declare the property exact in the scheduler",
            related: [{ at: `${simple.bodyAt}/supported_platform_properties/${m.key.replace(/~/g, "~0").replace(/\//g, "~1")}`, node: declared, message: `"${m.key}" is declared minimum here` }],
          };
        }
      }
    }
  },
);
