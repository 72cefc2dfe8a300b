// One-line NativeLink configs for deployment-rule tests: a worker, a scheduler, a CAS, combined by name.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "../../src/types.ts";
import { makePki, type Pki } from "./pki.ts";

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

// ---- PKI-backed fixtures ------------------------------------------------------------------------

export const PKI_NOW = new Date("2026-11-22T00:00:00Z");

export async function deploymentPki(): Promise<Pki> {
  return makePki(mkdtempSync(join(tmpdir(), "nlp-deployment-")), { now: PKI_NOW });
}

/** Server tls block text from PKI file names. */
export function serverTls(o: { cert: string; key: string; clientCa?: string; crl?: string }): string {
  const parts = [`cert_file: "${o.cert}"`, `key_file: "${o.key}"`];
  if (o.clientCa) parts.push(`client_ca_file: "${o.clientCa}"`);
  if (o.crl) parts.push(`client_crl_file: "${o.crl}"`);
  return `{ ${parts.join(", ")} }`;
}

const which = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).status === 0;
export const HAS_OPENSSL = which("openssl") && which("bash");

/** Runs a reproducer with bash; status 0 means the command saw no problem. */
export function runCmd(cmd: string): { status: number | null; out: string } {
  const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
