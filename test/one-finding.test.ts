// One mistake, one finding, in NativeLink's words (issue 9, section 3): no parent error for a bad
// child value, no cascade from a finding already made, no text NativeLink does not print.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";
import type { Finding } from "../src/types.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { seeded } from "./helpers/seeded.ts";

const show = (fs: Finding[]) => fs.filter((f) => f.severity === "error").map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`);
const texts = (fs: Finding[]) => fs.filter((f) => f.severity === "error").map((f) => f.nativelink);
const dev = (text: string, env?: Record<string, string>) => lint(text, { profile: "development", env });

describe("a bad value inside an optional struct is one finding, at the value", () => {
  it("global.max_open_files '0x10' (a case of the verdict file): only NativeLink's `invalid digit found in string`", async () => {
    const fs = await dev("{ stores: [], servers: [], global: { max_open_files: '0x10' } }");
    expect(show(fs)).toEqual(["1:54 value-format max_open_files must be an integer; \"0x10\" is not (invalid digit found in string)"]);
    expect(texts(fs)).toEqual(["invalid digit found in string"]);
  });

  it("a bad size in eviction_policy", async () => {
    const fs = await dev('{ stores: [{ name: "A", memory: { eviction_policy: { max_bytes: "10QB" } } }], servers: [] }');
    expect(fs.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(["value-format /stores/0/memory/eviction_policy/max_bytes"]);
  });

  it("a bad number in services.health: nothing about services or health themselves", async () => {
    const fs = await dev('{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:1" } }, services: { health: { timeout_seconds: "5" } } }] }');
    expect(fs.filter((f) => f.severity === "error").map((f) => `${f.ruleId} ${f.pointer} ${f.nativelink}`)).toEqual([
      "value-type /servers/0/services/health/timeout_seconds error parsing number",
    ]);
  });

  it("a bad duration in a worker's optional directory_cache and an unknown variant in a listener", async () => {
    const fs = await dev(
      '{ stores: [], servers: [{ listener: { bogus: 1 }, services: {} }], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:1" }, cas_fast_slow_store: "X", work_directory: "/w", platform_properties: {}, directory_cache: { max_entries: "many" } } }] }',
    );
    const errs = fs.filter((f) => f.severity === "error" && ["value-type", "value-format", "variant-shape"].includes(f.ruleId));
    expect(errs.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(["variant-shape /servers/0/listener/bogus", "value-type /workers/0/local/directory_cache/max_entries"]);
    expect(fs.some((f) => /must be , |not an object$/.test(f.message))).toBe(false);
  });

  it("a bad field inside a services entry is reported at the field, not as the deprecated map form", async () => {
    const fs = await dev(
      '{ stores: [{ name: "A", memory: {} }, { name: "B", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:1" } }, services: { ac: [{ ac_store: "A", read_only: "maybe" }], cas: [{ cas_store: "B" }] } }] }',
    );
    expect(show(fs)).toEqual(['1:179 value-type "read_only" must be a boolean, not the string "maybe"']);
    expect(texts(fs)).toEqual(["data did not match any variant of untagged enum WithInstanceNameBackCompat"]);
  });

  it("a store entry without a name: the missing name, no `minProperties`", async () => {
    expect(show(await dev("{stores: [{memory: {}}], servers: []}"))).toEqual(['1:11 key-required missing required key "name" in stores[0]']);
  });
});

describe("no cascade from a finding already made", () => {
  it("an old-release config with stores and schedulers as maps: the references to them are not undefined", async () => {
    const fs = await dev(
      '{ stores: { A: { memory: {} } }, schedulers: { S: { simple: {} } }, servers: [{ listener: { http: { socket_address: "127.0.0.1:1" } }, services: { cas: [{ cas_store: "A" }], execution: [{ cas_store: "A", scheduler: "S" }] } }] }',
    );
    expect(fs.filter((f) => f.ruleId === "store-ref-defined" || f.ruleId === "scheduler-ref-defined")).toEqual([]);
  });

  it("a name missing from the old map form is still a finding", async () => {
    const fs = await dev('{ stores: { A: { memory: {} } }, servers: [{ listener: { http: { socket_address: "127.0.0.1:1" } }, services: { cas: [{ cas_store: "B" }] } }] }');
    expect(fs.filter((f) => f.ruleId === "store-ref-defined").map((f) => f.message)).toEqual(['cas_store names store "B", which is not defined in stores']);
  });

  it("an unset ${LISTEN_ADDR} is not also an address without a port", async () => {
    const fs = await dev('{ stores: [], servers: [{ listener: { http: { socket_address: "${LISTEN_ADDR}" } }, services: {} }] }');
    expect(fs.filter((f) => f.severity === "error").map((f) => f.ruleId)).toEqual(["env-defined"]);
  });

  it("a value NativeLink cannot convert is not judged again by the rules that read it", async () => {
    const fs = await dev('{ stores: [], servers: [{ listener: { http: { socket_address: "${ADDR}", tls: { cert_file: "${CERT}", key_file: "/k" } } }, services: {} }] }');
    expect(fs.filter((f) => f.severity === "error" && f.pointer !== "/servers/0/listener/http/tls/key_file").map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "env-defined /servers/0/listener/http/socket_address",
      "env-defined /servers/0/listener/http/tls/cert_file",
    ]);
  });

  it("a misspelt required key is one finding, with the suggestion", async () => {
    const fs = await dev('{ stores: [], servers: [{ listener: { http: { socket_adress: "127.0.0.1:1" } }, services: {} }] }');
    expect(show(fs)).toEqual(['1:47 key-unknown unknown key "socket_adress" in servers[0].listener.http; did you mean "socket_address"?']);
  });
});

describe("a key written misspelt is one finding, and what reads the key's absence says nothing", () => {
  const errors = (fs: Finding[]) => fs.filter((f) => f.severity !== "info").map((f) => `${f.ruleId} ${f.pointer} ${f.message}`);
  const listener = 'listener: { http: { socket_address: "127.0.0.1:50051" } }';

  it("a required key misspelt where NativeLink ignores unknown keys (a service entry, a store's name): the missing key, naming the misspelling", async () => {
    const fs = await dev(`{ stores: [{ nam: "CAS", memory: {} }], servers: [{ ${listener}, services: { cas: [{ instance_name: "main", cas_stor: "CAS" }] } }] }`);
    expect(errors(fs)).toEqual([
      'key-required /stores/0 missing required key "name" in stores[0]; "nam" is not it, and NativeLink ignores that key',
      'key-required /servers/0/services/cas/0 missing required key "cas_store" in servers[0].services.cas[0]; "cas_stor" is not it, and NativeLink ignores that key',
    ]);
    expect(fs.map((f) => f.hint)).toEqual(['rename "nam" to "name"', 'rename "cas_stor" to "cas_store"']);
  });

  it("services misspelt: not also a server without services", async () => {
    const fs = await dev(`{ stores: [], servers: [{ ${listener}, service: {} }] }`);
    expect(errors(fs)).toEqual(['key-unknown /servers/0/service unknown key "service" in servers[0]; did you mean "services"?']);
  });

  it("upload_action_result or its ac_store misspelt: not also a worker without an AC store", async () => {
    const worker = (upload: string) =>
      `{ stores: [{ name: "AC", memory: {} }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "AC", work_directory: "/w", platform_properties: {}, ${upload} } }] }`;
    const rules = async (upload: string) => (await dev(worker(upload))).filter((f) => f.ruleId !== "worker-cas-store-fast-slow").map((f) => `${f.ruleId} ${f.pointer}`);
    expect(await rules('upload_action_resul: { ac_store: "AC" }')).toEqual(["key-unknown /workers/0/local/upload_action_resul"]);
    expect(await rules('upload_action_result: { ac_stor: "AC" }')).toEqual(["key-unknown /workers/0/local/upload_action_result/ac_stor"]);
    // Really absent, it is still the worker's startup error.
    expect(await rules("")).toEqual(["worker-upload-ac-store /workers/0/local"]);
  });

  it("tls, client_ca_file or client_crl_file misspelt in a listener: not also plaintext, no client certificates, or no CRL", async () => {
    const server = (http: string, services = "cas: []") => `{ stores: [], schedulers: [{ name: "S", simple: {} }], servers: [{ listener: { http: { socket_address: "10.0.0.5:50051", ${http} } }, services: { ${services} } }] }`;
    const tls = (extra: string) => `tls: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem"${extra} }`;
    const rules = async (text: string) => (await lint(text)).filter((f) => f.ruleId !== "file-on-target-host").map((f) => `${f.ruleId} ${f.pointer}`);
    expect(await rules(server('tsl: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem" }'))).toEqual(["key-unknown /servers/0/listener/http/tsl"]);
    expect(await rules(server('tsl: { cert_file: "/etc/nl/server.pem", key_file: "/etc/nl/server-key.pem" }', 'worker_api: { scheduler: "S" }'))).toEqual(["key-unknown /servers/0/listener/http/tsl"]);
    expect(await rules(server(tls(', client_ca_fil: "/etc/nl/ca.pem"'), 'worker_api: { scheduler: "S" }'))).toEqual(["key-unknown /servers/0/listener/http/tls/client_ca_fil"]);
    expect(await rules(server(tls(', client_ca_file: "/etc/nl/ca.pem", client_crl_fil: "/etc/nl/crl.pem"')))).toEqual(["key-unknown /servers/0/listener/http/tls/client_crl_fil"]);
    // Really absent, each is reported as before.
    expect(await rules(server(tls(', client_ca_file: "/etc/nl/ca.pem"')))).toEqual(["mtls-crl /servers/0/listener/http/tls"]);
  });

  it("use_namespaces or a cloud store's secret_access_key misspelt: not also the setting that needs it", async () => {
    const worker = `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "X", work_directory: "/w", platform_properties: {}, upload_action_result: { upload_ac_results_strategy: "never" }, use_namespace: true, use_mount_namespace: true } }] }`;
    expect((await dev(worker)).filter((f) => f.ruleId === "worker-namespace-options" || f.ruleId === "key-unknown").map((f) => f.ruleId)).toEqual(["key-unknown"]);
    const r2 = `{ stores: [{ name: "CAS", experimental_cloud_object_store: { provider: "r2", account_id: "0123abcd", bucket: "cas", access_key_id: "\${ID}", secret_acces_key: "\${SECRET}" } }], servers: [] }`;
    expect((await dev(r2, { ID: "i", SECRET: "s" })).map((f) => f.ruleId)).toEqual(["key-unknown"]);
  });

  it("a chunking index_store or a mongo write_concern_w misspelt: not also the setting that needs it", async () => {
    const chunking = `{ stores: [{ name: "CAS", memory: {} }, { name: "IDX", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: [{ instance_name: "", cas_store: "CAS", experimental_chunking: { index_stor: "IDX" } }] } }] }`;
    expect((await dev(chunking)).map((f) => f.ruleId)).toEqual(["key-unknown"]);
    const mongo = '{ stores: [{ name: "M", experimental_mongo: { connection_string: "mongodb://db:27017", write_concern_wx: "majority", write_concern_j: true } }], servers: [] }';
    expect((await dev(mongo)).filter((f) => f.severity === "error").map((f) => f.ruleId)).toEqual(["key-unknown"]);
  });

  it("a store with no name is named by its place in what other rules say of it", async () => {
    const fs = await dev('{ stores: [{ experimental_mongo: { connection_string: "mongodb://db:27017", max_concurrent_uploads: 4 } }], servers: [] }');
    expect(fs.find((f) => f.ruleId === "mongo-store-deprecated")?.message).toMatch(/^mongo store stores\[0\] /);
  });

  it("a misspelt name in an entry without a kind stays an ignored key (the missing kind hides the missing name)", async () => {
    const fs = await dev('{ stores: [{ nmae: "CAS" }], schedulers: [{ nmae: "MAIN" }], servers: [] }');
    expect(fs.map((f) => `${f.ruleId} ${f.pointer}${f.ruleId === "key-ignored" ? ` ${f.hint}` : ""}`)).toEqual([
      "variant-shape /stores/0",
      'key-ignored /stores/0/nmae did you mean "name"?',
      "variant-shape /schedulers/0",
      'key-ignored /schedulers/0/nmae did you mean "name"?',
    ]);
  });

  it("an index_store is not judged against a stores list with an entry without a readable name either", async () => {
    const fs = await dev(
      `{ stores: [{ name: "CAS", memory: {} }, { nmae: "IDX", memory: {} }], servers: [{ ${listener}, services: { cas: [{ instance_name: "", cas_store: "CAS", experimental_chunking: { index_store: "IDX" } }] } }] }`,
    );
    expect(fs.map((f) => f.ruleId)).toEqual(["key-required"]);
  });

  it("a release finding silenced by a directive explains nothing away: what NativeLink refuses is still reported", async () => {
    const text = `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [{
    // nativelink-preflight-disable-next-line config-release -- we run an old build
    listen_address: "0.0.0.0:50051",
    services: { cas: [{ instance_name: "main", cas_store: "CAS" }] },
  }],
}`;
    const fs = await lint(text);
    expect(fs.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.pointer}`)).toEqual(["key-required /servers/0", "key-unknown /servers/0/listen_address"]);
    expect(fs.filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(["config-release"]);
  });

  it("stores misspelt, missing, or holding an entry without a readable name: references are not judged against it", async () => {
    const refs = (stores: string) => `{ ${stores}servers: [{ ${listener}, services: { cas: [{ instance_name: "main", cas_store: "CAS" }] } }] }`;
    const undefinedRefs = async (stores: string) => (await dev(refs(stores))).filter((f) => f.ruleId === "store-ref-defined").length;
    expect(await undefinedRefs('storez: [{ name: "CAS", memory: {} }], ')).toBe(0);
    expect(await undefinedRefs("")).toBe(0);
    expect(await undefinedRefs('stores: [{ name: 12, memory: {} }], ')).toBe(0);
    expect(await undefinedRefs('stores: [{ memory: {} }], ')).toBe(0);
    expect(await undefinedRefs('stores: [{ name: "OTHER", memory: {} }], ')).toBe(1);
    // A null entry is a type error of its own, and cannot be the store that was meant.
    expect(await undefinedRefs('stores: [{ name: "OTHER", memory: {} }, null], ')).toBe(1);
  });

  it("schedulers misspelt: references are not judged; schedulers absent (NativeLink may go without): they are", async () => {
    const refs = (schedulers: string) => `{ stores: [], ${schedulers}servers: [{ ${listener}, services: { execution: [{ instance_name: "main", cas_store: "CAS", scheduler: "MAIN" }] } }] }`;
    const undefinedRefs = async (schedulers: string) => (await dev(refs(schedulers))).filter((f) => f.ruleId === "scheduler-ref-defined").length;
    expect(await undefinedRefs('scheduler: [{ name: "MAIN", simple: {} }], ')).toBe(0);
    expect(await undefinedRefs("")).toBe(1);
  });
});

describe("messages name places as operators write them", () => {
  it("never a Rust type name in a message or hint", async () => {
    const fs = await dev(
      '{ stores: [{ name: "A", filesystem: { content_path: "/c", temp_path: "/t", bogus: 1 } }, { name: "B", memory: { eviction_policy: [1, 2] } }], servers: [{ listener: { http: { socket_address: "127.0.0.1:1", bogus: 2 } } , services: { bogus: 3 } }], global: { bogus: 4 } }',
    );
    const words = fs.flatMap((f) => [f.message, f.hint ?? ""]).join("\n");
    expect(words).not.toMatch(/\b(FilesystemSpec|GlobalConfig|HttpListener|CasConfig|ServicesConfig|EvictionPolicy|MemorySpec)\b/);
    expect(show(fs)).toEqual([
      '1:76 key-unknown unknown key "bogus" in stores[0].filesystem',
      '1:206 key-unknown unknown key "bogus" in servers[0].listener.http',
      '1:233 key-unknown unknown key "bogus" in servers[0].services',
      '1:256 key-required missing required key "max_open_files" in global',
      '1:258 key-unknown unknown key "bogus" in global',
    ]);
    expect(fs.find((f) => f.ruleId === "struct-positional")?.message).toMatch(/^stores\[1\]\.memory\.eviction_policy is written as a list/);
  });
});

describe("the nativelink field is only text NativeLink prints for this config", () => {
  it("of two loader errors, only the one NativeLink meets first carries its text", async () => {
    // The verdict case cloud_ontap_missing: NativeLink prints only `missing field \`endpoint\``.
    const fs = await dev('{stores: [{name: "S", experimental_cloud_object_store: {provider: "ontap", bucket: "b"}}], servers: []}');
    expect(fs.filter((f) => f.ruleId === "key-required").map((f) => [f.message, f.nativelink])).toEqual([
      ['missing required key "endpoint" in stores[0].experimental_cloud_object_store', "missing field `endpoint`"],
      ['missing required key "vserver_name" in stores[0].experimental_cloud_object_store', undefined],
    ]);
  });

  it("serde lists a field's aliases among the expected names", async () => {
    const fs = await dev('{ stores: [], servers: [], workers: [{ local: { warmup_delay_secs: 1, worker_api_endpoint: { uri: "grpc://127.0.0.1:1" }, cas_fast_slow_store: "X", work_directory: "/w", platform_properties: {} } }] }');
    expect(fs.find((f) => f.ruleId === "key-unknown")?.nativelink).toMatch(/^unknown field `warmup_delay_secs`, expected one of `name`, `worker_api_endpoint`, `max_action_timeout`, `max_action_timeout_s`, `max_upload_timeout`, `max_upload_timeout_s`, `max_cleanup_wait_s`/);
  });
});

