import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lint } from "../helpers/lint.ts";

const RULE = "scheduler-hints-file-valid";
const READ = "Failed to read historical resource hints";
const PARSE = "Failed to parse historical resource hints";
const TAIL = "when an action first needs hints and again at every refresh, and schedules without them";

/** hints_file's value sits on line 3 from column 67. */
const config = (hints: string) => `{
  stores: [],
  schedulers: [{ name: "MAIN", historical_resource: { hints_file: ${JSON.stringify(hints)}, scheduler: { simple: {} } } }],
  servers: [],
}`;
const end = (hints: string) => 67 + JSON.stringify(hints).length;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nlp-hints-"));
  mkdirSync(join(dir, "hints.d"));
  const files: Record<string, string | Buffer> = {
    "list.json": '[{ "target_id": "//app:server", "cpu_count": 4, "memory_mib": 512 }, { "action_mnemonic": "CppCompile", "cpu_count": null }]\n',
    "object.json": '{ "hints": [{ "target_id": "//app:server", "memory_kb": 1024, "note": "unknown keys are ignored" }], "version": 2 }',
    "positional.json": '[["//app:server", null, 4]]',
    "trailing-comma.json": '[{ "target_id": "//app:server", "cpu_count": 4, },]\n',
    "negative.json": '[{ "target_id": "//a" }, { "target_id": "//b", "cpu_count": -1 }]',
    "no-hints.json": '{ "targets": [] }',
    "string-id.json": '{ "hints": [{ "target_id": 7 }] }',
    "empty.json": "",
    "latin1.json": Buffer.from([0x5b, 0x7b, 0x22, 0x74, 0x61, 0x72, 0x67, 0x65, 0x74, 0x5f, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d, 0x5d]),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  spawnSync("mkfifo", [join(dir, "pipe.json")]);
});

async function found(hints: string) {
  return (await lint(config(hints), { cwd: dir })).filter((f) => f.ruleId === RULE).map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message} | ${f.nativelink}`);
}

const at = (hints: string) => `3:67-3:${end(hints)}`;
const S = 'historical_resource scheduler "MAIN"';

describe(RULE, () => {
  const invalid: [string, string, string][] = [
    ["a missing file", "missing.json", `${at("missing.json")} hints_file "missing.json" of ${S} does not exist: the scheduler logs "${READ}" ${TAIL} | ${READ}`],
    ["a directory", "hints.d", `${at("hints.d")} hints_file "hints.d" of ${S} is a directory: the scheduler logs "${READ}" ${TAIL} | ${READ}`],
    ["an empty path", "", `${at("")} hints_file of ${S} is an empty path: the scheduler logs "${READ}" ${TAIL} | ${READ}`],
    ["bytes that are not UTF-8", "latin1.json", `${at("latin1.json")} hints_file "latin1.json" of ${S} is not UTF-8 text: the scheduler logs "${READ}" ${TAIL} | ${READ}`],
    ["an empty file", "empty.json", `${at("empty.json")} hints_file "empty.json" of ${S} is empty; the scheduler logs "${PARSE}" ${TAIL} | ${PARSE}`],
    ["a negative cpu_count", "negative.json", `${at("negative.json")} hints_file "negative.json" of ${S} is not a list of hints: item 2: cpu_count is the number -1, not a non-negative integer; the scheduler logs "${PARSE}" ${TAIL} | ${PARSE}`],
    ["an object without hints", "no-hints.json", `${at("no-hints.json")} hints_file "no-hints.json" of ${S} is not a list of hints: it is an object without a "hints" list; the scheduler logs "${PARSE}" ${TAIL} | ${PARSE}`],
    ["a target_id that is a number", "string-id.json", `${at("string-id.json")} hints_file "string-id.json" of ${S} is not a list of hints: "hints" item 1: target_id is the number 7, not a string; the scheduler logs "${PARSE}" ${TAIL} | ${PARSE}`],
  ];
  for (const [name, hints, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(await found(hints)).toEqual([want]);
    });
  }

  it("reports a FIFO without blocking on it", async () => {
    expect(await found("pipe.json")).toEqual([
      `${at("pipe.json")} hints_file "pipe.json" of ${S} is a FIFO (named pipe): the scheduler blocks reading it when an action first needs hints, until something writes to it | undefined`,
    ]);
  });

  it("reads a file two schedulers name once, and parses it once", async () => {
    const { checkText } = await import("../../src/engine.ts");
    const { RULES } = await import("../../rules/index.ts");
    const cache = new Map();
    const two = `{ stores: [], servers: [], schedulers: [
      { name: "A", historical_resource: { hints_file: "list.json", scheduler: { simple: {} } } },
      { name: "B", historical_resource: { hints_file: "./list.json", scheduler: { simple: {} } } }] }`;
    const opts = { env: { get: () => undefined }, rules: RULES, profile: "production" as const, now: new Date(0), expiryWarnDays: 30, lenientEnv: false, cwd: dir, fileCache: cache };
    await checkText(two, "two.json5", opts);
    expect([...cache.keys()]).toEqual([join(dir, "list.json")]);
    const view = cache.get(join(dir, "list.json"));
    expect(view.json.kind).toBe("value");
    await checkText(two, "again.json5", opts);
    expect(cache.get(join(dir, "list.json"))).toBe(view);
  });

  it("reports JSON5 that strict JSON refuses (a trailing comma)", async () => {
    const [f, ...rest] = await found("trailing-comma.json");
    expect(rest).toEqual([]);
    // (the parenthesis is the JSON parser's own description, which varies with the Node version)
    expect(f).toMatch(new RegExp(`^${at("trailing-comma.json")} hints_file "trailing-comma\\.json" of ${S.replace(/"/g, '"')} is not strict JSON \\(.+\\); the scheduler logs "${PARSE}" ${TAIL} \\| ${PARSE}$`));
  });

  for (const [name, hints] of [
    ["a list of hints", "list.json"],
    ["an object with hints and unknown keys", "object.json"],
    ["hints written as lists in field order", "positional.json"],
  ]) {
    it(`passes ${name}`, async () => {
      expect(await found(hints!)).toEqual([]);
    });
  }

  it("resolves a relative hints_file against the working directory", async () => {
    expect((await lint(config("list.json"), { cwd: "/" })).filter((f) => f.ruleId === RULE).map((f) => f.message)).toEqual([
      `hints_file "list.json" of ${S} does not exist: the scheduler logs "${READ}" ${TAIL}`,
    ]);
  });
});
