import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { typeDef } from "../../src/typetable.ts";

const RULE = "config-release";

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "an experimental_prometheus service",
      '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: { experimental_prometheus: {} } }] }',
      ['1:123 this config looks written for NativeLink v0.6.x or older, not v1.6.6: the "experimental_prometheus" service (removed in v0.7.0)'],
    ],
    [
      "stores as a map",
      '{ stores: { CAS: { memory: {} } }, servers: [] }',
      ['1:11 this config looks written for NativeLink v0.6.x or older, not v1.6.6: stores is a map by name (lists since v0.7.0)'],
    ],
    [
      "the oldest sign wins and the rest are counted",
      '{ stores: { A: { memory: {} } }, servers: [{ listen_address: "0.0.0.0:50051", services: {} }] }',
      ['1:46 this config looks written for NativeLink before v0.1.0, not v1.6.6: servers use listen_address (renamed in December 2023) (and 1 more sign of an older format)'],
    ],
    [
      "experimental_s3_store",
      '{ stores: [{ name: "S", experimental_s3_store: { region: "us-east-1", bucket: "b" } }], servers: [] }',
      ['1:25 this config looks written for NativeLink v0.6.x or older, not v1.6.6: experimental_s3_store (replaced in v0.7.0)'],
    ],
    [
      "shard without weight",
      '{ stores: [{ name: "S", shard: { stores: [{ store: { memory: {} } }] } }], servers: [] }',
      ['1:43 this config looks written for NativeLink v0.8.x or older, not v1.6.6: a shard entry without weight (required since v1.0.0)'],
    ],
    [
      "grpc endpoints as strings",
      '{ stores: [{ name: "S", grpc: { endpoints: ["grpc://cas:50051"], store_type: "cas" } }], servers: [] }',
      ['1:45 this config looks written for NativeLink v0.2.x or older, not v1.6.6: grpc endpoints written as plain strings (objects since v0.3.0)'],
    ],
    [
      "removed metrics settings",
      '{ stores: [], servers: [], global: { max_open_files: 24576, disable_metrics: true } }',
      ['1:61 this config looks written for NativeLink v0.6.x or older, not v1.6.6: global.disable_metrics (removed in v0.7.0)'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => expect(lines(await lint(config), RULE)).toEqual(want));
  }

  it("shows the v1.6.6 form and lists the other signs as related locations", async () => {
    const f = (await lint('{ stores: { CAS: { memory: {} } }, schedulers: { S: { simple: {} } }, servers: [] }')).find((x) => x.ruleId === RULE)!;
    expect(f.hint).toBe('in v1.6.6 write stores: [{ name: "CAS", memory: {} }, ...]');
    expect(f.related?.map((r) => `${r.line}:${r.column}`)).toEqual(["1:48"]);
  });

  it("is the one finding at each sign it lists, except where NativeLink stops, which keeps its text there", async () => {
    const at = (fs: Awaited<ReturnType<typeof lint>>) => fs.map((f) => `${f.ruleId} ${f.line}:${f.column}${f.nativelink ? ` ${f.nativelink}` : ""}`);
    // serde meets listen_address first: schedulers and stores as maps are only config-release's signs.
    const renamedFirst = '{ servers: [{ listen_address: "0.0.0.0:50051", services: {} }], stores: { A: { memory: {} } }, schedulers: { S: { simple: {} } } }';
    // The missing listener is the rename said again (Report.explains), so it goes too.
    expect(at(await lint(renamedFirst))).toEqual([
      "config-release 1:15 unknown field `listen_address`, expected one of `name`, `listener`, `services`, `experimental_identity_header`",
    ]);
    // serde meets stores first: that error stays, with what NativeLink prints; schedulers is said once.
    const mapFirst = '{ stores: { A: { memory: {} } }, schedulers: { S: { simple: {} } }, servers: [{ listen_address: "0.0.0.0:50051", services: {} }] }';
    expect(at(await lint(mapFirst))).toEqual(["value-type 1:11 invalid type: map, expected a sequence", "config-release 1:81"]);
    // Turned into a warning, the release finding explains nothing away.
    const warned = await lint(renamedFirst, { severities: { "config-release": "warning" } });
    expect(warned.filter((f) => f.ruleId === "value-type").map((f) => f.pointer)).toEqual(["/stores", "/schedulers"]);
    expect(warned.filter((f) => f.ruleId === "key-required").map((f) => f.pointer)).toEqual(["/servers/0"]);
  });

  it("takes the missing listener of a server with listen_address as the rename, and only that server's", async () => {
    // listener is the one required key of a server: a missing-key error there can only be about it.
    const server = typeDef("ServerConfig");
    expect(server?.kind === "struct" && server.fields.filter((f) => f.required).map((f) => f.name)).toEqual(["listener"]);
    const keys = async (config: string) => (await lint(config)).filter((f) => f.ruleId === "key-required" || f.ruleId === RULE).map((f) => `${f.ruleId} ${f.pointer}`);
    // The second server has neither key: its missing listener is a mistake of its own.
    expect(await keys('{ stores: [], servers: [{ listen_address: "0.0.0.0:50051", services: {} }, { services: {} }] }')).toEqual([
      "config-release /servers/0/listen_address",
      "key-required /servers/1",
    ]);
    // Both keys written: nothing is missing, and the old key is still the release's sign.
    expect(await keys('{ stores: [], servers: [{ listen_address: "0.0.0.0:50051", listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {} }] }')).toEqual([
      "config-release /servers/0/listen_address",
    ]);
  });

  it("reads a local worker's ac_store, entrypoint_cmd and precondition_script as signs, and the missing AC store as the move said again", async () => {
    const worker = (local: string) =>
      `{ stores: [{ name: "AC", memory: {} }, { name: "CAS", fast_slow: { fast: { filesystem: { content_path: "/tmp/c", temp_path: "/tmp/t" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "CAS", work_directory: "/tmp/w", platform_properties: {}, ${local} } }] }`;
    // NativeLink's text up to its list of fields.
    const found = async (config: string) => (await lint(config)).map((f) => `${f.ruleId} ${f.pointer}${f.nativelink ? ` ${f.nativelink.split(",")[0]}` : ""}`);
    expect(await found(worker('ac_store: "AC", entrypoint_cmd: "run.sh", precondition_script: "check.sh"'))).toEqual([
      "config-release /workers/0/local/ac_store unknown field `ac_store`",
    ]);
    const f = (await lint(worker('ac_store: "AC", entrypoint_cmd: "run.sh"'))).find((x) => x.ruleId === RULE)!;
    expect(f.message).toBe("this config looks written for NativeLink before v0.1.0, not v1.6.6: a local worker's ac_store outside upload_action_result (moved in November 2023) (and 1 more sign of an older format)");
    expect(f.hint).toBe('in v1.6.6 write upload_action_result: { ac_store: "AC" }');
    expect(f.related?.map((r) => r.message)).toEqual(['a local worker\'s entrypoint_cmd (renamed to entrypoint in December 2023) (before v0.1.0); in v1.6.6: entrypoint: "run.sh"']);
    // Beside upload_action_result, a stray ac_store is only an unknown key, and the worker has its AC store.
    expect(await found(worker('ac_store: "AC", upload_action_result: { ac_store: "AC" }'))).toEqual([
      "key-unknown /workers/0/local/ac_store unknown field `ac_store`",
    ]);
  });

  it("leaves current configs and merely deprecated forms alone", async () => {
    const current = '{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051" } }, services: { cas: { main: { cas_store: "CAS" } } } }] }';
    expect(lines(await lint(current), RULE)).toEqual([]);
  });
});
