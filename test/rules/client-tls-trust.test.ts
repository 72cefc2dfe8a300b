import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-trust";
const STORE = (tls: string) =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: "grpcs://cas:50051", tls_config: ${tls} }], store_type: "cas" } }], servers: [] }`;
const SCHED = (tls: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: "grpcs://sched:50052", tls_config: ${tls} } } }] }`;
const WORKER = (tls: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpcs://sched:50061", tls_config: ${tls} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const MSG = "CA certificate must be provided if not using native root certificates";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "an empty tls_config",
      STORE("{}"),
      [
        "1:108 tls_config has no ca_file and no use_native_roots, so NativeLink has nothing to verify the server's certificate against; NativeLink stops at startup (the grpc store cannot be built)",
      ],
    ],
    [
      "use_native_roots: false and a client identity only",
      SCHED('{ use_native_roots: false, cert_file: "c.pem", key_file: "k.pem" }'),
      [
        "1:106 tls_config has no ca_file and use_native_roots is false, so NativeLink has nothing to verify the server's certificate against; NativeLink stops at startup (the grpc scheduler cannot be built)",
      ],
    ],
    [
      "ca_file: null is no ca_file",
      WORKER("{ ca_file: null }"),
      [
        "1:112 tls_config has no ca_file and no use_native_roots, so NativeLink has nothing to verify the server's certificate against; the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting",
      ],
    ],
    [
      "a misspelt ca_file (ClientTlsConfig ignores unknown keys)",
      STORE('{ ca_files: "/etc/ca.pem" }'),
      [
        "1:108 tls_config has no ca_file and no use_native_roots, so NativeLink has nothing to verify the server's certificate against; NativeLink stops at startup (the grpc store cannot be built)",
      ],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a ca_file", STORE('{ ca_file: "/etc/nativelink/ca.pem" }')],
    ["use_native_roots: true", STORE("{ use_native_roots: true }")],
    ["use_native_roots: true with a ca_file (ignored, another rule)", WORKER('{ use_native_roots: true, ca_file: "/etc/ca.pem" }')],
    ["no tls_config", `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: "grpc://cas:50051" }], store_type: "cas" } }], servers: [] }`],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message as each owner prints it", async () => {
    const store = (await lint(STORE("{}"))).find((f) => f.ruleId === RULE);
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/tls_config");
    expect(store?.nativelink).toBe(grpcStoreChain(`Error { code: Internal, messages: ["${MSG}"] }`));
    const worker = (await lint(WORKER("{}"))).find((f) => f.ruleId === RULE);
    expect(worker?.pointer).toBe("/workers/0/local/worker_api_endpoint/tls_config");
    expect(worker?.nativelink).toBe(MSG);
    const sched = (await lint(SCHED("{}"))).find((f) => f.ruleId === RULE);
    expect(sched?.nativelink).toBe(MSG);
  });
});
