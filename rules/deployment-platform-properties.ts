// Across configs checked together, the properties a worker advertises should be declared by the scheduler behind its worker_api, with values of the declared type.
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { DocNode } from "../src/doc.ts";
import { lastValues, member } from "../src/doc.ts";
import type { Str } from "../src/model.ts";
import { innermostScheduler } from "../src/facts/references.ts";
import { u64Error } from "../src/facts/worker.ts";
import { keyPointer, listenerLabel, matchNote, type Connection } from "../src/facts/deployment.ts";
import { deploymentGraph } from "../src/graph/model.ts";
import { get, schedulerBody, serviceBody } from "../src/typed.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;
const WORKER = `{
  stores: [${FS}],
  servers: [],
  workers: [{ local: {
    worker_api_endpoint: { uri: "grpc://scheduler.internal:50061" },
    cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work",
    platform_properties: { OSFamily: { values: ["linux"] }, cpu_count: { values: ["16"] } },
  } }],
}`;
const SCHEDULER = (props: string) => `{
  stores: [],
  schedulers: [{ name: "MAIN", simple: { supported_platform_properties: { ${props} } } }],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "MAIN" } } }],
}`;

type PropType = "minimum" | "exact" | "priority" | "ignore";

/** The type a supported_platform_properties value declares ("minimum" or { minimum: null }). */
function propType(v: DocNode): PropType | undefined {
  const t = v.kind === "string" ? v.value : v.kind === "object" && v.members.length === 1 ? v.members[0]!.key : undefined;
  return t === "minimum" || t === "exact" || t === "priority" || t === "ignore" ? t : undefined;
}

interface Behind {
  name: string;
  /** Pointer of supported_platform_properties, or of the simple scheduler's body when it has none. */
  at: string;
  /** The node `at` names. */
  node: DocNode;
  declared: Map<string, PropType>;
}

/** The simple scheduler a worker's worker_api listener hands it to, as NativeLink's worker_schedulers map holds it. */
function schedulerBehind(conn: Connection): Behind | undefined {
  const l = conn.res.target;
  if (!l) return undefined;
  const m = l.config.model;
  const api = l.server.services?.find((s) => s.service === "worker_api");
  const ref = m.str(get(api ? serviceBody(api, "worker_api") : undefined, "scheduler"));
  if (!ref || ref.unknown) return undefined;
  // Only schedulers with a worker side enter the map; a later one of the same name replaces an earlier one.
  const entry = [...m.schedulers].reverse().find((s) => s.name?.value === ref.value && innermostScheduler(s.spec)?.kind === "simple");
  const simple = innermostScheduler(entry?.spec);
  if (!simple) return undefined;
  const props = get(schedulerBody(simple, "simple"), "supported_platform_properties");
  const declared = new Map<string, PropType>();
  if (props?.kind === "object") {
    // Untyped on purpose: supported_platform_properties is a map keyed by the user's property names.
    for (const [key, value] of lastValues(props)) {
      const t = propType(value);
      if (t) declared.set(key, t);
    }
  }
  return { name: ref.value, at: props?.kind === "object" ? props.pointer : simple.bodyAt, node: props?.kind === "object" ? props : simple.body, declared };
}

/** A worker property: the `values` it advertises (undefined for query_cmd, known only on the worker's host). */
interface Advertised {
  key: string;
  at: string;
  /** The property's value, the node `at` names. */
  node: DocNode;
  values?: Str[];
}

function advertised(conn: Connection): Advertised[] {
  const w = conn.client.worker;
  const props = get(w?.local, "platform_properties");
  if (!w || props?.kind !== "object") return [];
  const m = conn.client.config.model;
  const out: Advertised[] = [];
  const kept = lastValues(props);
  for (const p of props.members) {
    // Untyped on purpose: platform_properties is a map keyed by the user's property names, not a struct.
    if (kept.get(p.key) !== p.value) continue; // a later duplicate wins
    const variant = p.value.kind === "object" ? p.value.members[0] : undefined;
    const values = variant?.key === "values" && variant.value.kind === "array" ? variant.value.items.map((i) => m.str(i)).filter((s): s is Str => s !== undefined && !s.unknown) : undefined;
    out.push({ key: p.key, at: keyPointer(props.pointer, p.key), node: p.value, values });
  }
  return out;
}

