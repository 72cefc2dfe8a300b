import { beforeAll, describe, expect, it } from "vitest";
import { lintDeployment } from "../helpers/lint.ts";
import type { Pki } from "../helpers/pki.ts";
import { HAS_OPENSSL, deploymentPki, dlines, grpcStore, peerConfig, runCmd, server, serverTls, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-server-trust";
const NEVER = "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";
const ROOT = "CN=Preflight Test Root CA, O=nativelink-preflight";
const INTER = "CN=Preflight Test Intermediate CA, O=nativelink-preflight";
const SERVER = "CN=localhost, O=nativelink-preflight";

const worker = (uri: string, ca: string, extra = "") => workerConfig(`{ uri: "${uri}", tls_config: { ca_file: "${ca}"${extra} } }`);
const scheduler = (cert = "server-chain.pem", key = "server.key") => peerConfig([server("0.0.0.0:50061", `{ worker_api: { scheduler: "MAIN" } }`, serverTls({ cert, key }))]);

describe(RULE, () => {
  let pki: Pki;
  beforeAll(async () => {
    pki = await deploymentPki();
  });
  const run = async (files: Record<string, string>, hostMap: Record<string, string> = {}) => lintDeployment(files, { cwd: pki.dir, now: pki.now, hostMap });

  it("reports a ca_file from another CA", async () => {
    const f = await run({ "worker.json5": worker("grpcs://localhost:50061", "foreign-ca.pem"), "scheduler.json5": scheduler() });
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:259 error worker "worker_0" verifies servers[0] (0.0.0.0:50061) of scheduler.json5 (localhost is loopback: the listener must run on the same machine) against ca_file "foreign-ca.pem" ("CN=Some Other CA, O=elsewhere"), but the server's certificate does not chain to it: no certificate of ca_file or of the server's cert_file issued "${INTER}" (its issuer is "${ROOT}"); ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toBe("invalid peer certificate: UnknownIssuer");
    expect(x.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config/ca_file");
    expect(x.related?.map((r) => `${r.file} ${r.pointer} ${r.message}`)).toEqual([`scheduler.json5 /servers/0/listener/http/tls/cert_file the server's certificate, ${SERVER}`]);
    expect(x.reproduce).toBe(`openssl verify -purpose sslserver -CAfile ${pki.files.foreignCa} -untrusted ${pki.files.serverChain} -attime ${pki.now.getTime() / 1000} ${pki.files.serverChain}`);
  });

  it("reports a server that does not send its intermediate", async () => {
    const f = await run({ "worker.json5": worker("grpcs://localhost:50061", "root-ca.pem"), "scheduler.json5": scheduler("server.pem") });
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:259 error worker "worker_0" verifies servers[0] (0.0.0.0:50061) of scheduler.json5 (localhost is loopback: the listener must run on the same machine) against ca_file "root-ca.pem" ("${ROOT}"), but the server's certificate does not chain to it: no certificate of ca_file or of the server's cert_file issued "${SERVER}" (its issuer is "${INTER}"); ${NEVER}`,
    ]);
    expect(f.find((y) => y.ruleId === RULE)?.hint).toContain("append the missing intermediate to the server's cert_file");
  });

  it("reports a host name the certificate does not cover (host-mapped)", async () => {
    const f = await run({ "worker.json5": worker("grpcs://scheduler.internal:50061", "root-ca.pem"), "scheduler.json5": scheduler() }, { "scheduler.internal": "scheduler.json5" });
    expect(dlines(f, RULE)).toEqual([
      `worker.json5:1:209 error worker "worker_0" dials scheduler.internal, but the certificate servers[0] (0.0.0.0:50061) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5) presents ("${SERVER}", cert_file "server-chain.pem") is valid for only localhost, 127.0.0.1; ${NEVER}`,
    ]);
    const x = f.find((y) => y.ruleId === RULE)!;
    expect(x.nativelink).toMatch(/^invalid peer certificate: certificate not valid for name "scheduler\.internal"; certificate is only valid for /);
    expect(x.pointer).toBe("/workers/0/local/worker_api_endpoint/uri");
  });

  it("reports an IP address the certificate's IP SANs do not cover, for a grpc store", async () => {
    const cas = peerConfig([server("0.0.0.0:50051", `{ cas: [{ instance_name: "main", cas_store: "CAS" }], bytestream: [{ instance_name: "main", cas_store: "CAS" }] }`, serverTls({ cert: "server-chain.pem", key: "server.key" }))]);
    const w = workerConfig(`{ uri: "grpcs://localhost:50061", tls_config: { ca_file: "root-ca.pem" } }`, "", grpcStore("GRPC_CAS", "grpcs://127.0.0.2:50051", "cas", "main", `{ ca_file: "root-ca.pem" }`));
    expect(dlines(await run({ "worker.json5": w, "cas.json5": cas, "scheduler.json5": scheduler() }), RULE)).toEqual([
      `worker.json5:1:220 error grpc store "GRPC_CAS" dials 127.0.0.2, but the certificate servers[0] (0.0.0.0:50051) of cas.json5 (127.0.0.2 is loopback: the listener must run on the same machine) presents ("${SERVER}", cert_file "server-chain.pem") is valid for only localhost, 127.0.0.1; NativeLink starts (grpc stores connect lazily), then every request through this store fails`,
    ]);
  });

  const valid: [string, () => Record<string, string>, Record<string, string>?][] = [
    ["a chain to the root in ca_file", () => ({ "worker.json5": worker("grpcs://localhost:50061", "root-ca.pem"), "scheduler.json5": scheduler() })],
    ["the intermediate as the trust anchor, leaf alone in cert_file", () => ({ "worker.json5": worker("grpcs://localhost:50061", "intermediate-ca.pem"), "scheduler.json5": scheduler("server.pem") })],
    ["an IP SAN for an IP literal", () => ({ "worker.json5": worker("grpcs://127.0.0.1:50061", "ca-bundle.pem"), "scheduler.json5": scheduler() })],
    ["use_native_roots (the system trust store is not known here)", () => ({ "worker.json5": workerConfig(`{ uri: "grpcs://localhost:50061", tls_config: { use_native_roots: true } }`), "scheduler.json5": scheduler() })],
    ["a plaintext connection (deployment-scheme-tls's finding)", () => ({ "worker.json5": workerConfig(`{ uri: "grpc://localhost:50061" }`), "scheduler.json5": scheduler() })],
  ];
  for (const [name, files, hostMap] of valid) {
    it(`passes ${name}`, async () => {
      expect(dlines(await run(files(), hostMap), RULE)).toEqual([]);
    });
  }

  it.skipIf(!HAS_OPENSSL)("the reproducer fails on the broken pair and passes on the fixed one (needs openssl and bash)", async () => {
    const bad = (await run({ "worker.json5": worker("grpcs://localhost:50061", "foreign-ca.pem"), "scheduler.json5": scheduler() })).find((y) => y.ruleId === RULE)!;
    expect(runCmd(bad.reproduce!).status).not.toBe(0);
    expect(runCmd(bad.reproduce!.replace(pki.files.foreignCa, pki.files.rootCa)).status).toBe(0);
    const name = (await run({ "worker.json5": worker("grpcs://scheduler.internal:50061", "root-ca.pem"), "scheduler.json5": scheduler() }, { "scheduler.internal": "scheduler.json5" })).find((y) => y.ruleId === RULE)!;
    expect(runCmd(name.reproduce!).status).not.toBe(0);
    expect(runCmd(name.reproduce!.replace("scheduler.internal", "localhost")).status).toBe(0);
  });
});
