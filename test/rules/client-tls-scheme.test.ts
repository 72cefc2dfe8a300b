import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "client-tls-scheme";
const STORE = (address: string, extra = "") =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: ${JSON.stringify(address)}${extra} }], store_type: "cas" } }], servers: [] }`;
const SCHED = (address: string, extra = "") => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: ${JSON.stringify(address)}${extra} } } }] }`;
const WORKER = (uri: string, extra = "") =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: ${JSON.stringify(uri)}${extra} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const TLS = ", tls_config: { use_native_roots: true }";
const STORE_STOPS = "NativeLink stops at startup (the grpc store cannot be built)";
const WORKER_LOOPS = "the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "tls_config on grpc://",
      STORE("grpc://cas:50051", TLS),
      [
        `1:75 endpoints[0].address "grpc://cas:50051" uses the grpc:// scheme, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so ${STORE_STOPS}`,
      ],
    ],
    [
      "tls_config on http:// for a worker",
      WORKER("http://sched:50061", TLS),
      [`1:77 worker_api_endpoint.uri "http://sched:50061" uses the http:// scheme, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so ${WORKER_LOOPS}`],
    ],
    [
      "tls_config on an address without a scheme",
      SCHED("sched:50052", TLS),
      [
        '1:83 endpoint.address "sched:50052" has no scheme, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so NativeLink stops at startup (the grpc scheduler cannot be built)',
      ],
    ],
    [
      "an upper-case GRPCS:// is not rewritten",
      STORE("GRPCS://cas:50051", TLS),
      [
        `1:75 endpoints[0].address "GRPCS://cas:50051" uses the GRPCS:// scheme, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so ${STORE_STOPS} (schemes are case-sensitive here: write grpcs://)`,
      ],
    ],
    ["grpcs:// without tls_config", STORE("grpcs://cas:50051"), [`1:75 endpoints[0].address "grpcs://cas:50051" uses grpcs://, which needs TLS, but the endpoint has no tls_config; ${STORE_STOPS}`]],
    ["https:// without tls_config, for a worker", WORKER("https://sched:50061"), [`1:77 worker_api_endpoint.uri "https://sched:50061" uses https://, which needs TLS, but the endpoint has no tls_config; ${WORKER_LOOPS}`]],
    ["tls_config: null is no TLS", STORE("grpcs://cas:50051", ", tls_config: null"), [`1:75 endpoints[0].address "grpcs://cas:50051" uses grpcs://, which needs TLS, but the endpoint has no tls_config; ${STORE_STOPS}`]],
    [
      "credentials are never shown",
      STORE("grpc://bob:hunter2@cas:50051", TLS),
      [`1:75 endpoints[0].address "grpc://bob:<redacted>@cas:50051" uses the grpc:// scheme, but tls_config is set: NativeLink uses TLS only with grpcs:// or https://, so ${STORE_STOPS}`],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["grpcs:// with tls_config", STORE("grpcs://cas:50051", TLS)],
    ["HTTPS:// with tls_config (http lower-cases it)", STORE("HTTPS://cas:50051", TLS)],
    ["grpc:// without tls_config", STORE("grpc://cas:50051")],
    ["an unparsable URI (endpoint-uri-valid reports it)", STORE("grpcs://cas :1", TLS)],
    ["a path-only URI (endpoint-uri-valid reports it)", WORKER("/run/nl.sock", TLS)],
    ["a tls_config that is not an object (a schema error)", STORE("grpcs://cas:50051", ', tls_config: "yes"')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("skips an address whose variable is unset under --lenient-env", async () => {
    expect(lines(await lint(STORE("${UPSTREAM}", TLS), { lenientEnv: true }), RULE)).toEqual([]);
  });

  it("carries NativeLink's message as each owner prints it", async () => {
    const store = (await lint(STORE("grpc://cas:50051", TLS))).find((f) => f.ruleId === RULE);
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/address");
    expect(store?.nativelink).toBe(
      grpcStoreChain('Error { code: InvalidArgument, messages: ["You have set TLS configuration on grpc://cas:50051/, but the scheme is not https or grpcs"] }'),
    );
    const sched = (await lint(SCHED("grpcs://sched:50052"))).find((f) => f.ruleId === RULE);
    expect(sched?.pointer).toBe("/schedulers/0/grpc/endpoint/address");
    expect(sched?.nativelink).toBe("The scheme of https://sched:50052/ is https or grpcs, but no TLS configuration was provided");
    const worker = (await lint(WORKER("grpcs://sched:50061"))).find((f) => f.ruleId === RULE);
    expect(worker?.nativelink).toBe(
      'Error { code: InvalidArgument, messages: ["The scheme of https://sched:50061/ is https or grpcs, but no TLS configuration was provided"] }',
    );
    expect(worker?.hint).toContain("write grpc://sched:50061");
  });
});
