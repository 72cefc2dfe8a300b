import { describe, expect, it } from "vitest";
import { lint } from "../helpers/lint.ts";

const RULE = "env-not-expanded";
const ENV = { INSTANCE: "main", TOKEN: "t0k3n", STORE: "CAS", ROOT: "/var/nl", CHANNEL: "c", PREFIX: "p/" };

async function found(text: string) {
  return (await lint(text, { env: ENV })).filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
}

/** One field per line, so positions are easy to state. */
const config = (services: string, stores = '{ name: "CAS", memory: {} }') => `{
  stores: [
    ${stores},
  ],
  servers: [{ listener: { http: { socket_address: "0.0.0.0:50051" } }, services: {
    ${services}
  } }],
}`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "instance_name",
      config('cas: [{ instance_name: "${INSTANCE}", cas_store: "CAS" }],'),
      ['6:28-6:41 instance_name "${INSTANCE}" refers to $INSTANCE, but NativeLink never expands variables in instance_name: it uses the text literally'],
    ],
    [
      "a reference whose $ is written as an escape (the config text holds no $)",
      config('cas: [{ instance_name: "\\u0024{INSTANCE}", cas_store: "CAS" }],'),
      ['6:28-6:46 instance_name "${INSTANCE}" refers to $INSTANCE, but NativeLink never expands variables in instance_name: it uses the text literally'],
    ],
    [
      "a $VAR without braces in a store name",
      config("", '{ name: "$STORE", memory: {} }'),
      ['3:13-3:21 name "$STORE" refers to $STORE, but NativeLink never expands variables in name: it uses the text literally'],
    ],
    [
      "a grpc header value (a map value)",
      config("", '{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://up:50051" }], store_type: "cas", headers: { authorization: "Bearer ${TOKEN}" } } }'),
      ['3:140-3:157 headers.authorization "Bearer ${TOKEN}" refers to $TOKEN, but NativeLink never expands variables in this field: it uses the text literally'],
    ],
    [
      "a forward_headers item (a list item)",
      config("", '{ name: "UP", grpc: { instance_name: "main", endpoints: [{ address: "grpc://up:50051" }], store_type: "cas", forward_headers: ["x-${CHANNEL}"] } }'),
      ['3:132-3:146 forward_headers[0] "x-${CHANNEL}" refers to $CHANNEL, but NativeLink never expands variables in this field: it uses the text literally'],
    ],
    [
      "the admin path, naming each variable once",
      config('admin: { path: "/${PREFIX}admin/${PREFIX}" },'),
      ['6:20-6:47 path "/${PREFIX}admin/${PREFIX}" refers to $PREFIX, but NativeLink never expands variables in path: it uses the text literally'],
    ],
  ];
  for (const [name, text, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(await found(text)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a literal instance name", config('cas: [{ instance_name: "main", cas_store: "CAS" }],')],
    ["an expanded store reference", config('cas: [{ instance_name: "main", cas_store: "${STORE}" }],')],
    ["an expanded path", config("", '{ name: "CAS", filesystem: { content_path: "${ROOT}/cas", temp_path: "${ROOT}/tmp" } }')],
    ["an expanded grpc store instance_name", config("", '{ name: "UP", grpc: { instance_name: "${INSTANCE}", endpoints: [{ address: "grpc://up:50051" }], store_type: "cas" } }')],
    ["a lone $ and $$ (shellexpand keeps them)", config('cas: [{ instance_name: "costs $ and $$", cas_store: "CAS" }],')],
  ];
  for (const [name, text] of valid) {
    it(`passes ${name}`, async () => {
      expect(await found(text)).toEqual([]);
    });
  }

  it("leaves command lines alone (query_cmd, the precondition script): the program they run may be a shell that expands $VAR", async () => {
    const text = `{ stores: [{ name: "FS", fast_slow: { fast: { filesystem: { content_path: "/c", temp_path: "/t" } }, slow: { memory: {} } } }], servers: [], workers: [{ local: {
      worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", upload_action_result: { upload_ac_results_strategy: "never" }, work_directory: "/w", experimental_precondition_script: "sh -c 'test -d $HOME'",
      platform_properties: { cpu_count: { query_cmd: "sh -c 'echo $NPROC'" } },
      additional_environment: { HOME_DIR: { property: "\${INSTANCE}" } },
    } }] }`;
    expect(await found(text)).toEqual(['4:55-4:68 property "${INSTANCE}" refers to $INSTANCE, but NativeLink never expands variables in property: it uses the text literally']);
  });

  it("is a warning pointing at the value", async () => {
    const f = (await lint(config('cas: [{ instance_name: "${INSTANCE}", cas_store: "CAS" }],'), { env: ENV })).find((x) => x.ruleId === RULE);
    expect(f?.severity).toBe("warning");
    expect(f?.pointer).toBe("/servers/0/services/cas/0/instance_name");
  });
});
