import { beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { lint, lines, firstOf } from "../helpers/lint.ts";
import { makePki, type Pki } from "../helpers/pki.ts";
import { seeded } from "../helpers/seeded.ts";
import { measureWork } from "../helpers/work.ts";
import rule from "../../rules/client-ca-separate.ts";
import { defineRule, postureSeverity } from "../../src/rule-helpers.ts";
import type { Finding, Report } from "../../src/types.ts";
import type { ServerModel, Str } from "../../src/model.ts";
import type { RuleContext } from "../../src/context.ts";
import { clientFacingOf, known, serverLabel, workerApiOf } from "../../src/facts/security.ts";

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
  copyFileSync(pki.files.intermediateCa, join(dir, "intermediate-ca.pem"));
  writeFileSync(join(dir, "foreign-root.pem"), readFileSync(pki.files.foreignCa, "utf8") + readFileSync(pki.files.rootCa, "utf8"));
});

// The rule as it was when each worker API was compared with each client-facing server, resolving and
// reading the client's CA file for every pair: the reference the rule is held to.
function oldCaCerts(ctx: RuleContext, str: Str): Map<string, string> {
  const view = ctx.files.get(ctx.model!.resolvePath(str.value));
  return new Map((view?.facts?.certs ?? []).map((c) => [c.fingerprintSha256, c.subject]));
}
const oldRule = defineRule(rule.meta, function* (ctx): Iterable<Report> {
  const model = ctx.model;
  if (!model) return;
  const caOf = (s: ServerModel) => {
    const f = s.tls?.clientCaFile;
    return known(f) && f.value !== "" ? f : undefined;
  };
  const clientSide = model.servers.filter((s) => !workerApiOf(s) && clientFacingOf(s).length > 0 && caOf(s));
  for (const w of model.servers) {
    const wca = workerApiOf(w) ? caOf(w) : undefined;
    if (!wca) continue;
    const wPath = normalize(model.resolvePath(wca.value));
    const wCerts = oldCaCerts(ctx, wca);
    for (const c of clientSide) {
      const cca = caOf(c)!;
      let message: string | undefined;
      if (normalize(model.resolvePath(cca.value)) === wPath) {
        message = `the worker API of ${serverLabel(w)} trusts the same client CA file as client-facing ${serverLabel(c)} (${JSON.stringify(wca.value)})`;
      } else {
        const shared = [...oldCaCerts(ctx, cca).entries()].find(([fp]) => wCerts.has(fp));
        if (shared) {
          message = `the worker API of ${serverLabel(w)} (client_ca_file ${JSON.stringify(wca.value)}) and client-facing ${serverLabel(c)} (client_ca_file ${JSON.stringify(cca.value)}) both trust the CA "${shared[1]}"`;
        }
      }
      if (!message) continue;
      yield {
        node: wca.node,
        severity: postureSeverity(ctx, "should"),
        message,
        hint: "issue worker certificates from a CA used only for workers and name that CA here; a client certificate then no longer opens the worker API",
        related: [{ node: cca.node, message: `client CA of ${serverLabel(c)}` }],
      };
      break;
    }
  }
});
const shown = (fs: Finding[]) => fs.map((f) => `${f.line}:${f.column} ${f.severity} ${f.message} | ${f.hint} | ${(f.related ?? []).map((r) => `${r.pointer} ${r.message}`).join("; ")}`);
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

  it("reports what comparing every pair did, over 150 generated configs sharing CA files by path and by certificate", async () => {
    const rand = seeded(16);
    const CAS = [undefined, "client-ca.pem", "./client-ca.pem", "sub/../client-ca.pem", "worker-ca-copy.pem", "bundle.pem", "intermediate-ca.pem", "worker-ca.pem", "foreign-root.pem", "missing.pem"];
    const SERVICES = ['worker_api: { scheduler: "MAIN" }', 'cas: [{ cas_store: "CAS" }]', 'cas: [{ cas_store: "CAS" }], worker_api: { scheduler: "MAIN" }', "health: {}"];
    let reported = 0;
    let fewer = 0;
    for (let c = 0; c < 150; c++) {
      const servers = Array.from({ length: 1 + rand(8) }, (_, i) => server(`s${i}`, `10.0.0.${i + 1}:50051`, CAS[rand(CAS.length)] ?? null, SERVICES[rand(SERVICES.length)]!));
      const text = `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [${servers.join(", ")}] }`;
      const before = await measureWork(() => lint(text, { cwd: dir, now: NOW, rules: [oldRule] }));
      const now = await measureWork(() => lint(text, { cwd: dir, now: NOW, rules: [rule] }));
      expect(shown(now.result), text).toEqual(shown(before.result));
      // No config has the rule look through more certificates than it did, and most have it look through fewer.
      expect(now.work.elements, text).toBeLessThanOrEqual(before.work.elements);
      reported += before.result.length;
      fewer += now.work.elements < before.work.elements ? 1 : 0;
    }
    expect(reported).toBeGreaterThan(100);
    expect(fewer).toBeGreaterThan(30);
  });

  it("reads each server's CA once: 2,000 worker APIs and 2,000 client-facing servers, their CAs all different", async () => {
    const n = 2000;
    const servers = [
      ...Array.from({ length: n }, (_, i) => server(`w${i}`, `10.0.0.1:${10000 + i}`, "worker-ca.pem", 'worker_api: { scheduler: "MAIN" }')),
      ...Array.from({ length: n }, (_, i) => server(`c${i}`, `10.0.0.1:${30000 + i}`, "client-ca.pem", 'cas: [{ cas_store: "CAS" }]')),
      server("last", "10.0.0.1:50000", "./bundle.pem", 'cas: [{ cas_store: "CAS" }]'),
    ];
    const text = `{ stores: [{ name: "CAS", memory: {} }], schedulers: [{ name: "MAIN", simple: {} }], servers: [${servers.join(", ")}] }`;
    const { result, work } = await measureWork(() => lint(text, { cwd: dir, now: NOW, only: RULE }));
    expect(result).toEqual([]);
    // Before: each worker API looked through the certificates of every client's CA file (4.1e6 elements examined; 1.0e5 now).
    expect(work.elements).toBeLessThan(100 * n);
  });
});
