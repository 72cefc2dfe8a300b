import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "mongo-write-concern-complete";
const M = (extra: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://h", ${extra} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["j and a timeout without w", M('write_concern_j: false, write_concern_timeout_ms: "500"'), ['1:27 mongo store "CAS" sets write_concern_j and write_concern_timeout_ms but not write_concern_w']],
    ["a timeout with w null", M("write_concern_w: null, write_concern_timeout_ms: 500"), ['1:27 mongo store "CAS" sets write_concern_timeout_ms but not write_concern_w']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["w with j", M('write_concern_w: "majority", write_concern_j: true')],
    ["an empty w string still counts as set", M('write_concern_w: "", write_concern_j: true')],
    ["j and timeout null", M("write_concern_j: null, write_concern_timeout_ms: null")],
    ["a blank timeout", M('write_concern_timeout_ms: " "')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("points at the store and relates the fields that need w", async () => {
    const f = (await lint(M("write_concern_j: true"))).find((x) => x.ruleId === RULE);
    expect(f?.pointer).toBe("/stores/0/experimental_mongo");
    expect(f?.related?.map((r) => r.pointer)).toEqual(["/stores/0/experimental_mongo/write_concern_j"]);
    expect(f?.nativelink).toMatch(/^write_concern_w not set, but j and\/or timeout set\./);
  });
});
