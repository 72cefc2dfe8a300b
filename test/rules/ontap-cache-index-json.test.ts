import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lint } from "../helpers/lint.ts";

const RULE = "ontap-cache-index-json";
const D = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const STOPS = 'NativeLink stops while it builds the store ("Failed to parse cache file")';

/** index_path's value sits on line 4 from column 17. */
const config = (index: string) => `{
  stores: [{ name: "CAS",
    ontap_s3_existence_cache: {
      index_path: ${JSON.stringify(index)},
      sync_interval_seconds: 300,
      backend: { endpoint: "https://ontap.internal", vserver_name: "svm1", bucket: "cas" } } }],
  servers: [],
}`;
const at = (index: string) => `4:19-4:${19 + JSON.stringify(index).length}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nlp-ontap-index-"));
  mkdirSync(join(dir, "index.d"));
  const files: Record<string, string | Buffer> = {
    "good.json": JSON.stringify({ digests: [`${D}-0`, `${D.toUpperCase()}-+12`], timestamp: 1764633600 }),
    "good-empty.json": '{"digests":[],"timestamp":0,"extra":true}',
    "empty.json": "",
    "blank.json": "  \n \n",
    "no-timestamp.json": `{\n  "digests": ["${D}-0"]\n}\n`,
    "truncated.json": `{"digests":["${D}-0","${D.slice(0, 20)}`,
    "bad-digest.json": JSON.stringify({ digests: [`${D}-0`, `${D.slice(1)}-5`], timestamp: 1 }),
    "no-dash.json": JSON.stringify({ digests: [D], timestamp: 1 }),
    "negative-time.json": JSON.stringify({ digests: [], timestamp: -1 }),
    "latin1.json": Buffer.from([0x7b, 0xe9, 0x7d]),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  spawnSync("mkfifo", [join(dir, "pipe.json")]);
});

async function found(index: string) {
  return (await lint(config(index), { cwd: dir })).filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message} | ${f.nativelink ?? "-"}`);
}

const W = (index: string) => `index_path ${JSON.stringify(index)} of ontap_s3_existence_cache store "CAS" exists, but`;

describe(RULE, () => {
  const invalid: [string, string, string][] = [
    ["an empty file", "empty.json", `${at("empty.json")} ${W("empty.json")} it is empty: ${STOPS} | Failed to parse cache file: EOF while parsing a value at line 1 column 0`],
    ["a file of whitespace", "blank.json", `${at("blank.json")} ${W("blank.json")} it holds only whitespace: ${STOPS} | Failed to parse cache file: EOF while parsing a value at line 3 column 0`],
    ["a missing timestamp", "no-timestamp.json", `${at("no-timestamp.json")} ${W("no-timestamp.json")} its object has no "timestamp" field: ${STOPS} | Failed to parse cache file: missing field \`timestamp\` at line 3 column 1`],
    ["a digest whose hash is too short", "bad-digest.json", `${at("bad-digest.json")} ${W("bad-digest.json")} "digests" item 2 "${D.slice(1)}-5" has a hash that is not 64 hexadecimal digits: ${STOPS} | -`],
    ["a digest without a size", "no-dash.json", `${at("no-dash.json")} ${W("no-dash.json")} "digests" item 1 "${D}" has no '-' between hash and size: ${STOPS} | -`],
    ["a negative timestamp", "negative-time.json", `${at("negative-time.json")} ${W("negative-time.json")} its "timestamp" is the number -1, not a non-negative integer: ${STOPS} | -`],
  ];
  for (const [name, index, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(await found(index)).toEqual([want]);
    });
  }

  it("reports a FIFO, on which NativeLink would block at startup", async () => {
    expect(await found("pipe.json")).toEqual([
      `${at("pipe.json")} index_path "pipe.json" of ontap_s3_existence_cache store "CAS" is a FIFO (named pipe): NativeLink blocks at startup reading it, until something writes to it | -`,
    ]);
  });

  it("reports a file cut short during a write", async () => {
    const [f, ...rest] = await found("truncated.json");
    expect(rest).toEqual([]);
    // (the parenthesis is the JSON parser's own description, which varies with the Node version)
    expect(f).toMatch(/^4:19-4:35 index_path "truncated\.json" of ontap_s3_existence_cache store "CAS" exists, but it is not JSON \(.+\): NativeLink stops while it builds the store \("Failed to parse cache file"\) \| -$/);
  });

  const valid: [string, string][] = [
    ["the cache's own file", "good.json"],
    ["an empty cache with unknown keys", "good-empty.json"],
    ["a missing file (the cache starts empty)", "missing.json"],
    ["a directory (read_to_string fails, which NativeLink ignores)", "index.d"],
    ["bytes that are not UTF-8 (read_to_string fails, which NativeLink ignores)", "latin1.json"],
    ["an empty path", ""],
  ];
  for (const [name, index] of valid) {
    it(`passes ${name}`, async () => {
      expect(await found(index)).toEqual([]);
    });
  }
});
