import { describe, expect, it } from "vitest";
import { lint } from "../helpers/lint.ts";

const RULE = "mongo-write-concern-journal";
const M = (extra: string) => `{ stores: [{ name: "CAS", experimental_mongo: { connection_string: "mongodb://h", ${extra} } }], servers: [] }`;
const DRIVER = 'Failed to create MongoDB client: Kind: An invalid argument was provided: write concern cannot have w=0 and j=true, labels: {}, source: None';

async function found(config: string, env: Record<string, string> = {}) {
  return (await lint(config, { env })).filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
}

describe(RULE, () => {
  const invalid: [string, string, Record<string, string>, string[]][] = [
    ["w \"0\" with j true", M('write_concern_w: "0", write_concern_j: true'), {}, ['1:100-1:103 mongo store "CAS" sets write_concern_w "0", no acknowledgement, together with write_concern_j: true; the MongoDB driver refuses the combination and NativeLink stops']],
    ["w \"+0\" with j and a timeout", M('write_concern_j: true, write_concern_w: "+0", write_concern_timeout_ms: 100'), {}, ['1:123-1:127 mongo store "CAS" sets write_concern_w "+0", no acknowledgement, together with write_concern_j: true; the MongoDB driver refuses the combination and NativeLink stops']],
    [
      "w that expands to 0",
      M('write_concern_w: "${MONGO_W}", write_concern_j: true'),
      { MONGO_W: "00" },
      ['1:100-1:112 mongo store "CAS" sets write_concern_w "00" (from "${MONGO_W}"), no acknowledgement, together with write_concern_j: true; the MongoDB driver refuses the combination and NativeLink stops'],
    ],
  ];
  for (const [name, config, env, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(await found(config, env)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["w 0 with j false", M('write_concern_w: "0", write_concern_j: false')],
    ["w 0 without j", M('write_concern_w: "0"')],
    ["w 1 with j", M('write_concern_w: "1", write_concern_j: true')],
    ["w majority with j", M('write_concern_w: "majority", write_concern_j: true')],
    ["w \" 0\" (a custom tag name to the driver)", M('write_concern_w: " 0", write_concern_j: true')],
    ["w \"-0\" (not a u32)", M('write_concern_w: "-0", write_concern_j: true')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(await found(config)).toEqual([]);
    });
  }

  it("quotes the driver's refusal and relates write_concern_j", async () => {
    const f = (await lint(M('write_concern_w: "0", write_concern_j: true'))).find((x) => x.ruleId === RULE);
    expect(f?.pointer).toBe("/stores/0/experimental_mongo/write_concern_w");
    expect(f?.nativelink).toBe(DRIVER);
    expect(f?.related?.map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual(["1:122 write_concern_j: true set here"]);
  });
});
