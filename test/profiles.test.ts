// Severity of the guides' practices under each profile: development (infos), production (warnings,
// errors only for what has no legitimate production use), strict (errors); what is never faulted.
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.ts";
import type { Profile } from "../src/context.ts";
import type { Finding } from "../src/types.ts";
import { lint } from "./helpers/lint.ts";
import { EXAMPLE_NOW, materializeExample } from "./helpers/examples.ts";

const FS = `{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/var/nl/cas", temp_path: "/var/nl/tmp" } }, slow: { memory: {} } } }`;
const WORKER = (uri: string) =>
  `{ local: { worker_api_endpoint: { uri: "${uri}" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/var/nl/work", platform_properties: {} } }`;

/** The security guide's "Separate Worker and Client Traffic" layout, in one all-in-one process. */
const GUIDE_ALL_IN_ONE = `{
  stores: [{ name: "main_cas", memory: {} }, { name: "main_ac", memory: {} }, ${FS}],
  schedulers: [{ name: "main", simple: {} }],
  servers: [
    {
      name: "public_services",
      listener: { http: { socket_address: "0.0.0.0:50051" } },
      services: {
        cas: [{ instance_name: "main", cas_store: "main_cas" }],
        ac: [{ instance_name: "main", ac_store: "main_ac" }],
        execution: [{ instance_name: "main", scheduler: "main", cas_store: "main_cas" }],
      },
    },
    {
      name: "worker_api",
      listener: { http: { socket_address: "127.0.0.1:50061" } },
      services: { worker_api: { scheduler: "main" } },
    },
  ],
  workers: [${WORKER("grpc://127.0.0.1:50061")}],
}`;

const SCHED = 'schedulers: [{ name: "MAIN", simple: {} }]';
const workerApi = (http: string, name = "workers") => `{ stores: [], ${SCHED}, servers: [{ name: "${name}", listener: { http: { ${http} } }, services: { worker_api: { scheduler: "MAIN" } } }] }`;
const publicCas = (addr: string) => `{ stores: [{ name: "CAS", memory: {} }], servers: [{ name: "public", listener: { http: { socket_address: "${addr}" } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

const show = (fs: Finding[]) => fs.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`);
const security = (fs: Finding[]) => show(fs.filter((f) => f.category === "security"));

