import { describe, expect, it } from "vitest";
import { lint, lines, firstOf } from "../helpers/lint.ts";

const RULE = "secret-inline";
const redis = (...addresses: string[]) => `{ stores: [{ name: "CACHE", redis_store: { addresses: [${addresses.map((a) => JSON.stringify(a)).join(", ")}] } }], servers: [] }`;
const store = (spec: string) => `{ stores: [{ name: "S", ${spec} }], servers: [] }`;
const azure = (sas: string) => store(`experimental_cloud_object_store: { provider: "azure", account_name: "acct", container: "cas", sas_url: "${sas}" }`);
const r2 = (keys: string) => store(`experimental_cloud_object_store: { provider: "r2", account_id: "0123abcd", bucket: "cas"${keys} }`);
const grpc = (headers: string) =>
  store(`grpc: { instance_name: "main", endpoints: [{ address: "grpcs://cache.example.com:443", tls_config: { use_native_roots: true } }], store_type: "cas", headers: { ${headers} } }`);
const worker = (env: string) =>
  `{ stores: [{ name: "FS", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", work_directory: "/w", additional_environment: { ${env} } } }] }`;
// Built at run time so no scanner mistakes this file for one that holds credentials.
const AWS_ID = ["AKIA", "Z7EXAMPLEKEY0042"].join("");
const GH = ["ghp", "_", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"].join("");
const PEM = ["-----BEGIN ", "PRIVATE", " KEY-----\\nMIIB\\n-----END ", "PRIVATE", " KEY-----"].join("");
const SECRETS = ["hunter2", "s3cr3t-value", "QmFzZTY0U2ln", AWS_ID, GH, "tok_live_998877", "MIIB", "fallback-pw"];
const mine = async (text: string, o: Parameters<typeof lint>[1] = {}) => (await lint(text, o)).filter((f) => f.ruleId === RULE);

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a password in a redis URL", redis("redis://nativelink:hunter2@cache.internal:6379/0"), ['1:56 the password in addresses[0] "redis://nativelink:<redacted>@cache.internal:6379/0" is written inline']],
    ["a password as a variable's default", redis("redis://:${REDIS_PASSWORD:-fallback-pw}@cache:6379"), ['1:56 the password in addresses[0] "redis://:<redacted>@cache:6379" is the default of a variable reference']],
    [
      "literal text around a variable",
      redis("redis://:${REDIS_PASSWORD}@a:6379", "redis://:pre${REDIS_PASSWORD}@b:6379"),
      ['1:93 the password in addresses[1] "redis://:<redacted>@b:6379" is written inline'],
    ],
    ["a password in a mongo connection string", store('experimental_mongo: { connection_string: "mongodb://app:s3cr3t-value@db.internal:27017/?authSource=admin" }'), ['1:66 the password in connection_string "mongodb://app:<redacted>@db.internal:27017/?authSource=admin" is written inline']],
    ["an Azure SAS signature", azure("https://acct.blob.core.windows.net/cas?sv=2022-11-02&sp=racwdl&sig=QmFzZTY0U2ln"), ['1:128 the SAS signature (sig=) in sas_url "https://acct.blob.core.windows.net/cas?sv=2022-11-02&sp=racwdl&sig=<redacted>" is written inline']],
    ["an R2 secret key", r2(', access_key_id: "${R2_KEY_ID}", secret_access_key: "s3cr3t-value"'), ["1:165 secret_access_key holds a literal secret"]],
    ["an AWS access key id", r2(`, access_key_id: "${AWS_ID}", secret_access_key: "\${R2_SECRET}"`), ["1:130 access_key_id contains what looks like an AWS access key id"]],
    ["an authorization header (never expanded)", grpc('authorization: "Bearer tok_live_998877"'), ["1:200 headers.authorization holds a literal secret"]],
    ["an API key header", grpc('"x-api-key": "tok_live_998877"'), ["1:198 headers.x-api-key holds a literal secret"]],
    ["a worker variable named for a token", worker(`GITHUB_TOKEN: { value: "${GH}" }`), ["1:229 additional_environment.GITHUB_TOKEN holds a literal secret"]],
    ["a private key pasted into a value", worker(`TLS_BLOB: { value: "${PEM}" }`), ["1:225 additional_environment.TLS_BLOB contains what looks like a PEM private key"]],
    ["a token where no name says so", store(`grpc: { instance_name: "${GH}", endpoints: [{ address: "grpc://127.0.0.1:1" }], store_type: "cas" }`), ["1:48 instance_name contains what looks like a GitHub token"]],
    ["a token shape as a variable's default", worker(`CI: { value: "\${CI_TOKEN:-${GH}}" }`), ["1:219 additional_environment.CI falls back to what looks like a GitHub token"]],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await mine(text, { env: { REDIS_PASSWORD: "x", R2_KEY_ID: "id", R2_SECRET: "x", CI_TOKEN: "x" } }))).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a redis password from a variable", redis("redis://nativelink:${REDIS_PASSWORD}@cache.internal:6379/0")],
    ["a whole redis URL from a variable", redis("${REDIS_URL}")],
    ["a user name without a password", redis("redis://nativelink@cache.internal:6379")],
    ["a redis URL without credentials", redis("redis://cache.internal:6379/0")],
    ["a SAS URL from a variable", azure("${AZURE_SAS_URL}")],
    ["a SAS signature from a variable", azure("https://acct.blob.core.windows.net/cas?sv=2022-11-02&sig=${AZURE_SAS_SIG}")],
    ["a SAS URL without a signature (Azurite, public container)", azure("http://127.0.0.1:10000/devstoreaccount1/cas")],
    ["R2 keys from variables", r2(', access_key_id: "${R2_KEY_ID}", secret_access_key: "${R2_SECRET}"')],
    ["an authorization header built on a variable (sent literally, but no secret in the file)", grpc('authorization: "Bearer ${TOKEN}"')],
    ["a header that is not a credential", grpc('"x-build-tenant": "team-a"')],
    ["a worker variable passed through", worker('GITHUB_TOKEN: "from_environment"')],
    ["a worker variable from a property", worker('NPM_TOKEN: { property: "npm_token" }')],
    ["a credentials file path", worker('GOOGLE_APPLICATION_CREDENTIALS: { value: "/var/run/secrets/gcp.json" }')],
    ["a flag named for a token", worker('USE_TOKEN_AUTH: { value: "true" }')],
    ["an empty secret field", r2(', access_key_id: "", secret_access_key: ""')],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await mine(text, { lenientEnv: true }))).toEqual([]);
    });
  }

  it("never shows the secret in a message or hint", async () => {
    for (const [, text] of invalid) {
      for (const f of await mine(text, { env: { REDIS_PASSWORD: "x", R2_KEY_ID: "id", R2_SECRET: "x", CI_TOKEN: "x" } })) {
        for (const s of SECRETS) {
          expect(f.message).not.toContain(s);
          expect(f.hint ?? "").not.toContain(s);
        }
      }
    }
  });

  it("says where the value can go: a variable, the worker's environment, or (headers) a private file", async () => {
    expect(firstOf(await mine(redis("redis://u:hunter2@cache:6379"))).hint).toContain('"redis://user:${REDIS_PASSWORD}@host"');
    expect(firstOf(await mine(worker('GITHUB_TOKEN: { value: "tok_live_998877" }'))).hint).toContain("from_environment");
    expect(firstOf(await mine(grpc('authorization: "Bearer tok_live_998877"'))).hint).toContain("NativeLink does not expand ${VAR} in this field");
    expect(firstOf(await mine(azure("https://a.blob.core.windows.net/c?sig=QmFzZTY0U2ln"))).hint).toContain('"${SAS_URL}"');
  });

  it("is an error in production and an info in development", async () => {
    const text = redis("redis://u:hunter2@cache:6379");
    expect((await mine(text, { profile: "production" })).map((f) => f.severity)).toEqual(["error"]);
    expect((await mine(text, { profile: "development" })).map((f) => f.severity)).toEqual(["info"]);
  });

  it("points at the string that holds the secret", async () => {
    const f = firstOf(await mine(r2(', access_key_id: "${R2_KEY_ID}", secret_access_key: "s3cr3t-value"'), { env: { R2_KEY_ID: "id" } }));
    expect(f.pointer).toBe("/stores/0/experimental_cloud_object_store/secret_access_key");
    expect(f.nativelink).toBeUndefined();
  });
});
