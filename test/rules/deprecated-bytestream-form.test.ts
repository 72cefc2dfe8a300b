// deprecated-bytestream-form: the pre-v0.7.2 object form of bytestream loads with a warning and drops a setting.
import { describe, expect, it } from "vitest";
import { lint, spans } from "../helpers/lint.ts";

const RULE = "deprecated-bytestream-form";

const server = (bytestream: string) => `{
  stores: [{ name: "CAS", memory: {} }],
  servers: [
    {
      listener: { http: { socket_address: "127.0.0.1:50051" } },
      services: {
        bytestream: ${bytestream},
      },
    },
  ],
}`;

describe(RULE, () => {
  it("reports the object form at its key, and the setting it drops at that setting", async () => {
    const findings = await lint(server('{\n          cas_stores: { main: "CAS" },\n          max_decoding_message_size: 1000,\n        }'));
    expect(spans(findings, RULE)).toEqual([
      '7:9-7:19 the object form of "bytestream" ({ cas_stores: {...} }) is deprecated since v0.7.2; use a list of { instance_name, cas_store }',
      "9:11-9:36 max_decoding_message_size on bytestream is ignored since v0.7.2; the value is dropped",
    ]);
  });

  it("passes the list form", async () => {
    expect(spans(await lint(server('[\n          { instance_name: "main", cas_store: "CAS" },\n        ]')), RULE)).toEqual([]);
  });
});
