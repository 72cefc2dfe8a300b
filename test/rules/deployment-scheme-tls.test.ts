import { describe, expect, it } from "vitest";
import { lintDeployment } from "../helpers/lint.ts";
import { CAS_SERVICES, WORKER_API, dlines, grpcStore, peerConfig, server, workerConfig } from "../helpers/deployment.ts";

const RULE = "deployment-scheme-tls";
const TLS = `{ cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem" }`;
const CA = `tls_config: { ca_file: "/etc/nl/ca.pem" }`;
const MAP = { "scheduler.internal": "scheduler.json5", "cas.internal": "cas.json5" };
const NEVER = "the worker never registers; NativeLink does not stop, it logs the error and retries every 0.5 s, forever";

describe(RULE, () => {
  const invalid: [string, Record<string, string>, Record<string, string>, string[]][] = [
    [
      "grpc:// to a TLS listener",
      { "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API, TLS)]) },
      MAP,
      [
        `worker.json5:1:209 error worker "worker_0" connects without TLS (grpc://scheduler.internal:50061) to servers[0] (0.0.0.0:50061) of scheduler.json5 (--host-map scheduler.internal=scheduler.json5), which requires TLS: the server logs "Failed to accept tls stream" for every attempt; ${NEVER}`,
      ],
    ],
    [
      "an https:// grpc store on a plaintext CAS",
      {
        "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`, "", grpcStore("GRPC_CAS", "https://cas.internal:50051", "cas", "main", `{ ca_file: "/etc/nl/ca.pem" }`)),
        "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API)]),
        "cas.json5": peerConfig([server("0.0.0.0:50051", CAS_SERVICES())]),
      },
      MAP,
      [
        `worker.json5:1:220 error grpc store "GRPC_CAS" connects with TLS (https://cas.internal:50051) to servers[0] (0.0.0.0:50051) of cas.json5 (--host-map cas.internal=cas.json5), which is plaintext (no listener.http.tls): the TLS handshake meets a plaintext HTTP reply; NativeLink starts (grpc stores connect lazily), then every request through this store fails`,
      ],
    ],
  ];
  for (const [name, files, hostMap, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(dlines(await lintDeployment(files, { hostMap }), RULE)).toEqual(want);
    });
  }

  const valid: [string, Record<string, string>, Record<string, string>][] = [
    ["grpcs:// to a TLS listener", { "worker.json5": workerConfig(`{ uri: "grpcs://scheduler.internal:50061", ${CA} }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API, TLS)]) }, MAP],
    ["grpc:// to a plaintext listener", { "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API)]) }, MAP],
    // Only the listener that serves the client counts: the TLS one on the port does not mount worker_api.
    [
      "grpcs:// to a plaintext listener on the same port of an unmapped host (never matched by port alone)",
      { "worker.json5": workerConfig(`{ uri: "grpcs://scheduler.internal:50061", ${CA} }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API)]) },
      {},
    ],
    [
      "a mismatch on a listener that is not the client's target",
      { "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API)]), "cas.json5": peerConfig([server("0.0.0.0:50061", CAS_SERVICES(), TLS)]) },
      {},
    ],
  ];
  for (const [name, files, hostMap] of valid) {
    it(`passes ${name}`, async () => {
      expect(dlines(await lintDeployment(files, { hostMap }), RULE)).toEqual([]);
    });
  }

  it("passes grpcs:// to a plaintext listener that a recorded proxy terminates TLS for (settings tlsProxies)", async () => {
    const files = { "worker.json5": workerConfig(`{ uri: "grpcs://scheduler.internal:50061", ${CA} }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API)]) };
    expect(dlines(await lintDeployment(files, { hostMap: MAP }), RULE)).toHaveLength(1);
    const tlsProxies = [{ listeners: ["0.0.0.0:50061"], hosts: [], by: "Envoy sidecar", clientCertificates: true }];
    expect(dlines(await lintDeployment(files, { hostMap: MAP, tlsProxies }), RULE)).toEqual([]);
  });

  it("carries NativeLink's message and points at the server's tls block", async () => {
    const f = (await lintDeployment({ "worker.json5": workerConfig(`{ uri: "grpc://scheduler.internal:50061" }`), "scheduler.json5": peerConfig([server("0.0.0.0:50061", WORKER_API, TLS)]) }, { hostMap: MAP })).find(
      (x) => x.ruleId === RULE,
    );
    expect(f?.nativelink).toBe("Failed to accept tls stream");
    expect(f?.pointer).toBe("/workers/0/local/worker_api_endpoint/uri");
    expect(f?.related?.map((r) => `${r.file} ${r.pointer}`)).toEqual(["scheduler.json5 /servers/0/listener/http/tls"]);
  });
});