describe("profiles", () => {
  it("the guide's all-in-one layout (worker API on 127.0.0.1 without TLS) has no error in production", async () => {
    const prod = await lint(GUIDE_ALL_IN_ONE, { profile: "production" });
    expect(show(prod.filter((f) => f.severity === "error"))).toEqual([]);
    expect(security(prod)).toEqual(["7:25 warning listener-plaintext server \"public_services\" listens on 0.0.0.0:50051 (every interface) without TLS"]);
    // The loopback worker API is never faulted, not even under strict.
    expect(security(await lint(GUIDE_ALL_IN_ONE, { profile: "strict" }))).toEqual(["7:25 error listener-plaintext server \"public_services\" listens on 0.0.0.0:50051 (every interface) without TLS"]);
    expect(security(await lint(GUIDE_ALL_IN_ONE, { profile: "development" }))).toEqual(["7:25 info listener-plaintext server \"public_services\" listens on 0.0.0.0:50051 (every interface) without TLS"]);
  });

  it("never faults a loopback-only listener for plaintext or missing mTLS", async () => {
    for (const addr of ["127.0.0.1:50061", "127.8.9.10:50061", "[::1]:50061", "[::ffff:127.0.0.1]:50061"]) {
      for (const profile of ["development", "production", "strict"] as Profile[]) {
        expect(security(await lint(workerApi(`socket_address: "${addr}"`), { profile })), `${addr} ${profile}`).toEqual([]);
        expect(security(await lint(publicCas(addr), { profile })), `${addr} ${profile}`).toEqual([]);
      }
    }
  });

  it("a plaintext worker API on 0.0.0.0 is one finding naming the bind, the missing TLS and the missing mTLS", async () => {
    const text = workerApi('socket_address: "0.0.0.0:50061"');
    const want = (sev: string) => [
      `1:106 ${sev} worker-api-mtls the worker API of server "workers" listens on every interface (0.0.0.0:50061) without TLS, so workers are never asked for a client certificate (mTLS): anything that reaches the port can register as a worker`,
    ];
    expect(security(await lint(text, { profile: "development" }))).toEqual(want("info"));
    expect(security(await lint(text, { profile: "production" }))).toEqual(want("error"));
    expect(security(await lint(text, { profile: "strict" }))).toEqual(want("error"));
  });

  it("a worker API on 0.0.0.0 with TLS but no client CA is one error; with mTLS, the wildcard bind is a warning", async () => {
    const tls = (extra: string) => `socket_address: "0.0.0.0:50061", tls: { cert_file: "/etc/nl/s.pem", key_file: "/etc/nl/s-key.pem"${extra} }`;
    expect(security(await lint(workerApi(tls("")), { profile: "production" }))).toEqual([
      `1:141 error worker-api-mtls the worker API of server "workers" listens on every interface (0.0.0.0:50061) and uses TLS without client_ca_file, so it accepts any client as a worker`,
    ]);
    const mtls = security(await lint(workerApi(tls(', client_ca_file: "/etc/nl/ca.pem", client_crl_file: "/etc/nl/crl.pem"')), { profile: "production" }));
    expect(mtls).toEqual([`1:124 warning worker-api-bind the worker API of server "workers" listens on every interface (0.0.0.0:50061)`]);
  });

  it("production: a plaintext listener or endpoint is a warning (a proxy may terminate TLS); the hint says how to record the proxy", async () => {
    const [f] = (await lint(publicCas("0.0.0.0:50051"), { profile: "production" })).filter((x) => x.ruleId === "listener-plaintext");
    expect(f?.severity).toBe("warning");
    expect(f?.hint).toContain('tlsProxies: [{ listeners: ["public"], by: "');
    expect(f?.hint).toContain("// nativelink-preflight-disable-next-line listener-plaintext -- ");
    const grpc = `{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://cas.internal:50051" }], store_type: "cas" } }], servers: [] }`;
    const [e] = (await lint(grpc, { profile: "production" })).filter((x) => x.ruleId === "endpoint-plaintext");
    expect(e?.severity).toBe("warning");
    expect(e?.hint).toContain('tlsProxies: [{ hosts: ["cas.internal"], by: "');
  });

  it("a listener or host recorded in tlsProxies is not reported as plaintext", async () => {
    const by = "Envoy sidecar";
    for (const listeners of [["public"], ["0.0.0.0:50051"], ["${LISTEN}"]]) {
      const text = listeners[0] === "${LISTEN}" ? publicCas("${LISTEN}") : publicCas("0.0.0.0:50051");
      const fs = await lint(text, { profile: "strict", env: { LISTEN: "0.0.0.0:50051" }, tlsProxies: [{ listeners, hosts: [], by, clientCertificates: false }] });
      expect(security(fs), String(listeners)).toEqual([]);
    }
    expect(security(await lint(publicCas("0.0.0.0:50051"), { profile: "strict", tlsProxies: [{ listeners: ["other"], hosts: [], by, clientCertificates: false }] }))).toHaveLength(1);
    const grpc = `{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://CAS.internal:50051" }], store_type: "cas" } }], servers: [] }`;
    expect(security(await lint(grpc, { profile: "strict", tlsProxies: [{ listeners: [], hosts: ["cas.internal"], by, clientCertificates: false }] }))).toEqual([]);
  });

  it("a worker API behind a TLS proxy still needs client certificates, from NativeLink or from the proxy", async () => {
    const text = workerApi('socket_address: "0.0.0.0:50061"');
    const proxy = (clientCertificates: boolean) => [{ listeners: ["workers"], hosts: [], by: "Istio sidecar", clientCertificates }];
    expect(security(await lint(text, { profile: "production", tlsProxies: proxy(false) }))).toEqual([
      `1:106 error worker-api-mtls the worker API of server "workers" (0.0.0.0:50061) is behind Istio sidecar (tlsProxies), which terminates TLS but is not recorded as requiring client certificates (clientCertificates: true): anything that reaches the port can register as a worker`,
    ]);
    expect(security(await lint(text, { profile: "production", tlsProxies: proxy(true) }))).toEqual([`1:124 warning worker-api-bind the worker API of server "workers" listens on every interface (0.0.0.0:50061)`]);
  });

  it("placeholder-looking credentials are not secrets; real-looking ones stay errors in production", async () => {
    const grpcHeader = (v: string) => `{ stores: [{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cache.example.com:443", tls_config: { use_native_roots: true } }], store_type: "cas", headers: { authorization: "${v}" } } }], servers: [] }`;
    const oci = (v: string) => `{ stores: [{ name: "OCI", experimental_cloud_object_store: { provider: "oci", namespace: "ns", region: "us-phoenix-1", bucket: "cas", access_key_id: "oci_access_key_id", secret_access_key: "${v}" } }], servers: [] }`;
    const mongo = (pw: string) => `{ stores: [{ name: "M", experimental_mongo: { connection_string: "mongodb+srv://username:${pw}@cluster.mongodb.net/?retryWrites=true", database: "nl" } }], servers: [] }`;
    const azure = (host: string) =>
      `{ stores: [{ name: "AZ", experimental_cloud_object_store: { provider: "azure", account_name: "devstoreaccount1", container: "cas", sas_url: "http://${host}:10000/devstoreaccount1/cas?sv=2022-11-02&sp=rwdlac&sig=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8lM0Q%3D" } }], servers: [] }`;
    const secrets = async (text: string) => (await lint(text, { profile: "production" })).filter((f) => f.ruleId === "secret-inline" || f.ruleId === "config-permissions").map((f) => `${f.severity} ${f.ruleId}`);
    for (const placeholder of [grpcHeader("Bearer my-static-token"), oci("oci_secret_access_key"), mongo("password"), azure("127.0.0.1"), oci("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), oci("<your secret key>"), oci("xxxxxxxxxxxx")]) {
      expect(await secrets(placeholder), placeholder).toEqual([]);
    }
    for (const real of [grpcHeader("Bearer 3f9c2a7be1d04c55a8e6b0f2d9c71e4a"), oci("q8Zt1vR2pLmX9sKd4YwB7nHc0JfE5uGa"), mongo("Tr0ub4dor-x9"), azure("azurite.internal")]) {
      expect(await secrets(real), real).toEqual(["error secret-inline"]);
    }
  });
});

describe("every guide rule follows the profile", () => {
  const guide = RULES.filter((r) => r.meta.guide);
  it("the guide rules are the security practices, key permissions among them", () => {
    expect(guide.map((r) => r.meta.id).sort()).toEqual([
      "admin-health-exposure",
      "client-ca-separate",
      "config-permissions",
      "endpoint-plaintext",
      "listener-plaintext",
      "mtls-crl",
      "private-key-git-tracked",
      "secret-inline",
      "tls-key-permissions",
      "worker-api-bind",
      "worker-api-mtls",
      "worker-api-shared-listener",
    ]);
  });
  for (const rule of guide) {
    it(`${rule.meta.id}: info in development, its default in production, error in strict`, async () => {
      const ex = rule.meta.examples.bad;
      const cwd = await materializeExample(ex);
      const sev = async (profile: Profile) =>
        [...new Set((await lint(ex.config, { env: ex.env, profile, cwd, now: EXAMPLE_NOW, mode: ex.configMode, gitTracked: ex.host?.gitTracked })).filter((f) => f.ruleId === rule.meta.id).map((f) => f.severity))];
      expect(await sev("development")).toEqual(["info"]);
      expect(await sev("production")).toEqual([rule.meta.severity]);
      expect(await sev("strict")).toEqual(["error"]);
    });
  }
});
