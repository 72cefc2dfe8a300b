import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { shlexSplit } from "../../src/facts/worker.ts";

const RULE = "worker-property-command";
const W = (props: string) =>
  `{ stores: [], servers: [], workers: [{ local: { worker_api_endpoint: { uri: "grpc://127.0.0.1:50061" }, cas_fast_slow_store: "FS", work_directory: "/w", platform_properties: ${props} } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    [
      "an unterminated single quote",
      W(`{ gpu: { query_cmd: "sh -c 'nvidia-smi -L | wc -l" } }`),
      [`1:195 query_cmd of platform property "gpu" has an unterminated quote or a trailing backslash, so it cannot be split into a command; the worker's registration fails and is retried forever`],
    ],
    [
      "a trailing backslash",
      W('{ arch: { query_cmd: "uname -m \\\\" } }'),
      [`1:196 query_cmd of platform property "arch" has an unterminated quote or a trailing backslash, so it cannot be split into a command; the worker's registration fails and is retried forever`],
    ],
    ["an empty command", W('{ cpu: { query_cmd: "" } }'), ['1:195 query_cmd of platform property "cpu" is empty, so there is no command to run; the worker task panics when it registers and NativeLink exits']],
    ["a blank command", W('{ cpu: { query_cmd: "  " } }'), ['1:195 query_cmd of platform property "cpu" is empty, so there is no command to run; the worker task panics when it registers and NativeLink exits']],
    [
      "only a comment",
      W('{ cpu: { query_cmd: "# nproc" } }'),
      ['1:195 query_cmd of platform property "cpu" holds only a comment, so there is no command to run; the worker task panics when it registers and NativeLink exits'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["a plain command", W('{ cpu: { query_cmd: "nproc" } }')],
    ["quoted shell", W(`{ gpu: { query_cmd: "sh -c 'nvidia-smi -L | wc -l'" } }`)],
    ["values", W('{ cpu: { values: [""] } }')],
    ["a later duplicate key wins", W('{ cpu: { query_cmd: "" }, cpu: { query_cmd: "nproc" } }')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries NativeLink's message with the command", async () => {
    const f = (await lint(W(`{ gpu: { query_cmd: "echo 'x" } }`))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Could not parse the value of worker property: gpu: 'echo 'x'");
    expect(f?.pointer).toBe("/workers/0/local/platform_properties/gpu/query_cmd");
    const p = (await lint(W('{ gpu: { query_cmd: "" } }'))).find((x) => x.ruleId === RULE);
    expect(p?.nativelink).toBe("index out of bounds: the len is 0 but the index is 0");
  });

  // Cases checked against shlex 1.3.0's split (the algorithm 2.0 keeps).
  const split: [string, string[] | undefined][] = [
    ["ls -l", ["ls", "-l"]],
    ["echo 'a b' \"c\\$d\" e\\ f", ["echo", "a b", "c$d", "e f"]],
    ['"\\x"', ["\\x"]],
    ["a #b", ["a"]],
    ["a#b", ["a#b"]],
    ["#!/bin/sh\nnproc", ["nproc"]],
    ["\\\n", [""]],
    ["'a", undefined],
    ['"a\\"', undefined],
    ["a\\", undefined],
    [" \t\n", []],
  ];
  for (const [input, want] of split) {
    it(`splits ${JSON.stringify(input)} like shlex`, () => {
      expect(shlexSplit(input)).toEqual(want);
    });
  }
});
