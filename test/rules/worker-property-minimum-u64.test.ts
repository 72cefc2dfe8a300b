import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { u64Error } from "../../src/facts/worker.ts";

const RULE = "worker-property-minimum-u64";
const cfg = (o: { uri?: string; listen?: string; props?: string; sched?: string }) =>
  `{ stores: [], ` +
  `schedulers: [{ name: "MAIN", ${o.sched ?? 'simple: { supported_platform_properties: { cpu_count: "minimum", os: "exact" } }'} }], ` +
  `servers: [{ listener: { http: { socket_address: "${o.listen ?? "0.0.0.0:50061"}" } }, services: { worker_api: { scheduler: "MAIN" } } }], ` +
  `workers: [{ local: { worker_api_endpoint: { uri: "${o.uri ?? "grpc://127.0.0.1:50061"}" }, cas_fast_slow_store: "FS", work_directory: "/w", ` +
  `platform_properties: ${o.props ?? '{ cpu_count: { values: ["8cores"] } }'} } }] }`;
const msg = (v: string) =>
  `platform property "cpu_count" has value ${JSON.stringify(v)}, but scheduler "MAIN" (behind servers[0] worker_api) treats it as a minimum and needs an unsigned integer; the worker's registration is refused and retried forever`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a unit suffix", cfg({}), [`1:421 ${msg("8cores")}`]],
    ["an empty value, among good ones", cfg({ props: '{ cpu_count: { values: ["4", ""] } }' }), [`1:426 ${msg("")}`]],
    ["a value from the environment", cfg({ props: '{ cpu_count: { values: ["${CPUS}"] } }' }), [`1:421 ${msg("-1")}`]],
    ["a minimum declared as a map, behind cache_lookup", cfg({ sched: 'cache_lookup: { ac_store: "AC", scheduler: { simple: { supported_platform_properties: { cpu_count: { minimum: null } } } } }' }), [`1:465 ${msg("8cores")}`]],
    ["localhost reaching a loopback listener", cfg({ uri: "grpc://localhost:50061", listen: "127.0.0.1:50061" }), [`1:423 ${msg("8cores")}`]],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config, { env: { CPUS: "-1" } }), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["numbers", cfg({ props: '{ cpu_count: { values: ["8", "+16", "0"] } }' })],
    ["an exact property", cfg({ props: '{ os: { values: ["linux x86"] } }' })],
    ["a query_cmd (known only at run time)", cfg({ props: '{ cpu_count: { query_cmd: "nproc" } }' })],
    ["another port (a scheduler elsewhere)", cfg({ uri: "grpc://127.0.0.1:50071" })],
    ["another host than the listener's address", cfg({ uri: "grpc://10.0.0.9:50061", listen: "127.0.0.1:50061" })],
    ["an undeclared property", cfg({ sched: "simple: {}" })],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual([]);
    });
  }

  it("carries the scheduler's message and points at the declaration", async () => {
    const f = (await lint(cfg({}))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Cannot convert to platform property to u64: 8cores - invalid digit found in string");
    expect(f?.pointer).toBe("/workers/0/local/platform_properties/cpu_count/values/0");
    expect(f?.related?.[0]?.pointer).toBe("/schedulers/0/simple/supported_platform_properties/cpu_count");
    expect(f?.hint).toBe('write the number alone, e.g. "8"');
  });

  // Rust's u64::from_str.
  const parse: [string, string | undefined][] = [
    ["8", undefined],
    ["+8", undefined],
    ["18446744073709551615", undefined],
    ["18446744073709551616", "number too large to fit in target type"],
    ["", "cannot parse integer from empty string"],
    ["+", "invalid digit found in string"],
    ["-0", "invalid digit found in string"],
    [" 8", "invalid digit found in string"],
  ];
  for (const [input, want] of parse) {
    it(`parses ${JSON.stringify(input)} like u64::from_str`, () => {
      expect(u64Error(input)).toBe(want);
    });
  }
});
