import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";

const RULE = "worker-api-scheduler-kind";
const GRPC = 'grpc: { endpoint: { address: "grpc://up:50052" } }';
const cfg = (schedulers: string, target: string) =>
  `{ stores: [{ name: "AC", memory: {} }], schedulers: [${schedulers}], servers: [{ listener: { http: { socket_address: "0.0.0.0:50061" } }, services: { worker_api: { scheduler: "${target}" } } }] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["a grpc scheduler", cfg(`{ name: "S", ${GRPC} }`, "S"), ['1:228 worker_api scheduler "S" is a grpc scheduler, which has no worker side; workers can only join a simple scheduler']],
    [
      "wrappers that end in grpc",
      cfg(`{ name: "S", cache_lookup: { ac_store: "AC", scheduler: { property_modifier: { modifications: [], scheduler: { ${GRPC} } } } } }`, "S"),
      ['1:334 worker_api scheduler "S" ends in a grpc scheduler (cache_lookup → property_modifier → grpc), which has no worker side; workers can only join a simple scheduler'],
    ],
    [
      "a historical_resource over grpc",
      cfg(`{ name: "S", historical_resource: { hints_file: "h.json", scheduler: { ${GRPC} } } }`, "S"),
      ['1:290 worker_api scheduler "S" ends in a grpc scheduler (historical_resource → grpc), which has no worker side; workers can only join a simple scheduler'],
    ],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  it("passes simple schedulers and wrappers around them", async () => {
    expect(lines(await lint(cfg('{ name: "S", simple: {} }', "S")), RULE)).toEqual([]);
    expect(lines(await lint(cfg('{ name: "S", cache_lookup: { ac_store: "AC", scheduler: { property_modifier: { modifications: [], scheduler: { simple: {} } } } } }', "S")), RULE)).toEqual([]);
  });

  it("passes a name whose earlier entry has a worker side, even if a later grpc entry replaces its action side", async () => {
    expect(lines(await lint(cfg(`{ name: "S", simple: {} }, { name: "S", ${GRPC} }`, "S")), RULE)).toEqual([]);
  });

  it("leaves undefined names to scheduler-ref-defined", async () => {
    expect(lines(await lint(cfg(`{ name: "S", ${GRPC} }`, "T")), RULE)).toEqual([]);
  });

  it("carries NativeLink's message", async () => {
    const f = (await lint(cfg(`{ name: "S", ${GRPC} }`, "S"))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("Scheduler needs config for 'S' because it exists in worker_api");
    expect(f?.pointer).toBe("/servers/0/services/worker_api/scheduler");
    expect(f?.related?.[0]?.pointer).toBe("/schedulers/0");
  });
});
