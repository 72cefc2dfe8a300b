import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { dnsNameProblem, serverNameProblem } from "../../src/facts/tls-client.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "endpoint-host-sni";
const TLS = ", tls_config: { use_native_roots: true }";
const STORE = (address: string, extra = TLS) =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: ${JSON.stringify(address)}${extra} }], store_type: "cas" } }], servers: [] }`;
const SCHED = (address: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: ${JSON.stringify(address)}${TLS} } } }] }`;
const WORKER = (uri: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: ${JSON.stringify(uri)}${TLS} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const STORE_STOPS = "NativeLink stops at startup (the grpc store cannot be built)";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "a bracketed IPv6 literal",
      STORE("grpcs://[::1]:50051"),
      [`1:75 endpoints[0].address "grpcs://[::1]:50051" has the IPv6 host [::1], which tonic passes to rustls with its brackets as the TLS server name, and rustls rejects it; ${STORE_STOPS}`],
    ],
    [
      "an empty host (the docs blame a missing authority)",
      WORKER("grpcs://:50061"),
      [
        '1:77 worker_api_endpoint.uri "grpcs://:50061" has no host, so the TLS server name is empty, and rustls rejects it; the worker does not stop: it logs the error and retries every 0.5 s, forever, without connecting',
      ],
    ],
    [
      "a label starting with '-'",
      SCHED("https://-sched.internal:50052"),
      [
        '1:83 endpoint.address "https://-sched.internal:50052" has the host "-sched.internal", which rustls rejects as a TLS server name because its label "-sched" starts with \'-\'; NativeLink stops at startup (the grpc scheduler cannot be built)',
      ],
    ],
    ["a label ending with '-'", STORE("grpcs://cas-.internal:1"), [`1:75 endpoints[0].address "grpcs://cas-.internal:1" has the host "cas-.internal", which rustls rejects as a TLS server name because its label "cas-" ends with '-'; ${STORE_STOPS}`]],
    ["two dots in a row", STORE("grpcs://cas..internal:1"), [`1:75 endpoints[0].address "grpcs://cas..internal:1" has the host "cas..internal", which rustls rejects as a TLS server name because it has an empty label (two dots in a row, or a leading dot); ${STORE_STOPS}`]],
    ["a '~'", STORE("grpcs://cas~1:1"), [`1:75 endpoints[0].address "grpcs://cas~1:1" has the host "cas~1", which rustls rejects as a TLS server name because it contains "~", which is not a letter, digit, '-' or '_'; ${STORE_STOPS}`]],
    ["an IPv4 address out of range", STORE("grpcs://10.0.0.256:1"), [`1:75 endpoints[0].address "grpcs://10.0.0.256:1" has the host "10.0.0.256", which rustls rejects as a TLS server name because its last label is all digits (and it is not an IP address); ${STORE_STOPS}`]],
    ["an IPv4 address with a leading zero", STORE("grpcs://10.0.0.01:1"), [`1:75 endpoints[0].address "grpcs://10.0.0.01:1" has the host "10.0.0.01", which rustls rejects as a TLS server name because its last label is all digits (and it is not an IP address); ${STORE_STOPS}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a DNS name", STORE("grpcs://cas.internal:50051")],
    ["an IPv4 address", STORE("grpcs://127.0.0.1:50051")],
    ["underscores and a trailing dot (pki-types accepts both)", STORE("grpcs://my_cas.Example.COM.:50051")],
    ["a digit-first label that is not the last", STORE("grpcs://1cas.2internal:50051")],
    ["userinfo before the host", STORE("grpcs://bob@cas.internal:50051")],
    ["an IPv6 literal without TLS", STORE("grpc://[::1]:50051", "")],
    ["an IPv6 literal on grpc:// with tls_config (client-tls-scheme reports the scheme first)", STORE("grpc://[::1]:50051")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message as each owner prints it", async () => {
    const store = (await lint(STORE("grpcs://[::1]:50051"))).find((f) => f.ruleId === RULE);
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/address");
    expect(store?.nativelink).toBe(grpcStoreChain('Error { code: InvalidArgument, messages: ["invalid dns name", "transport error", "Setting mTLS configuration"] }'));
    const sched = (await lint(SCHED("grpcs://[::1]:50052"))).find((f) => f.ruleId === RULE);
    expect(sched?.nativelink).toBe("invalid dns name");
  });

  it("follows rustls-pki-types' DnsName rules", () => {
    expect(dnsNameProblem("a".repeat(63) + ".example")).toBeUndefined();
    expect(dnsNameProblem("a".repeat(64) + ".example")).toMatch(/longer than 63 characters/);
    expect(dnsNameProblem(`${"a.".repeat(126)}ab`)).toMatch(/more than 253/);
    expect(dnsNameProblem("123.example")).toBeUndefined();
    expect(dnsNameProblem("example.123.")).toMatch(/all digits/);
    expect(dnsNameProblem(".example")).toMatch(/empty label/);
    expect(dnsNameProblem("exämple")).toMatch(/not a letter/);
    expect(serverNameProblem("192.168.0.1")).toBeUndefined();
    expect(serverNameProblem("::1")).toBeUndefined();
    expect(serverNameProblem("[::1]")).toBeDefined();
  });
});
