// Shared fixtures for the client-tls-* rule tests: a PKI made for a fixed date, endpoint configs
// naming its files by relative path (cwd = the PKI's directory), and a runner for reproducers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePki, type Pki } from "./pki.ts";
import { lint } from "./lint.ts";
import type { Finding } from "../../src/types.ts";

export const NOW = new Date("2026-11-22T00:00:00Z");

export async function clientPki(): Promise<Pki> {
  return makePki(mkdtempSync(join(tmpdir(), "nlp-client-tls-")), { now: NOW });
}

/** Writes a file into the PKI directory and returns its name (relative to it). */
export function write(pki: Pki, name: string, data: string | Uint8Array): string {
  writeFileSync(join(pki.dir, name), data);
  return name;
}

/** A PKI file's name relative to its directory. */
export function rel(pki: Pki, file: keyof Pki["files"]): string {
  const p = pki.files[file];
  if (!p) throw new Error(`no PKI file ${file}`);
  return p.slice(pki.dir.length + 1);
}

export function text(pki: Pki, file: keyof Pki["files"]): string {
  return readFileSync(pki.files[file]!, "utf8");
}

/** tls_config text from file names (undefined ones left out). */
export function tls(o: { ca?: string; cert?: string; key?: string; native?: boolean }): string {
  const parts: string[] = [];
  if (o.native) parts.push("use_native_roots: true");
  if (o.ca !== undefined) parts.push(`ca_file: ${JSON.stringify(o.ca)}`);
  if (o.cert !== undefined) parts.push(`cert_file: ${JSON.stringify(o.cert)}`);
  if (o.key !== undefined) parts.push(`key_file: ${JSON.stringify(o.key)}`);
  return `{ ${parts.join(", ")} }`;
}

export const STORE = (t: string) =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: "grpcs://cas.internal:50051", tls_config: ${t} }], store_type: "cas" } }], servers: [] }`;
export const SCHED = (t: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: "grpcs://sched.internal:50052", tls_config: ${t} } } }] }`;
export const WORKER = (t: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://sched.internal:50061", tls_config: ${t} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;

export const STORE_STOPS = "NativeLink stops at startup (the grpc store cannot be built)";
export const SCHED_STOPS = "NativeLink stops at startup (the grpc scheduler cannot be built)";
export const WORKER_LOOPS = "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";
export const STORE_HANDSHAKE = "NativeLink starts, but every request through this grpc store fails at the TLS handshake";
export const WORKER_HANDSHAKE = "every connection attempt fails at the TLS handshake, and the worker retries every 0.5 s, forever";

/** 1-based column of the first occurrence of `needle` (single-line configs). */
export const col = (config: string, needle: string) => config.indexOf(needle) + 1;

export async function findings(pki: Pki, config: string, rule: string, now = NOW): Promise<Finding[]> {
  return (await lint(config, { cwd: pki.dir, now })).filter((f) => f.ruleId === rule);
}

const which = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).status === 0;
export const HAS_OPENSSL = which("openssl") && which("bash");
export const OPENSSL_SKIP = HAS_OPENSSL ? "" : " (skipped: openssl or bash not found on PATH)";

/** Runs a reproducer with bash; status 0 means the command saw no problem. */
export function runCmd(cmd: string): { status: number | null; out: string } {
  const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
