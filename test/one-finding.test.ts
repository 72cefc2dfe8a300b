// One mistake, one finding, in NativeLink's words (issue 9, section 3): no parent error for a bad
// child value, no cascade from a finding already made, no text NativeLink does not print.
import { describe, expect, it } from "vitest";
import { lint } from "./helpers/lint.ts";
import type { Finding } from "../src/types.ts";

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
