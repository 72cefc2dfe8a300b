import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { parseEndpointUri } from "../../src/facts/endpoints.ts";
import { grpcStoreChain } from "../helpers/nativelink-chain.ts";

const RULE = "endpoint-uri-valid";
const STORE = (address: string, extra = "") =>
  `{ stores: [{ name: "U", grpc: { instance_name: "", endpoints: [{ address: ${JSON.stringify(address)}${extra} }], store_type: "cas" } }], servers: [] }`;
const SCHED = (address: string) => `{ stores: [], servers: [], schedulers: [{ name: "S", grpc: { endpoint: { address: ${JSON.stringify(address)} } } }] }`;
const WORKER = (uri: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: ${JSON.stringify(uri)} }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: {} } }] }`;
const STOP = "the grpc store cannot be built and NativeLink stops";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a space in a grpc store address", STORE("grpc://cas:50051 "), [`1:75 endpoints[0].address "grpc://cas:50051 " is not a URI NativeLink can parse (invalid uri character); ${STOP}`]],
    ["an empty address", STORE(""), [`1:75 endpoints[0].address "" is not a URI NativeLink can parse (empty string); ${STOP}`]],
    ["a scheme with no host", STORE("grpc://"), [`1:75 endpoints[0].address "grpc://" is not a URI NativeLink can parse (empty string); ${STOP}`]],
    ["a unix socket path", STORE("unix:///run/nl.sock"), [`1:75 endpoints[0].address "unix:///run/nl.sock" is not a URI NativeLink can parse (invalid format); ${STOP}`]],
    [
      "the grpc scheduler",
      SCHED("grpc://sched uler:1"),
      ['1:83 endpoint.address "grpc://sched uler:1" is not a URI NativeLink can parse (invalid uri character); the grpc scheduler cannot be built and NativeLink stops'],
    ],
    [
      "the worker endpoint",
      WORKER("grpc://[::1:50061"),
      ['1:77 worker_api_endpoint.uri "grpc://[::1:50061" is not a URI NativeLink can parse (invalid authority); the worker logs the error every 0.5 s and never registers'],
    ],
    [
      "no scheme",
      WORKER("127.0.0.1:50061"),
      ['1:77 worker_api_endpoint.uri "127.0.0.1:50061" has no scheme: it parses as a bare authority, but tonic cannot connect without one (hyper-util: \"invalid URL, scheme is missing\"), so the worker logs the error every 0.5 s and never registers'],
    ],
    [
      "a path only, without TLS",
      STORE("/run/nl"),
      ['1:75 endpoints[0].address "/run/nl" is a path, not a peer address: tonic finds no scheme or host to connect to (hyper-util: \"invalid URL, scheme is missing\"), so every request through this grpc store fails'],
    ],
    [
      "a path only, with TLS",
      STORE("/run/nl", ", tls_config: { use_native_roots: true }"),
      [`1:75 endpoints[0].address "/run/nl" has no host, which a TLS endpoint needs to verify the server; ${STOP}`],
    ],
    ["an empty host", STORE("grpc://:50051"), ['1:75 endpoints[0].address "grpc://:50051" has an empty host, so the connection fails at name resolution and every request through this grpc store fails']],
    [
      "a port above 65535",
      STORE("grpc://cas:99999"),
      ['1:75 endpoints[0].address "grpc://cas:99999" has port "99999", which is not a number from 0 to 65535; hyper-util ignores it and connects to port 80'],
    ],
    ["an empty port", STORE("grpcs://cas:", ", tls_config: { use_native_roots: true }"), ['1:75 endpoints[0].address "grpcs://cas:" has port "", which is not a number from 0 to 65535; hyper-util ignores it and connects to port 443']],
    ["port 0", STORE("grpc://cas:0"), ['1:75 endpoints[0].address "grpc://cas:0" has port 0, which no connection can reach; every request through this grpc store fails']],
    ["no port on grpc://", STORE("grpc://cas"), ['1:75 endpoints[0].address "grpc://cas" has no port, so hyper-util connects to port 80 (its default for every scheme but https/grpcs)']],
    ["a path after the port", STORE("grpc://cas:1/v2"), ['1:75 endpoints[0].address "grpc://cas:1/v2" has a path or query, which tonic drops: requests go to the service\'s own path on cas']],
    [
      "credentials are never shown",
      STORE("grpc://bob:hunter2@cas:1 "),
      [`1:75 endpoints[0].address "grpc://bob:<redacted>@cas:1 " is not a URI NativeLink can parse (invalid uri character); ${STOP}`],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["grpc://host:port", STORE("grpc://cas.internal:50051")],
    ["an IPv6 literal", STORE("grpc://[::1]:50051")],
    ["grpcs without a port (443)", STORE("grpcs://cas.example.com", ", tls_config: { use_native_roots: true }")],
    ["http without a port (80 on purpose)", STORE("http://cas.internal")],
    ["a trailing slash", SCHED("grpc://sched:50052/")],
    ["the worker default form", WORKER("grpc://127.0.0.1:50061")],
    ["no scheme but TLS (the TLS rules report it)", STORE("cas:443", ", tls_config: { use_native_roots: true }")],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("checks the address after ${VAR} expansion", async () => {
    expect(lines(await lint(STORE("${CAS}"), { env: { CAS: "grpc://cas :1" } }), RULE)).toHaveLength(1);
    expect(lines(await lint(STORE("${CAS}"), { env: { CAS: "grpc://cas:1" } }), RULE)).toEqual([]);
  });

  it("wraps NativeLink's message the way each owner does", async () => {
    const store = (await lint(STORE("not a uri"))).find((x) => x.ruleId === RULE);
    expect(store?.nativelink).toBe(grpcStoreChain('Error { code: Internal, messages: ["invalid uri character", "Unable to parse endpoint not a uri"] }'));
    expect(store?.pointer).toBe("/stores/0/grpc/endpoints/0/address");
    const sched = (await lint(SCHED("not a uri"))).find((x) => x.ruleId === RULE);
    expect(sched?.nativelink).toBe("invalid uri character");
    const tls = (await lint(STORE("/p", ", tls_config: { use_native_roots: true }"))).find((x) => x.ruleId === RULE);
    expect(tls?.nativelink).toBe(grpcStoreChain('Error { code: InvalidArgument, messages: ["Unable to determine authority of endpoint: /p"] }'));
    const worker = (await lint(WORKER("localhost:50061"))).find((x) => x.ruleId === RULE);
    // Only inside tonic's error chain, whose exact form is not known: quoted in the message instead.
    expect(worker?.nativelink).toBeUndefined();
    expect(worker?.message).toContain('(hyper-util: "invalid URL, scheme is missing")');
    const warn = (await lint(STORE("grpc://cas"))).find((x) => x.ruleId === RULE);
    expect(warn?.severity).toBe("warning");
  });

  // Cases checked against http 1.4.1's Uri::try_from.
  const parsed: [string, Partial<ReturnType<typeof parseEndpointUri>>][] = [
    ["grpc://127.0.0.1:50061", { ok: true, scheme: "grpc", host: "127.0.0.1", port: 50061, display: "grpc://127.0.0.1:50061/" }],
    ["grpcs://h", { ok: true, scheme: "https", writtenScheme: "grpcs", effectivePort: 443, display: "https://h/" }],
    ["HTTP://H:1", { ok: true, scheme: "http", authority: "H:1" }],
    ["grpc://[::1]", { ok: true, host: "[::1]", port: undefined, effectivePort: 80 }],
    ["grpc://u:p@h:1/x?y#z", { ok: true, host: "h", port: 1, path: "/x", query: "y" }],
    ["localhost:50051", { ok: true, scheme: undefined, authority: "localhost:50051", host: "localhost", port: 50051 }],
    ["not a valid uri", { ok: false, message: "invalid uri character" }],
    ["grpc:///x", { ok: false, message: "invalid format" }],
    ["localhost:50051/x", { ok: false, message: "invalid format" }],
    ["a:1:2", { ok: false, message: "invalid authority" }],
    ["x".repeat(70) + "://h", { ok: false, message: "scheme too long" }],
  ];
  for (const [input, want] of parsed) {
    it(`parses ${input.slice(0, 30)} like http::Uri`, () => {
      expect(parseEndpointUri(input)).toMatchObject(want);
    });
  }
});
