// One-line NativeLink configs for deployment-rule tests: a worker, a scheduler, a CAS, combined by name.
import type { Finding } from "../../src/types.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;

/** The `workers` list of one worker; `endpoint` is the worker_api_endpoint object, `props` the platform_properties body. */
export function workers(endpoint: string, props = ""): string {
  return `[{ local: { worker_api_endpoint: ${endpoint}, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {${props}} } }]`;
}

/** A worker config (its CAS is the fast_slow store FS). */
export function workerConfig(endpoint: string, props = "", stores = ""): string {
  return `{ stores: [${FS}${stores ? `, ${stores}` : ""}], servers: [], workers: ${workers(endpoint, props)} }`;
}

/** One config with the scheduler MAIN, these servers and one worker. */
export function allInOne(servers: string[], endpoint: string, props = ""): string {
  return `{ stores: [${FS}, { name: "CAS", memory: {} }, { name: "AC", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [${servers.join(", ")}], workers: ${workers(endpoint, props)} }`;
}

/** A server entry. */
export function server(address: string, services: string, tls?: string): string {
  return `{ listener: { http: { socket_address: "${address}"${tls ? `, tls: ${tls}` : ""} } }, services: ${services} }`;
}

/** A config with a memory CAS store named CAS, a simple scheduler MAIN, and these servers. */
export function peerConfig(servers: string[], supported = "", extraStores = "", extraSchedulers = ""): string {
  return `{ stores: [{ name: "CAS", memory: {} }, { name: "AC", memory: {} }${extraStores ? `, ${extraStores}` : ""}], schedulers: [{ name: "MAIN", simple: {${supported ? ` supported_platform_properties: { ${supported} } ` : ""}} }${extraSchedulers ? `, ${extraSchedulers}` : ""}], servers: [${servers.join(", ")}] }`;
}

export const WORKER_API = `{ worker_api: { scheduler: "MAIN" } }`;
export const CAS_SERVICES = (instance = "main") =>
  `{ cas: [{ instance_name: "${instance}", cas_store: "CAS" }], ac: [{ instance_name: "${instance}", ac_store: "AC" }], bytestream: [{ instance_name: "${instance}", cas_store: "CAS" }] }`;
export const EXECUTION = (instance = "main") =>
  `{ execution: [{ instance_name: "${instance}", cas_store: "CAS", scheduler: "MAIN" }], capabilities: [{ instance_name: "${instance}", remote_execution: { scheduler: "MAIN" } }] }`;

/** A grpc store entry. */
export function grpcStore(name: string, address: string, type: "cas" | "ac", instance = "main", tls?: string): string {
  return `{ name: "${name}", grpc: { instance_name: "${instance}", endpoints: [{ address: "${address}"${tls ? `, tls_config: ${tls}` : ""} }], store_type: "${type}" } }`;
}

/** `file:line:col severity message` for the findings of one rule, the shape deployment tests assert on. */
export function dlines(findings: Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message}`);
}
