import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "endpoint-plaintext";
const store = (endpoint: string) => `{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [${endpoint}], store_type: "cas" } }], servers: [] }`;
const worker = (uri: string) =>
  `{ stores: [{ name: "FS", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "${uri}" }, cas_fast_slow_store: "FS", work_directory: "/w" } }] }`;
const scheduler = (address: string) => `{ stores: [], servers: [], schedulers: [{ name: "UP", grpc: { endpoint: { address: "${address}" } } }] }`;
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a grpc store over grpc://", store('{ address: "grpc://cas.internal:50051" }'), ['1:80 endpoints[0].address "grpc://cas.internal:50051" uses plaintext grpc://, so the store\'s traffic to cas.internal is not encrypted']],
    ["a worker over grpc://", worker("grpc://scheduler.internal:50061"), ['1:103 worker_api_endpoint.uri "grpc://scheduler.internal:50061" uses plaintext grpc://, so the worker\'s traffic to its scheduler at scheduler.internal is not encrypted']],
    ["a grpc scheduler over http://", scheduler("http://10.0.0.7:50052"), ['1:84 endpoint.address "http://10.0.0.7:50052" uses plaintext http://, so the scheduler\'s traffic to 10.0.0.7 is not encrypted']],
    ["tls_config: null", store('{ address: "grpc://cas.internal:50051", tls_config: null }'), ['1:80 endpoints[0].address "grpc://cas.internal:50051" uses plaintext grpc://, so the store\'s traffic to cas.internal is not encrypted']],
    [
      "the second endpoint, with userinfo redacted",
      store('{ address: "grpcs://a.internal:1", tls_config: { use_native_roots: true } }, { address: "grpc://user:pw@b.internal" }'),
      ['1:157 endpoints[1].address "grpc://user:<redacted>@b.internal" uses plaintext grpc://, so the store\'s traffic to b.internal is not encrypted'],
    ],
    ["an IPv6 host", store('{ address: "grpc://[2001:db8::5]:50051" }'), ['1:80 endpoints[0].address "grpc://[2001:db8::5]:50051" uses plaintext grpc://, so the store\'s traffic to [2001:db8::5] is not encrypted']],
    ["a name that only looks local", store('{ address: "grpc://localhost.example.com:1" }'), ['1:80 endpoints[0].address "grpc://localhost.example.com:1" uses plaintext grpc://, so the store\'s traffic to localhost.example.com is not encrypted']],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text))).toEqual(want);
    });
  }

  const valid: [string, string, object?][] = [
    ["grpcs:// with tls_config", store('{ address: "grpcs://cas.internal:50051", tls_config: { ca_file: "/etc/nl/ca.pem" } }')],
    ["localhost", worker("grpc://localhost:50061")],
    ["LOCALHOST. with a trailing dot", worker("grpc://LOCALHOST.:50061")],
    ["127.0.0.0/8", store('{ address: "grpc://127.0.0.2:50051" }')],
    ["[::1]", scheduler("http://[::1]:50052")],
    ["a host from an unset variable (lenient)", worker("grpc://${SCHEDULER_HOST}:50061"), { lenientEnv: true }],
    ["tls_config with grpc:// (NativeLink refuses it; endpoint-uri-valid reports it)", store('{ address: "grpc://cas.internal:50051", tls_config: { ca_file: "/etc/nl/ca.pem" } }')],
    ["no scheme (endpoint-uri-valid reports it)", store('{ address: "cas.internal:50051" }')],
  ];
  for (const [name, text, o] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, o))).toEqual([]);
    });
  }

  it("judges a host from a set variable", async () => {
    expect(lines(await mine(worker("grpc://${SCHEDULER_HOST}:50061"), { env: { SCHEDULER_HOST: "127.0.0.1" } }))).toEqual([]);
    expect(lines(await mine(worker("grpc://${SCHEDULER_HOST}:50061"), { env: { SCHEDULER_HOST: "sched" } }))).toHaveLength(1);
  });

  it("is a warning in production (a proxy may terminate TLS), an info in development and an error in strict", async () => {
    const text = store('{ address: "grpc://cas.internal:50051" }');
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["warning"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
    expect((await mine(text, { profile: "strict" })).map((f) => f.severity)).toEqual(["error"]);
  });

  it("points at the address and suggests the grpcs:// form", async () => {
    const f = firstOf(await mine(store('{ address: "grpc://cas.internal:50051" }')));
    expect(f.pointer).toBe("/stores/0/grpc/endpoints/0/address");
    expect(f.nativelink).toBeUndefined();
    expect(f.hint).toContain("grpcs://cas.internal:50051");
  });
});
