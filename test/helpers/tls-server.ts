// Shared fixtures for the server-side TLS rule tests (tls-*): a PKI made for a fixed date, multi-line
// configs whose TLS fields each sit on their own line (so positions are easy to state), and a runner
// for reproducer commands.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePki, type Pki } from "./pki.ts";
import { lint, lines } from "./lint.ts";
import type { Finding } from "../../src/types.ts";

export const NOW = new Date("2026-11-22T00:00:00Z");
export const DAY = 86_400_000;

export async function serverPki(): Promise<Pki> {
  return makePki(mkdtempSync(join(tmpdir(), "nlp-tls-server-")), { now: NOW });
}

/** A PKI file's name relative to its directory (configs are linted with cwd = pki.dir). */
export function rel(pki: Pki, file: keyof Pki["files"]): string {
  const p = pki.files[file];
  if (!p) throw new Error(`no PKI file ${file}`);
  return p.slice(pki.dir.length + 1);
}

export function text(pki: Pki, file: keyof Pki["files"]): string {
  return readFileSync(pki.files[file]!, "utf8");
}

/** Writes a file into the PKI directory and returns its name. */
export function write(pki: Pki, name: string, data: string | Uint8Array): string {
  writeFileSync(join(pki.dir, name), data);
  return name;
}

/** The PEM label of a private key, built so no source file spells a key's BEGIN line. */
export const KEY_LABEL = (kind = "") => `${kind ? `${kind} ` : ""}PRIVATE KEY`;

export interface Built {
  config: string;
  /** `line:col` of a field's string value. */
  at(field: string): string;
}

/** Places each `fields` entry on its own line between `head` and `tail` lines; `indent` spaces before each. */
function build(head: string[], fields: [string, string][], tail: string[], indent = 6): Built {
  const body = fields.map(([k, v]) => `${" ".repeat(indent)}${k}: ${JSON.stringify(v)},`);
  const all = [...head, ...body, ...tail];
  return {
    config: all.join("\n"),
    at(field: string) {
      const i = body.findIndex((l) => l.trimStart().startsWith(`${field}:`));
      if (i < 0) throw new Error(`no field ${field}`);
      return `${head.length + i + 1}:${indent + field.length + 3}`;
    },
  };
}

export type ServerTlsFields = Partial<Record<"cert_file" | "key_file" | "client_ca_file" | "client_crl_file", string>>;

/** One TLS server (CAS service) with the given tls fields, each on its own line from line 5 on. */
export function server(tls: ServerTlsFields): Built {
  const order = ["cert_file", "key_file", "client_ca_file", "client_crl_file"] as const;
  return build(
    ["{", '  stores: [{ name: "CAS", memory: {} }],', "  servers: [{", '    listener: { http: { socket_address: "0.0.0.0:50051", tls: {'],
    order.filter((k) => tls[k] !== undefined).map((k) => [k, tls[k]!]),
    ["    } } },", '    services: { cas: [{ cas_store: "CAS" }] },', "  }],", "}"],
  );
}

export type ClientTlsFields = Partial<Record<"ca_file" | "cert_file" | "key_file", string>> & { use_native_roots?: boolean };

function clientFields(tls: ClientTlsFields): [string, string][] {
  return (["ca_file", "cert_file", "key_file"] as const).filter((k) => tls[k] !== undefined).map((k) => [k, tls[k]!]);
}

/** A worker whose worker_api_endpoint has the given tls_config, fields from line 5 on. */
export function worker(tls: ClientTlsFields): Built {
  return build(
    [
      "{",
      '  stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }],',
      "  servers: [],",
      `  workers: [{ local: { worker_api_endpoint: { uri: "grpcs://scheduler.internal:50061", tls_config: {${tls.use_native_roots ? " use_native_roots: true," : ""}`,
    ],
    clientFields(tls),
    ['    } }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }],', "}"],
  );
}

/** A grpc store whose one endpoint has the given tls_config, fields from line 4 on. */
export function grpcStore(tls: ClientTlsFields): Built {
  return build(
    ["{", '  stores: [{ name: "UPSTREAM", grpc: { instance_name: "main", store_type: "cas", endpoints: [{', '    address: "grpcs://cas.internal:50051", tls_config: {'],
    clientFields(tls),
    ["    } }] } }],", "  servers: [],", "}"],
  );
}

export async function findings(pki: Pki, config: string, rule: string, o: { now?: Date } = {}): Promise<Finding[]> {
  return (await lint(config, { cwd: pki.dir, now: o.now ?? NOW })).filter((f) => f.ruleId === rule);
}

export async function found(pki: Pki, config: string, rule: string, now?: Date): Promise<string[]> {
  return lines(await findings(pki, config, rule, now ? { now } : {}), rule);
}

const which = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).status === 0;
export const HAS_OPENSSL = which("openssl") && which("bash");
export const OPENSSL_SKIP = HAS_OPENSSL ? "" : " (skipped: openssl or bash not found on PATH)";

/** Runs a reproducer command with bash. */
export function sh(cmd: string): { status: number | null; out: string } {
  const r = spawnSync("bash", ["-c", cmd], { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** 1-based line of the n-th (0-based) BEGIN line with this label in a PKI file (base64 lengths vary with each run). */
export function beginLine(pki: Pki, file: keyof Pki["files"], n: number, label = "CERTIFICATE"): number {
  const lines = text(pki, file).split("\n");
  let seen = -1;
  for (let i = 0; i < lines.length; i++) if (lines[i] === `-----BEGIN ${label}-----` && ++seen === n) return i + 1;
  throw new Error(`no block ${n} in ${file}`);
}