describe("a top-level list, as serde reads it (a struct visited as a sequence)", () => {
  // CasConfig has 6 fields (nativelink-config/src/cas_server.rs, v1.6.6), none with a serde default,
  // so visit_seq fails at the first element the list does not have.
  it("[] is NativeLink's invalid length 0, not missing fields", async () => {
    const fs = await dev("[]");
    expect(fs.map((f) => `${f.severity} ${f.ruleId} ${f.nativelink}`)).toEqual(["error value-type invalid length 0, expected struct CasConfig with 6 elements"]);
  });

  it("a shorter list of the right kinds fails at its length", async () => {
    const fs = await dev("[[], null, null]");
    expect(fs.map((f) => `${f.severity} ${f.ruleId} ${f.nativelink}`)).toEqual(["error variant-shape invalid length 3, expected struct CasConfig with 6 elements"]);
  });

  it("a bad element fails first, at the element", async () => {
    const fs = await dev("[5]");
    expect(fs.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.nativelink}`)).toEqual(["1:2 value-type invalid type: integer `5`, expected a sequence"]);
  });
});

describe("NativeLink's whole message chain", () => {
  it("for the three TLS files a listener opens", async () => {
    // On the target host (--on-host), where absolute files that are missing are errors.
    const fs = await lint(
      '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:1", tls: { cert_file: "/nonexistent-nlp/c.pem", key_file: "/nonexistent-nlp/k.pem", client_ca_file: "/nonexistent-nlp/ca.pem", client_crl_file: "/nonexistent-nlp/crl.pem" } } }, services: {} }] }',
      { profile: "development", onHost: true },
    );
    expect(fs.filter((f) => f.ruleId === "tls-file-readable").map((f) => f.nativelink)).toEqual([
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open cert file /nonexistent-nlp/c.pem", "main() function failed"] }',
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open key file /nonexistent-nlp/k.pem", "main() function failed"] }',
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open cert file /nonexistent-nlp/ca.pem", "main() function failed"] }',
      'Error { code: NotFound, messages: ["No such file or directory (os error 2)", "Could not open CRL file /nonexistent-nlp/crl.pem", "main() function failed"] }',
    ]);
  });

  it("for a grpc store's endpoint, nested in a fast_slow store", async () => {
    const fs = await dev('{ stores: [{ name: "TOP", fast_slow: { fast: { memory: {} }, slow: { grpc: { instance_name: "", endpoints: [{ address: "not a uri" }], store_type: "cas" } } } }], servers: [] }');
    expect(fs.find((f) => f.ruleId === "endpoint-uri-valid")?.nativelink).toBe(
      'Error { code: InvalidArgument, messages: ["Error { code: Internal, messages: [\\"invalid uri character\\", \\"Unable to parse endpoint not a uri\\"] }", "Invalid URI for GrpcStore endpoint", "Failed to create store \'TOP\'", "main() function failed"] }',
    );
  });
});

describe("a value the loader refuses is one finding, whatever later checks read it", () => {
  it("retry.delay -0x10: the JSON5 reader's error only, not also 'is negative'", async () => {
    const findings = await lint('{ stores: [{ name: "G", grpc: { instance_name: "", endpoints: [{ address: "grpc://127.0.0.1:50051" }], store_type: "cas", retry: { max_retries: 3, delay: -0x10 } } }], servers: [] }');
    const at = findings.filter((f) => f.pointer === "/stores/0/grpc/retry/delay");
    expect(at.map((f) => f.ruleId)).toEqual(["value-format"]);
  });
  it("a later check of a value the loader accepts still reports", async () => {
    const findings = await lint('{ stores: [{ name: "G", grpc: { instance_name: "", endpoints: [{ address: "grpc://127.0.0.1:50051" }], store_type: "cas", retry: { max_retries: 3, delay: -1 } } }], servers: [] }');
    expect(findings.filter((f) => f.pointer === "/stores/0/grpc/retry/delay").map((f) => f.ruleId)).toContain("retry-delay-valid");
  });
});

describe("a misspelt key in a clean config is at most one finding (seeded mutations of the v1.6.6 corpus)", () => {
  // Each clean config (no error of its own), a few keys at a time, each misspelt one of three ways.
  // A finding is new when no finding of its rule stood at its pointer before (a message may change:
  // admin-health-exposure lists the services it sees). Keys inside maps are data, and their
  // misspelling may add nothing.
  const root = new URL("./fixtures/corpus/official-v1.6.6/", import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => /\.json5?$/.test(f)).sort();

  it("adds no second finding for one misspelt key", async () => {
    const rand = seeded(0x0ae1);
    let mutations = 0;
    for (const rel of files) {
      const text = readFileSync(join(root, rel), "utf8");
      const before = await lint(text, { file: join(root, rel) });
      if (before.some((f) => f.severity === "error")) continue;
      const had = new Set(before.map((f) => `${f.ruleId} ${f.pointer}`));
      const keys = [...text.matchAll(/(["']?)([A-Za-z_][A-Za-z0-9_]{2,})\1\s*:/g)];
      for (let n = 0; n < 24 && keys.length > 0; n++) {
        const m = keys[rand(keys.length)]!;
        const key = m[2]!;
        const at = m.index + m[1]!.length;
        const i = rand(key.length - 1);
        const typo = [key.slice(0, -1), `${key}x`, key.slice(0, i) + key[i + 1]! + key[i]! + key.slice(i + 2)][rand(3)]!;
        if (typo === key) continue;
        const mutated = text.slice(0, at) + typo + text.slice(at + key.length);
        // Infos aside: a file named twice is noted at its first readable place, which a misspelt
        // key can move (file-on-target-host).
        const added = (await lint(mutated, { file: join(root, rel) })).filter((f) => f.severity !== "info" && !had.has(`${f.ruleId} ${f.pointer}`));
        expect(added.length, `${rel}: ${key} -> ${typo}: ${added.map((f) => `${f.ruleId} ${f.pointer}`).join(", ")}`).toBeLessThanOrEqual(1);
        mutations++;
      }
    }
    // The corpus keeps enough clean configs for this to mean something.
    expect(mutations).toBeGreaterThan(400);
  }, 120_000);
});