export default defineRule(
  {
    id: "deployment-platform-properties",
    category: "reference",
    severity: "warning",
    appliesTo: "deployment",
    summary: "a worker's platform properties should be declared by its scheduler, with values of the declared type",
    why: "When a worker registers, its scheduler types each advertised property with supported_platform_properties. Since v1.6.6 an undeclared property is no longer refused (`Unknown platform property` is gone): it is kept untyped, and an action that asks for it runs on any worker whose value is the same string, and also on any worker that does not advertise the property at all, which neither `exact` (the worker must have it) nor `minimum` (a number compared with >=) does. A property declared `minimum` must advertise unsigned integers: otherwise the scheduler refuses the registration with `Cannot convert to platform property to u64`, and the worker retries every 0.5 s forever. The worker and its scheduler usually live in different configs, joined by the worker_api listener the worker's URI reaches.",
    fix: "Declare every property workers advertise in the scheduler's supported_platform_properties (`minimum` for counts, `exact` for values that must match, `priority` or `ignore` for hints), and advertise plain numbers for `minimum` properties.",
    nativelink: [
      { message: "Cannot convert to platform property to u64: {value} - {parse error}", source: "nativelink-scheduler/src/platform_property_manager.rs:86-92" },
      { message: "Bad Property during connect_worker()", source: "nativelink-service/src/worker_api_server.rs:198" },
    ],
    catalog: ["worker-property-minimum-not-u64", "worker-register-failed"],
    examples: {
      bad: { config: WORKER, peers: { "scheduler.json5": SCHEDULER('cpu_count: "minimum"') }, hostMap: { "scheduler.internal": "scheduler.json5" } },
      good: { config: WORKER, peers: { "scheduler.json5": SCHEDULER('cpu_count: "minimum", OSFamily: "exact"') }, hostMap: { "scheduler.internal": "scheduler.json5" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const dep = ctx.deployment;
    if (!dep) return;
    // Undeclared properties, grouped per scheduler and key: the fix is one declaration.
    const undeclared = new Map<string, { file: string; at: string; node: DocNode; scheduler: string; key: string; workers: { conn: Connection; prop: Advertised }[] }>();
    for (const conn of deploymentGraph(dep).connections) {
      const c = conn.client;
      const l = conn.res.target;
      if (!c.worker || !l) continue;
      const behind = schedulerBehind(conn);
      if (!behind) continue;
      for (const prop of advertised(conn)) {
        const type = behind.declared.get(prop.key);
        if (type === undefined) {
          const k = `${l.config.file}\u0000${behind.at}\u0000${prop.key}`;
          const group = undeclared.get(k) ?? { file: l.config.file, at: behind.at, node: behind.node, scheduler: behind.name, key: prop.key, workers: [] };
          group.workers.push({ conn, prop });
          undeclared.set(k, group);
          continue;
        }
        // In one config, worker-property-minimum-u64 already reports this.
        if (type !== "minimum" || l.config === c.config) continue;
        for (const v of prop.values ?? []) {
          const err = u64Error(v.value);
          if (!err) continue;
          yield {
            file: c.config.file,
            node: v.node,
            severity: "error",
            message: `${c.label} advertises "${prop.key}" = ${JSON.stringify(v.value)}, but scheduler "${behind.name}" behind ${listenerLabel(l)}${matchNote(c, conn.res)} declares it minimum and needs an unsigned integer: the scheduler refuses the registration, and the worker retries every 0.5 s forever`,
            nativelink: `Cannot convert to platform property to u64: ${v.value} - ${err}`,
            hint: /\d/.test(v.value) ? `advertise the number alone, e.g. "${/\d+/.exec(v.value)![0]}"` : `advertise a whole number, or declare "${prop.key}" exact in scheduler "${behind.name}"`,
            related: [{ file: l.config.file, at: keyPointer(behind.at, prop.key), node: member(behind.node, prop.key), message: `"${prop.key}" is declared minimum here` }],
          };
        }
      }
    }
    for (const g of undeclared.values()) {
      const names = [...new Set(g.workers.map((w) => `${w.conn.client.label} of ${w.conn.client.config.file}`))];
      const numeric = g.workers.every((w) => w.prop.values !== undefined && w.prop.values.length > 0 && w.prop.values.every((v) => !u64Error(v.value)));
      yield {
        file: g.file,
        at: g.at,
        node: g.node,
        message: `"${g.key}", which ${names.join(" and ")} advertise${names.length === 1 ? "s" : ""}, is not in supported_platform_properties of scheduler "${g.scheduler}": NativeLink v1.6.6 keeps it untyped, so an action that asks for "${g.key}" runs on a worker with exactly that value, and also on any worker that does not advertise "${g.key}"`,
        hint: numeric ? `declare "${g.key}": "minimum" if it is a count (or "exact" if the value must match)` : `declare "${g.key}": "exact" (or "priority"/"ignore" if it must not restrict matching)`,
        related: g.workers.map((w) => ({ file: w.conn.client.config.file, at: w.prop.at, node: w.prop.node, message: `advertised by ${w.conn.client.label}` })),
      };
    }
  },
);
