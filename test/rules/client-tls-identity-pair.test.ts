import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-identity-pair";
const STORE = (tls: string) =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: "grpcs://cas:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;
const WORKER = (tls: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://sched:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const SCHED = (tls: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: "grpcs://sched:50052", tls_config: ${tls} } } }] }`;
const STORE_STOPS = "NativeLink stops at startup (the grpc store cannot be built)";
const WORKER_LOOPS = "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "cert_file without key_file",
      STORE('{ ca_file: "ca.pem", cert_file: "c.pem" }'),
      [`1:108 tls_config has cert_file "c.pem" but no key_file, and a client certificate is unusable without its private key; ${STORE_STOPS}`],
    ],
    [
      "key_file without cert_file, for a worker",
      WORKER('{ ca_file: "ca.pem", key_file: "k.pem" }'),
      [`1:112 tls_config has key_file "k.pem" but no cert_file, so there is no client certificate to present; ${WORKER_LOOPS}`],
    ],
    [
      "cert_file: null counts as missing",
      SCHED('{ ca_file: "ca.pem", cert_file: null, key_file: "k.pem" }'),
      [
        `1:118 tls_config has key_file "k.pem" but no cert_file, so there is no client certificate to present; NativeLink stops at startup (the grpc scheduler cannot be built)`,
      ],
    ],
    [
      "even without a ca_file (NativeLink stops on that first; both need fixing)",
      STORE('{ cert_file: "c.pem" }'),
      [`1:108 tls_config has cert_file "c.pem" but no key_file, and a client certificate is unusable without its private key; ${STORE_STOPS}`],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["both files", STORE('{ ca_file: "ca.pem", cert_file: "c.pem", key_file: "k.pem" }')],
    ["neither file", STORE('{ ca_file: "ca.pem" }')],
    ["one file with use_native_roots: true (ignored, another rule)", WORKER('{ use_native_roots: true, cert_file: "c.pem" }')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message as each owner prints it", async () => {
    const store = (await lint(STORE('{ ca_file: "ca.pem", cert_file: "c.pem" }'))).find((f) => f.ruleId === RULE);
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config");
    expect(store?.nativelink).toBe(grpcStoreChain('Error { code: Internal, messages: ["Client certificate specified, but no key"] }'));
    expect(store?.related?.[0]?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config/cert_file");
    const worker = (await lint(WORKER('{ ca_file: "ca.pem", key_file: "k.pem" }'))).find((f) => f.ruleId === RULE);
    expect(worker?.nativelink).toBe("Client key specified, but no certificate");
  });
});
