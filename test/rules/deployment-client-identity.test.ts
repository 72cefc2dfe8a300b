import { beforeAll, describe, expect, it } from "vitest";
import { lintDeployment } from "../helpers/lint.ts";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, WORKER_API, deploymentPki, dlines, peerConfig, runCmd, server, serverTls, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-client-identity";
const NEVER = "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";
const ROOT = "CN=Preflight Test Root CA, O=nativelink-preflight";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";
const CLIENT = "CN=worker-01, O=nativelink-preflight";
const AT = "servers[0] (0.0.0.0:50061) of scheduler.json5 (localhost is loopback: the listener must run on the same machine)";

const worker = (tls: string) => workerConfig(`{ uri: "grpcs://localhost:50061", tls_config: ${tls} }`);
const mtls = (cert: string, key: string) => `{ ca_file: "root-ca.pem", cert_file: "${cert}", key_file: "${key}" }`;
const scheduler = (clientCa?: string, crl?: string) => peerConfig([server("0.0.0.0:50061", WORKER_API, serverTls({ cert: "server-chain.pem", key: "server.key", clientCa, crl }))]);

describe(RULE, () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await deploymentPki();
  });
  const run = async (w: string, s: string) => lintDeployment({ "worker.json5": w, "scheduler.json5": s }, { cwd: pki.dir, now: pki.now });

  it("reports a client without cert_file", async () => {
    const f = await run(worker(`{ ca_file: "root-ca.pem" }`), scheduler("ca-bundle.pem"));
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:248 error worker "worker_0" has no cert_file, so it sends no client certificate to ${AT}, which requires a client certificate (client_ca_file "ca-bundle.pem"): the server refuses every handshake; ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("peer sent no certificates");
    expect(x.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config");
    expect(x.related?.map((r) => `${r.file} ${r.pointer} ${r.message}`)).toEqual([`scheduler.json5 /servers/0/listener/http/tls/client_ca_file client certificates must chain to "${INTER}", "${ROOT}"`]);
  });

  it("reports use_native_roots, which drops the client certificate", async () => {
    const f = await run(worker(`{ use_native_roots: true, cert_file: "client-chain.pem", key_file: "client.key" }`), scheduler("ca-bundle.pem"));
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:268 error worker "worker_0" sets use_native_roots: true, which makes NativeLink drop cert_file and key_file, so it sends no client certificate to ${AT}, which requires a client certificate (client_ca_file "ca-bundle.pem"): the server refuses every handshake; ${NEVER}`,
    ]);
  });

  it("reports a client certificate from a CA the server does not trust", async () => {
    const f = await run(worker(mtls("client-chain.pem", "client.key")), scheduler("foreign-ca.pem"));
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:285 error the client certificate "${CLIENT}" (cert_file "client-chain.pem") of worker "worker_0" does not chain to client_ca_file "foreign-ca.pem" ("CN=Some Other CA, O=elsewhere") of ${AT}: nothing there or in cert_file issued "${INTER}" (its issuer is "${ROOT}"); the server refuses every handshake; ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("invalid peer certificate: UnknownIssuer");
    expect(x.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config/cert_file");
    expect(x.reproduce).toBe(`openssl verify -purpose sslclient -CAfile ${pki.files.foreignCa} -untrusted ${pki.files.clientChain} -attime ${pki.now.getTime() / 1000} ${pki.files.clientChain}`);
  });

  it("reports a client that does not send its intermediate to a root-only client_ca_file", async () => {
    expect(dlines(await run(worker(mtls("client.pem", "client.key")), scheduler("root-ca.pem")), RULE)).toEqual([
      `worker.json5:1:285 error the client certificate "${CLIENT}" (cert_file "client.pem") of worker "worker_0" does not chain to client_ca_file "root-ca.pem" ("${ROOT}") of ${AT}: nothing there or in cert_file issued "${CLIENT}" (its issuer is "${INTER}"); the server refuses every handshake; ${NEVER}`,
    ]);
  });

  it("reports a revoked client certificate", async () => {
    const f = await run(worker(mtls("revoked-client-chain.pem", "revoked-client.key")), scheduler("ca-bundle.pem", "crl-bundle.pem"));
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:285 error the client certificate "CN=worker-revoked" (cert_file "revoked-client-chain.pem") of worker "worker_0" is revoked by client_crl_file "crl-bundle.pem" of ${AT}: the server refuses every handshake; ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("invalid peer certificate: Revoked");
    expect(x.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["scheduler.json5 /servers/0/listener/http/tls/client_crl_file"]);
  });

  it("reports, on the server, a CRL file without a CRL for an intermediate of the chain", async () => {
    const s = scheduler("root-ca.pem", "crl.pem");
    const f = await run(worker(mtls("client-chain.pem", "client.key")), s);
    expect(dlines(f, RULE)).toEqual([
      `scheduler.json5:1:${s.indexOf('"crl.pem"') + 1} error client_crl_file "crl.pem" of servers[0] (0.0.0.0:50061) cannot vouch for "${INTER}", which worker "worker_0" of worker.json5 sends: no CRL from ${ROOT} covers ${INTER}, and NativeLink denies unknown revocation status; the server refuses that client's every handshake; ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("invalid peer certificate: UnknownRevocationStatus");
    expect(x.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["worker.json5 /workers/0/local/worker_api_endpoint/tls_config/cert_file"]);
  });

  it("reports a CRL file holding only another CA's CRL", async () => {
    const s = scheduler("ca-bundle.pem", "crl-foreign.pem");
    expect(dlines(await run(worker(mtls("client-chain.pem", "client.key")), s), RULE)).toEqual([
      `scheduler.json5:1:${s.indexOf('"crl-foreign.pem"') + 1} error client_crl_file "crl-foreign.pem" of servers[0] (0.0.0.0:50061) cannot vouch for "${CLIENT}", which worker "worker_0" of worker.json5 sends: no CRL from ${INTER} covers ${CLIENT}, and NativeLink denies unknown revocation status; the server refuses that client's every handshake; ${NEVER}`,
    ]);
  });

  const valid: [string, () => [string, string]][] = [
    ["a certificate chaining to client_ca_file, not revoked", () => [worker(mtls("client-chain.pem", "client.key")), scheduler("ca-bundle.pem", "crl-bundle.pem")]],
    ["a root-only client_ca_file with a root CRL too", () => [worker(mtls("client-chain.pem", "client.key")), scheduler("root-ca.pem", "crl-bundle.pem")]],
    ["the intermediate as trust anchor, with its CRL only", () => [worker(mtls("client.pem", "client.key")), scheduler("intermediate-ca.pem", "crl.pem")]],
    ["a server that asks for no client certificate", () => [worker(`{ ca_file: "root-ca.pem" }`), scheduler()]],
    ["a plaintext client (deployment-scheme-tls's finding)", () => [workerConfig(`{ uri: "grpc://localhost:50061" }`), scheduler("ca-bundle.pem")]],
  ];
  for (const [name, files] of valid) {
    it(`passes ${name}`, async () => {
      const [w, s] = files();
      expect(dlines(await run(w, s), RULE)).toEqual([]);
    });
  }

  it.skipIf(!HAS_OPENSSL)("the reproducer fails on the broken pair and passes on the fixed one (needs openssl and bash)", async () => {
    const revoked = (await run(worker(mtls("revoked-client-chain.pem", "revoked-client.key")), scheduler("ca-bundle.pem", "crl-bundle.pem"))).find((y) => y.ruleId === RULE)!;
    expect(runCmd(revoked.reproduce!).status).not.toBe(0);
    expect(runCmd(revoked.reproduce!.split(pki.files.revokedClientChain).join(pki.files.clientChain)).status).toBe(0);
    const foreign = (await run(worker(mtls("client-chain.pem", "client.key")), scheduler("foreign-ca.pem"))).find((y) => y.ruleId === RULE)!;
    expect(runCmd(foreign.reproduce!).status).not.toBe(0);
    expect(runCmd(foreign.reproduce!.replace(pki.files.foreignCa, pki.files.caBundle)).status).toBe(0);
  });
});
