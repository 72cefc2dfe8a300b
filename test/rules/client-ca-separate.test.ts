import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint, lines, firstOf } from "../helpers/lint.ts";
import { makePki, type Pki } from "../helpers/pki.ts";

const RULE = "client-ca-separate";
const NOW = new Date("2026-11-22T00:00:00Z");
const tls = (ca: string | null) =>
  `tls: { cert_file: "server.pem", key_file: "server-key.pem"${ca === null ? "" : `, client_ca_file: "${ca}"`} }`;
const server = (name: string, addr: string, ca: string | null, services: string) =>
  `{ name: "${name}", listener: { http: { socket_address: "${addr}", ${tls(ca)} } }, services: { ${services} } }`;
const config = (clientCa: string | null, workerCa: string | null, shared = false) =>
  `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [${server("public", "0.0.0.0:50051", clientCa, `cas: [{ cas_store: "CAS" }]${shared ? ', worker_api: { scheduler: "MAIN" }' : ""}`)}, ${server("workers", "10.0.0.5:50061", workerCa, 'worker_api: { scheduler: "MAIN" }')}] }`;

let pki: Pki;
let dir: string;
beforeAll(async () => {
  pki = await makePki(mkdtempSync(join(tmpdir(), "nlp-client-ca-separate-")), { now: NOW });
  dir = pki.dir;
  copyFileSync(pki.files.rootCa, join(dir, "client-ca.pem"));
  copyFileSync(pki.files.rootCa, join(dir, "worker-ca-copy.pem"));
  copyFileSync(pki.files.caBundle, join(dir, "bundle.pem"));
  copyFileSync(pki.files.foreignCa, join(dir, "worker-ca.pem"));
  copyFileSync(pki.files.serverChain, join(dir, "server.pem"));
  copyFileSync(pki.files.serverKey, join(dir, "server-key.pem"));
});
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, { cwd: dir, now: NOW, ...o })).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, () => string, string[]][] = [
    ["the same file", () => config("client-ca.pem", "client-ca.pem"), ['1:460 the worker API of server "workers" trusts the same client CA file as client-facing server "public" ("client-ca.pem")']],
    ["the same file spelled another way", () => config("client-ca.pem", "./client-ca.pem"), ['1:460 the worker API of server "workers" trusts the same client CA file as client-facing server "public" ("./client-ca.pem")']],
    [
      "a copy of the same CA",
      () => config("client-ca.pem", "worker-ca-copy.pem"),
      ['1:460 the worker API of server "workers" (client_ca_file "worker-ca-copy.pem") and client-facing server "public" (client_ca_file "client-ca.pem") both trust the CA "CN=Preflight Test Root CA, O=nativelink-preflight"'],
    ],
    [
      "a bundle that contains the client CA",
      () => config("client-ca.pem", "bundle.pem"),
      ['1:460 the worker API of server "workers" (client_ca_file "bundle.pem") and client-facing server "public" (client_ca_file "client-ca.pem") both trust the CA "CN=Preflight Test Root CA, O=nativelink-preflight"'],
    ],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text()))).toEqual(want);
    });
  }

  const valid: [string, () => string, object?][] = [
    ["different CAs", () => config("client-ca.pem", "worker-ca.pem")],
    ["a worker API without mTLS (worker-api-mtls reports it)", () => config("client-ca.pem", null)],
    ["client listeners without mTLS", () => config(null, "worker-ca.pem")],
    ["worker API and clients on one listener (worker-api-shared-listener reports it)", () => config("client-ca.pem", "worker-ca.pem", true)],
    ["files that do not exist and differ", () => config("missing-a.pem", "missing-b.pem")],
    ["a CA from an unset variable (lenient)", () => config("client-ca.pem", "${WORKER_CA}"), { lenientEnv: true }],
  ];
  for (const [name, text, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text(), o))).toEqual([]);
    });
  }

  it("is a warning in production and an info in development", async () => {
    const text = config("client-ca.pem", "client-ca.pem");
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the worker API's client_ca_file and relates the client listener's", async () => {
    const f = firstOf(await mine(config("client-ca.pem", "worker-ca-copy.pem")));
    expect(f.pointer).toBe("/servers/1/listener/http/tls/client_ca_file");
    expect(f.related?.map((r) => `${r.pointer} ${r.message}`)).toEqual(['/servers/0/listener/http/tls/client_ca_file client CA of server "public"']);
    expect(f.nativelink).toBeUndefined();
  });
});
